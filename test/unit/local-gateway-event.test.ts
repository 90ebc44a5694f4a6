// The APIGatewayProxyEventV2 and Context the local gateway builds, checked against API Gateway's payload format 2.0.
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { buildContext, buildEvent, flattenClaims, formatRequestTime, functionNameFor } from '../../local/gateway/event';
import { matchRoute } from '../../local/gateway/routing';
import { fixtureRoutes } from '../support/fixtures/routes';

const receivedAt = new Date('2026-03-05T07:08:09.123Z');

function eventFor(
  method: string,
  url: string,
  rawHeaders: string[] = [],
  body?: Buffer,
  claims?: Record<string, unknown>,
) {
  const match = matchRoute(fixtureRoutes, method, url.split('?')[0] as string);
  if (!match) throw new Error(`no route for ${url}`);
  return buildEvent({ method, url, rawHeaders, body, sourceIp: '127.0.0.1' }, match, {
    requestId: 'req-1',
    receivedAt,
    claims,
  }) as APIGatewayProxyEventV2WithJWTAuthorizer;
}

describe('buildEvent', () => {
  it('fills the request context like the HTTP API', () => {
    const event = eventFor('GET', '/v1/orders/o%201?x=1', ['Host', '127.0.0.1:3000', 'User-Agent', 'curl/8']);
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /v1/orders/{orderId}',
      rawPath: '/v1/orders/o%201',
      rawQueryString: 'x=1',
      pathParameters: { orderId: 'o 1' },
      isBase64Encoded: false,
      requestContext: {
        accountId: 'local',
        apiId: 'local',
        domainName: '127.0.0.1:3000',
        http: {
          method: 'GET',
          path: '/v1/orders/o%201',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'curl/8',
        },
        requestId: 'req-1',
        routeKey: 'GET /v1/orders/{orderId}',
        stage: '$default',
        time: '05/Mar/2026:07:08:09 +0000',
        timeEpoch: receivedAt.getTime(),
      },
    });
    expect(event.requestContext).not.toHaveProperty('authorizer');
  });

  it('lower-cases headers, joins repeats with commas and moves cookies out', () => {
    const event = eventFor('GET', '/v1/health', [
      'X-Thing',
      'a',
      'x-thing',
      'b',
      'Cookie',
      'c1=1; c2=2',
      'Accept',
      'text/plain',
    ]);
    expect(event.headers).toEqual({ 'x-thing': 'a,b', accept: 'text/plain' });
    expect(event.cookies).toEqual(['c1=1', 'c2=2']);
  });

  it('omits query parameters, path parameters, cookies and body when there are none', () => {
    const event = eventFor('GET', '/v1/health');
    expect(event.queryStringParameters).toBeUndefined();
    expect(event.pathParameters).toBeUndefined();
    expect(event.cookies).toBeUndefined();
    expect(event.body).toBeUndefined();
    expect(event.rawQueryString).toBe('');
  });

  it('decodes query parameters and joins repeated keys with commas', () => {
    const event = eventFor('GET', '/v1/health?status=a&status=b&q=hello%20world&empty=');
    expect(event.queryStringParameters).toEqual({ status: 'a,b', q: 'hello world', empty: '' });
    expect(event.rawQueryString).toBe('status=a&status=b&q=hello%20world&empty=');
  });

  it('passes textual bodies as UTF-8 and others as base64', () => {
    const json = eventFor(
      'POST',
      '/v1/uploads',
      ['Content-Type', 'application/json; charset=utf-8'],
      Buffer.from('{"a":"é"}'),
    );
    expect(json).toMatchObject({ body: '{"a":"é"}', isBase64Encoded: false });
    const problem = eventFor('POST', '/v1/uploads', ['Content-Type', 'application/problem+json'], Buffer.from('{}'));
    expect(problem.isBase64Encoded).toBe(false);
    const binary = eventFor('POST', '/v1/uploads', ['Content-Type', 'image/png'], Buffer.from([0, 255]));
    expect(binary).toMatchObject({ body: 'AP8=', isBase64Encoded: true });
    const untyped = eventFor('POST', '/v1/uploads', [], Buffer.from('x'));
    expect(untyped.isBase64Encoded).toBe(true);
  });

  it('puts flattened claims under requestContext.authorizer.jwt', () => {
    const event = eventFor('GET', '/v1/me', [], undefined, {
      sub: 'u1',
      'cognito:groups': ['support', 'auditor'],
      auth_time: 1700000000,
    });
    expect(event.requestContext.authorizer).toEqual({
      jwt: { claims: { sub: 'u1', 'cognito:groups': '[support auditor]', auth_time: '1700000000' }, scopes: null },
    });
  });
});

describe('flattenClaims', () => {
  it('turns every claim into a string the way API Gateway does', () => {
    expect(
      flattenClaims({
        s: 'x',
        n: 42,
        b: true,
        a: ['one', 'two', 3],
        one: ['solo'],
        empty: [],
        o: { z: 1, a: 'b' },
        nil: null,
      }),
    ).toEqual({ s: 'x', n: '42', b: 'true', a: '[one two 3]', one: '[solo]', empty: '[]', o: 'map[a:b z:1]', nil: '' });
  });
});

describe('context and helpers', () => {
  it('formats the request time with two-digit fields', () => {
    expect(formatRequestTime(new Date('2026-12-01T00:00:00Z'))).toBe('01/Dec/2026:00:00:00 +0000');
  });

  it('derives function names from entries', () => {
    expect(functionNameFor('functions/account/get-profile.ts')).toBe('account-get-profile');
    expect(functionNameFor('test/support/fixtures/echo.ts')).toBe('test-support-fixtures-echo');
  });

  it('builds a Lambda context with a shrinking time budget', () => {
    const context = buildContext('functions/public/get-health.ts', 'req-9', 512);
    expect(context).toMatchObject({
      functionName: 'public-get-health',
      awsRequestId: 'req-9',
      memoryLimitInMB: '512',
      functionVersion: '$LATEST',
    });
    const remaining = context.getRemainingTimeInMillis();
    expect(remaining).toBeLessThanOrEqual(10_000);
    expect(remaining).toBeGreaterThan(9_000);
  });
});
