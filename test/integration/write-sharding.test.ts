/**
 * Write sharding on DynamoDB Local (docs/decisions/0060): the keys every order, completion, active
 * customer and audit record would otherwise share are spread over shards, and every reader still
 * finds every item — across shards, across pages, in the order it promises, including items
 * written under the unsharded key before sharding.
 */
import { PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  auditIndexKeys,
  FULFILLMENT_QUEUE,
  fulfillmentQueueKeys,
  inactiveBuckets,
  orderSk,
  retentionBucket,
  retentionBuckets,
  shardsOf,
  subjectPk,
} from '../../shared/adapters/dynamodb/keys';
import { WRITE_SHARDS, WRITE_SHARDS_ENV } from '../../shared/config/scale';
import { auditEvent } from '../../shared/domain/audit';
import { dayOf, epochSeconds } from '../../shared/domain/time';
import { registerProfile } from '../../shared/usecases/account';
import { sweepInactiveAccounts } from '../../shared/usecases/inactive-accounts';
import { placeOrder } from '../../shared/usecases/orders';
import { sweepRetention } from '../../shared/usecases/retention';
import { dynamodbClient, type Harness, harness, selfAccess } from '../support/app-harness';
import { sampleOrder } from '../support/sample-requests';

const DAY = 86_400;

const register = (h: Harness, subject: string) =>
  registerProfile(h.deps, { name: 'N', email: `${subject}@example.com`, acceptPolicyVersion: 1 }, selfAccess(subject));

/** Every item of one index partition, unmarshalled. */
async function partition(table: string, index: string, keyName: string, key: string) {
  const { Items } = await dynamodbClient().send(
    new QueryCommand({
      TableName: table,
      IndexName: index,
      KeyConditionExpression: '#k = :k',
      ExpressionAttributeNames: { '#k': keyName },
      ExpressionAttributeValues: { ':k': { S: key } },
    }),
  );
  return (Items ?? []).map((i) => unmarshall(i));
}

