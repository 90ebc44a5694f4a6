// Route matching and CORS decisions of the local gateway (pure parts).
import { routes } from '../../functions/routes';
import {
  allowedOrigins,
  CORS_ALLOWED_HEADERS,
  isPreflight,
  preflightHeaders,
  responseCorsHeaders,
} from '../../local/gateway/cors';
import { matchRoute } from '../../local/gateway/routing';
import { fixtureRoutes } from '../support/fixtures/routes';

describe('matchRoute', () => {
  it('matches method and exact path', () => {
    expect(matchRoute(fixtureRoutes, 'GET', '/v1/health')?.name).toBe('health');
  });

  it('prefers an exact path over a template', () => {
    expect(matchRoute(fixtureRoutes, 'GET', '/v1/orders/latest')?.name).toBe('latestOrder');
    expect(matchRoute(fixtureRoutes, 'GET', '/v1/orders/01HX')?.name).toBe('order');
  });

  it('decodes path parameters', () => {
    const match = matchRoute(fixtureRoutes, 'GET', '/v1/orders/a%20b/items/x%2Fy');
    expect(match?.name).toBe('orderItem');
    expect(match?.pathParameters).toEqual({ orderId: 'a b', itemId: 'x/y' });
  });

  it('gives an empty parameter map for a literal route', () => {
    expect(matchRoute(fixtureRoutes, 'GET', '/v1/health')?.pathParameters).toEqual({});
  });

  it('matches a greedy tail', () => {
    expect(matchRoute(fixtureRoutes, 'GET', '/v1/files/a/b/c.txt')?.pathParameters).toEqual({ proxy: 'a/b/c.txt' });
    expect(matchRoute(fixtureRoutes, 'GET', '/v1/files/')).toBeUndefined();
  });

  it('finds nothing for a wrong method on a known path, an unknown path, a trailing slash or an empty segment', () => {
    expect(matchRoute(fixtureRoutes, 'DELETE', '/v1/health')).toBeUndefined();
    expect(matchRoute(fixtureRoutes, 'GET', '/v1/nope')).toBeUndefined();
    expect(matchRoute(fixtureRoutes, 'GET', '/v1/health/')).toBeUndefined();
    expect(matchRoute(fixtureRoutes, 'GET', '/v1/orders/')).toBeUndefined();
  });

  it('dispatches the app route table', () => {
    expect(matchRoute(routes, 'GET', '/v1/me')?.name).toBe('getProfile');
    expect(matchRoute(routes, 'PATCH', '/v1/me')?.name).toBe('updateProfile');
    expect(matchRoute(routes, 'PUT', '/v1/me/consents/analytics')).toMatchObject({
      name: 'putConsent',
      pathParameters: { purpose: 'analytics' },
    });
    expect(matchRoute(routes, 'GET', '/v1/me/consents')?.name).toBe('listConsents');
  });
});

describe('CORS', () => {
  const origins = ['http://localhost:5173'];

  it('reads allowed origins from CORS_ALLOWED_ORIGINS with a local default', () => {
    expect(allowedOrigins({})).toEqual(['http://localhost:5173']);
    expect(allowedOrigins({ CORS_ALLOWED_ORIGINS: 'https://a.example, https://b.example' })).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
  });

  it('answers a preflight from an allowed origin and ignores others', () => {
    expect(preflightHeaders('http://localhost:5173', origins)).toMatchObject({
      'access-control-allow-origin': 'http://localhost:5173',
      'access-control-allow-methods': 'GET,POST,PUT,PATCH,DELETE,OPTIONS',
      'access-control-allow-headers': CORS_ALLOWED_HEADERS.join(','),
    });
    expect(preflightHeaders('https://evil.example', origins)).toEqual({});
    expect(preflightHeaders(undefined, origins)).toEqual({});
  });

  it('exposes the headers a browser client reads, export parts included, to allowed origins only', () => {
    expect(responseCorsHeaders('http://localhost:5173', origins)).toMatchObject({
      'access-control-expose-headers':
        'Location,ETag,Retry-After,Content-Disposition,Idempotent-Replayed,X-Request-Id,X-Export-Part,X-Export-Parts,Link',
    });
    expect(responseCorsHeaders('https://evil.example', origins)).toEqual({});
  });

  it('recognises a preflight by OPTIONS + Origin + Access-Control-Request-Method', () => {
    expect(isPreflight('OPTIONS', { origin: 'x', 'access-control-request-method': 'GET' })).toBe(true);
    expect(isPreflight('OPTIONS', { origin: 'x' })).toBe(false);
    expect(isPreflight('GET', { origin: 'x', 'access-control-request-method': 'GET' })).toBe(false);
  });
});
