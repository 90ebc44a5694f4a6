/**
 * Load against `npm start` on loopback: 20 registered customers with one order each, then 30 s of
 * autocannon with 8 connections cycling through a mixed customer workload — GET /v1/me,
 * GET /v1/orders, GET /v1/orders/{id}, PUT a consent and POST /v1/orders with a fresh
 * Idempotency-Key each time — all with valid tokens. Every response must be 2xx, with no
 * connection error or timeout, and every order placed must be there afterwards. Throughput and
 * latency percentiles are printed and written to bench/results/load-latest.json, beside a baseline run
 * in the same invocation (the empty health handler behind the same gateway, same connections and
 * duration) and the ratios to it, which mean something on any machine.
 * Run by `npm run test:stress` only.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { signToken } from '../../local/auth/issuer';
import { apiClient } from '../support/api-client';
import { type RunningStack, stackHookTimeoutMs, startRunningStack } from '../support/running-stack';
import { sampleOrder } from '../support/sample-requests';
import { limit } from '../support/timeouts';

const CUSTOMERS = 20;
const CONNECTIONS = 8;
const DURATION_SECONDS = 30;
const RESULTS_FILE = path.join(process.cwd(), 'bench/results/load-latest.json');
// Bound the test here (setup, 30 s of load, verification): longer than the global testTimeout.
jest.setTimeout(limit(240_000));

let stack: RunningStack;
beforeAll(async () => {
  // Queue-driven jobs stay off: the load is the API's alone.
  stack = await startRunningStack({ LOCAL_JOB_TRIGGERS: 'off' });
}, stackHookTimeoutMs());
afterAll(async () => {
  await stack?.stop();
});

/** Products the run orders from (each line a different one, round robin). */
const LOAD_SKUS = 7;

interface Customer {
  readonly sub: string;
  readonly token: string;
  readonly orderId: string;
}

type Route = 'getProfile' | 'listOrders' | 'getOrder' | 'putConsent' | 'placeOrder';
interface Tally {
  responses: number;
  byStatus: Record<string, number>;
  /** The first few refusals, for the failure message (problem type and detail only). */
  samples: string[];
}