describe('write sharding', () => {
  it('spreads placed orders over the fulfilment queue shards and reads them back oldest first, page by page', async () => {
    const h = await harness({ seedPolicy: true });
    await register(h, 'shopper');
    const placed: string[] = [];
    for (let i = 0; i < 24; i++) {
      h.clock.advance(1);
      const { order } = await placeOrder(h.deps, sampleOrder() as never, `k-${i}`, selfAccess('shopper'));
      placed.push(order.orderId);
    }
    // One order queued before sharding, under the unsharded key, older than all of them.
    const legacy = {
      pk: subjectPk('shopper'),
      sk: orderSk('legacy-order'),
      type: 'order',
      subjectId: 'shopper',
      orderId: 'legacy-order',
      gsi2pk: FULFILLMENT_QUEUE,
      gsi2sk: '2000-01-01T00:00:00.000Z#legacy-order',
    };
    await dynamodbClient().send(new PutItemCommand({ TableName: h.names.data, Item: marshall(legacy) }));

    const shards = new Map<string, number>();
    for (const key of fulfillmentQueueKeys()) {
      const items = await partition(h.names.data, 'gsi2', 'gsi2pk', key);
      if (items.length > 0) shards.set(key, items.length);
    }
    expect(shards.get(FULFILLMENT_QUEUE)).toBe(1);
    // 24 orders over 64 shards: all in one or two would mean the hash does not spread them.
    expect(shards.size).toBeGreaterThan(6);
    expect([...shards.values()].reduce((a, b) => a + b, 0)).toBe(25);

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await h.deps.orders.queue({ limit: 5, cursor });
      expect(page.entries.length).toBeLessThanOrEqual(5);
      seen.push(...page.entries.map((e) => e.orderId));
      cursor = page.cursor;
      pages++;
    } while (cursor && pages < 20);
    expect(seen).toEqual(['legacy-order', ...placed]);
    expect(pages).toBe(5);
  });

  describe('with a deployment’s own shard count (WRITE_SHARDS)', () => {
    const saved = process.env[WRITE_SHARDS_ENV];
    afterEach(() => {
      if (saved === undefined) delete process.env[WRITE_SHARDS_ENV];
      else process.env[WRITE_SHARDS_ENV] = saved;
    });

    /** Every order in the queue, page by page. */
    async function readQueue(h: Harness): Promise<string[]> {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await h.deps.orders.queue({ limit: 4, cursor });
        seen.push(...page.entries.map((e) => e.orderId));
        cursor = page.cursor;
        pages++;
      } while (cursor && pages < 50);
      return seen;
    }

    it('spreads writes over that many shards, and readers still find every item when writes are narrowed later', async () => {
      const h = await harness({ seedPolicy: true });
      await register(h, 'shopper');
      const place = async (i: number) => {
        h.clock.advance(1);
        return (await placeOrder(h.deps, sampleOrder() as never, `n-${i}`, selfAccess('shopper'))).order.orderId;
      };
      const shardsUsed = async () => {
        const used = new Map<string, number>();
        for (const key of shardsOf(FULFILLMENT_QUEUE, 'fulfillmentQueue')) {
          const n = (await partition(h.names.data, 'gsi2', 'gsi2pk', key)).length;
          if (n > 0) used.set(key, n);
        }
        return used;
      };

      process.env[WRITE_SHARDS_ENV] = JSON.stringify({ fulfillmentQueue: 3 });
      expect(fulfillmentQueueKeys()).toEqual([
        FULFILLMENT_QUEUE,
        `${FULFILLMENT_QUEUE}#00`,
        `${FULFILLMENT_QUEUE}#01`,
        `${FULFILLMENT_QUEUE}#02`,
      ]);
      const placed: string[] = [];
      for (let i = 0; i < 12; i++) placed.push(await place(i));
      const spread = await shardsUsed();
      // Only the three shards, and more than one of them.
      expect([...spread.keys()].every((k) => /#0[0-2]$/.test(k))).toBe(true);
      expect(spread.size).toBeGreaterThan(1);
      expect(await readQueue(h)).toEqual(placed);

      // Narrowed to one shard for writes, still reading the three ever used: nothing is lost.
      process.env[WRITE_SHARDS_ENV] = JSON.stringify({ fulfillmentQueue: { writes: 1, reads: 3 } });
      for (let i = 12; i < 15; i++) placed.push(await place(i));
      expect((await shardsUsed()).get(`${FULFILLMENT_QUEUE}#00`)).toBe(
        (spread.get(`${FULFILLMENT_QUEUE}#00`) ?? 0) + 3,
      );
      expect(await readQueue(h)).toEqual(placed);

      // Why `reads` must stay at the largest count ever used: a reader of one shard misses the rest.
      process.env[WRITE_SHARDS_ENV] = JSON.stringify({ fulfillmentQueue: 1 });
      const narrowed = await readQueue(h);
      expect(narrowed.length).toBeLessThan(placed.length);
      expect(placed.filter((id) => !narrowed.includes(id)).length).toBe(
        (spread.get(`${FULFILLMENT_QUEUE}#01`) ?? 0) + (spread.get(`${FULFILLMENT_QUEUE}#02`) ?? 0),
      );
    });

    it('spreads due orders over that many retention shards, and a sweep anonymises every one', async () => {
      process.env[WRITE_SHARDS_ENV] = JSON.stringify({ retentionBuckets: 5 });
      const h = await harness({ seedPolicy: true });
      const now = h.clock.now();
      const buckets = new Set<string>();
      for (let i = 0; i < 20; i++) {
        const key = { pk: subjectPk(`owner-${i % 4}`), sk: orderSk(`five-${i}`) };
        const bucket = retentionBucket(key);
        buckets.add(bucket);
        const item = {
          ...key,
          type: 'order',
          orderId: `five-${i}`,
          subjectId: `owner-${i % 4}`,
          status: 'delivered',
          shippingAddress: 'v1.sealed',
          retentionBucket: bucket,
          retentionDueAt: epochSeconds(now) - DAY - i,
        };
        await dynamodbClient().send(new PutItemCommand({ TableName: h.names.data, Item: marshall(item) }));
      }
      expect(retentionBuckets()).toHaveLength(5);
      expect([...buckets].every((b) => retentionBuckets().includes(b))).toBe(true);
      expect(buckets.size).toBeGreaterThan(1);
      expect((await sweepRetention(h.deps, { pageSize: 3, concurrency: 2 })).ordersAnonymised).toBe(20);
    });
  });

  it('spreads due orders over the retention shards, and a sweep in small pages anonymises every one', async () => {
    const h = await harness({ seedPolicy: true });
    const now = h.clock.now();
    const orders: { subject: string; orderId: string; bucket: string; due: number }[] = [];
    for (let i = 0; i < 30; i++) {
      const subject = `owner-${i % 6}`;
      const orderId = `due-${i}`;
      const bucket = retentionBucket({ pk: subjectPk(subject), sk: orderSk(orderId) });
      // Over the last four days, some sharing a due second, so a page may end inside a run of equal sort keys.
      orders.push({ subject, orderId, bucket, due: epochSeconds(now) - (1 + (i % 4)) * DAY - (i % 3) });
    }
    // Not due yet: in the same shards, left alone.
    orders.push({
      subject: 'owner-0',
      orderId: 'later',
      bucket: retentionBucket({ pk: subjectPk('owner-0'), sk: orderSk('later') }),
      due: epochSeconds(now) + DAY,
    });
    for (const { subject, orderId, bucket, due } of orders) {
      const item = {
        pk: subjectPk(subject),
        sk: orderSk(orderId),
        type: 'order',
        orderId,
        subjectId: subject,
        status: 'delivered',
        shippingAddress: 'v1.sealed',
        retentionBucket: bucket,
        retentionDueAt: due,
      };
      await dynamodbClient().send(new PutItemCommand({ TableName: h.names.data, Item: marshall(item) }));
    }
    expect(new Set(orders.map((o) => o.bucket)).size).toBeGreaterThan(6);
    expect(retentionBuckets()).toHaveLength(WRITE_SHARDS.retentionBuckets);

    const summary = await sweepRetention(h.deps, { pageSize: 4, concurrency: 3 });
    expect(summary.ordersAnonymised).toBe(30);
    const left = [];
    for (const bucket of retentionBuckets()) {
      left.push(...(await partition(h.names.data, 'byRetention', 'retentionBucket', bucket)));
    }
    expect(left.map((i) => i.orderId)).toEqual(['later']);
  });

  it('spreads registered profiles over the inactive buckets, and the sweep notices every one', async () => {
    const h = await harness({ seedPolicy: true });
    const subjects = Array.from({ length: 12 }, (_, i) => `idle-${i}`);
    for (const s of subjects) await register(h, s);
    const used = [];
    for (const bucket of inactiveBuckets()) {
      if ((await partition(h.names.data, 'byRetention', 'retentionBucket', bucket)).length > 0) used.push(bucket);
    }
    expect(used.length).toBeGreaterThan(3);

    h.clock.advance(h.deps.config.retention.INACTIVE_ACCOUNT_DAYS * DAY + 1);
    const summary = await sweepInactiveAccounts(h.deps, { pageSize: 5, concurrency: 2 });
    expect(summary.noticesSent).toBe(12);
  });

  it("spreads a day's audit records over shards, and lists them newest first across pages", async () => {
    const h = await harness();
    const context = { actor: { id: 'agent', role: 'support' as const }, purpose: 'customer_support', requestId: 'r' };
    for (let i = 0; i < 20; i++) {
      h.clock.advance(1);
      await h.deps.audit.append(
        auditEvent(context, { action: 'profile.read', subjectId: `chain-${i}`, resource: 'p' }),
      );
    }
    const day = dayOf(h.clock.now());
    let used = 0;
    for (const key of auditIndexKeys()) {
      if ((await partition(h.names.audit, 'gsi1', 'gsi1pk', key)).length > 0) used++;
    }
    expect(used).toBeGreaterThan(5);

    const range = { from: `${day}T00:00:00.000Z`, to: `${day}T23:59:59.999Z` };
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await h.deps.audit.listDay(day, range, { limit: 6, cursor });
      seen.push(...page.records.map((r) => r.subjectId));
      cursor = page.cursor;
      pages++;
    } while (cursor && pages < 20);
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => `chain-${19 - i}`));
    expect(await h.deps.auditExpiry.recordsOfDay(day)).toHaveLength(20);
  });
});
