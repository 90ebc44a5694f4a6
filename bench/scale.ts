/**
 * Figure 11: the scale simulation. A modelled second of traffic at a given order rate is replayed
 * through the real key builders (shared/adapters/dynamodb/keys.ts, the outbox's partition), and
 * every write is counted against the partition key it lands on — base table and every index — in
 * write capacity units. The hottest key's share of its table's or index's writes gives the order
 * rate at which it reaches one partition's 1,000 WCU/s. The same second replayed with the keys as
 * they were before sharding is the baseline. No DynamoDB is involved: this is arithmetic over keys.
 *
 * The model, per order over its life (steady state: as many orders ship, complete and are
 * anonymised each second as are placed), is in `lifecycle` below; docs/performance.md explains it.
 */
import { randomUUID } from 'node:crypto';
import {
  auditIndexKey,
  carrierEventKey,
  FULFILLMENT_QUEUE,
  fulfillmentQueueKey,
  inactiveBucket,
  orderLookupKey,
  orderSk,
  privacyRequestLookupKey,
  privacyRequestQueue,
  retentionBucket,
  shardOf,
  subjectPk,
  trackingLookupKey,
} from '../shared/adapters/dynamodb/keys';
import { outboxPartition } from '../shared/adapters/dynamodb/outbox';
import { loadRetention } from '../shared/config/retention';
import { type Figure, fmt, progress } from './lib';

/** One partition's limit: about 1,000 write units a second (base table or index alike). */
const PARTITION_WCU = 1_000;
/** The rate the goal is set at. */
const GOAL_ORDERS_PER_SECOND = 10_000;
/** Customers the orders are spread over (one order per customer per second is already a lot). */
const CUSTOMERS = 2_000_000;
/** Privacy requests (export, erasure…) per order placed: rare next to orders. */
const REQUESTS_PER_ORDER = 0.001;

/**
 * Modelled item sizes in KB (a write costs one WCU per KB, rounded up, on the table and on each
 * index it changes; a transactional write costs twice on the table). Measured from items the app
 * writes: an order with its four sealed fields ≈ 1.6 KB, a profile ≈ 1.1 KB, an audit record ≈ 0.7 KB.
 */
const SIZE_KB = {
  order: 1.6,
  profile: 1.1,
  audit: 0.7,
  head: 0.2,
  shipment: 1.0,
  disclosure: 0.4,
  idempotency: 0.4,
  carrierEvent: 0.3,
  outbox: 0.5,
  request: 0.8,
} as const;

type Where = 'data' | 'data.gsi1' | 'data.gsi2' | 'data.byRetention' | 'audit' | 'audit.gsi1' | 'idempotency';

interface Keys {
  readonly queue: (orderId: string) => string;
  readonly retention: (due: Date, key: { pk: string; sk: string }) => string;
  readonly inactive: (due: Date, subjectId: string) => string;
  readonly auditDay: (day: string, subjectId: string) => string;
  readonly outbox: (eventId: string) => string;
}

/** The keys as the code writes them now. */
const sharded: Keys = {
  queue: fulfillmentQueueKey,
  retention: (_due, key) => retentionBucket(key),
  inactive: (_due, subjectId) => inactiveBucket(subjectId),
  auditDay: (_day, subjectId) => auditIndexKey(subjectId),
  outbox: outboxPartition,
};

/** The same keys as they were before sharding (one queue, one bucket per day, eight outbox shards). */
const unsharded: Keys = {
  queue: () => FULFILLMENT_QUEUE,
  retention: (due) => `RETENTION#${due.toISOString().slice(0, 10)}`,
  inactive: (due) => `INACTIVE#${due.toISOString().slice(0, 10)}`,
  auditDay: (day) => `DAY#${day}`,
  outbox: (eventId) => `OUTBOX#${shardOf(eventId, 8)}`,
};

class Tally {
  readonly byKey = new Map<string, number>();
  readonly byWhere = new Map<Where, number>();
  writes = 0;

