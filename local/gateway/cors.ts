// CORS as the deployed HTTP API answers it; keep these lists identical to corsPreflight in infra/stacks/stateless-stack.ts.
import type { OutgoingHttpHeaders } from 'node:http';

export const CORS_ALLOWED_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export const CORS_ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'If-Match',
  'Idempotency-Key',
  'X-Access-Purpose',
  'X-Signature',
] as const;
export const CORS_EXPOSED_HEADERS = ['ETag', 'X-Request-Id'] as const;
export const CORS_MAX_AGE_SECONDS = 3600;
export const DEFAULT_CORS_ORIGINS = ['http://localhost:5173'];

/** Origins from `CORS_ALLOWED_ORIGINS` (comma separated), else the local frontend's dev server. */
export function allowedOrigins(env: NodeJS.ProcessEnv = process.env): string[] {
  const listed = env.CORS_ALLOWED_ORIGINS?.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  return listed && listed.length > 0 ? listed : DEFAULT_CORS_ORIGINS;
}

const isAllowed = (origin: string | undefined, origins: readonly string[]): origin is string =>
  origin !== undefined && (origins.includes(origin) || origins.includes('*'));

/** Headers answering a preflight; none for an origin not on the list, so the browser refuses. */
export function preflightHeaders(origin: string | undefined, origins: readonly string[]): OutgoingHttpHeaders {
  if (!isAllowed(origin, origins)) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': CORS_ALLOWED_METHODS.join(','),
    'access-control-allow-headers': CORS_ALLOWED_HEADERS.join(','),
    'access-control-max-age': String(CORS_MAX_AGE_SECONDS),
    vary: 'Origin',
  };
}

/** Headers added to an actual response for an allowed origin. */
export function responseCorsHeaders(origin: string | undefined, origins: readonly string[]): OutgoingHttpHeaders {
  if (!isAllowed(origin, origins)) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': CORS_EXPOSED_HEADERS.join(','),
    vary: 'Origin',
  };
}

/** A CORS preflight is an OPTIONS request naming the method it wants to make. */
export const isPreflight = (method: string, headers: Record<string, string | string[] | undefined>): boolean =>
  method === 'OPTIONS' && headers.origin !== undefined && headers['access-control-request-method'] !== undefined;