it(`serves ${DURATION_SECONDS} s of mixed customer load with no non-2xx, error or timeout`, async () => {
  const api = apiClient(stack.url);
  const run = randomUUID().slice(0, 8);
  const customers: Customer[] = [];
  // Products with stock for the whole run, so stock never refuses an order here (its race is tested elsewhere).
  for (let n = 0; n < LOAD_SKUS; n++) {
    const created = await api('PUT', `/v1/admin/products/LOAD-${n}`, {
      sub: 'load-manager',
      groups: ['catalogue-manager'],
      body: { name: `Load item ${n}`, prices: { EUR: 1000 + n }, stock: 1_000_000, shippingProfile: 'parcel' },
    });
    expect(created.status).toBe(201);
  }
  for (let i = 0; i < CUSTOMERS; i++) {
    const sub = `load-${run}-${i}`;
    const registered = await api('POST', '/v1/me', {
      sub,
      body: { name: `Load Customer ${i}`, email: `load.${run}.${i}@example.com`, acceptPolicyVersion: 1 },
    });
    expect(registered.status).toBe(201);
    const placed = await api('POST', '/v1/orders', {
      sub,
      body: sampleOrder(),
      headers: { 'idempotency-key': `seed-${run}-${i}` },
    });
    expect(placed.status).toBe(201);
    // Tokens live an hour; the run is bounded well within that.
    customers.push({ sub, token: signToken({ sub }), orderId: String(placed.json.orderId) });
  }

  const tallies = Object.fromEntries(
    (['getProfile', 'listOrders', 'getOrder', 'putConsent', 'placeOrder'] as Route[]).map((r) => [
      r,
      { responses: 0, byStatus: {}, samples: [] } as Tally,
    ]),
  ) as Record<Route, Tally>;
  const acknowledged = new Set<string>();
  const record = (route: Route) => (status: number, body: string) => {
    if (route === 'placeOrder' && status === 201) acknowledged.add(String(safeJson(body)?.orderId));
    const tally = tallies[route];
    tally.responses++;
    tally.byStatus[status] = (tally.byStatus[status] ?? 0) + 1;
    if ((status < 200 || status > 299) && tally.samples.length < 5) {
      // Only the problem's type and detail: never the request or response as a whole.
      const problem = safeJson(body);
      tally.samples.push(`${status} ${problem?.type ?? ''} ${problem?.detail ?? body.slice(0, 120)}`);
    }
  };

  // Each connection walks the five requests in turn for one customer, then moves to the next
  // customer (round robin), so concurrent connections mostly act for different customers.
  let nextCustomer = 0;
  let nextKey = 0;
  type Context = { customer?: Customer; n?: number };
  const customerOf = (context: object): Customer => {
    const ctx = context as Context;
    if (!ctx.customer) {
      ctx.n = nextCustomer++;
      ctx.customer = customers[ctx.n % customers.length] as Customer;
    }
    return ctx.customer;
  };
  const auth = (c: Customer, extra: Record<string, string> = {}) => ({
    authorization: `Bearer ${c.token}`,
    ...extra,
  });
  const requests: autocannon.Request[] = [
    {
      method: 'GET',
      path: '/v1/me',
      setupRequest: (req, context) => ({ ...req, headers: auth(customerOf(context)) }),
      onResponse: record('getProfile'),
    },
    {
      method: 'GET',
      path: '/v1/orders?limit=10',
      setupRequest: (req, context) => ({ ...req, headers: auth(customerOf(context)) }),
      onResponse: record('listOrders'),
    },
    {
      method: 'GET',
      setupRequest: (req, context) => {
        const c = customerOf(context);
        return { ...req, path: `/v1/orders/${c.orderId}`, headers: auth(c) };
      },
      onResponse: record('getOrder'),
    },
    {
      method: 'PUT',
      path: '/v1/me/consents/analytics',
      setupRequest: (req, context) => ({
        ...req,
        headers: auth(customerOf(context), { 'content-type': 'application/json' }),
        body: JSON.stringify({ granted: ((context as Context).n ?? 0) % 2 === 0 }),
      }),
      onResponse: record('putConsent'),
    },
    {
      method: 'POST',
      path: '/v1/orders',
      setupRequest: (req, context) => ({
        ...req,
        headers: auth(customerOf(context), {
          'content-type': 'application/json',
          'idempotency-key': `load-${run}-${nextKey++}`,
        }),
        body: JSON.stringify(sampleOrder(`LOAD-${nextKey % LOAD_SKUS}`)),
      }),
      onResponse: record('placeOrder'),
    },
  ];

  const result = await autocannon({
    url: stack.url,
    connections: CONNECTIONS,
    duration: DURATION_SECONDS,
    timeout: 10,
    requests,
  });

  // The baseline, in the same invocation: the empty handler (GET /v1/health: no token, no table)
  // behind the same gateway, with the same connections for the same time. Throughput and latency
  // depend on the machine; their ratio to this says what the backend's own work costs.
  const baseline = await autocannon({
    url: `${stack.url}/v1/health`,
    connections: CONNECTIONS,
    duration: DURATION_SECONDS,
    timeout: 10,
  });

  const created = tallies.placeOrder.byStatus['201'] ?? 0;
  const figures = {
    generatedAt: new Date().toISOString(),
    target: 'npm start (local gateway, handlers in process, DynamoDB Local, local KMS) on 127.0.0.1',
    node: process.version,
    durationSeconds: result.duration,
    connections: result.connections,
    customers: CUSTOMERS,
    requests: {
      total: result.requests.total,
      sent: result.requests.sent,
      '2xx': result['2xx'],
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
    },
    throughput: {
      requestsPerSecondMean: round(result.requests.average),
      requestsPerSecondP50: result.requests.p50,
      requestsPerSecondMin: result.requests.min,
    },
    latencyMs: {
      mean: round(result.latency.mean),
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    baseline: {
      what: 'GET /v1/health (the empty handler) behind the same gateway, same connections and duration, right after',
      requests: {
        total: baseline.requests.total,
        '2xx': baseline['2xx'],
        non2xx: baseline.non2xx,
        errors: baseline.errors,
      },
      requestsPerSecondMean: round(baseline.requests.average),
      latencyMs: { mean: round(baseline.latency.mean), p50: baseline.latency.p50, p99: baseline.latency.p99 },
    },
    ratio: {
      throughputOfBaseline: round(result.requests.average / baseline.requests.average),
      p50LatencyTimesBaseline: round(result.latency.p50 / Math.max(baseline.latency.p50, 1)),
      p99LatencyTimesBaseline: round(result.latency.p99 / Math.max(baseline.latency.p99, 1)),
    },
    perRoute: Object.fromEntries(Object.entries(tallies).map(([r, t]) => [r, t.byStatus])),
    ordersPlacedUnderLoad: created,
    inFlightAtStop: result.requests.sent - result.requests.total,
  };
  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(figures, null, 2)}\n`);
  process.stdout.write(
    `load: ${figures.requests.total} requests in ${figures.durationSeconds} s over ${CONNECTIONS} connections — ` +
      `${figures.throughput.requestsPerSecondMean} req/s, latency p50 ${figures.latencyMs.p50} ms, ` +
      `p99 ${figures.latencyMs.p99} ms (max ${figures.latencyMs.max} ms); ${created} orders placed; ` +
      `baseline (empty handler, same gateway) ${figures.baseline.requestsPerSecondMean} req/s, p99 ${figures.baseline.latencyMs.p99} ms: ` +
      `${figures.ratio.throughputOfBaseline}× its throughput, ${figures.ratio.p99LatencyTimesBaseline}× its p99; ` +
      `written to ${path.relative(process.cwd(), RESULTS_FILE)}\n`,
  );

  const refusals = Object.entries(tallies).flatMap(([r, t]) => t.samples.map((s) => `${r}: ${s}`));
  expect({ non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, refusals }).toEqual({
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    refusals: [],
  });
  expect(result.requests.total).toBeGreaterThan(0);
  // The baseline ran clean too, or its ratio means nothing.
  expect({ non2xx: baseline.non2xx, errors: baseline.errors, timeouts: baseline.timeouts }).toEqual({
    non2xx: 0,
    errors: 0,
    timeouts: 0,
  });
  expect(baseline.requests.total).toBeGreaterThan(0);
  // Every route was exercised, and each response was counted once.
  for (const tally of Object.values(tallies)) expect(tally.responses).toBeGreaterThan(0);
  expect(Object.values(tallies).reduce((n, t) => n + t.responses, 0)).toBe(result['2xx'] + result.non2xx);
  // No write lost under load: every order acknowledged is listed for its customer. Beyond those
  // and the seed orders, only requests still in flight when the run stopped may have added one.
  expect(acknowledged.size).toBe(created);
  const listed = new Set<string>();
  for (const c of customers) {
    let cursor: string | undefined;
    do {
      const page = await api('GET', `/v1/orders?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { sub: c.sub });
      expect(page.status).toBe(200);
      for (const o of page.json.orders as { orderId: string }[]) listed.add(o.orderId);
      cursor = page.json.cursor;
    } while (cursor);
  }
  expect([...acknowledged].filter((id) => !listed.has(id))).toEqual([]);
  for (const c of customers) expect(listed.has(c.orderId)).toBe(true);
  const inFlightAtStop = result.requests.sent - result.requests.total;
  expect(listed.size - CUSTOMERS - created).toBeGreaterThanOrEqual(0);
  expect(listed.size - CUSTOMERS - created).toBeLessThanOrEqual(inFlightAtStop);
  // The stack reported no failed or unhandled request.
  expect(stack.output()).not.toMatch(/\[gateway\].* failed|Unhandled error/);
});

const round = (n: number) => Math.round(n * 100) / 100;

function safeJson(text: string): { type?: string; detail?: string; orderId?: string } | undefined {
  try {
    return JSON.parse(text) as { type?: string; detail?: string; orderId?: string };
  } catch {
    return undefined;
  }
}