  /** One write of an item of `kb` on `where`, partition key `key`; `times` for transactions (2) and index moves (2). */
  add(where: Where, key: string, kb: number, times = 1): void {
    const wcu = Math.ceil(kb) * times;
    const id = `${where} ${key}`;
    this.byKey.set(id, (this.byKey.get(id) ?? 0) + wcu);
    this.byWhere.set(where, (this.byWhere.get(where) ?? 0) + wcu);
    this.writes += times;
  }

  hottest(): { key: string; wcu: number; share: number } {
    let key = '';
    let wcu = 0;
    for (const [k, v] of this.byKey) {
      if (v > wcu) {
        key = k;
        wcu = v;
      }
    }
    const where = key.split(' ')[0] as Where;
    return { key, wcu, share: wcu / (this.byWhere.get(where) ?? 1) };
  }

  /** The hottest keys, with their WCU. */
  top(n: number): { key: string; wcu: number }[] {
    return [...this.byKey]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([key, wcu]) => ({ key, wcu }));
  }
}

const TX = 2;
const retentionDefaults = loadRetention({});

/**
 * Every write one order causes over its life, and its share of the traffic that is not orders
 * (privacy requests), with the keys `keys` builds. `now` is the simulated second.
 */
function lifecycle(t: Tally, keys: Keys, now: Date): void {
  const day = now.toISOString().slice(0, 10);
  const subjectId = `c${Math.floor(Math.random() * CUSTOMERS)}`;
  const orderId = randomUUID();
  const pk = subjectPk(subjectId);
  const order = { pk, sk: orderSk(orderId) };
  const audit = () => {
    t.add('audit', pk, SIZE_KB.audit, TX);
    t.add('audit.gsi1', keys.auditDay(day, subjectId), SIZE_KB.audit);
    t.add('audit', pk, SIZE_KB.head, TX);
  };
  const outbox = () => t.add('data', keys.outbox(randomUUID()), SIZE_KB.outbox, TX);

  // placeOrder: one transaction — order (gsi1 lookup, gsi2 queue), idempotency record, the profile's
  // activity (its byRetention entry moves within today's +730 d bucket: index delete + put), audit, event.
  t.add('data', pk, SIZE_KB.order, TX);
  t.add('data.gsi1', orderLookupKey(orderId).gsi1pk, SIZE_KB.order);
  t.add('data.gsi2', keys.queue(orderId), SIZE_KB.order);
  t.add('idempotency', randomUUID(), SIZE_KB.idempotency, TX);
  t.add('data', pk, SIZE_KB.profile, TX);
  const noticeDue = new Date(now.getTime() + retentionDefaults.INACTIVE_ACCOUNT_DAYS * 86_400_000);
  t.add('data.byRetention', keys.inactive(noticeDue, subjectId), SIZE_KB.profile, 2);
  audit();
  outbox();

  // createShipment: the packer's audited read, then order → shipped (off the queue), shipment
  // (gsi1 tracking lookup), disclosure record, audit, event.
  audit();
  t.add('data', pk, SIZE_KB.order, TX);
  t.add('data.gsi2', keys.queue(orderId), SIZE_KB.order);
  t.add('data', pk, SIZE_KB.shipment, TX);
  t.add('data.gsi1', trackingLookupKey('ups', orderId).gsi1pk, SIZE_KB.shipment);
  t.add('data', pk, SIZE_KB.disclosure, TX);
  audit();
  outbox();

  // Two carrier events (in transit, delivered): each remembered, each updates the shipment; delivery
  // completes the order, which enters its retention bucket (due in ORDER_PERSONAL_DATA_DAYS).
  for (const status of ['in_transit', 'delivered']) {
    t.add('data', carrierEventKey('ups', `${orderId}-${status}`).pk, SIZE_KB.carrierEvent);
    t.add('data', pk, SIZE_KB.shipment, TX);
    outbox();
  }
  t.add('data', pk, SIZE_KB.order, TX);
  const due = new Date(now.getTime() + retentionDefaults.ORDER_PERSONAL_DATA_DAYS * 86_400_000);
  t.add('data.byRetention', keys.retention(due, order), SIZE_KB.order);
  audit();

  // The retention sweep anonymises as many orders a second as complete (on average): the order leaves
  // today's bucket, its shipment is stripped, one audit record.
  t.add('data', pk, SIZE_KB.order, TX);
  t.add('data.byRetention', keys.retention(now, order), SIZE_KB.order);
  t.add('data', pk, SIZE_KB.shipment);
  audit();

  // Privacy requests, a few per thousand orders: the request (gsi1 lookup, gsi2 queue by status).
  if (Math.random() < REQUESTS_PER_ORDER) {
    const requestId = randomUUID();
    t.add('data', pk, SIZE_KB.request, TX);
    t.add('data.gsi1', privacyRequestLookupKey(requestId).gsi1pk, SIZE_KB.request);
    t.add('data.gsi2', privacyRequestQueue('received'), SIZE_KB.request);
    audit();
    outbox();
  }
}

