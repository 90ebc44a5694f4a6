/**
 * Every state an order can reach, through every route that shows it, answers without a 5xx: placed,
 * shipped, delivered, cancelled, anonymised in place by the retention sweep (the stack restarted
 * 200 days later on the same data), and moved off an erased subject. Anonymised orders answer 200
 * with what remains (lines, totals, statuses, dates) and say when their personal details went.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { localCarrierSecret } from '../../local/env';
import { signPayload } from '../../shared/domain/webhook-signature';
import { type ApiResponse, apiClient, type CallOptions } from '../support/api-client';
import { type RunningStack, stackHookTimeoutMs, startRunningStack } from '../support/running-stack';
import { sampleOrder } from '../support/sample-requests';
import { limit } from '../support/timeouts';

const SECRET = 'order-states-secret';
const DAY = 86_400;
const LATER = 200 * DAY; // past the 180-day retention of order personal details
const dataDir = mkdtempSync(path.join(tmpdir(), 'order-states-'));
const tablePrefix = `order-states-${process.pid}`;
let stack: RunningStack | undefined;
let offset = 0;

async function start(offsetSeconds: number): Promise<void> {
  await stack?.stop();
  offset = offsetSeconds;
  stack = await startRunningStack(
    {
      LOCAL_DATA_DIR: dataDir,
      LOCAL_TABLE_PREFIX: tablePrefix,
      CLOCK_OFFSET_SECONDS: String(offsetSeconds),
      LOCAL_JOB_TRIGGERS: 'off',
      CARRIER_WEBHOOK_SECRET: SECRET,
    },
    undefined,
    ['--persist'],
  );
}

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const api = (method: string, url: string, options?: CallOptions): Promise<ApiResponse> =>
  apiClient((stack as RunningStack).url, offset)(method, url, options);

function job(name: string): unknown {
  const run = spawnSync(path.join(process.cwd(), 'node_modules/.bin/tsx'), ['local/job.ts', name], {
    env: {
      ...process.env,
      LOCAL_RUNTIME_STATE: (stack as RunningStack).stateFile,
      CLOCK_OFFSET_SECONDS: String(offset),
    },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`job ${name} failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

const support = { sub: 'agent-1', groups: ['support'], headers: { 'x-access-purpose': 'customer_support' } };
const packer = { sub: 'packer-1', groups: ['fulfillment'], headers: { 'x-access-purpose': 'shipping' } };

/** The sample order, booked on UPS Ground: the service these orders ship with. */
const upsOrder = () => ({ ...sampleOrder(), delivery: { carrier: 'ups', service: 'ground' } });

async function place(sub: string, key: string): Promise<string> {
  const res = await api('POST', '/v1/orders', { sub, body: upsOrder(), headers: { 'idempotency-key': key } });
  expect(res.status).toBe(201);
  return res.json.orderId;
}

async function ship(orderId: string): Promise<string> {
  const res = await api('POST', `/v1/admin/orders/${orderId}/shipments`, {
    ...packer,
    body: { carrier: 'ups', service: 'ground' },
  });
  expect(res.status).toBe(201);
  return res.json.trackingNumber;
}

async function deliver(trackingNumber: string, eventId: string): Promise<void> {
  const nowSeconds = Math.floor(Date.now() / 1000) + offset;
  for (const [n, status] of [
    [1, 'in_transit'],
    [2, 'delivered'],
  ] as const) {
    const raw = JSON.stringify({
      eventId: `${eventId}-${n}`,
      trackingNumber,
      status,
      occurredAt: new Date(nowSeconds * 1000).toISOString(),
    });
    const res = await api('POST', '/v1/carriers/ups/events', {
      raw,
      headers: { 'x-signature': signPayload(localCarrierSecret(SECRET, 'ups'), 'ups', nowSeconds, raw) },
    });
    expect(res.status).toBe(200);
  }
}

/** Every route that shows an order, as its owner, support and the packers see it. */
async function everyView(owner: string, orderId: string): Promise<Record<string, ApiResponse>> {
  return {
    own: await api('GET', `/v1/orders/${orderId}`, { sub: owner }),
    list: await api('GET', '/v1/orders?limit=50', { sub: owner }),
    tracking: await api('GET', `/v1/orders/${orderId}/tracking`, { sub: owner }),
    support: await api('GET', `/v1/admin/orders/${orderId}`, support),
    customer: await api('GET', `/v1/admin/customers/${owner}`, support),
    queue: await api('GET', '/v1/admin/fulfillment/queue', packer),
  };
}

function expectNoServerError(views: Record<string, ApiResponse>, state: string): void {
  const failures = Object.entries(views)
    .filter(([, res]) => res.status >= 500)
    .map(([route, res]) => `${state} via ${route}: ${res.status} ${res.text}`);
  expect(failures).toEqual([]);
}

