// The local mail outbox: speaks SES v2's SendEmail (REST JSON, `POST /v2/email/outbound-emails`), so
// the real @aws-sdk/client-sesv2 the mailer uses in AWS sends here locally. Every mail is kept in
// memory, listed at `GET /outbox` (JSON, newest last), and written as a `.eml` file a developer can
// open, into the outbox folder. Nothing is delivered anywhere.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { stopServer } from '../aws-json';
import { nowMs } from '../clock';
import { listen } from '../listen';

export interface OutboxMail {
  readonly id: string;
  readonly at: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
}

export interface MailServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Where each mail is written as `<time>-<id>.eml`; in memory only without it. */
  dir?: string;
}

export interface MailServerHandle {
  readonly endpoint: string;
  /** `GET` it for the mails sent so far. */
  readonly outboxUrl: string;
  mails(): OutboxMail[];
  stop(): Promise<void>;
}

const MAX_REQUEST_BYTES = 256 * 1024;

/** The fields of SES v2's SendEmailRequest this service reads (simple content only, as the mailer sends). */
interface SendEmailRequest {
  FromEmailAddress?: string;
  Destination?: { ToAddresses?: string[] };
  Content?: { Simple?: { Subject?: { Data?: string }; Body?: { Text?: { Data?: string } } } };
}

export async function startMailServer(options: MailServerOptions = {}): Promise<MailServerHandle> {
  const { port = 0, host = '127.0.0.1', dir } = options;
  const mails: OutboxMail[] = [];
  if (dir) mkdirSync(dir, { recursive: true });

  const send = (req: SendEmailRequest): OutboxMail => {
    const to = req.Destination?.ToAddresses ?? [];
    const simple = req.Content?.Simple;
    if (!req.FromEmailAddress || to.length === 0 || !simple?.Subject?.Data) {
      throw new BadRequest('FromEmailAddress, a destination and simple content are required.');
    }
    const mail: OutboxMail = {
      id: randomUUID(),
      at: new Date(nowMs()).toISOString(),
      from: req.FromEmailAddress,
      to,
      subject: simple.Subject.Data,
      text: simple.Body?.Text?.Data ?? '',
    };
    mails.push(mail);
    if (dir) writeFileSync(path.join(dir, `${mail.at.replace(/[:.]/g, '-')}-${mail.id}.eml`), eml(mail));
    return mail;
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => reply(res, 500, { message: 'Internal error' }));
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && url === '/outbox') return reply(res, 200, { mails });
    if (req.method !== 'POST' || url !== '/v2/email/outbound-emails') {
      req.resume();
      return reply(res, 404, { message: 'Only SendEmail and GET /outbox are served locally.' });
    }
    try {
      const mail = send(JSON.parse(await body(req)) as SendEmailRequest);
      reply(res, 200, { MessageId: mail.id });
    } catch (error) {
      const message = error instanceof BadRequest ? error.message : 'The request body is not valid JSON.';
      res.setHeader('x-amzn-errortype', 'BadRequestException');
      reply(res, 400, { message });
    }
  }

  const actualPort = await listen(server, port, host);
  const endpoint = `http://${host}:${actualPort}`;
  return {
    endpoint,
    outboxUrl: `${endpoint}/outbox`,
    mails: () => structuredClone(mails),
    stop: () => stopServer(server),
  };
}

class BadRequest extends Error {}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() });
  res.end(JSON.stringify(body));
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        reject(new BadRequest('Request too large.'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

/** The mail as a minimal RFC 5322 message, readable by any mail client. */
function eml(mail: OutboxMail): string {
  return [
    `Message-ID: <${mail.id}@local-outbox>`,
    `Date: ${new Date(mail.at).toUTCString()}`,
    `From: ${mail.from}`,
    `To: ${mail.to.join(', ')}`,
    `Subject: ${mail.subject}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    mail.text,
    '',
  ].join('\r\n');
}
