/**
 * The contract as a client meets it, over HTTP against `npm start`: the document and its reference
 * page are served; the answers API Gateway gives itself look the same locally; and the small faults
 * of issue 16 stay fixed. Every response here is also checked against docs/openapi.json by the client.
 */
import { readFileSync } from 'node:fs';
import { signToken } from '../../local/auth/issuer';
import { apiClient, type CallOptions } from '../support/api-client';
import { useRunningStack } from '../support/running-stack';
import { limit } from '../support/timeouts';

const stack = useRunningStack({ LOCAL_JOB_TRIGGERS: 'off' });
const api = (method: string, path: string, options?: CallOptions) => apiClient(stack.url)(method, path, options);
const registration = { name: 'Connie Tract', email: 'connie@example.com', acceptPolicyVersion: 1 };

describe('the contract, served', () => {
  it('serves the committed OpenAPI document at /v1/openapi.json', async () => {
    const res = await fetch(`${stack.url}/v1/openapi.json`);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual(JSON.parse(readFileSync('docs/openapi.json', 'utf8')));
  });

  it(
    'serves a self-contained reference page at /docs (no script from elsewhere)',
    async () => {
      const res = await fetch(`${stack.url}/docs`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('Privacy-first order backend');
      expect(html).not.toMatch(/<script[^>]+src="https?:/);
    },
    limit(60_000),
  );
});

describe('problem types resolve', () => {
  it('resolves a problem’s type, against the URL that answered it, to that type’s page', async () => {
    const path = '/v1/me';
    const bad = await api('POST', path, { sub: 'connie', body: { ...registration, name: 42 } });
    expect(bad.json.type).toBe('/v1/problems/validation');
    const page = await api('GET', new URL(bad.json.type, `${stack.url}${path}`).pathname);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('<h1 id="validation">validation — 400 Request is not valid</h1>');
    // Each type's own page, and a type that does not exist is a 404 problem like any other.
    const conflict = await api('GET', '/v1/problems/conflict');
    expect(conflict.text).toContain('<h1 id="conflict">');
    const unknown = await api('GET', '/v1/problems/no-such-type');
    expect([unknown.status, unknown.json.type]).toEqual([404, '/v1/problems/not-found']);
  });
});

describe('what API Gateway answers itself, the local gateway answers the same', () => {
  it('401 {"message"} with WWW-Authenticate for a missing or refused token', async () => {
    const none = await api('GET', '/v1/me');
    expect([none.status, none.json]).toEqual([401, { message: 'Unauthorized' }]);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const foreign = await api('GET', '/v1/me', { token: signToken({ sub: 'c', audience: 'another-client' }) });
    expect(foreign.json).toEqual({ message: 'Unauthorized' });
    expect(foreign.headers.get('www-authenticate')).toContain(
      'error_description="the token does not have a valid audience"',
    );
  });

  it('404 {"message"} for a path with no route', async () => {
    const res = await api('GET', '/v1/nothing-here');
    expect([res.status, res.json, res.headers.get('content-type')]).toEqual([
      404,
      { message: 'Not Found' },
      'application/json',
    ]);
  });

  it('405 with Allow for a known path and another method (DELETE /v1/me), token or not', async () => {
    for (const options of [{}, { sub: 'connie' }]) {
      const res = await api('DELETE', '/v1/me', options);
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST, GET, PATCH');
      expect(res.json.type).toMatch(/\/method-not-allowed$/);
    }
  });

  it('reads the groups claim as the authorizer flattens it: "x,support" is not support', async () => {
    const res = await api('GET', '/v1/admin/customers/connie', {
      sub: 'mallory',
      groups: ['x,support'],
      headers: { 'x-access-purpose': 'customer_support' },
    });
    expect(res.status).toBe(403);
  });

  it('exposes to browsers the headers a client reads', async () => {
    const res = await fetch(`${stack.url}/v1/health`, { headers: { origin: 'http://localhost:5173' } });
    expect(res.headers.get('access-control-expose-headers')?.split(',')).toEqual([
      'Location',
      'ETag',
      'Retry-After',
      'Content-Disposition',
      'Idempotent-Replayed',
      'X-Request-Id',
      'X-Export-Part',
      'X-Export-Parts',
      'Link',
    ]);
  });
});

describe('small contract faults stay fixed', () => {
  it('names an unknown field by its own path', async () => {
    const res = await api('POST', '/v1/me', {
      sub: 'connie',
      body: { ...registration, cardNumber: '4111111111111111' },
    });
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([{ path: 'body.cardNumber', message: 'Unknown field' }]);
    expect(res.text).not.toContain('4111');
  });

  it('gives 400, 415 and 422 problem types of their own', async () => {
    const bad = await api('POST', '/v1/me', { sub: 'connie', body: { ...registration, name: 42 } });
    const media = await api('POST', '/v1/me', { sub: 'connie', raw: '{}', headers: { 'content-type': 'text/plain' } });
    const rules = await api('POST', '/v1/me', { sub: 'connie', body: { ...registration, acceptPolicyVersion: 99 } });
    expect([bad.status, media.status, rules.status]).toEqual([400, 415, 422]);
    expect([bad.json.type, media.json.type, rules.json.type].map((t: string) => t.split('/').at(-1))).toEqual([
      'validation',
      'unsupported-media-type',
      'unprocessable',
    ]);
  });

  it('says a repeated ?limit is repeated, not NaN', async () => {
    const res = await api('GET', '/v1/orders?limit=5&limit=9', { sub: 'connie' });
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([{ path: 'query.limit', message: 'Give this parameter once' }]);
    expect(res.text).not.toContain('NaN');
  });

  it('answers an unquoted If-Match with 400 on the header, not 428', async () => {
    expect((await api('POST', '/v1/me', { sub: 'connie', body: registration })).status).toBe(201);
    const res = await api('PATCH', '/v1/me', { sub: 'connie', body: { name: 'C. T.' }, headers: { 'if-match': '1' } });
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([{ path: 'headers.if-match', message: 'Not an entity tag' }]);
    expect((await api('PATCH', '/v1/me', { sub: 'connie', body: { name: 'C. T.' } })).status).toBe(428);
  });

  it('lists the purposes a role serves when it names another, or none', async () => {
    const agent = { sub: 'agent-1', groups: ['support'] };
    const foreign = await api('GET', '/v1/admin/customers/connie', {
      ...agent,
      headers: { 'x-access-purpose': 'shipping' },
    });
    const missing = await api('GET', '/v1/admin/customers/connie', agent);
    expect([foreign.status, missing.status]).toEqual([403, 400]);
    for (const res of [foreign, missing]) {
      expect(res.json.allowedPurposes).toEqual(['customer_support', 'refund_handling', 'identity_verification']);
    }
  });
});
