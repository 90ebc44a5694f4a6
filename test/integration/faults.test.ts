/**
 * Fault injection through the adapters, on DynamoDB Local: the application's document client (or
 * its KMS client) fails the way AWS fails — throttling, an unreachable key service, an audit write
 * that cannot land, a lost conditional-write race — and every use case refuses with a 503 (or a
 * 409/412 for the loser of a race) that names no personal value, having written nothing: the four
 * tables are compared item by item before and after. App code is untouched; faults are injected
 * by wrapping `deps.ddb.send` or by handing the harness a failing KMS client. Payment faults go
 * through the local processor the real Stripe SDK talks to: down, a decline, a timeout after it
 * authorised, a crash between authorisation and commit — each ends with nothing held and no stock lost.
 */
import { inspect } from 'node:util';
import { ProvisionedThroughputExceededException, ScanCommand, ThrottlingException } from '@aws-sdk/client-dynamodb';
import type { KMSClient } from '@aws-sdk/client-kms';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import Stripe from 'stripe';
import { type PaymentsServerHandle, startPaymentsServer } from '../../local/payments/server';
import { subjectKey } from '../../shared/adapters/dynamodb/keys';
import { KMS_KEY_ENV, tables } from '../../shared/config/resources';
import { idempotencyRecordId } from '../../shared/domain/idempotency';
import type { PlaceOrder } from '../../shared/domain/order';
import { getOwnProfile, rectifyProfile, registerProfile } from '../../shared/usecases/account';
import { changeConsent, listConsents } from '../../shared/usecases/consents';
import { listOrders, placeOrder } from '../../shared/usecases/orders';
import { ORPHAN_GRACE_MINUTES, reconcilePayments } from '../../shared/usecases/payment-reconciliation';
import {
  canaries,
  dumpTables,
  dynamodbClient,
  dynamodbEndpoint,
  type Harness,
  harness,
  kmsClient,
  kmsEndpoint,
  paymentsKeyOf,
  selfAccess,
} from '../support/app-harness';
import { testEndpoints } from '../support/local-stack';

const self = selfAccess;

type Send = (command: unknown) => Promise<unknown>;
type Throttle = 'ProvisionedThroughputExceededException' | 'ThrottlingException';
const THROTTLES: readonly Throttle[] = ['ProvisionedThroughputExceededException', 'ThrottlingException'];
const WRITES = new Set(['PutCommand', 'UpdateCommand', 'DeleteCommand', 'TransactWriteCommand', 'BatchWriteCommand']);

/**
 * The error the SDK throws when DynamoDB throttles. `echo` goes into its message, as a service
 * message may quote request data: none of it may reach the use case's error.
 */
function throttled(name: Throttle, echo: string): Error {
  const options = {
    message: `Rate of requests exceeds the allowed throughput (request: ${echo})`,
    $metadata: { httpStatusCode: 400, requestId: 'THROTTLED', attempts: 3 },
  };
  return name === 'ProvisionedThroughputExceededException'
    ? new ProvisionedThroughputExceededException(options)
    : new ThrottlingException(options);
}

/** Which commands the injected fault hits. */
type Scope = 'every request' | 'writes' | 'reads' | 'the transaction';
const hits = (scope: Scope, command: string): boolean =>
  scope === 'every request' ||
  (scope === 'writes' && WRITES.has(command)) ||
  (scope === 'reads' && !WRITES.has(command)) ||
  (scope === 'the transaction' && command === 'TransactWriteCommand');

/** Wraps the app's document client: `fault` may return an error to throw instead of sending. */
function injectFault(
  h: Harness,
  fault: (command: string, input: Record<string, unknown>) => Error | undefined | Promise<Error | undefined>,
) {
  const ddb = h.deps.ddb as unknown as { send: Send };
  const send = ddb.send.bind(ddb);
  const injected: string[] = [];
  ddb.send = async (command: unknown) => {
    const name = (command as object).constructor.name;
    const error = await fault(name, (command as { input: Record<string, unknown> }).input);
    if (error) {
      injected.push(name);
      throw error;
    }
    return send(command);
  };
  return {
    injected,
    restore: () => {
      ddb.send = send;
    },
  };
}

