// The local HTTP gateway: routes, JWT authorizer, CORS, payload limit and throttling of the HTTP API, in front of the
// real handler modules, answering what API Gateway answers itself (`{"message": …}`) where it would.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { GATEWAY_MAX_PAYLOAD_BYTES, GATEWAY_MESSAGES, type GatewayStatus } from '../../shared/http/gateway-responses';
import { TokenError, type TokenErrorReason, verifyToken } from '../auth/issuer';
import { nowMs } from '../clock';
import { listen } from '../listen';
import { allowedOrigins, isPreflight, preflightHeaders, responseCorsHeaders } from './cors';
import type { LocalPage } from './documentation';
import { buildContext, buildEvent } from './event';
import { matchPath, matchRoute, type RouteMatch, type RouteTable } from './routing';
import { type Throttle, Throttles } from './throttle';

/** API Gateway's request payload quota. */
export const MAX_PAYLOAD_BYTES = GATEWAY_MAX_PAYLOAD_BYTES;

export type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;
/** Returns the token's claims or throws; the default checks tokens from the local issuer. */
export type TokenVerifier = (token: string) => Record<string, unknown> | Promise<Record<string, unknown>>;

export interface GatewayOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  routes: RouteTable;
  /** Route entries are relative to this. @default process.cwd() */
  repoRoot?: string;
  verify?: TokenVerifier;
  /** @default from CORS_ALLOWED_ORIGINS */
  corsOrigins?: readonly string[];
  /** Writes one line per request (method, path, status, time) to stdout. */
  logRequests?: boolean;
  maxPayloadBytes?: number;
  /** How long an idle keep-alive connection stays open. @default KEEP_ALIVE_TIMEOUT_MS (65 s, see local/listen.ts) */
  keepAliveTimeoutMs?: number;
  /**
   * The module answering 405 for a known path called with another method, as the deployed API's
   * `ANY` route per path does. Without it such a request is a 404, as in an API without those routes.
   */
  methodNotAllowed?: { readonly entry: string };
  /** Pages the local runtime serves besides the API, by request line (`GET /docs`): see documentation.ts. */
  pages?: Readonly<Record<string, LocalPage>>;
  /** Called after each API response is sent (the local outbox drainer drains then). */
  onApiResponse?: () => void;
  /** Per-route token buckets as the stage's throttling settings; none by default (no 429s locally). */
  throttle?: { readonly stage: Throttle; readonly routes?: Readonly<Record<string, Throttle>> };
}

