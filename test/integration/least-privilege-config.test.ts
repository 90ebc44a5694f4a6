/**
 * In AWS each function receives only the table names its route declares (infra/constructs/grants.ts).
 * This proves every handler starts and serves its sample request with exactly that configuration,
 * so a use case that reaches for an undeclared table fails here rather than after deployment.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type RouteName, routes } from '../../functions/routes';
import { buildContext, buildEvent } from '../../local/gateway/event';
import { matchRoute } from '../../local/gateway/routing';
import { type FunctionAccess, KMS_KEY_ENV, tables, tablesTouched } from '../../shared/config/resources';
import { seedInitialPolicy } from '../../shared/usecases/policy';
import { dynamodbEndpoint, type Harness, harness, kmsEndpoint } from '../support/app-harness';
import { sampleRequests } from '../support/sample-requests';

type Handler = (event: APIGatewayProxyEventV2, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

let h: Harness;
const savedEnv = { ...process.env };
beforeAll(async () => {
  h = await harness();
  await seedInitialPolicy(h.deps, { content: 'P', summary: 'S', effectiveAt: new Date('2026-01-01T00:00:00Z') });
});
afterEach(() => {
  process.env = { ...savedEnv };
});

/** The environment the deployed function gets: its declared tables and key, nothing more. */
function declaredEnvironment(name: RouteName): NodeJS.ProcessEnv {
  const access: FunctionAccess = routes[name].access;
  return {
    PATH: savedEnv.PATH,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamodbEndpoint(),
    AWS_ENDPOINT_URL_KMS: kmsEndpoint(),
    ...Object.fromEntries(tablesTouched(access).map((id) => [tables[id].envVar, h.names[id]])),
    ...(access.subjectKeys && { [KMS_KEY_ENV]: process.env.TEST_KMS_KEY_ID }),
  };
}

async function invoke(name: RouteName, subject: string): Promise<APIGatewayProxyStructuredResultV2> {
  const route = routes[name];
  const sample = sampleRequests[name](subject);
  process.env = declaredEnvironment(name);
  let handler: Handler | undefined;
  await jest.isolateModulesAsync(async () => {
    handler = ((await import(`../../${route.entry}`)) as { handler: Handler }).handler;
  });
  const match = matchRoute({ [name]: route }, sample.method, sample.url.split('?')[0] ?? '');
  if (!match || !handler) throw new Error(`sample for ${name} does not match its route`);
  const rawHeaders = Object.entries({ 'content-type': 'application/json', ...sample.headers }).flat();
  const event = buildEvent(
    {
      method: sample.method,
      url: sample.url,
      rawHeaders,
      body: sample.body === undefined ? undefined : Buffer.from(JSON.stringify(sample.body)),
      sourceIp: '127.0.0.1',
    },
    match,
    { requestId: `req-${name}`, receivedAt: new Date(), claims: route.auth === 'jwt' ? { sub: subject } : undefined },
  );
  return handler(event as APIGatewayProxyEventV2, buildContext(route.entry, `req-${name}`));
}

describe('each function works with only the configuration its route declares', () => {
  const order: RouteName[] = ['registerProfile', 'putConsent'];
  const names = [...order, ...(Object.keys(routes) as RouteName[]).filter((n) => !order.includes(n))];

  it.each(names)('%s starts and answers its sample request without a server error', async (name) => {
    const res = await invoke(name, 'least-privilege-subject');
    expect(res.statusCode).toBeLessThan(500);
    expect(res.statusCode).toBeGreaterThanOrEqual(200);
    expect(res.statusCode).toBeLessThan(300);
  });
});
