/**
 * The one-off backfill to sharded keys (shared/adapters/dynamodb/shard-backfill.ts, `npm run
 * backfill:shards`) on DynamoDB Local: items written under the unsharded keys before sharding are
 * moved to their shards, the new sweeps then find them, a dry run writes nothing and a rerun moves
 * nothing.
 */
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  FULFILLMENT_QUEUE,
  fulfillmentQueueKey,
  inactiveBucket,
  orderSk,
  PROCESSOR_REFUND_QUEUE,
  PROFILE_SK,
  processorRefundQueueKey,
  refundSk,
  retentionBucket,
  subjectPk,
} from '../../shared/adapters/dynamodb/keys';
import { backfillShardedKeys } from '../../shared/adapters/dynamodb/shard-backfill';
import { epochSeconds } from '../../shared/domain/time';
import { sweepRetention } from '../../shared/usecases/retention';
import { dynamodbClient, type Harness, harness } from '../support/app-harness';

const DAY = 86_400;

async function put(h: Harness, item: Record<string, unknown>): Promise<void> {
  await dynamodbClient().send(new PutItemCommand({ TableName: h.names.data, Item: marshall(item) }));
}
async function get(h: Harness, pk: string, sk: string): Promise<Record<string, unknown>> {
  const { Item } = await dynamodbClient().send(
    new GetItemCommand({ TableName: h.names.data, Key: marshall({ pk, sk }), ConsistentRead: true }),
  );
  if (!Item) throw new Error(`no item ${pk} ${sk}`);
  return unmarshall(Item);
}

describe('backfill to sharded keys', () => {
  it('moves every item under an old key to its shard, once; the sweeps find them afterwards', async () => {
    const h = await harness({ seedPolicy: true });
    const now = h.clock.now();
    const due = epochSeconds(now) - 2 * DAY;
    const day = (s: number) => new Date(s * 1000).toISOString().slice(0, 10);
    // A delivered order due for anonymisation, in the old day bucket.
    const order = { pk: subjectPk('old-1'), sk: orderSk('old-order') };
    await put(h, {
      ...order,
      type: 'order',
      orderId: 'old-order',
      subjectId: 'old-1',
      status: 'delivered',
      shippingAddress: 'v1.sealed',
      retentionBucket: `RETENTION#${day(due)}`,
      retentionDueAt: due,
    });
    // A profile in the old inactive-accounts day bucket, not due for years.
    const profile = { pk: subjectPk('old-2'), sk: PROFILE_SK };
    const later = epochSeconds(now) + 400 * DAY;
    await put(h, {
      ...profile,
      type: 'profile',
      subjectId: 'old-2',
      retentionBucket: `INACTIVE#${day(later)}`,
      retentionDueAt: later,
    });
    // A queued order and an unconfirmed refund under the unsharded queue keys.
    const queued = { pk: subjectPk('old-3'), sk: orderSk('queued-order') };
    await put(h, {
      ...queued,
      type: 'order',
      orderId: 'queued-order',
      subjectId: 'old-3',
      gsi2pk: FULFILLMENT_QUEUE,
      gsi2sk: '2026-01-01T00:00:00.000Z#queued-order',
    });
    const refund = { pk: subjectPk('old-3'), sk: refundSk('queued-order', 'refund-1') };
    await put(h, {
      ...refund,
      type: 'refund',
      refundId: 'refund-1',
      gsi2pk: PROCESSOR_REFUND_QUEUE,
      gsi2sk: '2026-01-02T00:00:00.000Z#refund-1',
    });
    // Already sharded: left alone.
    const current = { pk: subjectPk('new-1'), sk: orderSk('new-order') };
    const currentBucket = retentionBucket(current);
    await put(h, {
      ...current,
      type: 'order',
      orderId: 'new-order',
      retentionBucket: currentBucket,
      retentionDueAt: later,
    });

    const deps = { ddb: h.deps.ddb, table: h.names.data };
    const dry = await backfillShardedKeys(deps, { dryRun: true, pageSize: 2 });
    expect(dry.found).toEqual({
      retention: 1,
      inactive: 1,
      fulfillmentQueue: 1,
      inTransitQueue: 0,
      processorRefundQueue: 1,
    });
    expect(Object.values(dry.moved).every((n) => n === 0)).toBe(true);
    expect((await get(h, order.pk, order.sk)).retentionBucket).toBe(`RETENTION#${day(due)}`);

    const run = await backfillShardedKeys(deps, { pageSize: 2 });
    expect(run.moved).toEqual(run.found);
    expect(run.changedMeanwhile).toBe(0);
    expect((await get(h, order.pk, order.sk)).retentionBucket).toBe(retentionBucket(order));
    expect((await get(h, profile.pk, profile.sk)).retentionBucket).toBe(inactiveBucket('old-2'));
    expect((await get(h, queued.pk, queued.sk)).gsi2pk).toBe(fulfillmentQueueKey('queued-order'));
    expect((await get(h, refund.pk, refund.sk)).gsi2pk).toBe(processorRefundQueueKey('refund-1'));
    // Nothing else about the items changed.
    expect(await get(h, current.pk, current.sk)).toMatchObject({
      retentionBucket: currentBucket,
      retentionDueAt: later,
    });
    expect(await get(h, order.pk, order.sk)).toMatchObject({ retentionDueAt: due, status: 'delivered' });

    const again = await backfillShardedKeys(deps);
    expect(Object.values(again.found).every((n) => n === 0)).toBe(true);

    // The queued order is still first in the queue, and the new sweep anonymises the old order.
    expect((await h.deps.orders.queue({ limit: 10 })).entries.map((e) => e.orderId)).toContain('queued-order');
    expect((await sweepRetention(h.deps, { pageSize: 5, concurrency: 2 })).ordersAnonymised).toBe(1);
  });
});