/** Every item of every table of the harness, keyed and sorted, strongly consistent. */
async function snapshot(h: Harness): Promise<Record<keyof Harness['names'], Record<string, unknown>[]>> {
  const out = {} as Record<keyof Harness['names'], Record<string, unknown>[]>;
  for (const [id, table] of Object.entries(h.names) as [keyof Harness['names'], string][]) {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await dynamodbClient().send(
        new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: start as never }),
      );
      items.push(...(page.Items ?? []).map((i) => unmarshall(i)));
      start = page.LastEvaluatedKey;
    } while (start);
    out[id] = items.sort((a, b) => `${a.pk ?? a.id}|${a.sk ?? ''}`.localeCompare(`${b.pk ?? b.id}|${b.sk ?? ''}`));
  }
  return out;
}

/** The rejection of `promise` (failing the test if it resolves). */
async function rejectionOf(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** A 503 the handler turns into problem+json with Retry-After, quoting none of `personal`. */
function expectUnavailable(error: Error & Record<string, unknown>, personal: readonly string[]) {
  expect(error).toMatchObject({ name: 'UnavailableError', status: 503, kind: 'unavailable', retryAfterSeconds: 1 });
  const everything = `${error.message}\n${inspect(error, { depth: 5 })}`;
  for (const value of personal) expect(everything).not.toContain(value);
  expect(everything).not.toContain('Rate of requests exceeds');
}

const orderOf = (c: ReturnType<typeof canaries>): PlaceOrder => ({
  currency: 'EUR',
  items: [{ sku: 'SOCK-3', quantity: 1 }],
  delivery: { carrier: 'royalmail', service: 'tracked48' },
  shippingAddress: { recipient: c.name, line1: c.street, city: c.city, postalCode: 'LS1 1AA', country: 'GB' },
  billing: { payment: { processor: 'stripe', paymentMethod: 'pm_card_visa' } },
  contactPhone: c.phone,
});

/** The authorisations the processor holds for a request (by its idempotency record id), as the SDK lists them. */
async function heldFor(recordId: string): Promise<string[]> {
  const url = new URL(testEndpoints().paymentsEndpoint);
  const stripe = new Stripe(paymentsKeyOf(h.names), { host: url.hostname, port: Number(url.port), protocol: 'http' });
  const held: string[] = [];
  for await (const intent of stripe.paymentIntents.list({ limit: 100 })) {
    if (intent.metadata.orderRequest === recordId && intent.status === 'requires_capture') held.push(intent.id);
  }
  return held;
}

// DynamoDB Local enforces TTL against the real clock: items dated in the past (idempotency records)
// would vanish between two snapshots. The harness clock starts at the real time instead.
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
/** Another process (own clients, caches and clock) on the same tables. */
const processOn = (names: Harness['names'], options: { kms?: KMSClient } = {}) =>
  harness({ names, start: NOW, ...options });

let h: Harness;
beforeAll(async () => {
  h = await harness({ start: NOW, seedPolicy: true });
});

async function registered(tag: string) {
  const c = canaries(tag);
  await registerProfile(
    h.deps,
    { name: c.name, email: c.email, phone: c.phone, acceptPolicyVersion: 1, consents: { analytics: true } },
    self(tag),
  );
  return c;
}

describe('DynamoDB throttling', () => {
  const cases = THROTTLES.flatMap((error) =>
    (['every request', 'the transaction'] as const).map((scope) => [error, scope] as const),
  );

  it.each(cases)('registration: %s on %s → 503, nothing written', async (error, scope) => {
    const tag = `reg-${error.length}-${scope.length}`;
    const c = canaries(tag);
    const before = await snapshot(h);
    const fault = injectFault(h, (command) => (hits(scope, command) ? throttled(error, c.email) : undefined));
    const failure = await rejectionOf(
      registerProfile(
        h.deps,
        { name: c.name, email: c.email, phone: c.phone, acceptPolicyVersion: 1, consents: { analytics: true } },
        self(tag),
      ),
    ).finally(fault.restore);

    expect(fault.injected.length).toBeGreaterThan(0);
    expectUnavailable(failure, Object.values(c));
    const after = await snapshot(h);
    expect(after.data).toEqual(before.data);
    expect(after.audit).toEqual(before.audit);
    expect(after.idempotency).toEqual(before.idempotency);
    if (scope === 'every request') {
      expect(after.keys).toEqual(before.keys);
    } else {
      // The subject's wrapped data key is created before the transaction (sealing needs it) and
      // stays: no personal value, reused by the retry. Nothing else in the keys table changes.
      const added = after.keys.filter((k) => !before.keys.some((b) => b.pk === k.pk));
      expect(added.map((k) => k.pk)).toEqual([subjectKey(tag).pk]);
      expect(after.keys.filter((k) => k.pk !== subjectKey(tag).pk)).toEqual(before.keys);
    }
    expect(await dumpTables(h.names)).not.toContain(c.email);
    // The fault lifted, the same registration goes through.
    await registerProfile(h.deps, { name: c.name, email: c.email, acceptPolicyVersion: 1 }, self(tag));
    await expect(h.deps.audit.verify(tag)).resolves.toMatchObject({ valid: true, records: 2 });
  });

  it.each(THROTTLES.flatMap((error) => (['every request', 'reads'] as const).map((scope) => [error, scope] as const)))(
    'profile read: %s on %s → 503, nothing written',
    async (error, scope) => {
      const tag = `read-${error.length}-${scope.length}`;
      const c = await registered(tag);
      // A new process: no data key cached, so the read goes all the way to the tables.
      const p = await processOn(h.names);
      const before = await snapshot(h);
      const fault = injectFault(p, (command) => (hits(scope, command) ? throttled(error, c.name) : undefined));
      const failure = await rejectionOf(getOwnProfile(p.deps, self(tag))).finally(fault.restore);
      expect(fault.injected[0]).toBe('GetCommand');
      expectUnavailable(failure, Object.values(c));
      expect(await snapshot(h)).toEqual(before);
      await expect(getOwnProfile(p.deps, self(tag))).resolves.toMatchObject({ name: c.name, version: 1 });
    },
  );

  it.each(cases)(
    'placeOrder: %s on %s → 503, no order, no idempotency record, one authorisation at most',
    async (error, scope) => {
      const tag = `order-${error.length}-${scope.length}`;
      const recordId = idempotencyRecordId('order', tag, 'key-1');
      const c = await registered(tag);
      const published = (await h.published()).length;
      const before = await snapshot(h);
      const fault = injectFault(h, (command) => (hits(scope, command) ? throttled(error, c.phone) : undefined));
      const failure = await rejectionOf(placeOrder(h.deps, orderOf(c), 'key-1', self(tag))).finally(fault.restore);

      expect(fault.injected.length).toBeGreaterThan(0);
      if (scope === 'the transaction') expect(new Set(fault.injected)).toEqual(new Set(['TransactWriteCommand']));
      expectUnavailable(failure, Object.values(c));
      expect(await snapshot(h)).toEqual(before);
      expect((await listOrders(h.deps, { limit: 10 }, self(tag))).orders).toEqual([]);
      expect(await h.deps.idempotency.find(recordId, tag)).toBeUndefined();
      expect((await h.published()).length).toBe(published);
      // Reads failing stop it before the processor; a transaction failing after authorising leaves one
      // hold (its outcome unknown: the reconciliation job voids it unless an order takes it).
      expect(await heldFor(recordId)).toHaveLength(scope === 'the transaction' ? 1 : 0);
      // The client's retry with the same key is not blocked by a half-claimed key: exactly one order,
      // paid by the same authorisation (never a second one).
      const retried = await placeOrder(h.deps, orderOf(c), 'key-1', self(tag));
      expect(retried.replayed).toBe(false);
      expect((await listOrders(h.deps, { limit: 10 }, self(tag))).orders).toHaveLength(1);
      expect(await heldFor(recordId)).toEqual([retried.order.payment.paymentId]);
    },
  );

  it.each(cases)('consent change: %s on %s → 503, ledger unchanged', async (error, scope) => {
    const tag = `consent-${error.length}-${scope.length}`;
    const c = await registered(tag);
    const before = await snapshot(h);
    const fault = injectFault(h, (command) => (hits(scope, command) ? throttled(error, c.email) : undefined));
    const failure = await rejectionOf(changeConsent(h.deps, 'analytics', false, self(tag))).finally(fault.restore);
    expect(fault.injected.length).toBeGreaterThan(0);
    expectUnavailable(failure, Object.values(c));
    expect(await snapshot(h)).toEqual(before);
    expect(await listConsents(h.deps, self(tag))).toContainEqual(
      expect.objectContaining({ purpose: 'analytics', granted: true }),
    );
    await expect(h.deps.audit.verify(tag)).resolves.toMatchObject({ valid: true, records: 3 });
  });
});

describe('conditional-write races between two writers', () => {
  it('two registrations of one subject: one wins, the other gets 409, nothing of the loser is stored', async () => {
    const [p1, p2] = await Promise.all([processOn(h.names), processOn(h.names)]);
    const a = canaries('raceA');
    const b = canaries('raceB');
    const results = await Promise.allSettled([
      registerProfile(
        p1.deps,
        { name: a.name, email: a.email, acceptPolicyVersion: 1, consents: { analytics: true } },
        self('race-reg'),
      ),
      registerProfile(
        p2.deps,
        {
          name: b.name,
          email: b.email,
          phone: b.phone,
          acceptPolicyVersion: 1,
          consents: { service_improvement: true },
        },
        self('race-reg'),
      ),
    ]);
    const won = results.findIndex((r) => r.status === 'fulfilled');
    const lost = results.findIndex((r) => r.status === 'rejected');
    expect([won, lost].sort()).toEqual([0, 1]);
    expect((results[lost] as PromiseRejectedResult).reason).toMatchObject({ status: 409, kind: 'conflict' });
    const [winner, loser] = won === 0 ? [a, b] : [b, a];

    const profile = await getOwnProfile(h.deps, self('race-reg'));
    expect(profile).toMatchObject({ name: winner.name, email: winner.email, version: 1 });
    // Exactly the winner's consent; none of the loser's.
    const consents = await h.deps.consents.entries('race-reg');
    expect(consents.map((e) => e.purpose)).toEqual([won === 0 ? 'analytics' : 'service_improvement']);
    const dump = await dumpTables(h.names);
    expect(dump).not.toContain(loser.name);
    await expect(h.deps.audit.verify('race-reg')).resolves.toMatchObject({ valid: true, records: 3 });
  });

  it('two rectifications with the same If-Match: one lands, the other gets 412, no torn profile', async () => {
    const c = await registered('race-rect');
    const [p1, p2] = await Promise.all([processOn(h.names), processOn(h.names)]);
    const patches = [
      { name: 'Writer One', email: 'writer.one@example.com', phone: '+447700900101' },
      { name: 'Writer Two', email: 'writer.two@example.com', phone: '+447700900202' },
    ];
    const results = await Promise.allSettled([
      rectifyProfile(p1.deps, patches[0] ?? {}, 1, self('race-rect')),
      rectifyProfile(p2.deps, patches[1] ?? {}, 1, self('race-rect')),
    ]);
    const won = results.findIndex((r) => r.status === 'fulfilled');
    const lost = results.findIndex((r) => r.status === 'rejected');
    expect([won, lost].sort()).toEqual([0, 1]);
    expect((results[lost] as PromiseRejectedResult).reason).toMatchObject({
      status: 412,
      kind: 'precondition-failed',
    });
    const stored = await getOwnProfile(h.deps, self('race-rect'));
    expect(stored).toEqual((results[won] as PromiseFulfilledResult<unknown>).value);
    expect(stored).toMatchObject({ ...patches[won], version: 2 });
    for (const value of [c.name, c.email, c.phone, ...Object.values(patches[lost] ?? {})]) {
      expect(JSON.stringify(stored)).not.toContain(value);
    }
    const { records } = await h.deps.audit.list('race-rect', { limit: 10 });
    expect(records.filter((r) => r.action === 'profile.rectify')).toHaveLength(1);
    await expect(h.deps.audit.verify('race-rect')).resolves.toMatchObject({ valid: true, records: 4 });
  });
});

describe('KMS unavailable on placeOrder', () => {
  const failing = () => {
    const calls: string[] = [];
    const client = {
      config: {},
      send: async (command: object) => {
        calls.push(command.constructor.name);
        throw Object.assign(new Error('KMS is unavailable (key arn:aws:kms:local)'), {
          name: 'KMSInternalException',
          $fault: 'server',
          $metadata: { httpStatusCode: 500 },
        });
      },
      destroy: () => {},
    };
    return { calls, client: client as unknown as KMSClient };
  };

  it.each([
    ['a client whose every call fails', () => failing()],
    ['an unreachable endpoint', () => ({ calls: undefined, client: kmsClient('http://127.0.0.1:9') })],
  ])('%s → 503, no order, no idempotency record, no event, the hold released', async (label, make) => {
    const tag = `kms-${label.length}`;
    const c = await registered(tag);
    const { calls, client } = make();
    // A new process whose key service is down: the subject's key is not cached there.
    const offline = await processOn(h.names, { kms: client });
    const published = (await offline.published()).length;
    const before = await snapshot(h);
    const failure = await rejectionOf(placeOrder(offline.deps, orderOf(c), 'kms-key', self(tag)));
    expectUnavailable(failure, Object.values(c));
    if (calls) expect(calls).toEqual(['DecryptCommand']);
    expect(await snapshot(h)).toEqual(before);
    expect((await listOrders(h.deps, { limit: 10 }, self(tag))).orders).toEqual([]);
    expect(await h.deps.idempotency.find(idempotencyRecordId('order', tag, 'kms-key'), tag)).toBeUndefined();
    expect((await offline.published()).length).toBe(published);
    // Sealing failed before anything was sent to DynamoDB: a definite failure, so the hold went at once.
    expect(await heldFor(idempotencyRecordId('order', tag, 'kms-key'))).toEqual([]);
  });
});

describe('audit write failing during placeOrder', () => {
  it('the audit items of the transaction cannot be written → 503, no order item, nothing written', async () => {
    const c = await registered('audit-tx');
    const before = await snapshot(h);
    // DynamoDB rejects the audit half of the transaction (its table is gone): the order half must not land.
    const fault = injectFault(h, (command, input) => {
      if (command !== 'TransactWriteCommand') return undefined;
      for (const item of input.TransactItems as { Put?: { TableName?: string } }[]) {
        if (item.Put?.TableName === h.names.audit) item.Put.TableName = `${h.names.audit}-gone`;
      }
      return undefined;
    });
    const failure = await rejectionOf(placeOrder(h.deps, orderOf(c), 'audit-key', self('audit-tx'))).finally(
      fault.restore,
    );
    expectUnavailable(failure, Object.values(c));
    expect(await snapshot(h)).toEqual(before);
    expect((await listOrders(h.deps, { limit: 10 }, self('audit-tx'))).orders).toEqual([]);
  });

  it('the audit table is unavailable to this process → 503, no order item', async () => {
    const c = await registered('audit-down');
    const broken = await processOn({ ...h.names, audit: 'no-such-audit-table' });
    const before = await snapshot(h);
    const failure = await rejectionOf(placeOrder(broken.deps, orderOf(c), 'audit-key', self('audit-down')));
    expectUnavailable(failure, Object.values(c));
    expect(await snapshot(h)).toEqual(before);
  });

  it('the chain head keeps moving under it (a hot subject) → bounded retries, then 503, no order item', async () => {
    const c = await registered('audit-hot');
    const other = await processOn(h.names);
    let appends = 0;
    // Before each attempt reaches DynamoDB, another process appends to the same chain first.
    const fault = injectFault(h, async (command) => {
      if (command !== 'TransactWriteCommand') return undefined;
      appends++;
      await other.deps.audit.append({
        actor: { id: 'staff-1', role: 'support' },
        action: 'test.concurrent',
        subjectId: 'audit-hot',
        resource: 'profile',
        purpose: 'customer_support',
        fields: [],
        outcome: 'success',
        requestId: `hot-${appends}`,
      });
      return undefined;
    });
    const failure = await rejectionOf(placeOrder(h.deps, orderOf(c), 'hot-key', self('audit-hot'))).finally(
      fault.restore,
    );
    expectUnavailable(failure, Object.values(c));
    expect(appends).toBeGreaterThan(1);
    expect((await listOrders(h.deps, { limit: 10 }, self('audit-hot'))).orders).toEqual([]);
    expect(
      await h.deps.idempotency.find(idempotencyRecordId('order', 'audit-hot', 'hot-key'), 'audit-hot'),
    ).toBeUndefined();
    // Only the other writer's records landed, and the chain is intact.
    const { records } = await h.deps.audit.list('audit-hot', { limit: 50 });
    expect(records.filter((r) => r.action === 'order.place')).toEqual([]);
    await expect(h.deps.audit.verify('audit-hot')).resolves.toMatchObject({ valid: true, records: 3 + appends });
  });
});

describe('HTTP: a real handler module under a DynamoDB fault', () => {
  it('GET /v1/me answers 503 problem+json with Retry-After and no personal value', async () => {
    const c = await registered('http-503');
    const env = {
      [tables.data.envVar]: h.names.data,
      [tables.keys.envVar]: h.names.keys,
      [KMS_KEY_ENV]: process.env.TEST_KMS_KEY_ID ?? 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamodbEndpoint(),
      AWS_ENDPOINT_URL_KMS: kmsEndpoint(),
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    };
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    type Handler = (e: APIGatewayProxyEventV2, c: Context) => Promise<APIGatewayProxyStructuredResultV2>;
    let handler: Handler | undefined;
    let restore = () => {};
    let throttledCalls = 0;
    try {
      jest.isolateModules(() => {
        // The handler's own module graph (as at a cold start), with its document client throttled.
        const lib = require('@aws-sdk/lib-dynamodb') as typeof import('@aws-sdk/lib-dynamodb');
        const proto = lib.DynamoDBDocumentClient.prototype as unknown as { send: Send };
        proto.send = async () => {
          throttledCalls++;
          throw throttled('ProvisionedThroughputExceededException', c.email);
        };
        restore = () => {
          delete (proto as Partial<typeof proto>).send;
        };
        handler = (require('../../functions/account/get-profile') as { handler: Handler }).handler;
      });
      const event = {
        version: '2.0',
        routeKey: 'GET /v1/me',
        rawPath: '/v1/me',
        rawQueryString: '',
        headers: {},
        requestContext: { requestId: 'req-503', authorizer: { jwt: { claims: { sub: 'http-503' }, scopes: null } } },
        isBase64Encoded: false,
      } as unknown as APIGatewayProxyEventV2;
      const res = await (handler as Handler)(event, {
        functionName: 'get-profile',
        awsRequestId: 'req-503',
      } as Context);
      expect(throttledCalls).toBeGreaterThan(0);
      expect(res.statusCode).toBe(503);
      expect(res.headers).toMatchObject({ 'retry-after': '1', 'content-type': 'application/problem+json' });
      expect(JSON.parse(res.body ?? '{}')).toMatchObject({ status: 503, requestId: 'req-503' });
      for (const value of Object.values(c)) expect(JSON.stringify(res)).not.toContain(value);
    } finally {
      restore();
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});

describe('payment faults: nothing left held, no stock lost', () => {
  let payments: PaymentsServerHandle;
  let p: Harness;
  // Each test its own processor, tables and clock at the processor's (real) time, as one deployment
  // has one processor account: the reconciliation never meets another test's authorisations.
  beforeEach(async () => {
    payments = await startPaymentsServer({ port: 0, accounts: 'any-test-key' });
    p = await harness({
      start: new Date(Math.floor(Date.now() / 1000) * 1000),
      seedPolicy: true,
      config: { STRIPE_API_URL: payments.endpoint },
    });
  });
  afterEach(() => payments.stop());

  const stockOfSocks = async () => (await p.deps.products.get('SOCK-3'))?.stock;
  const heldHere = async (): Promise<string[]> => {
    const url = new URL(payments.endpoint);
    const stripe = new Stripe(paymentsKeyOf(p.names), { host: url.hostname, port: Number(url.port), protocol: 'http' });
    const held: string[] = [];
    for await (const intent of stripe.paymentIntents.list({ limit: 100 })) {
      if (intent.status === 'requires_capture') held.push(intent.id);
    }
    return held;
  };
  const register = async (tag: string) => {
    const c = canaries(tag);
    await registerProfile(p.deps, { name: c.name, email: c.email, acceptPolicyVersion: 1 }, self(tag));
    return c;
  };

  it('processor down → 503 with Retry-After, no order, no stock taken, nothing held', async () => {
    const c = await register('pay-down');
    const stock = await stockOfSocks();
    payments.setOutage('refuse');
    const failure = await rejectionOf(placeOrder(p.deps, orderOf(c), 'down-key', self('pay-down')));
    payments.setOutage('none');
    expect(failure).toMatchObject({ name: 'PaymentUnavailableError', status: 503, retryAfterSeconds: 10 });
    expect((await listOrders(p.deps, { limit: 10 }, self('pay-down'))).orders).toEqual([]);
    expect(await stockOfSocks()).toBe(stock);
    expect(await heldHere()).toEqual([]);
  });

  it('declined → 402, no order, no stock taken, nothing held', async () => {
    const c = await register('pay-declined');
    const stock = await stockOfSocks();
    const declined = {
      ...orderOf(c),
      billing: { payment: { processor: 'stripe', paymentMethod: 'pm_card_chargeDeclined' } },
    };
    const failure = await rejectionOf(placeOrder(p.deps, declined as PlaceOrder, 'declined-key', self('pay-declined')));
    expect(failure).toMatchObject({ status: 402, kind: 'payment-declined' });
    expect((await listOrders(p.deps, { limit: 10 }, self('pay-declined'))).orders).toEqual([]);
    expect(await stockOfSocks()).toBe(stock);
    expect(await heldHere()).toEqual([]);
  });

  it('a timeout after the processor authorised → 503; the retry places the order on that same authorisation', async () => {
    const c = await register('pay-timeout');
    payments.setOutage('lose-responses');
    const failure = await rejectionOf(placeOrder(p.deps, orderOf(c), 'timeout-key', self('pay-timeout')));
    expect(failure).toMatchObject({ status: 503 });
    payments.setOutage('none');
    const [held] = await heldHere();
    const retried = await placeOrder(p.deps, orderOf(c), 'timeout-key', self('pay-timeout'));
    expect(retried.order.payment.paymentId).toBe(held);
    expect(await heldHere()).toEqual([held]);
    // Later, the reconciliation job finds the hold taken by an order and leaves it.
    p.clock.advance((ORPHAN_GRACE_MINUTES + 1) * 60);
    expect(await reconcilePayments(p.deps)).toMatchObject({ orphansVoided: 0 });
    expect(await heldHere()).toEqual([held]);
  });

  it('a crash between authorisation and commit → the reconciliation job voids the hold; no stock was taken', async () => {
    const c = await register('pay-crash');
    const stock = await stockOfSocks();
    const before = await heldHere();
    // The process dies as it sends the transaction: nothing reaches DynamoDB, no one voids the hold.
    const fault = injectFault(p, (command) => (command === 'TransactWriteCommand' ? new Error('killed') : undefined));
    await rejectionOf(placeOrder(p.deps, orderOf(c), 'crash-key', self('pay-crash'))).finally(fault.restore);
    const orphan = (await heldHere()).filter((id) => !before.includes(id));
    expect(orphan).toHaveLength(1);
    expect(await stockOfSocks()).toBe(stock);
    // Within the grace period nothing is judged; after it, the hold no order took is voided, once.
    expect(await reconcilePayments(p.deps)).toMatchObject({ orphansVoided: 0 });
    p.clock.advance((ORPHAN_GRACE_MINUTES + 1) * 60);
    expect(await reconcilePayments(p.deps)).toMatchObject({ orphansVoided: 1 });
    expect(await heldHere()).toEqual(before);
    expect(await reconcilePayments(p.deps)).toMatchObject({ authorisationsExamined: 0, orphansVoided: 0 });
    expect((await listOrders(p.deps, { limit: 10 }, self('pay-crash'))).orders).toEqual([]);
  });
});
