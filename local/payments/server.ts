// A payment-processor service compatible with the part of Stripe's HTTP API this project uses
// (PaymentIntents with manual capture, cancellation, refunds, lists), so the official `stripe` SDK
// runs unchanged against it: `STRIPE_API_URL` points the SDK at this host and port, as
// AWS_ENDPOINT_URL_KMS points the AWS SDK at the local key service. It checks the secret key,
// honours Stripe's test payment methods (pm_card_visa, pm_card_chargeDeclined…) and idempotency keys
// (a repeated key returns the first answer; reused with other parameters it is refused), and can
// simulate an outage for fault tests (`PUT /_outage`). Like Stripe, each secret key is an account of
// its own: its payments and idempotency keys are invisible to any other key.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { canonicalJson } from '../../shared/domain/audit';
import { stopServer } from '../aws-json';
import { nowMs } from '../clock';
import { listen } from '../listen';
import { FormError, type FormValue, parseForm } from './form';
import { type LedgerState, type PaymentIntent, PaymentsLedger, StripeFailure } from './ledger';

/** The secret key `npm start` uses and prints; any other is refused as Stripe refuses an unknown key. */
export const LOCAL_STRIPE_KEY = 'sk_test_local_privacy_orders';

/**
 * What the service does to the next requests: `refuse` drops each connection before reading it (the
 * processor is unreachable), `lose-responses` does the work and then drops the connection (a timeout
 * after the processor acted), `none` serves normally.
 */
export type OutageMode = 'none' | 'refuse' | 'lose-responses';

export interface PaymentsServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /**
   * The accounts it serves: one secret key (`npm start`: LOCAL_STRIPE_KEY), or `any-test-key` — every
   * `sk_test_…` key is an account of its own, so test files sharing one service never see each
   * other's payments. @default LOCAL_STRIPE_KEY
   */
  accounts?: string | 'any-test-key';
  /** Persist mode: each account's intents and refunds are loaded from / saved to this file. */
  stateFile?: string;
}

export interface PaymentsServerHandle {
  /** `http://host:port`: the value of STRIPE_API_URL. */
  readonly endpoint: string;
  readonly port: number;
  /** Requests per operation (`POST /v1/payment_intents`…), also served at `GET /_stats`. */
  readonly stats: { readonly requests: Record<string, number> };
  setOutage(mode: OutageMode): void;
  stop(): Promise<void>;
}

/** Stripe keeps idempotency keys for 24 hours. */
const IDEMPOTENCY_MS = 24 * 3600 * 1000;
const MAX_BODY_BYTES = 256 * 1024;

interface SavedAnswer {
  readonly fingerprint: string;
  readonly status: number;
  readonly body: unknown;
  readonly at: number;
}

/** One account: its payments and the answers saved under its idempotency keys. */
interface Account {
  readonly ledger: PaymentsLedger;
  readonly answers: Map<string, SavedAnswer>;
}

const TEST_KEY = /^sk_test_[A-Za-z0-9_]{1,200}$/;

