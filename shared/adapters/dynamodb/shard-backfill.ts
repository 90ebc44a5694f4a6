/**
 * The one-off move of items written before write sharding (docs/decisions/0060, 0081) to their
 * sharded keys, so readers and sweeps that no longer look at the old keys find them:
 *
 * - the sweeps' work: `retentionBucket` = `RETENTION#<yyyy-mm-dd>` → `retentionBucket(key)` and
 *   `INACTIVE#<yyyy-mm-dd>` → `inactiveBucket(subject)` (the new sweeps read only `RETENTION#nn` /
 *   `INACTIVE#nn`: without this, those items are never anonymised or noticed);
 * - the work queues' unsharded gsi2 keys (`QUEUE#fulfillment`, `QUEUE#in-transit`,
 *   `QUEUE#processor-refunds`) → the item's shard (their readers still read the unsharded key too,
 *   so this only empties it).
 *
 * Each move is one conditional UpdateItem (`SET <attr> = :new` if `<attr> = :old`): a rerun finds
 * nothing left to move, and an item a request or sweep rewrote meanwhile is left as that wrote it.
 * The sweeps' work is found with a Scan of the sparse `byRetention` index (it holds only items that
 * wait for a sweep, so its cost follows that work, not the table), the queues by one Query each.
 * Nothing is decrypted: keys and ids only.
 */
