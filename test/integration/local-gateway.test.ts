// The local gateway over a real socket: routing, JWT authorizer, claims, payload limit, CORS and failure handling.

import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { methodNotAllowed } from '../../functions/routes';
import { type SignTokenOptions, signToken, verifyToken } from '../../local/auth/issuer';
import { type GatewayHandle, MAX_PAYLOAD_BYTES, startGateway } from '../../local/gateway/server';
import { fixtureRoutes } from '../support/fixtures/routes';

const keyDir = mkdtempSync(path.join(tmpdir(), 'gateway-issuer-'));
const keyFile = path.join(keyDir, 'token-issuer.json');
const token = (options: Omit<SignTokenOptions, 'sub'> & { sub?: string } = {}): string =>
  signToken({ sub: 'user-1', ...options }, keyFile);

let gateway: GatewayHandle;
let stderr: jest.SpyInstance;

beforeAll(async () => {
  gateway = await startGateway({
    port: 0,
    routes: fixtureRoutes,
    verify: (t) => verifyToken(t, { file: keyFile }),
    corsOrigins: ['http://localhost:5173'],
    maxPayloadBytes: 1024 * 1024,
  });
});
afterAll(async () => {
  await gateway.stop();
  rmSync(keyDir, { recursive: true, force: true });
});
beforeEach(() => {
  stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => stderr.mockRestore());

/** What API Gateway answers by itself: `{"message": …}` JSON, never problem+json, with its request id header. */
async function expectGatewayAnswer(response: Response, status: number, message: string): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/json');
  expect(response.headers.get('apigw-requestid')).toEqual(expect.any(String));
  expect(await response.json()).toEqual({ message });
}

async function expectProblem(response: Response, status: number, kind: string): Promise<Record<string, unknown>> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({
    type: `/v1/problems/${kind}`,
    status,
    title: expect.any(String),
    detail: expect.any(String),
  });
  expect(body.requestId).toBe(response.headers.get('apigw-requestid'));
  return body;
}

interface Echo {
  event: {
    routeKey: string;
    pathParameters?: Record<string, string>;
    queryStringParameters?: Record<string, string>;
    headers: Record<string, string>;
    body?: string;
    isBase64Encoded: boolean;
    requestContext: { requestId: string; authorizer?: { jwt: { claims: Record<string, string>; scopes: null } } };
  };
  context: { functionName: string; awsRequestId: string; remainingMs: number };
}