export interface GatewayHandle {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

class PayloadTooLarge extends Error {}

export async function startGateway(options: GatewayOptions): Promise<GatewayHandle> {
  const { host = '127.0.0.1', repoRoot = process.cwd(), verify = verifyToken, routes } = options;
  const origins = options.corsOrigins ?? allowedOrigins();
  const maxPayloadBytes = options.maxPayloadBytes ?? MAX_PAYLOAD_BYTES;
  const throttles = options.throttle && new Throttles(options.throttle.stage, options.throttle.routes);
  const modules = new Map<string, Promise<Handler>>();

  // Handler modules load on first use, like a cold start, and stay loaded, like a warm function.
  const loadHandler = (entry: string): Promise<Handler> => {
    let loading = modules.get(entry);
    if (!loading) {
      loading = import(path.join(repoRoot, entry)).then((module: { handler?: unknown }) => {
        if (typeof module.handler !== 'function') throw new Error(`${entry} does not export a handler function`);
        return module.handler as Handler;
      });
      loading.catch(() => modules.delete(entry)); // a fixed file can be retried without restarting
      modules.set(entry, loading);
    }
    return loading;
  };

  const server = createServer((req, res) => {
    const started = Date.now();
    const requestId = randomUUID();
    res.on('finish', () => {
      if (options.logRequests)
        process.stdout.write(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms\n`);
    });
    serve(req, res, requestId).catch((error: unknown) => {
      process.stderr.write(`[gateway] ${req.method} ${req.url} failed (${requestId}): ${(error as Error).message}\n`);
      if (!res.headersSent) writeResult(res, gatewayResponse(500), {});
      else res.destroy();
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const receivedAt = new Date(nowMs()); // the local clock, so event times agree with CLOCK_OFFSET_SECONDS
    const method = (req.method ?? 'GET').toUpperCase();
    const origin = req.headers.origin;
    const cors = responseCorsHeaders(origin, origins);
    res.setHeader('apigw-requestid', requestId);

    // The HTTP API answers preflights itself, before any route or authorizer.
    if (isPreflight(method, req.headers)) {
      res.writeHead(204, preflightHeaders(origin, origins)).end();
      return;
    }

    const url = req.url ?? '/';
    const rawPath = url.split('?')[0] ?? '/';
    const page = options.pages?.[`${method} ${rawPath}`];
    if (page) {
      req.resume();
      res
        .writeHead(200, { 'content-type': page.contentType, 'cache-control': 'no-cache', ...cors })
        .end(await page.body());
      return;
    }
    const match = matchRoute(routes, method, rawPath) ?? methodNotAllowedMatch(rawPath);
    if (!match) {
      req.resume();
      return writeResult(res, gatewayResponse(404), cors);
    }
    if (throttles && !throttles.take(match.name)) {
      req.resume();
      return writeResult(res, gatewayResponse(429), cors);
    }

    const declaredLength = Number(req.headers['content-length'] ?? 0);
    if (declaredLength > maxPayloadBytes) return rejectTooLarge(req, res, cors);

    let claims: Record<string, unknown> | undefined;
    if (match.route.auth === 'jwt') {
      const authorized = await authorize(req.headers.authorization, verify);
      if ('refused' in authorized) {
        req.resume();
        return writeResult(res, gatewayResponse(401), { ...cors, 'www-authenticate': authorized.refused });
      }
      claims = authorized.claims;
    }

    let body: Buffer;
    try {
      body = await readBody(req, maxPayloadBytes);
    } catch (error) {
      if (error instanceof PayloadTooLarge) return rejectTooLarge(req, res, cors);
      throw error;
    }

    const event = buildEvent({ method, url, rawHeaders: req.rawHeaders, body, sourceIp: sourceIpOf(req) }, match, {
      requestId,
      receivedAt,
      claims,
    });
    const context = buildContext(match.route.entry, requestId, match.route.memoryMb);
    let result: unknown;
    try {
      const handler = await loadHandler(match.route.entry);
      result = await handler(event as APIGatewayProxyEventV2, context);
    } catch (error) {
      // Like Lambda behind API Gateway: the client learns nothing, the log gets one line.
      process.stderr.write(
        `[gateway] ${match.route.entry} threw (${requestId}): ${(error as Error)?.message ?? String(error)}\n`,
      );
      return writeResult(res, gatewayResponse(500), cors);
    }
    // Whatever the handler committed may have staged events: drain them now, as the stream would.
    options.onApiResponse?.();
    writeResult(res, toStructured(result, requestId, match.route.entry), cors);
  }

  /** A known path with another method goes to the 405 module, as an `ANY` route of that path would. */
  function methodNotAllowedMatch(rawPath: string): RouteMatch | undefined {
    const known = options.methodNotAllowed && matchPath(routes, rawPath);
    if (!known || !options.methodNotAllowed) return undefined;
    const route = {
      method: 'ANY',
      path: known.route.path,
      entry: options.methodNotAllowed.entry,
      auth: 'public' as const,
    };
    return { name: `ANY ${known.route.path}`, route, pathParameters: known.pathParameters };
  }

  const port = await listen(server, options.port, host, options.keepAliveTimeoutMs);
  return {
    url: `http://${host}:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Claims for a good `Authorization` header (with or without `Bearer `, as the JWT authorizer accepts),
 * else the `WWW-Authenticate` value of the 401: the authorizer names the failed check there, never in the body.
 */
async function authorize(
  header: string | undefined,
  verify: TokenVerifier,
): Promise<{ claims: Record<string, unknown> } | { refused: string }> {
  const token = header?.replace(/^Bearer\s+/i, '').trim();
  if (!token) return { refused: 'Bearer' };
  try {
    return { claims: await verify(token) };
  } catch (error) {
    const reason = error instanceof TokenError ? REFUSALS[error.reason] : REFUSALS['bad-signature'];
    return { refused: `Bearer scope="" error="invalid_token" error_description="${reason}"` };
  }
}

/** The `error_description` the authorizer gives for each check a token fails. */
const REFUSALS: Record<TokenErrorReason, string> = {
  malformed: 'the token is not a valid JWT',
  'bad-signature': 'the token signature is invalid',
  'unknown-key': 'the token signing key is not known',
  expired: 'the token has expired',
  'not-yet-valid': 'the token is not valid yet',
  'issued-in-future': 'the token was issued in the future',
  'wrong-issuer': 'the token does not have a valid issuer',
  'wrong-audience': 'the token does not have a valid audience',
};

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        chunks.length = 0; // stop buffering at once; the rest is discarded
        reject(new PayloadTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/** Answers 413 before reading the body, then discards what the client still sends and closes the connection. */
function rejectTooLarge(req: IncomingMessage, res: ServerResponse, cors: OutgoingHttpHeaders): void {
  req.resume();
  writeResult(res, gatewayResponse(413), { ...cors, connection: 'close' });
}

/**
 * Normalises what a handler returned, as API Gateway does for payload 2.0: a result without
 * `statusCode` is a 200 JSON body; a malformed one is a 500.
 */
function toStructured(result: unknown, requestId: string, entry: string): APIGatewayProxyStructuredResultV2 {
  if (typeof result === 'object' && result !== null && 'statusCode' in result) {
    const statusCode = (result as { statusCode: unknown }).statusCode;
    if (Number.isInteger(statusCode) && (statusCode as number) >= 100 && (statusCode as number) <= 599) {
      return result as APIGatewayProxyStructuredResultV2;
    }
    process.stderr.write(`[gateway] ${entry} returned an invalid statusCode (${requestId})\n`);
    return gatewayResponse(500);
  }
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result ?? null) };
}

function writeResult(
  res: ServerResponse,
  result: APIGatewayProxyStructuredResultV2,
  extraHeaders: OutgoingHttpHeaders,
): void {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = String(value);
  // Format 1.0 style multi-value headers are not part of 2.0, but tolerate handlers that return them.
  const multi =
    (result as { multiValueHeaders?: Record<string, (string | number | boolean)[]> }).multiValueHeaders ?? {};
  for (const [name, values] of Object.entries(multi)) headers[name.toLowerCase()] = values.map(String);
  if (result.cookies && result.cookies.length > 0) headers['set-cookie'] = [...result.cookies];
  Object.assign(headers, extraHeaders); // the gateway's CORS headers win over the handler's, as in the HTTP API
  const body =
    result.body === undefined ? undefined : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(body);
}

/** API Gateway's own answer: `{"message": …}` as JSON (its `apigw-requestid` header is set on every response). */
function gatewayResponse(status: GatewayStatus): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message: GATEWAY_MESSAGES[status] }),
  };
}

function sourceIpOf(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
}