const orders: Record<'placed' | 'shipped' | 'delivered' | 'cancelled', string> = {
  placed: '',
  shipped: '',
  delivered: '',
  cancelled: '',
};

describe('every order state through every route', () => {
  beforeAll(async () => {
    await start(0);
    for (const sub of ['ada', 'eve']) {
      const res = await api('POST', '/v1/me', {
        sub,
        body: { name: `Name ${sub}`, email: `${sub}@example.com`, acceptPolicyVersion: 1 },
      });
      expect(res.status).toBe(201);
    }
    orders.placed = await place('ada', 'placed');
    orders.shipped = await place('ada', 'shipped');
    await ship(orders.shipped);
    orders.delivered = await place('ada', 'delivered');
    await deliver(await ship(orders.delivered), 'evt-delivered');
    orders.cancelled = await place('ada', 'cancelled');
    expect((await api('POST', `/v1/orders/${orders.cancelled}/cancel`, { sub: 'ada' })).status).toBe(200);
  }, stackHookTimeoutMs() + limit(60_000));

  it.each(['placed', 'shipped', 'delivered', 'cancelled'] as const)(
    'shows a %s order with its details through every route',
    async (state) => {
      const views = await everyView('ada', orders[state]);
      expectNoServerError(views, state);
      expect(views.own?.json).toMatchObject({ status: state, personalData: 'held' });
      expect(views.support?.json).toMatchObject({ status: state, personalData: 'held' });
    },
  );

  it('shows the orders of an erased subject, moved to an untraceable identity, without their details', async () => {
    const delivered = await place('eve', 'eve-delivered');
    await deliver(await ship(delivered), 'evt-eve');
    const unshipped = await place('eve', 'eve-unshipped');
    const token = { sub: 'eve' };
    const erasure = await api('POST', '/v1/me/privacy-requests', { ...token, body: { type: 'erasure' } });
    expect(erasure.status).toBe(202);
    expect(job('privacy-requests')).toMatchObject({ completed: 1 });

    for (const orderId of [delivered, unshipped]) {
      const views = await everyView('eve', orderId);
      expectNoServerError(views, `erased subject's ${orderId}`);
      // No longer the subject's order, and the subject no longer exists.
      expect(views.own?.status).toBe(404);
      expect(views.support?.status).toBe(200);
      expect(views.support?.json).toMatchObject({
        personalData: 'removed',
        personalDataRemovedAt: expect.any(String),
        total: expect.any(Number),
        items: expect.any(Array),
        statusHistory: expect.any(Array),
      });
      expect(views.support?.json).not.toHaveProperty('shippingAddress');
    }
  });

  it(
    'shows orders anonymised in place by the retention sweep 200 days later, with what remains and when the details went',
    async () => {
      await start(LATER);
      expect(job('retention-sweep')).toMatchObject({ ordersAnonymised: 2 });

      for (const state of ['delivered', 'cancelled'] as const) {
        const views = await everyView('ada', orders[state]);
        expectNoServerError(views, `anonymised ${state}`);
        expect(views.own?.status).toBe(200);
        expect(views.own?.json).toMatchObject({
          orderId: orders[state],
          status: state,
          total: expect.any(Number),
          items: expect.any(Array),
          statusHistory: expect.any(Array),
          personalData: 'removed',
          personalDataRemovedAt: expect.any(String),
        });
        for (const field of ['shippingAddress', 'billingAddress', 'payment', 'contactPhone'])
          expect(views.own?.json).not.toHaveProperty(field);
        expect(views.support?.json).toMatchObject({
          personalData: 'removed',
          personalDataRemovedAt: expect.any(String),
        });
        const listed = views.list?.json.orders.find((o: { orderId: string }) => o.orderId === orders[state]);
        expect(listed).toMatchObject({ personalDataRemovedAt: expect.any(String) });
      }
      // Still held: the order in transit and the one waiting to ship.
      for (const state of ['placed', 'shipped'] as const) {
        const views = await everyView('ada', orders[state]);
        expectNoServerError(views, `${state} after the sweep`);
        expect(views.own?.json).toMatchObject({ personalData: 'held' });
      }

      // The owner's export carries the anonymised orders too.
      const exportRequest = await api('POST', '/v1/me/privacy-requests', { sub: 'ada', body: { type: 'export' } });
      expect(exportRequest.status).toBe(202);
      job('privacy-requests');
      const document = await api('GET', `/v1/me/privacy-requests/${exportRequest.json.id}/export`, { sub: 'ada' });
      expect(document.status).toBe(200);
      expect(document.text).toContain(orders.delivered);
      expect(document.text).toContain(orders.cancelled);
    },
    stackHookTimeoutMs() + limit(120_000),
  );
});
