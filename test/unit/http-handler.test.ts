import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { z } from 'zod';
import { UnavailableError } from '../../shared/domain/errors';
import { httpHandler } from '../../shared/http/handler';
import { pageQuerySchema } from '../../shared/http/pagination';
import type { RouteDefinition } from '../../shared/http/route';
import { issuesOf } from '../../shared/http/validation';

const route: RouteDefinition = {
  method: 'POST',
  path: '/v1/things',
  entry: 'x.ts',
  auth: 'jwt',
  roles: ['customer', 'support'],
  access: {},
  staffPurpose: 'required',
};

const handler = httpHandler(
  route,
  { body: z.strictObject({ n: z.number().int() }) },
  async (req) => {
    if (req.body.n === 503) throw new UnavailableError('down');
    if (req.body.n === 500) throw new Error('boom with canary-secret-value');
    return {
      status: 201,
      body: { n: req.body.n, who: req.caller.subjectId, role: req.caller.role, purpose: req.access.purpose },
    };
  },
  { maxBodyBytes: 100 },
);

function event(
  overrides: {
    body?: string;
    headers?: Record<string, string>;
    claims?: Record<string, unknown> | null;
    query?: string;
  } = {},
) {
  const claims = overrides.claims === null ? undefined : (overrides.claims ?? { sub: 'user-1' });
  return {
    version: '2.0',
    routeKey: 'POST /v1/things',
    rawPath: '/v1/things',
    rawQueryString: overrides.query ?? '',
    headers: { 'content-type': 'application/json', ...overrides.headers },
    requestContext: { requestId: 'req-1', ...(claims && { authorizer: { jwt: { claims, scopes: null } } }) },
    body: overrides.body ?? '{"n":1}',
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}
const call = async (e: APIGatewayProxyEventV2) => {
  const res = await handler(e, { functionName: 'f', awsRequestId: 'req-1' } as Context);
  return { ...res, json: res.body ? JSON.parse(res.body) : undefined };
};

describe('HTTP handler stack', () => {
  it('passes a valid, authorised request through with the request id on the response', async () => {
    const res = await call(event());
    expect(res.statusCode).toBe(201);
    expect(res.headers?.['x-request-id']).toBe('req-1');
    expect(res.json).toEqual({ n: 1, who: 'user-1', role: 'customer', purpose: 'self_service' });
  });

  it.each([
    ['unknown field', '{"n":1,"extra":true}', 400],
    ['wrong type', '{"n":"1"}', 400],
    ['malformed JSON', '{"n":', 400],
    ['a JSON array', '[1]', 400],
    ['an oversize body', JSON.stringify({ n: 1, pad: 'x'.repeat(200) }), 413],
  ])('answers %s with problem+json %s', async (_, body, status) => {
    const res = await call(event({ body }));
    expect(res.statusCode).toBe(status);
    expect(res.headers?.['content-type']).toBe('application/problem+json');
    expect(res.json).toMatchObject({
      status,
      requestId: 'req-1',
      type: expect.stringMatching(/\/(validation|payload-too-large)$/),
    });
  });

  it('lists each invalid field with its path, not its value', async () => {
    const res = await call(event({ body: '{"n":"canary-value"}' }));
    expect(res.json.errors).toEqual([{ path: 'body.n', message: expect.any(String) }]);
    expect(res.body).not.toContain('canary-value');
  });

  it('[P-01] names each unknown field by its own path', async () => {
    const res = await call(event({ body: '{"n":1,"cardNumber":"4111","isAdmin":true}' }));
    expect(res.statusCode).toBe(400);
    expect(res.json.errors).toEqual([
      { path: 'body.cardNumber', message: 'Unknown field' },
      { path: 'body.isAdmin', message: 'Unknown field' },
    ]);
  });

  it('echoes at most 64 characters of an unknown field’s name, however long the client made it', () => {
    const name = `x${'k'.repeat(5 * 1024)}`;
    const parsed = z.strictObject({ n: z.number() }).safeParse({ n: 1, [name]: true });
    expect(parsed.success).toBe(false);
    const issues = parsed.success ? [] : issuesOf(parsed.error, 'body');
    expect(issues).toEqual([{ path: `body.${name.slice(0, 64)}…`, message: 'Unknown field' }]);
  });

  it('refuses a body that is not JSON with 415, a problem type of its own', async () => {
    const res = await call(event({ headers: { 'content-type': 'text/plain' } }));
    expect(res.statusCode).toBe(415);
    expect(res.json.type).toMatch(/\/unsupported-media-type$/);
  });

  it('seals the cursor it returns, opens it for the same caller, and answers 400 to anything else', async () => {
    const seen: (string | undefined)[] = [];
    const paged = httpHandler(
      { ...route, method: 'GET', path: '/v1/things', staffPurpose: undefined },
      { query: pageQuerySchema },
      async ({ query }) => {
        seen.push(query.cursor);
        return { status: 200, body: { things: [], cursor: 'raw-position' } };
      },
      { maxBodyBytes: 100, cursorSecret: { value: 'handler-test-secret' } },
    );
    const get = async (sub: string, cursor?: string) => {
      const e = event({ claims: { sub }, query: cursor ? `cursor=${cursor}` : '' });
      const res = await paged(
        { ...e, body: undefined, ...(cursor && { queryStringParameters: { cursor } }) },
        {} as Context,
      );
      return { status: res.statusCode, json: JSON.parse(res.body ?? '{}') };
    };
    const first = await get('alice');
    expect(first.json.cursor).not.toBe('raw-position');
    expect((await get('alice', first.json.cursor)).status).toBe(200);
    expect(seen).toEqual([undefined, 'raw-position']);
    expect((await get('bob', first.json.cursor)).status).toBe(400);
    expect((await get('alice', 'not-a-cursor')).json.errors).toEqual([
      { path: 'query.cursor', message: 'Invalid cursor' },
    ]);
    expect(seen).toHaveLength(2);
  });

  it('refuses to build a paging route without a cursor secret', () => {
    expect(() =>
      httpHandler({ ...route, method: 'GET' }, { query: pageQuerySchema }, async () => ({ status: 200 })),
    ).toThrow(/pageCursors/);
  });

  it('says a repeated query parameter was repeated, not that its value is NaN', async () => {
    const paged = httpHandler(
      { ...route, method: 'GET', staffPurpose: undefined },
      { query: z.strictObject({ limit: z.coerce.number().int().max(100) }) },
      async () => ({ status: 200, body: {} }),
    );
    const e = event({ query: 'limit=5&limit=9' }) as APIGatewayProxyEventV2;
    const res = await paged({ ...e, body: undefined, queryStringParameters: { limit: '5,9' } }, {} as Context);
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body ?? '{}').errors).toEqual([{ path: 'query.limit', message: 'Give this parameter once' }]);
    expect(res.body).not.toContain('NaN');
  });

  it('is 401 without claims and 403 for a role the route does not admit', async () => {
    expect((await call(event({ claims: null }))).statusCode).toBe(401);
    expect((await call(event({ claims: { sub: 'u', 'cognito:groups': '[auditor]' } }))).statusCode).toBe(403);
  });

  it('[P-06] requires staff to name a purpose their role serves', async () => {
    const staff = { sub: 'staff-1', 'cognito:groups': '[support]' };
    expect((await call(event({ claims: staff }))).statusCode).toBe(400);
    expect((await call(event({ claims: staff }))).json.allowedPurposes).toEqual([
      'customer_support',
      'refund_handling',
      'identity_verification',
    ]);
    const foreign = await call(event({ claims: staff, headers: { 'x-access-purpose': 'shipping' } }));
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json.allowedPurposes).toEqual(['customer_support', 'refund_handling', 'identity_verification']);
    const ok = await call(event({ claims: staff, headers: { 'x-access-purpose': 'customer_support' } }));
    expect(ok.statusCode).toBe(201);
    expect(ok.json.purpose).toBe('customer_support');
  });

  it('turns an unavailable dependency into 503 with Retry-After', async () => {
    const res = await call(event({ body: '{"n":503}' }));
    expect(res.statusCode).toBe(503);
    expect(res.headers?.['retry-after']).toBe('1');
  });

  it('hides an unexpected error behind a bare 500 with no message or stack', async () => {
    const res = await call(event({ body: '{"n":500}' }));
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('canary-secret-value');
    expect(res.body).not.toMatch(/at .*\.ts/);
  });
});