describe('local gateway', () => {
  it('serves a public route with the event and context API Gateway would build', async () => {
    const response = await fetch(`${gateway.url}/v1/orders/o-1?x=1&x=2`, { headers: { 'X-Custom': 'yes' } });
    expect(response.status).toBe(200);
    const { event, context } = (await response.json()) as Echo;
    expect(event).toMatchObject({
      routeKey: 'GET /v1/orders/{orderId}',
      pathParameters: { orderId: 'o-1' },
      queryStringParameters: { x: '1,2' },
      headers: { 'x-custom': 'yes' },
      isBase64Encoded: false,
    });
    expect(event.requestContext.authorizer).toBeUndefined();
    expect(context).toMatchObject({
      functionName: 'test-support-fixtures-echo',
      awsRequestId: event.requestContext.requestId,
    });
    expect(response.headers.get('apigw-requestid')).toBe(event.requestContext.requestId);
  });

  it('gives each request a fresh request id', async () => {
    const ids = await Promise.all(
      [1, 2, 3].map(
        async () => ((await (await fetch(`${gateway.url}/v1/health`)).json()) as Echo).event.requestContext.requestId,
      ),
    );
    expect(new Set(ids).size).toBe(3);
  });

  it('passes a JSON body as text', async () => {
    const response = await fetch(`${gateway.url}/v1/uploads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Zoë' }),
    });
    const { event } = (await response.json()) as Echo;
    expect(event).toMatchObject({ body: '{"name":"Zoë"}', isBase64Encoded: false });
  });

  it('refuses a jwt route without a token, without calling the handler', async () => {
    const response = await fetch(`${gateway.url}/v1/guarded`);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    await expectGatewayAnswer(response, 401, 'Unauthorized');
    expect(stderr).not.toHaveBeenCalled(); // the fixture handler would have thrown and been logged
  });

  it.each([
    ['an expired token', () => token({ now: Math.floor(Date.now() / 1000) - 7200 })],
    ['a token for another audience', () => token({ audience: 'someone-else' })],
    ['a token from another issuer', () => token({ issuer: 'https://cognito-idp.example/other' })],
    ['a malformed token', () => 'abc.def.ghi'],
    ['an access token for another client', () => token({ kind: 'access', audience: 'someone-else' })],
  ])('refuses %s with 401, naming the failed check only in WWW-Authenticate', async (_name, make) => {
    const response = await fetch(`${gateway.url}/v1/me`, { headers: { authorization: `Bearer ${make()}` } });
    expect(response.headers.get('www-authenticate')).toMatch(
      /^Bearer scope="" error="invalid_token" error_description="the token .+"$/,
    );
    await expectGatewayAnswer(response, 401, 'Unauthorized');
  });

  it('accepts an access token (client_id, no aud) as the JWT authorizer does', async () => {
    const response = await fetch(`${gateway.url}/v1/me`, {
      headers: { authorization: `Bearer ${token({ kind: 'access' })}` },
    });
    expect(response.status).toBe(200);
    const { event } = (await response.json()) as Echo;
    expect(event.requestContext.authorizer?.jwt.claims).toMatchObject({
      token_use: 'access',
      client_id: 'local-client',
    });
  });

  it('hands verified claims to the handler flattened as API Gateway does', async () => {
    const response = await fetch(`${gateway.url}/v1/me`, {
      headers: { authorization: `Bearer ${token({ groups: ['support', 'auditor'], authAgeSeconds: 30 })}` },
    });
    expect(response.status).toBe(200);
    const { event } = (await response.json()) as Echo;
    const claims = event.requestContext.authorizer?.jwt.claims ?? {};
    expect(event.requestContext.authorizer?.jwt.scopes).toBeNull();
    expect(claims).toMatchObject({
      sub: 'user-1',
      'cognito:groups': '[support auditor]',
      token_use: 'id',
      aud: 'local-client',
    });
    for (const value of Object.values(claims)) expect(typeof value).toBe('string');
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
    expect(Number(claims.iat) - Number(claims.auth_time)).toBe(30);
  });

  it('rejects a body over the payload limit with 413 before the handler runs', async () => {
    const response = await fetch(`${gateway.url}/v1/uploads`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.alloc(1024 * 1024 + 1),
    });
    await expectGatewayAnswer(response, 413, 'Request Entity Too Large');
  });

  it('answers 413 from the declared length alone, without waiting for the body', async () => {
    expect(MAX_PAYLOAD_BYTES).toBe(10 * 1024 * 1024);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${gateway.url}/v1/uploads`,
        { method: 'POST', headers: { 'content-length': String(MAX_PAYLOAD_BYTES + 1) } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        },
      );
      req.on('error', () => undefined);
      req.flushHeaders(); // headers only: the body never comes
      setTimeout(() => reject(new Error('no early answer')), 2000).unref();
    });
    expect(status).toBe(413);
  });

  it('rejects a chunked body that grows past the limit with 413', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${gateway.url}/v1/uploads`,
        { method: 'POST', headers: { 'content-type': 'application/octet-stream' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024);
      for (let i = 0; i < 20; i++) req.write(chunk);
      req.end();
    });
    expect(status).toBe(413);
  });

  it('answers 404 as API Gateway does for an unknown path, and for another method where no ANY route exists', async () => {
    await expectGatewayAnswer(await fetch(`${gateway.url}/v1/nope`), 404, 'Not Found');
    await expectGatewayAnswer(await fetch(`${gateway.url}/v1/health`, { method: 'DELETE' }), 404, 'Not Found');
  });

  it('hides handler failures behind API Gateway’s own 500 and logs one line', async () => {
    const response = await fetch(`${gateway.url}/v1/boom`);
    await expectGatewayAnswer(response, 500, 'Internal Server Error');
    expect(stderr).toHaveBeenCalledTimes(1);
    expect(String(stderr.mock.calls[0]?.[0])).toMatch(/throws\.ts threw/);
  });

  it('answers 405 with Allow through the method-not-allowed module, as the ANY routes do in AWS', async () => {
    const withFallback = await startGateway({
      port: 0,
      routes: fixtureRoutes,
      verify: (t) => verifyToken(t, { file: keyFile }),
      methodNotAllowed: { entry: methodNotAllowed.entry },
    });
    try {
      const response = await fetch(`${withFallback.url}/v1/health`, { method: 'DELETE' });
      expect(response.headers.get('allow')).toBe('GET');
      await expectProblem(response, 405, 'method-not-allowed');
      await expectGatewayAnswer(await fetch(`${withFallback.url}/v1/nope`), 404, 'Not Found');
    } finally {
      await withFallback.stop();
    }
  });

  it('throttles per route as the stage does: 429 {"message"} once the bucket is empty', async () => {
    const throttled = await startGateway({
      port: 0,
      routes: fixtureRoutes,
      verify: (t) => verifyToken(t, { file: keyFile }),
      throttle: { stage: { rateLimit: 0.001, burstLimit: 2 }, routes: {} },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await fetch(`${throttled.url}/v1/health`)).status);
      expect(statuses).toEqual([200, 200, 429]);
      await expectGatewayAnswer(await fetch(`${throttled.url}/v1/health`), 429, 'Too Many Requests');
      // Another route has its own bucket.
      expect((await fetch(`${throttled.url}/v1/binary`)).status).toBe(200);
    } finally {
      await throttled.stop();
    }
  });

  it('decodes base64 bodies, sends cookies and infers 200 JSON for plain results', async () => {
    const binary = await fetch(`${gateway.url}/v1/binary`);
    expect(Buffer.from(await binary.arrayBuffer())).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(binary.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    const plain = await fetch(`${gateway.url}/v1/binary?plain=1`);
    expect(plain.headers.get('content-type')).toBe('application/json');
    expect(await plain.json()).toEqual({ hello: 'world' });
  });

  describe('CORS', () => {
    it('answers a preflight from an allowed origin', async () => {
      const response = await fetch(`${gateway.url}/v1/me`, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://localhost:5173',
          'access-control-request-method': 'PATCH',
          'access-control-request-headers': 'authorization,if-match',
        },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
      expect(response.headers.get('access-control-allow-methods')).toBe('GET,POST,PUT,PATCH,DELETE,OPTIONS');
      expect(response.headers.get('access-control-allow-headers')).toBe(
        'Authorization,Content-Type,If-Match,Idempotency-Key,X-Access-Purpose,X-Signature',
      );
      expect(response.headers.get('access-control-max-age')).toBe('3600');
    });

    it('adds CORS headers to responses for allowed origins only', async () => {
      const allowed = await fetch(`${gateway.url}/v1/health`, { headers: { origin: 'http://localhost:5173' } });
      expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
      expect(allowed.headers.get('access-control-expose-headers')).toBe(
        'Location,ETag,Retry-After,Content-Disposition,Idempotent-Replayed,X-Request-Id,X-Export-Part,X-Export-Parts,Link',
      );
      const denied = await fetch(`${gateway.url}/v1/health`, { headers: { origin: 'https://evil.example' } });
      expect(denied.status).toBe(200);
      expect(denied.headers.get('access-control-allow-origin')).toBeNull();
      const deniedPreflight = await fetch(`${gateway.url}/v1/me`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
      });
      expect(deniedPreflight.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('adds CORS headers to gateway errors too, so browsers can read a 401', async () => {
      const response = await fetch(`${gateway.url}/v1/me`, { headers: { origin: 'http://localhost:5173' } });
      expect(response.status).toBe(401);
      expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    });
  });
});