/** One simulated second at `ordersPerSecond`, keys from `keys`. */
function second(keys: Keys, ordersPerSecond: number): Tally {
  const t = new Tally();
  const now = new Date('2026-11-27T12:00:00Z');
  for (let i = 0; i < ordersPerSecond; i++) lifecycle(t, keys, now);
  return t;
}

/** The order rate at which the hottest key of a second at `rate` reaches PARTITION_WCU (writes scale linearly). */
const saturation = (t: Tally, rate: number): number => (PARTITION_WCU / t.hottest().wcu) * rate;

export function scaleFigures(): Figure[] {
  progress('scale simulation');
  const after = second(sharded, GOAL_ORDERS_PER_SECOND);
  const before = second(unsharded, GOAL_ORDERS_PER_SECOND);
  const hot = after.hottest();
  const hotBefore = before.hottest();
  const rate = saturation(after, GOAL_ORDERS_PER_SECOND);
  const rateBefore = saturation(before, GOAL_ORDERS_PER_SECOND);
  const writesPerOrder = after.writes / GOAL_ORDERS_PER_SECOND;
  return [
    {
      name: '11. scale: hottest key at 10,000 orders/s',
      value: hot.wcu,
      unit: 'WCU/s',
      baseline: `unsharded: ${fmt(hotBefore.wcu)} WCU/s (${hotBefore.key})`,
      goal: { max: PARTITION_WCU },
      detail: `${hot.key}: ${(hot.share * 100).toFixed(2)}% of its index's writes; ${fmt(writesPerOrder, 1)} writes per order`,
      data: {
        ordersPerSecond: GOAL_ORDERS_PER_SECOND,
        sizesKb: SIZE_KB,
        hottest: after.top(12),
        hottestUnsharded: before.top(12),
        wcuByTableOrIndex: Object.fromEntries(after.byWhere),
      },
    },
    {
      name: '11a. scale: largest share of one key',
      value: hot.share * 100,
      unit: '%',
      baseline: `unsharded: ${(hotBefore.share * 100).toFixed(1)}% (${hotBefore.key})`,
      detail: 'of the writes to its table or index, in one modelled second',
    },
    {
      name: '11b. scale: order rate at which the hottest key reaches 1,000 WCU/s',
      value: rate,
      unit: 'orders/s',
      baseline: `unsharded: ${fmt(rateBefore)} orders/s`,
      verdict: rate >= GOAL_ORDERS_PER_SECOND ? 'yes (goal ≥ 10,000)' : 'NO (goal ≥ 10,000)',
      detail: `next: ${after
        .top(4)
        .slice(1)
        .map((k) => `${k.key} ${fmt(k.wcu)}`)
        .join('; ')}`,
    },
  ];
}
