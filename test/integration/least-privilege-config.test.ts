/**
 * In AWS each function receives only the configuration its route declares (infra/constructs/grants.ts).
 * This runs the whole sample scenario with every handler loaded in isolation with exactly that
 * environment, so a use case that reaches for an undeclared table, key, bus or secret fails here
 * rather than after deployment.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type JobName, jobs } from '../../functions/jobs/index';
import { type RouteName, routes } from '../../functions/routes';
import { localCarrierSecret } from '../../local/env';
import { buildContext, buildEvent } from '../../local/gateway/event';
import { matchRoute } from '../../local/gateway/routing';
import { DEFAULT_SIGNING_ALIAS } from '../../local/kms/keystore';
import { LOCAL_STRIPE_KEY, type PaymentsServerHandle, startPaymentsServer } from '../../local/payments/server';
import { CARRIER_IDS } from '../../shared/config/carriers';
import {
  AUDIT_SIGNING_KEY_ENV,
  CARRIER_SECRET_VALUES_ENV,
  CURSOR_SECRET_VALUE_ENV,
  EVENT_BUS_ENV,
  type FunctionAccess,
  KMS_KEY_ENV,
  PAYMENT_API_URL_ENV,
  PAYMENT_KEY_VALUE_ENV,
  STAFF_POOL_ENV,
  tables,
  tablesTouched,
} from '../../shared/config/resources';
import { routeAccess } from '../../shared/http/route';
import { type Harness, harness } from '../support/app-harness';
import { testEndpoints } from '../support/local-stack';
import {
  newScenarioContext,
  SCENARIO_STAFF_ID,
  type ScenarioContext,
  sampleRequests,
  scenario,
  scenarioRoutes,
  stepName,
} from '../support/sample-requests';

type Handler = (event: APIGatewayProxyEventV2, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

const SECRET = 'least-privilege-carrier-secret';
let h: Harness;
// This file's own processor: the reconciliation job walks every authorisation it holds, and must
// meet only this file's.
let payments: PaymentsServerHandle;
const savedEnv = { ...process.env };
const endpoints = testEndpoints();
beforeAll(async () => {
  h = await harness({ seedPolicy: true });
  payments = await startPaymentsServer({ port: 0 });
});
afterAll(async () => {
  process.env = { ...savedEnv };
  await payments.stop();
});

/** The environment the deployed function gets: its declared resources, nothing more. */
function declaredEnvironment(access: FunctionAccess): NodeJS.ProcessEnv {
  return {
    PATH: savedEnv.PATH,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodbEndpoint,
    AWS_ENDPOINT_URL_KMS: endpoints.kmsEndpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: endpoints.eventsEndpoint,
    ...Object.fromEntries(tablesTouched(access).map((id) => [tables[id].envVar, h.names[id]])),
    ...(access.subjectKeys && { [KMS_KEY_ENV]: endpoints.kmsKeyId }),
    ...(access.auditSigning && { [AUDIT_SIGNING_KEY_ENV]: DEFAULT_SIGNING_ALIAS }),
    ...(access.events && { [EVENT_BUS_ENV]: 'local-orders' }),
    ...(access.carrierWebhookSecret && {
      [CARRIER_SECRET_VALUES_ENV]: JSON.stringify(
        Object.fromEntries(CARRIER_IDS.map((id) => [id, localCarrierSecret(SECRET, id)])),
      ),
    }),
    ...(access.paymentProcessor && {
      [PAYMENT_KEY_VALUE_ENV]: LOCAL_STRIPE_KEY,
      [PAYMENT_API_URL_ENV]: payments.endpoint,
    }),
    ...(access.pageCursors && { [CURSOR_SECRET_VALUE_ENV]: 'least-privilege-cursor-secret' }),
    // The scenario's officer assigns complaints to themselves: the pool is named, never asked.
    ...(access.staffDirectory && { [STAFF_POOL_ENV]: 'local_staff' }),
  };
}

async function invoke(name: RouteName, ctx: ScenarioContext, variant?: string) {
  const route = routes[name];
  const sample = sampleRequests[name](ctx, variant);
  process.env = declaredEnvironment(routeAccess(route));
  let handler: Handler | undefined;
  await jest.isolateModulesAsync(async () => {
    handler = ((await import(`../../${route.entry}`)) as { handler: Handler }).handler;
  });
  const match = matchRoute({ [name]: route }, sample.method, sample.url.split('?')[0] ?? '');
  if (!match || !handler) throw new Error(`sample for ${name} does not match its route`);
  const body = sample.rawBody ?? (sample.body === undefined ? undefined : JSON.stringify(sample.body));
  const event = buildEvent(
    {
      method: sample.method,
      url: sample.url,
      rawHeaders: Object.entries({ 'content-type': 'application/json', ...sample.headers }).flat(),
      body: body === undefined ? undefined : Buffer.from(body),
      sourceIp: '127.0.0.1',
    },
    match,
    {
      requestId: `req-${name}`,
      receivedAt: new Date(),
      claims:
        route.auth === 'jwt'
          ? {
              sub: sample.groups ? SCENARIO_STAFF_ID : ctx.subject,
              // Signed in just now, as a fresh token says (an export download needs a recent sign-in).
              auth_time: Math.floor(Date.now() / 1000),
              ...(sample.groups && { 'cognito:groups': sample.groups }),
            }
          : undefined,
    },
  );
  return handler(event as APIGatewayProxyEventV2, buildContext(route.entry, `req-${name}`));
}

/** Runs a job module the way its schedule would, with only the job's declared configuration (and `extra`). */
async function runJob(name: JobName, extra: NodeJS.ProcessEnv = {}): Promise<unknown> {
  process.env = { ...declaredEnvironment(jobs[name].access), ...extra };
  let summary: unknown;
  await jest.isolateModulesAsync(async () => {
    const job = (await import(`../../${jobs[name].entry}`)) as { run: () => Promise<unknown> };
    summary = await job.run();
  });
  return summary;
}

describe('each function works with only the configuration its route or job declares', () => {
  const ctx: ScenarioContext = newScenarioContext('least-privilege-subject', SECRET);

  it('covers every route in the scenario', () => {
    expect(scenarioRoutes()).toEqual(new Set(Object.keys(routes)));
  });

  it.each(scenario.map((step, i) => [`${i + 1}. ${stepName(step)}`, step] as const))('%s succeeds', async (_, step) => {
    if ('job' in step) return runJob(step.job);
    const res = await invoke(step.route, ctx, step.variant);
    const status = res.statusCode ?? 0;
    // On failure the problem body says why (e.g. a ConfigError surfacing as 500).
    expect(status >= 200 && status < 300 ? 'ok' : `${status} ${res.body}`).toBe('ok');
    step.capture?.(ctx, JSON.parse(res.body ?? '{}') as Record<string, unknown>);
  });

  it('the payment reconciliation judges open authorisations with only its declared configuration', async () => {
    // An order holding an authorisation; an hour on, it is past the orphan grace: the job looks its
    // reference up in the idempotency records (a read its job declares) and finds it held by the order.
    const placed = await invoke('placeOrder', ctx, 'held');
    expect(placed.statusCode).toBe(201);
    const summary = (await runJob('payment-reconciliation', { CLOCK_OFFSET_SECONDS: '3600' })) as {
      authorisationsExamined: number;
      orphansVoided: number;
    };
    expect(summary.authorisationsExamined).toBeGreaterThan(0);
    expect(summary.orphansVoided).toBe(0);
  });
});
