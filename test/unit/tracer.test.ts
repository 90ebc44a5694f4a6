/**
 * Tracing (shared/adapters/tracer.ts): in a Lambda function the AWS SDK clients the adapters build
 * carry the X-Ray middleware, so DynamoDB, KMS and EventBridge calls show as subsegments; anywhere
 * else (tests, `npm start`) or with POWERTOOLS_TRACE_ENABLED=false they are left untouched, and a
 * call without an X-Ray segment or daemon still goes through.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { loadConfig } from '../../shared/config';

const XRAY_MIDDLEWARE = 'XRaySDKInstrumentation';
const LAMBDA_ENV = { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x', AWS_REGION: 'eu-west-1' };
const CONFIG_ENV = {
  TABLE_DATA: 't-data',
  TABLE_KEYS: 't-keys',
  TABLE_AUDIT: 't-audit',
  TABLE_IDEMPOTENCY: 't-idem',
  KMS_KEY_ID: 'alias/test',
  EVENT_BUS_NAME: 'bus',
};

type Stacked = { middlewareStack: { identify(): string[] } };
const traced = (client: unknown) =>
  (client as Stacked).middlewareStack.identify().some((m) => m.startsWith(XRAY_MIDDLEWARE));

/** Loads the adapters afresh under `env` (the tracer decides at import whether it is on). */
function adaptersUnder(env: Record<string, string>) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    let loaded!: {
      tracer: typeof import('../../shared/adapters/tracer');
      dependencies: typeof import('../../shared/adapters/dependencies');
    };
    jest.isolateModules(() => {
      loaded = {
        tracer: require('../../shared/adapters/tracer'),
        dependencies: require('../../shared/adapters/dependencies'),
      };
    });
    return loaded;
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

/** The raw clients behind the dependencies: DynamoDB (through the document client), KMS and EventBridge. */
/** The clients the dependencies build; KMS and EventBridge are loaded on first use (decision 0061), so made here. */
async function clientsOf(deps: ReturnType<typeof import('../../shared/adapters/dependencies').buildDependencies>) {
  const keyring = deps.keyring as unknown as { deps: { kms: () => Promise<unknown> } };
  const events = deps.events as unknown as { deps: { client: () => Promise<unknown> } };
  return { dynamodb: deps.ddb, kms: await keyring.deps.kms(), events: await events.deps.client() };
}

describe('in a Lambda function with tracing on', () => {
  test('every AWS SDK client the dependencies build records its calls as X-Ray subsegments', async () => {
    const { tracer, dependencies } = adaptersUnder(LAMBDA_ENV);
    expect(tracer.tracer.isTracingEnabled()).toBe(true);
    const deps = dependencies.buildDependencies(loadConfig({ ...CONFIG_ENV }));
    const clients = await clientsOf(deps);
    expect(Object.fromEntries(Object.entries(clients).map(([k, c]) => [k, traced(c)]))).toEqual({
      dynamodb: true,
      kms: true,
      events: true,
    });
  });

  test('a client a test injects is used as given', () => {
    const { dependencies } = adaptersUnder(LAMBDA_ENV);
    const { DynamoDBClient: Client } = require('@aws-sdk/client-dynamodb') as {
      DynamoDBClient: typeof DynamoDBClient;
    };
    const deps = dependencies.buildDependencies(loadConfig({ ...CONFIG_ENV }), {
      dynamodb: new Client({ region: 'eu-west-1' }),
    });
    expect(traced(deps.ddb)).toBe(false);
  });

  test('a traced call without a segment (no trace context, no daemon) still reaches the service', async () => {
    const { tracer } = adaptersUnder(LAMBDA_ENV);
    const { DynamoDBClient: Client, ListTablesCommand } = require('@aws-sdk/client-dynamodb');
    const client = tracer.traced(
      new Client({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }),
    );
    const seen: string[] = [];
    // Stands in for the network: the request got past the X-Ray middleware.
    client.middlewareStack.add(
      () => async () => {
        seen.push('sent');
        return { output: { TableNames: [], $metadata: {} }, response: {} };
      },
      { step: 'finalizeRequest', name: 'stub' },
    );
    await expect(client.send(new ListTablesCommand({}))).resolves.toMatchObject({ TableNames: [] });
    expect(seen).toEqual(['sent']);
  });
});

describe('locally and in tests', () => {
  test.each([
    ['POWERTOOLS_TRACE_ENABLED=false (npm start)', { ...LAMBDA_ENV, POWERTOOLS_TRACE_ENABLED: 'false' }],
    ['outside Lambda', {}],
  ])('%s: tracing is off and clients are left untouched', async (_, env) => {
    const { tracer, dependencies } = adaptersUnder(env);
    expect(tracer.tracer.isTracingEnabled()).toBe(false);
    const deps = dependencies.buildDependencies(loadConfig({ ...CONFIG_ENV }));
    for (const client of Object.values(await clientsOf(deps))) expect(traced(client)).toBe(false);
  });
});

describe('the HTTP handler stack with tracing on', () => {
  /** A stand-in for the Lambda facade segment: records the handler subsegment's life and what is attached. */
  function fakeSegments() {
    const attached: string[] = [];
    const subsegment = {
      closed: 0,
      close() {
        this.closed += 1;
      },
      addAnnotation: () => undefined,
      addMetadata: (key: string) => attached.push(`metadata ${key}`),
      addError: () => attached.push('error'),
      addErrorFlag: () => attached.push('error flag'),
    };
    const segment = { ...subsegment, addNewSubsegment: () => subsegment };
    return { segment, subsegment, attached };
  }

  async function run(outcome: 'ok' | 'not-found') {
    const saved = { ...process.env };
    Object.assign(process.env, LAMBDA_ENV, { POWERTOOLS_TRACER_CAPTURE_ERROR: 'false' });
    try {
      let modules!: {
        tracer: typeof import('../../shared/adapters/tracer');
        http: typeof import('../../shared/http/handler');
        errors: typeof import('../../shared/domain/errors');
      };
      jest.isolateModules(() => {
        modules = {
          tracer: require('../../shared/adapters/tracer'),
          http: require('../../shared/http/handler'),
          errors: require('../../shared/domain/errors'),
        };
      });
      const fakes = fakeSegments();
      const { tracer } = modules.tracer;
      jest.spyOn(tracer, 'getSegment').mockReturnValue(fakes.segment as never);
      jest.spyOn(tracer, 'setSegment').mockImplementation(() => undefined);
      jest.spyOn(tracer, 'putAnnotation').mockImplementation(() => undefined);
      const handler = modules.http.httpHandler(
        { method: 'GET', path: '/v1/x', entry: 'x.ts', auth: 'public', roles: [], access: {} } as never,
        {},
        async () => {
          if (outcome === 'not-found') throw new modules.errors.NotFoundError('No such thing.');
          return { status: 200, body: { name: 'personal value' } };
        },
      );
      const response = await handler({ requestContext: { requestId: 'r' }, headers: {} } as never, {} as never);
      return { response, ...fakes };
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  }

  test.each([
    ['a 200 answer', 'ok'],
    ['a 404 answer (an error problem+json turns into a response)', 'not-found'],
  ] as const)('%s closes the handler subsegment, with no response or error message attached', async (_, outcome) => {
    const { response, subsegment, attached } = await run(outcome);
    expect(response.statusCode).toBe(outcome === 'ok' ? 200 : 404);
    expect(subsegment.closed).toBe(1);
    expect(attached.filter((a) => a.startsWith('metadata'))).toEqual([]);
    expect(attached.filter((a) => a === 'error')).toEqual([]);
  });
});
