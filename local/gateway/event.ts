// Builds the exact Lambda inputs API Gateway HTTP API sends (payload format 2.0), so handlers can't tell they run locally.
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import type { RouteMatch } from './routing';

export interface IncomingRequest {
  readonly method: string;
  /** Path and query as received, e.g. `/v1/orders?limit=5`. */
  readonly url: string;
  /** Node's `rawHeaders`: name, value, name, value... (keeps repeated headers apart). */
  readonly rawHeaders: readonly string[];
  readonly body?: Buffer | undefined;
  readonly sourceIp: string;
}

export interface EventOptions {
  readonly requestId: string;
  /** When the gateway received the request. */
  readonly receivedAt: Date;
  /** Verified token claims for `jwt` routes; flattened as API Gateway does. */
  readonly claims?: Record<string, unknown> | undefined;
}

export type GatewayEvent = APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithJWTAuthorizer;

export function buildEvent(request: IncomingRequest, match: RouteMatch, options: EventOptions): GatewayEvent {
  const method = request.method.toUpperCase();
  const queryIndex = request.url.indexOf('?');
  const rawPath = queryIndex === -1 ? request.url : request.url.slice(0, queryIndex);
  const rawQueryString = queryIndex === -1 ? '' : request.url.slice(queryIndex + 1);
  const { headers, cookies } = collectHeaders(request.rawHeaders);
  // An `ANY` route's key names ANY, whatever the request's method (that stays in http.method).
  const routeKey = `${match.route.method === 'ANY' ? 'ANY' : method} ${match.route.path}`;
  const domainName = headers.host ?? 'localhost';
  const queryStringParameters = parseQuery(rawQueryString);
  const hasPathParameters = Object.keys(match.pathParameters).length > 0;
  const body = encodeBody(request.body, headers['content-type']);

  const requestContext = {
    accountId: 'local',
    apiId: 'local',
    domainName,
    domainPrefix: domainName.split('.')[0] ?? domainName,
    http: {
      method,
      path: rawPath,
      protocol: 'HTTP/1.1',
      sourceIp: request.sourceIp,
      userAgent: headers['user-agent'] ?? '',
    },
    requestId: options.requestId,
    routeKey,
    stage: '$default',
    time: formatRequestTime(options.receivedAt),
    timeEpoch: options.receivedAt.getTime(),
    ...(options.claims ? { authorizer: { jwt: { claims: flattenClaims(options.claims), scopes: null } } } : {}),
  };

  // Optional members are left out (not set to undefined) when absent, as in events Lambda receives.
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    requestContext,
    ...(hasPathParameters ? { pathParameters: { ...match.pathParameters } } : {}),
    ...(body ?? {}),
    isBase64Encoded: body?.isBase64Encoded ?? false,
    // The JWT authorizer's `scopes: null` is wider than @types/aws-lambda's declaration.
  } as unknown as GatewayEvent;
}

/**
 * API Gateway's JWT authorizer hands claims to Lambda as strings: numbers and booleans are printed,
 * arrays become `[a b c]`, objects `map[k:v]` (its Go formatting).
 */
export function flattenClaims(claims: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(claims).map(([name, value]) => [name, flattenValue(value)]));
}

function flattenValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return `[${value.map(flattenValue).join(' ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[${entries.map(([k, v]) => `${k}:${flattenValue(v)}`).join(' ')}]`;
  }
  return String(value);
}

/** Lower-cased names, repeated headers joined with `,`; cookies move to their own list as in format 2.0. */
export function collectHeaders(rawHeaders: readonly string[]): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    const value = rawHeaders[i + 1] as string;
    if (name === 'cookie') {
      cookies.push(
        ...value
          .split(';')
          .map((c) => c.trim())
          .filter(Boolean),
      );
      continue;
    }
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  return { headers, cookies };
}

/** Decoded parameters, repeated keys joined with `,`; undefined when there are none (API Gateway omits the member). */
export function parseQuery(rawQueryString: string): Record<string, string> | undefined {
  if (!rawQueryString) return undefined;
  const result: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    result[key] = key in result ? `${result[key]},${value}` : value;
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

const TEXT_TYPES =
  /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded|graphql)\b|application\/[\w.+-]+\+(json|xml)\b)/i;

/** Textual bodies pass as UTF-8 strings; anything else (or no content type) is base64 with `isBase64Encoded`. */
export function encodeBody(
  body: Buffer | undefined,
  contentType: string | undefined,
): { body: string; isBase64Encoded: boolean } | undefined {
  if (!body || body.length === 0) return undefined;
  return contentType && TEXT_TYPES.test(contentType.trim())
    ? { body: body.toString('utf8'), isBase64Encoded: false }
    : { body: body.toString('base64'), isBase64Encoded: true };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** API Gateway's `requestContext.time` format: `25/Nov/2025:12:59:00 +0000`. */
export function formatRequestTime(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

/** `functions/account/get-profile.ts` → `account-get-profile`, the kind of name the deployed function has. */
export function functionNameFor(entry: string): string {
  return entry
    .replace(/^functions\//, '')
    .replace(/\.[cm]?[jt]s$/, '')
    .replace(/[^A-Za-z0-9-_]+/g, '-');
}

/** Lambda's context with a 10 s budget, the deployed functions' timeout. */
export function buildContext(entry: string, requestId: string, memoryMb = 256, timeoutMs = 10_000): Context {
  const functionName = functionNameFor(entry);
  const started = Date.now();
  const noop = (): void => undefined;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: String(memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${requestId.replace(/-/g, '')}`,
    getRemainingTimeInMillis: () => Math.max(0, timeoutMs - (Date.now() - started)),
    done: noop,
    fail: noop,
    succeed: noop,
  };
}
