// The web app's local host (docs/decisions/0070): the pages and bundles of web/ on their own origin
// (http://localhost:5173 by default, the origin the API's CORS policy allows), `/config.json` saying where the
// API is, and `/identity`, which forwards the calls a browser makes to the local identity service: SignUp and
// InitiateAuth on the customer client, and InitiateAuth on the staff web client (the staff console's local
// password sign-in, docs/decisions/0072). Cognito answers those itself in AWS; the admin operations the identity
// service also speaks, and any other client, are never reachable from here.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { buildSite, type Site, securityHeaders } from '../../web/site';
import { stopServer } from '../aws-json';
import { LOCAL_CUSTOMER_CLIENT_ID, LOCAL_STAFF_CLIENT_ID } from '../identity/server';
import { listen } from '../listen';

export const DEFAULT_WEB_PORT = 5173;
/** The operations a browser may call, each with the app clients it may name. */
const BROWSER_OPERATIONS = new Map<string, readonly string[]>([
  ['AWSCognitoIdentityProviderService.SignUp', [LOCAL_CUSTOMER_CLIENT_ID]],
  ['AWSCognitoIdentityProviderService.InitiateAuth', [LOCAL_CUSTOMER_CLIENT_ID, LOCAL_STAFF_CLIENT_ID]],
]);
const MAX_IDENTITY_REQUEST_BYTES = 16 * 1024;

export interface WebServerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly identityEndpoint: string;
  /** The API's URL; known only once the gateway listens, which itself needs this server's origin for CORS. */
  readonly apiUrl: () => string;
}

export interface WebServerHandle {
  /** `http://localhost:<port>`: the origin the browser sees, and the one the gateway's CORS policy must allow. */
  readonly url: string;
  stop(): Promise<void>;
}

export async function startWebServer(options: WebServerOptions): Promise<WebServerHandle> {
  const site: Site = await buildSite();
  const server = createServer((req, res) => {
    serve(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const headers = securityHeaders([new URL(options.apiUrl()).origin]);
    if (req.method === 'POST' && path === '/identity') return forward(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      req.resume();
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/config.json') {
      const config = {
        apiUrl: options.apiUrl(),
        identity: { endpoint: '/identity', clientId: LOCAL_CUSTOMER_CLIENT_ID },
        staffIdentity: { endpoint: '/identity', clientId: LOCAL_STAFF_CLIENT_ID },
      };
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
      res.end(JSON.stringify(config));
      return;
    }
    if (path === '/favicon.ico') {
      res.writeHead(204, headers).end();
      return;
    }
    const file = site.files.get(path === '/' ? '/index.html' : path === '/staff' ? '/staff.html' : path);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end('Not found');
      return;
    }
    res.writeHead(200, { 'content-type': file.contentType, 'cache-control': 'no-cache', ...headers });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  /** Only the browser's operations, for their clients; everything else is refused without reaching the service. */
  async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = String(req.headers['x-amz-target'] ?? '');
    const clients = BROWSER_OPERATIONS.get(target);
    if (!clients) req.resume();
    const body = clients ? await readBody(req) : undefined;
    if (!clients || body === undefined || !clients.includes(clientIdOf(body))) {
      res
        .writeHead(400, { 'content-type': 'application/x-amz-json-1.1' })
        .end(JSON.stringify({ __type: 'InvalidParameterException', message: 'Not available to browsers.' }));
      return;
    }
    const upstream = httpRequest(new URL('/', options.identityEndpoint), {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    });
    await new Promise<void>((resolve, reject) => {
      upstream.once('response', (answer) => {
        res.writeHead(answer.statusCode ?? 502, {
          'content-type': answer.headers['content-type'] ?? 'application/x-amz-json-1.1',
          'cache-control': 'no-store',
        });
        answer.pipe(res).once('finish', resolve);
      });
      upstream.once('error', reject);
      upstream.end(body);
    });
  }

  const port = await listen(server, options.port, '127.0.0.1');
  return { url: `http://localhost:${port}`, stop: () => stopServer(server) };
}

/** The request body, or undefined when it is larger than any sign-in call (the rest is drained, not kept). */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_IDENTITY_REQUEST_BYTES) chunks.push(chunk);
    });
    req.once('end', () => resolve(size <= MAX_IDENTITY_REQUEST_BYTES ? Buffer.concat(chunks) : undefined));
    req.once('error', reject);
  });
}

/** The `ClientId` the call names ('' when the body is not a JSON object naming one). */
function clientIdOf(body: Buffer): string {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    const id = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).ClientId : undefined;
    return typeof id === 'string' ? id : '';
  } catch {
    return '';
  }
}
