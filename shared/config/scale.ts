/**
 * Write sharding (docs/decisions/0060-write-sharding.md, 0081): how many partition keys each key
 * whose write rate grows with the total traffic is spread over. One DynamoDB partition takes about
 * 1,000 write units a second, on the base table and on every index; a key every order writes would
 * throttle order placement at about that rate. The defaults come from the scale simulation in
 * `npm run bench` (figure 11): at 10,000 orders a second no shard reaches 1,000 WCU/s.
 *
 * A deployment may set other counts in `WRITE_SHARDS` (JSON; the CDK sets it on every function from
 * the stage's `writeShards`): `{"fulfillmentQueue": 8}`, or `{"fulfillmentQueue": {"writes": 8,
 * "reads": 64}}`. Writers pick a shard below `writes`; readers read every shard below `reads` (and
 * the unsharded key, which holds what was written before sharding). `reads` must be the **largest
 * count ever used** for that key in the stage: an item stays on the shard it was written to, so a
 * reader that reads fewer shards no longer sees it. Raising a count is always safe; lowering one
 * means lowering `writes` only.
 *
 * The setting is read when a key is first built, not at import (the local runtime imports adapters
 * before it applies its environment), and again whenever the variable's text changes. Pure data and
 * zod: no AWS imports.
 */
import * as z from 'zod';

/** The default counts, per sharded key. */
export const WRITE_SHARDS = {
  /** gsi2 `QUEUE#fulfillment#nn`: every placed order enters, every shipped or cancelled one leaves. */
  fulfillmentQueue: 64,
  /** gsi2 `QUEUE#in-transit#nn`: every shipment enters, every carrier event moves it, its end takes it out. */
  inTransitQueue: 64,
  /** gsi2 `QUEUE#processor-refunds#nn`: every approved refund enters, its processor confirmation takes it out. */
  processorRefundQueue: 16,
  /** gsi3 `PLACED#nn`: every placed order, once (breach selection by time range). */
  placedOrders: 64,
  /** byRetention `RETENTION#nn`: every order completed enters, every order anonymised leaves. */
  retentionBuckets: 64,
  /** byRetention `INACTIVE#nn`: every order and daily visit moves its customer's profile within it. */
  inactiveBuckets: 64,
  /** audit gsi1 `AUDIT#nn`: every audit record. */
  auditDays: 80,
  /** data table `OUTBOX#n`: every staged event. */
  outbox: 128,
} as const;

export type ShardedKey = keyof typeof WRITE_SHARDS;

/** The environment variable a deployment sets its counts in. */
export const WRITE_SHARDS_ENV = 'WRITE_SHARDS';

/**
 * The most shards any key may have: a reader sends one Query per shard, in parallel, for every page,
 * so a count is also a read cost (decision 0060).
 */
export const MAX_SHARDS = 512;

/** Writers spread over `writes` shards; readers read `reads` (≥ `writes`: every shard ever written). */
export interface ShardCount {
  readonly writes: number;
  readonly reads: number;
}

const count = z.number().int().positive().max(MAX_SHARDS);
const setting = z.union(
  [
    count.transform((n): ShardCount => ({ writes: n, reads: n })),
    z.strictObject({ writes: count, reads: count }).refine((c) => c.reads >= c.writes, {
      message: 'reads must be at least writes (readers must read every shard ever written)',
    }),
  ],
  { error: `a whole number from 1 to ${MAX_SHARDS}, or { "writes": n, "reads": m } with m ≥ n` },
);
const keys = Object.keys(WRITE_SHARDS) as [ShardedKey, ...ShardedKey[]];

/** What a stage may set: any of the keys, as a count or as writes and reads. */
export const writeShardsSchema = z.partialRecord(z.enum(keys), setting);
export type WriteShardsSetting = z.input<typeof writeShardsSchema>;

export class ShardConfigError extends Error {
  override name = 'ShardConfigError';
}

/** The counts of every key: the defaults, overridden by `setting`. Throws naming each problem. */
export function resolveWriteShards(setting: unknown): Readonly<Record<ShardedKey, ShardCount>> {
  const parsed = writeShardsSchema.safeParse(setting ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${[WRITE_SHARDS_ENV, ...i.path].join('.')}: ${i.message}`);
    throw new ShardConfigError(`Invalid write shard counts: ${problems.join('; ')}`);
  }
  const out = {} as Record<ShardedKey, ShardCount>;
  for (const key of keys) {
    const override = parsed.data[key];
    out[key] = override ?? { writes: WRITE_SHARDS[key], reads: WRITE_SHARDS[key] };
  }
  return out;
}

/** The counts from the variable's text (unset or empty: the defaults). */
export function parseWriteShards(text: string | undefined): Readonly<Record<ShardedKey, ShardCount>> {
  if (text === undefined || text.trim() === '') return resolveWriteShards({});
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ShardConfigError(`Invalid write shard counts: ${WRITE_SHARDS_ENV} is not JSON`);
  }
  return resolveWriteShards(json);
}

let cached: { text: string | undefined; counts: Readonly<Record<ShardedKey, ShardCount>> } | undefined;

/** The counts in effect now, from `process.env` (parsed once per distinct value). */
export function shardCounts(): Readonly<Record<ShardedKey, ShardCount>> {
  const text = process.env[WRITE_SHARDS_ENV];
  if (!cached || cached.text !== text) cached = { text, counts: parseWriteShards(text) };
  return cached.counts;
}
