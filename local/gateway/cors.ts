// CORS as the deployed HTTP API answers it, from the one policy in functions/routes.ts.
import type { OutgoingHttpHeaders } from 'node:http';
import { cors } from '../../functions/routes';

export const CORS_ALLOWED_METHODS = cors.allowMethods;
export const CORS_ALLOWED_HEADERS = cors.allowHeaders;
export const CORS_EXPOSED_HEADERS = cors.exposeHeaders;
export const CORS_MAX_AGE_SECONDS = cors.maxAgeSeconds;
export const DEFAULT_CORS_ORIGINS: readonly string[] = cors.defaultOrigins;

/** Origins from `CORS_ALLOWED_ORIGINS` (comma separated), else the local frontend's dev server. */
export function allowedOrigins(env: NodeJS.ProcessEnv = process.env): string[] {
  const listed = env.CORS_ALLOWED_ORIGINS?.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  return listed && listed.length > 0 ? listed : [...DEFAULT_CORS_ORIGINS];
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