export async function startPaymentsServer(options: PaymentsServerOptions = {}): Promise<PaymentsServerHandle> {
  const { port = 0, host = '127.0.0.1', accounts: served = LOCAL_STRIPE_KEY, stateFile } = options;
  const saved =
    stateFile && existsSync(stateFile)
      ? (JSON.parse(readFileSync(stateFile, 'utf8')) as Record<string, LedgerState>)
      : {};
  const accounts = new Map<string, Account>();
  const accountOf = (key: string): Account | undefined => {
    if (served === 'any-test-key' ? !TEST_KEY.test(key) : key !== served) return undefined;
    let account = accounts.get(key);
    if (!account) {
      account = { ledger: new PaymentsLedger(nowMs, saved[key]), answers: new Map() };
      accounts.set(key, account);
    }
    return account;
  };
  const persist = () => {
    if (!stateFile) return;
    const state = Object.fromEntries([...accounts].map(([key, a]) => [key, a.ledger.state()]));
    writeFileSync(stateFile, JSON.stringify(state), { mode: 0o600 });
  };
  const requests: Record<string, number> = {};
  let outage: OutageMode = 'none';

  const server = createServer((req, res) => {
    serve(req, res).catch(() => send(res, 500, { error: { type: 'api_error', message: 'Internal error' } }));
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    if (url.pathname.startsWith('/_')) return control(req, res, url);
    if (outage === 'refuse') return void req.socket.destroy();
    const account = accountOf(secretKeyOf(req.headers.authorization) ?? '');
    if (!account) {
      return send(res, 401, {
        error: { type: 'invalid_request_error', message: 'Invalid API Key provided: sk_test_****' },
      });
    }
    const operation = operationOf(account.ledger, req.method ?? 'GET', url.pathname);
    requests[operation.name] = (requests[operation.name] ?? 0) + 1;
    let params: Record<string, FormValue>;
    try {
      const raw = await readBody(req);
      params = req.method === 'GET' ? parseForm(url.search.slice(1)) : parseForm(raw);
    } catch (e) {
      const message = e instanceof FormError ? e.message : 'Invalid request body';
      return send(res, 400, { error: { type: 'invalid_request_error', message } });
    }
    const key = req.method === 'POST' ? header(req, 'idempotency-key') : undefined;
    const answer: { status: number; body: unknown; replayed?: boolean } = key
      ? idempotent(account.answers, key, `${operation.name} ${canonicalJson(params)}`, () => run(operation, params))
      : run(operation, params);
    if (outage === 'lose-responses') return void req.socket.destroy();
    send(res, answer.status, answer.body, answer.replayed ? { 'idempotent-replayed': 'true' } : {});
  }

  function run(operation: Operation, params: Record<string, FormValue>): { status: number; body: unknown } {
    try {
      const body = operation.handle(params);
      if (operation.writes) persist();
      return { status: 200, body };
    } catch (e) {
      if (operation.writes) persist();
      if (e instanceof StripeFailure) return { status: e.status, body: { error: e.error } };
      throw e;
    }
  }

  /**
   * Stripe's idempotency: the first answer to a key is saved (a decline too: the request was
   * processed) and returned again for the same parameters; other parameters are refused. Answers to
   * requests refused before any work (invalid parameters) are not saved, as Stripe does not.
   */
  function idempotent(
    answers: Map<string, SavedAnswer>,
    key: string,
    fingerprint: string,
    work: () => { status: number; body: unknown },
  ) {
    const now = Date.now();
    const previous = answers.get(key);
    if (previous && now - previous.at < IDEMPOTENCY_MS) {
      if (previous.fingerprint !== fingerprint) {
        return {
          status: 400,
          body: {
            error: {
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key.slice(0, 40)}' if you meant to execute a different request.`,
            },
          },
          replayed: false,
        };
      }
      return { ...previous, replayed: true };
    }
    const answer = work();
    if (answer.status === 200 || answer.status === 402) answers.set(key, { fingerprint, ...answer, at: now });
    return { ...answer, replayed: false };
  }

  interface Operation {
    readonly name: string;
    readonly writes: boolean;
    handle(params: Record<string, FormValue>): unknown;
  }

  function operationOf(ledger: PaymentsLedger, method: string, path: string): Operation {
    const intent = /^\/v1\/payment_intents\/([A-Za-z0-9_]+)(?:\/(capture|cancel))?$/.exec(path);
    const expand = (params: Record<string, FormValue>) => (Array.isArray(params.expand) ? params.expand : []);
    if (method === 'POST' && path === '/v1/payment_intents') {
      return {
        name: 'POST /v1/payment_intents',
        writes: true,
        handle: (p) => render(ledger, ledger.createIntent(p), expand(p)),
      };
    }
    if (method === 'GET' && path === '/v1/payment_intents') {
      return {
        name: 'GET /v1/payment_intents',
        writes: false,
        handle: (p) =>
          page(ledger.listIntents(createdFilter(p.created)), p, '/v1/payment_intents', (i) => render(ledger, i, [])),
      };
    }
    if (intent) {
      const [, intentId = '', action] = intent;
      if (method === 'GET' && !action) {
        return {
          name: 'GET /v1/payment_intents/:id',
          writes: false,
          handle: (p) => render(ledger, ledger.retrieve(intentId), expand(p)),
        };
      }
      if (method === 'POST' && action === 'capture') {
        return {
          name: 'POST /v1/payment_intents/:id/capture',
          writes: true,
          handle: (p) => render(ledger, ledger.capture(intentId, p), expand(p)),
        };
      }
      if (method === 'POST' && action === 'cancel') {
        return {
          name: 'POST /v1/payment_intents/:id/cancel',
          writes: true,
          handle: (p) => render(ledger, ledger.cancel(intentId, p), expand(p)),
        };
      }
    }
    if (method === 'POST' && path === '/v1/refunds') {
      return { name: 'POST /v1/refunds', writes: true, handle: (p) => ledger.createRefund(p) };
    }
    if (method === 'GET' && path === '/v1/refunds') {
      return {
        name: 'GET /v1/refunds',
        writes: false,
        handle: (p) =>
          page(
            ledger.listRefunds(typeof p.payment_intent === 'string' ? p.payment_intent : undefined),
            p,
            '/v1/refunds',
            (r) => r,
          ),
      };
    }
    return {
      name: `${method} (unsupported)`,
      writes: false,
      handle: () => {
        throw new StripeFailure(404, {
          type: 'invalid_request_error',
          message: `Unrecognized request URL (${method}: ${path.slice(0, 80)}); the local processor implements only what this project uses.`,
        });
      },
    };
  }

  /** A PaymentIntent as Stripe sends it; `payment_method` expanded into the card when asked. */
  function render(ledger: PaymentsLedger, intent: PaymentIntent, expand: readonly FormValue[]) {
    const method =
      expand.includes('payment_method') && intent.payment_method
        ? ledger.paymentMethod(intent.payment_method)
        : undefined;
    return { ...intent, ...(method && { payment_method: method }) };
  }

  function control(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> | void {
    if (url.pathname === '/_stats' && req.method === 'GET') return send(res, 200, { requests });
    if (url.pathname === '/_stats' && req.method === 'DELETE') {
      for (const op of Object.keys(requests)) delete requests[op];
      return send(res, 204);
    }
    if (url.pathname === '/_outage' && req.method === 'PUT') {
      return readBody(req).then((body) => {
        const mode = (JSON.parse(body || '{}') as { mode?: string }).mode;
        if (mode !== 'none' && mode !== 'refuse' && mode !== 'lose-responses') {
          return send(res, 400, { error: { message: 'mode: none | refuse | lose-responses' } });
        }
        outage = mode;
        send(res, 204);
      });
    }
    send(res, 404, { error: { message: 'Unknown control path' } });
  }

  const actualPort = await listen(server, port, host);
  return {
    endpoint: `http://${host}:${actualPort}`,
    port: actualPort,
    stats: { requests },
    setOutage: (mode) => {
      outage = mode;
    },
    stop: () => stopServer(server),
  };
}

/** Stripe lists: `{ object: 'list', data, has_more }`, paged by `limit` and `starting_after`. */
function page<T extends { id: string }>(
  items: readonly T[],
  params: Record<string, FormValue>,
  url: string,
  view: (item: T) => unknown,
) {
  const limit = Math.min(100, Math.max(1, Number(params.limit ?? 10) || 10));
  const after = typeof params.starting_after === 'string' ? items.findIndex((i) => i.id === params.starting_after) : -1;
  const rest = items.slice(after + 1);
  return { object: 'list', url, has_more: rest.length > limit, data: rest.slice(0, limit).map(view) };
}

function createdFilter(value: FormValue | undefined) {
  if (typeof value === 'string') return { gte: Number(value), lte: Number(value) };
  if (!value || Array.isArray(value)) return {};
  const n = (key: string) => (typeof value[key] === 'string' ? Number(value[key]) : undefined);
  return { gte: n('gte'), gt: n('gt'), lte: n('lte'), lt: n('lt') };
}

/** The secret key of `Bearer <key>`, or of HTTP basic with the key as user name (both are Stripe's). */
function secretKeyOf(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const bearer = /^Bearer (.+)$/.exec(authorization)?.[1];
  if (bearer) return bearer;
  const basic = /^Basic (.+)$/.exec(authorization)?.[1];
  return basic ? Buffer.from(basic, 'base64').toString('utf8').split(':')[0] : undefined;
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new FormError('Request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  res.statusCode = status;
  res.setHeader('request-id', `req_${randomUUID().replaceAll('-', '').slice(0, 14)}`);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (body === undefined) return void res.end();
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}