import { type DynamoDBDocumentClient, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { RETENTION_BUCKET_ATTRIBUTE } from '../../config/resources';
import { guarded, isConditionalCheckFailure, queryPages } from './client';
import { decodeItem } from './decode';
import {
  FULFILLMENT_QUEUE,
  fulfillmentQueueKey,
  IN_TRANSIT_QUEUE,
  inactiveBucket,
  inTransitQueueKey,
  PROCESSOR_REFUND_QUEUE,
  processorRefundQueueKey,
  retentionBucket,
  SUBJECT_PREFIX,
} from './keys';

/** A day bucket of the sweeps before sharding: `RETENTION#2026-11-30`, `INACTIVE#2026-11-30`. */
export const LEGACY_SWEEP_BUCKET = /^(RETENTION|INACTIVE)#\d{4}-\d{2}-\d{2}$/;

export interface ShardBackfillSummary {
  /** Items found under an old key, per kind. */
  readonly found: Readonly<Record<BackfillKind, number>>;
  /** Items moved (0 on a dry run). */
  readonly moved: Readonly<Record<BackfillKind, number>>;
  /** Items another writer changed between reading and moving: left as they are (they are sharded now). */
  readonly changedMeanwhile: number;
}

export type BackfillKind = 'retention' | 'inactive' | 'fulfillmentQueue' | 'inTransitQueue' | 'processorRefundQueue';

const keyOf = z.object({ pk: z.string(), sk: z.string() });
const sweepItem = keyOf.extend({ [RETENTION_BUCKET_ATTRIBUTE]: z.string() });
/** A queue entry decoded to its item's key and the sharded queue key it belongs under. */
type QueueMove = { readonly key: { pk: string; sk: string }; readonly to: string };
const byOrder = (shardKey: (orderId: string) => string) =>
  keyOf
    .extend({ orderId: z.string() })
    .transform((i): QueueMove => ({ key: { pk: i.pk, sk: i.sk }, to: shardKey(i.orderId) }));
const byRefund = (shardKey: (refundId: string) => string) =>
  keyOf
    .extend({ refundId: z.string() })
    .transform((i): QueueMove => ({ key: { pk: i.pk, sk: i.sk }, to: shardKey(i.refundId) }));

/** The new sweep bucket of an item in an old day bucket. */
function sweepBucketOf(item: z.infer<typeof sweepItem>): { kind: BackfillKind; bucket: string } {
  if (item.retentionBucket.startsWith('INACTIVE#')) {
    if (!item.pk.startsWith(SUBJECT_PREFIX)) {
      throw new Error(`An inactive-accounts item outside a subject's partition: ${item.pk}`);
    }
    return { kind: 'inactive', bucket: inactiveBucket(item.pk.slice(SUBJECT_PREFIX.length)) };
  }
  return { kind: 'retention', bucket: retentionBucket({ pk: item.pk, sk: item.sk }) };
}

const QUEUES: readonly { kind: BackfillKind; legacy: string; decode: z.ZodType<QueueMove> }[] = [
  { kind: 'fulfillmentQueue', legacy: FULFILLMENT_QUEUE, decode: byOrder(fulfillmentQueueKey) },
  { kind: 'inTransitQueue', legacy: IN_TRANSIT_QUEUE, decode: byOrder(inTransitQueueKey) },
  { kind: 'processorRefundQueue', legacy: PROCESSOR_REFUND_QUEUE, decode: byRefund(processorRefundQueueKey) },
];

export interface ShardBackfillOptions {
  /** Count what would move, write nothing. @default false */
  readonly dryRun?: boolean;
  /** Items per Scan or Query page. @default 500 */
  readonly pageSize?: number;
}

/** Moves every item under an old unsharded key of the data table `table` to its shard. Idempotent. */
export async function backfillShardedKeys(
  deps: { readonly ddb: DynamoDBDocumentClient; readonly table: string },
  options: ShardBackfillOptions = {},
): Promise<ShardBackfillSummary> {
  const found: Record<BackfillKind, number> = {
    retention: 0,
    inactive: 0,
    fulfillmentQueue: 0,
    inTransitQueue: 0,
    processorRefundQueue: 0,
  };
  const moved = { ...found };
  let changedMeanwhile = 0;

  /** `SET attribute = to` on the item, only while it still holds `from`. */
  const move = async (
    kind: BackfillKind,
    key: { pk: string; sk: string },
    attribute: string,
    from: string,
    to: string,
  ) => {
    found[kind] += 1;
    if (options.dryRun) return;
    try {
      await guarded('Shard backfill', () =>
        deps.ddb.send(
          new UpdateCommand({
            TableName: deps.table,
            Key: key,
            UpdateExpression: 'SET #a = :to',
            ConditionExpression: '#a = :from',
            ExpressionAttributeNames: { '#a': attribute },
            ExpressionAttributeValues: { ':from': from, ':to': to },
          }),
        ),
      );
      moved[kind] += 1;
    } catch (e) {
      if (!isConditionalCheckFailure(e)) throw e;
      changedMeanwhile += 1;
    }
  };

  let start: Record<string, unknown> | undefined;
  do {
    const page = await guarded('Shard backfill', () =>
      deps.ddb.send(
        new ScanCommand({
          TableName: deps.table,
          IndexName: 'byRetention',
          ProjectionExpression: 'pk, sk, #b',
          ExpressionAttributeNames: { '#b': RETENTION_BUCKET_ATTRIBUTE },
          Limit: options.pageSize ?? 500,
          ExclusiveStartKey: start,
        }),
      ),
    );
    for (const raw of page.Items ?? []) {
      const item = decodeItem(sweepItem, raw, 'retention index entry');
      if (!LEGACY_SWEEP_BUCKET.test(item.retentionBucket)) continue;
      const { kind, bucket } = sweepBucketOf(item);
      await move(kind, { pk: item.pk, sk: item.sk }, RETENTION_BUCKET_ATTRIBUTE, item.retentionBucket, bucket);
    }
    start = page.LastEvaluatedKey;
  } while (start);

  for (const queue of QUEUES) {
    const pages = queryPages(
      deps.ddb,
      {
        TableName: deps.table,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :q',
        ExpressionAttributeValues: { ':q': queue.legacy },
        Limit: options.pageSize ?? 500,
      },
      'Shard backfill',
    );
    for await (const page of pages) {
      for (const raw of page) {
        const { key, to } = decodeItem(queue.decode, raw, 'queue entry');
        await move(queue.kind, key, 'gsi2pk', queue.legacy, to);
      }
    }
  }
  return { found, moved, changedMeanwhile };
}
