/**
 * `npm run bench`: measured in one process against DynamoDB Local and the local key service. Each
 * figure is the median of repeated runs, compared with its baseline in the same run; the table goes
 * to stdout and the figures to bench/results/<timestamp>.json (and latest.json).
 */

import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  BatchWriteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { marshall } from '@aws-sdk/util-dynamodb';
import { ensureDynamoDbLocal } from '../local/dynamodb/install';
import { freePort, startDynamoDbLocal } from '../local/dynamodb/launcher';
import { createTables, localTableNames } from '../local/dynamodb/tables';
import { startKmsServer } from '../local/kms/server';
import { ManualClock } from '../shared/adapters/clock';
import { decryptField, encryptField } from '../shared/adapters/crypto/field-cipher';
import { buildDependencies } from '../shared/adapters/dependencies';
import type { AccessContext } from '../shared/adapters/dynamodb/access';
import { jobCheckpointKey, orderSk, PROFILE_SK, retentionBucket, subjectPk } from '../shared/adapters/dynamodb/keys';
import { loadConfig } from '../shared/config';
import { KMS_KEY_ENV, tables } from '../shared/config/resources';
import { getOwnProfile, registerProfile } from '../shared/usecases/account';
import { seedInitialPolicy } from '../shared/usecases/policy';
import { addDays, dayOf, RETENTION_SWEEP_JOB, sweepRetention } from '../shared/usecases/retention';

interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline?: string;
  readonly goal?: { readonly max: number };
  readonly detail?: string;
}

const RUNS = 5;
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const region = 'us-east-1';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

async function timeMs(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

const self = (id: string): AccessContext => ({
  actor: { id, role: 'customer' },
  purpose: 'self_service',
  requestId: 'bench',
});

async function main(): Promise<void> {
  const installDir = await ensureDynamoDbLocal();
  const dynamodb = await startDynamoDbLocal({ port: await freePort(), installDir });
  const kms = await startKmsServer({ port: 0 });
  try {
    const names = localTableNames('bench');
    const raw = new DynamoDBClient({ endpoint: dynamodb.endpoint, region, credentials });
    await createTables(raw, names);
    const env = {
      ...Object.fromEntries(
        (Object.keys(tables) as (keyof typeof tables)[]).map((id) => [tables[id].envVar, names[id]]),
      ),
      [KMS_KEY_ENV]: kms.keyArn,
    };
    const process = () =>
      buildDependencies(loadConfig(env), {
        dynamodb: new DynamoDBClient({ endpoint: dynamodb.endpoint, region, credentials }),
        kms: new KMSClient({ endpoint: kms.endpoint, region, credentials }),
      });
    const setup = process();
    await seedInitialPolicy(setup, { content: 'Bench policy', summary: 'Bench', effectiveAt: new Date('2020-01-01') });
    const subjects = Array.from({ length: 100 }, (_, i) => `bench-${i}`);
    for (const s of subjects) {
      await registerProfile(
        setup,
        {
          name: `Bench User ${s}`,
          email: `${s}@example.com`,
          phone: '+441632960000',
          addresses: [{ line1: '1 Bench Road', city: 'Benchville', postalCode: 'B1 1AA', country: 'GB' }],
          acceptPolicyVersion: 1,
        },
        self(s),
      );
    }
    const figures: Figure[] = [];

    // 1. Own profile read: use case (GetItem + 4 field decryptions, warm key cache) vs raw GetItem.
    const reads = 300;
    const warm = process();
    for (const s of subjects) await getOwnProfile(warm, self(s));
    const full: number[] = [];
    const base: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      base.push(
        await timeMs(async () => {
          for (let i = 0; i < reads; i++) {
            const s = subjects[i % subjects.length] as string;
            await raw.send(
              new GetItemCommand({
                TableName: names.data,
                Key: { pk: { S: subjectPk(s) }, sk: { S: PROFILE_SK } },
                ConsistentRead: true,
              }),
            );
          }
        }),
      );
      full.push(
        await timeMs(async () => {
          for (let i = 0; i < reads; i++) await getOwnProfile(warm, self(subjects[i % subjects.length] as string));
        }),
      );
    }
    const perRead = (ms: number) => (ms / reads) * 1000;
    figures.push({
      name: 'read own profile, full path (decrypt 4 fields)',
      value: median(full) / median(base),
      unit: '× raw GetItem',
      baseline: `${perRead(median(base)).toFixed(0)} µs/GetItem`,
      goal: { max: 1.3 },
      detail: `${perRead(median(full)).toFixed(0)} µs/read`,
    });

    // 2. KMS requests for 1,000 reads spread over 100 subjects, starting from a cold process.
    kms.resetStats();
    const cold = process();
    for (let i = 0; i < 1000; i++) await getOwnProfile(cold, self(subjects[i % subjects.length] as string));
    const kmsCalls = Object.values(kms.stats.requests).reduce((a, b) => a + b, 0);
    figures.push({
      name: 'KMS requests per 1,000 reads over 100 subjects',
      value: kmsCalls,
      unit: 'requests',
      goal: { max: 100 },
    });

    // 3. Field cipher alone: what AES-GCM with AAD costs per field.
    const key = randomBytes(32);
    const binding = { table: 'data', pk: 'SUBJECT#x', sk: 'PROFILE', attribute: 'email' };
    const ops = 20_000;
    const cipher: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      cipher.push(
        await timeMs(async () => {
          for (let i = 0; i < ops; i++) decryptField(key, encryptField(key, 'someone@example.com', binding), binding);
        }),
      );
    }
    figures.push({
      name: 'field encrypt + decrypt (AES-256-GCM, AAD)',
      value: (median(cipher) / ops) * 1000,
      unit: 'µs/field',
    });

    // 4. Retention sweep: 1,000 due orders among 1,000 vs 100,000 other items (cost follows the work).
    figures.push(...(await sweepFigures(dynamodb.endpoint, kms.keyArn)));

    report(figures);
    raw.destroy();
  } finally {
    await kms.stop();
    await dynamodb.stop();
  }
}

