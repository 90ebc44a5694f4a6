/**
 * The retention sweep over 1,000 due orders (spread over yesterday's and today's buckets, checkpoint
 * at the day before: the daily steady state) in a table that also holds 1,000 or 100,000 other
 * items: completed orders due later (40%, future buckets), orders due later today (10%, in today's
 * bucket but outside the range), and items outside the index (50%). Seeded with parallel
 * BatchWriteItem; the same 1,000 due orders are re-put before each run, runs interleaved.
 */
import { randomBytes } from 'node:crypto';
import { BatchWriteItemCommand, DynamoDBClient, PutItemCommand, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { ManualClock } from '../shared/adapters/clock';
import { buildDependencies } from '../shared/adapters/dependencies';
import { jobCheckpointKey, orderSk, retentionBucket, subjectPk } from '../shared/adapters/dynamodb/keys';
import { loadConfig } from '../shared/config';
import { addDaysToDay, dayOf, epochSeconds, MS_PER_DAY } from '../shared/domain/time';
import { RETENTION_SWEEP_JOB, sweepRetention } from '../shared/usecases/retention';
import { credentials, distinct, type Figure, median, progress, RequestCounter, RUNS, region, timeMs } from './lib';
import { envFor, freshTables, type Stack } from './stack';

/** The sweep's "now": noon, so today's bucket holds both due and not-yet-due work. */
const SWEEP_NOW = new Date('2026-06-15T12:00:00.000Z');
const DUE_ORDERS = 1000;

export async function sweepFigures(stack: Stack): Promise<Figure[]> {
  const client = new DynamoDBClient({ endpoint: stack.dynamodbEndpoint, region, credentials, maxAttempts: 10 });
  const sizes = [1_000, 100_000] as const;
  progress('retention sweep: seeding 1k and 100k other items');
  const setups = await Promise.all(
    sizes.map(async (others) => {
      const names = await freshTables(stack, `bench-sweep-${others}`);
      const seeded = await timeMs(() =>
        batchPut(
          client,
          names.data,
          Array.from({ length: others }, (_, i) => otherItem(i)),
        ),
      );
      return { others, names, env: envFor(names, stack), seeded };
    }),
  );
  const due = Array.from({ length: DUE_ORDERS }, (_, i) => dueOrderItem(i));
  /** Per size: each run's time and requests, and the last run's requests by command. */
  type Samples = { ms: number[]; requests: number[]; byCommand: string };
  const samples = new Map<number, Samples>(sizes.map((n) => [n, { ms: [], requests: [], byCommand: '' }]));
  // One untimed warm-up each, then RUNS interleaved measurements.
  for (let r = 0; r <= RUNS; r++) {
    for (const setup of setups) {
      await batchPut(client, setup.names.data, due);
      await client.send(
        new PutItemCommand({
          TableName: setup.names.data,
          Item: marshall({ ...jobCheckpointKey(RETENTION_SWEEP_JOB), day: addDaysToDay(dayOf(SWEEP_NOW), -2) }),
        }),
      );
      const dynamodb = new DynamoDBClient({ endpoint: stack.dynamodbEndpoint, region, credentials });
      const counter = RequestCounter.on(dynamodb);
      const deps = buildDependencies(loadConfig(setup.env), { dynamodb, clock: new ManualClock(SWEEP_NOW) });
      let summary: Awaited<ReturnType<typeof sweepRetention>> | undefined;
      const ms = await timeMs(async () => {
        summary = await sweepRetention(deps);
      });
      if (summary?.ordersAnonymised !== DUE_ORDERS) {
        throw new Error(`sweep anonymised ${summary?.ordersAnonymised} of ${DUE_ORDERS} due orders`);
      }
      if (r === 0) continue;
      const s = samples.get(setup.others);
      s?.ms.push(ms);
      s?.requests.push(counter.total);
      if (s) s.byCommand = counter.describe();
    }
  }
  client.destroy();
  const [small, large] = sizes.map((n) => samples.get(n) as Samples);
  if (!small || !large) throw new Error('missing sweep samples');
  const seeding = setups.map((s) => `${(s.seeded / 1000).toFixed(1)} s`).join(' / ');
  return [
    {
      name: '6. retention sweep, 1,000 due orders: 100k ÷ 1k other items',
      value: median(large.ms) / median(small.ms),
      unit: '× time',
      baseline: `${median(small.ms).toFixed(0)} ms with 1k others`,
      goal: { max: 1.3 },
      detail: `${median(large.ms).toFixed(0)} ms with 100k others; seeding ${seeding}`,
      data: { msSmall: small.ms, msLarge: large.ms },
    },
    {
      name: '6a. retention sweep DynamoDB requests, 1k others',
      value: median(small.requests),
      unit: 'requests',
      detail: `${small.byCommand}; runs: ${distinct(small.requests)}`,
    },
    {
      name: '6b. retention sweep DynamoDB requests, 100k others',
      value: median(large.requests),
      unit: 'requests',
      detail: `${large.byCommand}; runs: ${distinct(large.requests)}`,
    },
  ];
}

const sealedLooking = (): string =>
  `v1.${randomBytes(12).toString('base64url')}.${randomBytes(64).toString('base64url')}`;

function orderItem(subject: string, orderId: string, completed: Date, due: Date): Record<string, unknown> {
  const at = completed.toISOString();
  return {
    pk: subjectPk(subject),
    sk: orderSk(orderId),
    type: 'order',
    orderId,
    subjectId: subject,
    status: 'delivered',
    currency: 'EUR',
    lines: [{ sku: 'SKU-1', name: 'Bench item', quantity: 2, unitPrice: 1250 }],
    total: 2500,
    refundedTotal: 0,
    statusHistory: [
      { status: 'placed', at },
      { status: 'delivered', at },
    ],
    createdAt: at,
    updatedAt: at,
    completedAt: at,
    deliveredAt: at,
    personalDataRetainedUntil: due.toISOString(),
    paymentProcessor: 'stripe',
    shippingAddress: sealedLooking(),
    billingAddress: sealedLooking(),
    payment: sealedLooking(),
    contactPhone: sealedLooking(),
    gsi1pk: `ORDER#${orderId}`,
    gsi1sk: 'ORDER',
    retentionBucket: retentionBucket({ pk: subjectPk(subject), sk: orderSk(orderId) }),
    retentionDueAt: epochSeconds(due),
  };
}

/** Due: spread over yesterday 00:00 to today 11:59 (two buckets, both at or before the sweep's now). */
function dueOrderItem(i: number): Record<string, unknown> {
  const due = new Date(SWEEP_NOW.getTime() - 1.5 * MS_PER_DAY + (i / DUE_ORDERS) * 1.5 * MS_PER_DAY - 60_000);
  return orderItem(
    `due-${i % 250}`,
    `due-${String(i).padStart(6, '0')}`,
    new Date(due.getTime() - 180 * MS_PER_DAY),
    due,
  );
}

/** Not due: 40% orders due in the next 180 days, 10% due later today, 50% outside the index. */
function otherItem(i: number): Record<string, unknown> {
  const subject = `other-${i % 10_000}`;
  const kind = i % 10;
  if (kind < 4) {
    const due = new Date(SWEEP_NOW.getTime() + (1 + (i % 180)) * MS_PER_DAY);
    return orderItem(subject, `later-${i}`, new Date(due.getTime() - 180 * MS_PER_DAY), due);
  }
  if (kind === 4) {
    const due = new Date(SWEEP_NOW.getTime() + 60_000 + (i % 600) * 60_000);
    return orderItem(subject, `today-${i}`, new Date(due.getTime() - 180 * MS_PER_DAY), due);
  }
  return {
    pk: subjectPk(subject),
    sk: `CONSENT#analytics#${String(i).padStart(8, '0')}`,
    type: 'consent',
    purpose: 'analytics',
    granted: i % 2 === 0,
    policyVersion: 1,
    at: SWEEP_NOW.toISOString(),
  };
}

/** BatchWriteItem in parallel batches of 25, retrying unprocessed items. */
export async function batchPut(client: DynamoDBClient, table: string, items: Record<string, unknown>[]): Promise<void> {
  const batches: WriteRequest[][] = [];
  for (let i = 0; i < items.length; i += 25) {
    batches.push(
      items.slice(i, i + 25).map((item) => ({ PutRequest: { Item: marshall(item, { removeUndefinedValues: true }) } })),
    );
  }
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      let pending: WriteRequest[] | undefined = batches[next++];
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        if (attempt > 10) throw new Error('BatchWriteItem kept returning unprocessed items');
        const result = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }));
        pending = result.UnprocessedItems?.[table];
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}