const DAY_MS = 86_400_000;
/** The sweep's "now": noon, so today's bucket holds both due and not-yet-due work. */
const SWEEP_NOW = new Date('2026-06-15T12:00:00.000Z');
const DUE_ORDERS = 1000;

/**
 * The retention sweep over 1,000 due orders (spread over yesterday's and today's buckets, checkpoint
 * at the day before: the daily steady state) in a table that also holds 1,000 or 100,000 other
 * items: completed orders due later (40%, future buckets), orders due later today (10%, in today's
 * bucket but outside the range), and items outside the index (50%). Seeded with parallel
 * BatchWriteItem; the same 1,000 due orders are re-put before each run, runs interleaved.
 */
async function sweepFigures(endpoint: string, kmsKeyArn: string): Promise<Figure[]> {
  const client = new DynamoDBClient({ endpoint, region, credentials, maxAttempts: 10 });
  const sizes = [1_000, 100_000] as const;
  const setups = await Promise.all(
    sizes.map(async (others) => {
      const names = localTableNames(`bench-sweep-${others}`);
      await createTables(client, names);
      const seeded = await timeMs(() =>
        batchPut(
          client,
          names.data,
          Array.from({ length: others }, (_, i) => otherItem(i)),
        ),
      );
      const env = {
        ...Object.fromEntries(
          (Object.keys(tables) as (keyof typeof tables)[]).map((id) => [tables[id].envVar, names[id]]),
        ),
        [KMS_KEY_ENV]: kmsKeyArn,
      };
      return { others, names, env, seeded };
    }),
  );
  const due = Array.from({ length: DUE_ORDERS }, (_, i) => dueOrderItem(i));
  const samples = new Map<number, { ms: number[]; requests: number[] }>(
    sizes.map((n) => [n, { ms: [], requests: [] }]),
  );
  // One untimed warm-up each, then RUNS interleaved measurements.
  for (let r = 0; r <= RUNS; r++) {
    for (const setup of setups) {
      await batchPut(client, setup.names.data, due);
      await client.send(
        new PutItemCommand({
          TableName: setup.names.data,
          Item: marshall({ ...jobCheckpointKey(RETENTION_SWEEP_JOB), day: addDays(dayOf(SWEEP_NOW), -2) }),
        }),
      );
      const deps = buildDependencies(loadConfig(setup.env), {
        dynamodb: new DynamoDBClient({ endpoint, region, credentials }),
        clock: new ManualClock(SWEEP_NOW),
      });
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
      s?.requests.push(summary.requests);
    }
  }
  client.destroy();
  const [small, large] = sizes.map((n) => samples.get(n) as { ms: number[]; requests: number[] });
  if (!small || !large) throw new Error('missing sweep samples');
  const requests = (xs: number[]) => [...new Set(xs)].join('/');
  const seeding = setups.map((s) => `${(s.seeded / 1000).toFixed(1)} s`).join(' / ');
  return [
    {
      name: 'retention sweep, 1,000 due orders: 100k ÷ 1k other items',
      value: median(large.ms) / median(small.ms),
      unit: '× time',
      baseline: `${median(small.ms).toFixed(0)} ms with 1k others`,
      goal: { max: 1.3 },
      detail: `${median(large.ms).toFixed(0)} ms with 100k others; seeding ${seeding}`,
    },
    {
      name: 'retention sweep DynamoDB requests, 1k others',
      value: median(small.requests),
      unit: 'requests',
      detail: `runs: ${requests(small.requests)}`,
    },
    {
      name: 'retention sweep DynamoDB requests, 100k others',
      value: median(large.requests),
      unit: 'requests',
      detail: `runs: ${requests(large.requests)}`,
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
    retentionBucket: retentionBucket(due),
    retentionDueAt: Math.floor(due.getTime() / 1000),
  };
}

/** Due: spread over yesterday 00:00 to today 11:59 (two buckets, both at or before the sweep's now). */
function dueOrderItem(i: number): Record<string, unknown> {
  const due = new Date(SWEEP_NOW.getTime() - 1.5 * DAY_MS + (i / DUE_ORDERS) * 1.5 * DAY_MS - 60_000);
  return orderItem(`due-${i % 250}`, `due-${String(i).padStart(6, '0')}`, new Date(due.getTime() - 180 * DAY_MS), due);
}

/** Not due: 40% orders due in the next 180 days, 10% due later today, 50% outside the index. */
function otherItem(i: number): Record<string, unknown> {
  const subject = `other-${i % 10_000}`;
  const kind = i % 10;
  if (kind < 4) {
    const due = new Date(SWEEP_NOW.getTime() + (1 + (i % 180)) * DAY_MS);
    return orderItem(subject, `later-${i}`, new Date(due.getTime() - 180 * DAY_MS), due);
  }
  if (kind === 4) {
    const due = new Date(SWEEP_NOW.getTime() + 60_000 + (i % 600) * 60_000);
    return orderItem(subject, `today-${i}`, new Date(due.getTime() - 180 * DAY_MS), due);
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
async function batchPut(client: DynamoDBClient, table: string, items: Record<string, unknown>[]): Promise<void> {
  const batches: WriteRequest[][] = [];
  for (let i = 0; i < items.length; i += 25) {
    batches.push(items.slice(i, i + 25).map((item) => ({ PutRequest: { Item: marshall(item) } })));
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

function report(figures: Figure[]): void {
  const rows = figures.map((f) => ({
    figure: f.name,
    value: `${f.value.toFixed(2)} ${f.unit}`,
    baseline: f.baseline ?? '',
    goal: f.goal ? `≤ ${f.goal.max}` : 'report',
    met: f.goal ? (f.value <= f.goal.max ? 'yes' : 'NO') : '',
    detail: f.detail ?? '',
  }));
  console.table(rows);
  const dir = path.join(process.cwd(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const result = { at: new Date().toISOString(), node: process.version, runs: RUNS, figures };
  const json = `${JSON.stringify(result, null, 2)}\n`;
  writeFileSync(path.join(dir, `${result.at.replace(/[:.]/g, '-')}.json`), json);
  writeFileSync(path.join(dir, 'latest.json'), json);
  const missed = figures.filter((f) => f.goal && f.value > f.goal.max);
  if (missed.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(`Benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
