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
  IN_TRANSIT_QUEUE,
  inactiveBucket,
  inTransitQueueKey,
  orderLookupKey,
  orderSk,
  PROCESSOR_REFUND_QUEUE,
  placedOrdersKey,
  privacyRequestLookupKey,
  privacyRequestQueue,
  processorRefundQueueKey,
  productKey,
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
/** Approved refunds per order delivered: a generous return rate. */
const REFUNDS_PER_ORDER = 0.05;
/**
 * The catalogue the orders buy from: SKU popularity follows a Zipf law (s = 1) over this many SKUs,
 * so the best-seller is in about 1 order in 10 — a shop with one runaway product. Its stock item is
 * written by every order of it (docs/decisions/0025, 0060).
 */
const SKUS = 10_000;
const HARMONIC = Array.from({ length: SKUS }, (_, k) => 1 / (k + 1)).reduce((a, b) => a + b, 0);
/** A SKU drawn by popularity (rank 0 is the best-seller). */
function skuRank(): number {
  let r = Math.random() * HARMONIC;
  for (let k = 0; k < SKUS; k++) {
    r -= 1 / (k + 1);
    if (r <= 0) return k;
  }
  return SKUS - 1;
}

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
  product: 0.4,
  refund: 0.6,
} as const;

type Where =
  | 'data'
  | 'data.gsi1'
  | 'data.gsi2'
  | 'data.gsi3'
  | 'data.byRetention'
  | 'audit'
  | 'audit.gsi1'
  | 'idempotency';

interface Keys {
  readonly queue: (orderId: string) => string;
  readonly placed: (orderId: string) => string;
  readonly inTransit: (orderId: string) => string;
  readonly refunds: (refundId: string) => string;
  readonly retention: (due: Date, key: { pk: string; sk: string }) => string;
  readonly inactive: (due: Date, subjectId: string) => string;
  readonly auditDay: (day: string, subjectId: string) => string;
  readonly outbox: (eventId: string) => string;
}

/** The keys as the code writes them now. */
const sharded: Keys = {
  queue: fulfillmentQueueKey,
  placed: placedOrdersKey,
  inTransit: inTransitQueueKey,
  refunds: processorRefundQueueKey,
  retention: (_due, key) => retentionBucket(key),
  inactive: (_due, subjectId) => inactiveBucket(subjectId),
  auditDay: (_day, subjectId) => auditIndexKey(subjectId),
  outbox: outboxPartition,
};

/** The same keys as they were before sharding (one queue, one bucket per day, eight outbox shards). */
const unsharded: Keys = {
  queue: () => FULFILLMENT_QUEUE,
  placed: () => 'PLACED',
  inTransit: () => IN_TRANSIT_QUEUE,
  refunds: () => PROCESSOR_REFUND_QUEUE,
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
 * (privacy requests, refunds), with the keys `keys` builds; its stock reservation goes to `stock`
 * (a product's stock item grows with that product's sales, not with the traffic: figure 11c).
 * `now` is the simulated second.
 */
function lifecycle(t: Tally, stock: Tally, keys: Keys, now: Date): void {
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

  // placeOrder: one transaction — order (gsi1 lookup, gsi2 queue), idempotency record, the stock
  // reservation of its product, the profile's activity (its byRetention entry moves within its bucket:
  // index delete + put), the processor's disclosure record, audit, event.
  stock.add('data', productKey(`SKU-${skuRank()}`).pk, SIZE_KB.product, TX);
  t.add('data', pk, SIZE_KB.disclosure, TX);
  t.add('data', pk, SIZE_KB.order, TX);
  t.add('data.gsi1', orderLookupKey(orderId).gsi1pk, SIZE_KB.order);
  t.add('data.gsi2', keys.queue(orderId), SIZE_KB.order);
  t.add('data.gsi3', keys.placed(orderId), SIZE_KB.order);
  t.add('idempotency', randomUUID(), SIZE_KB.idempotency, TX);
  t.add('data', pk, SIZE_KB.profile, TX);
  const noticeDue = new Date(now.getTime() + retentionDefaults.INACTIVE_ACCOUNT_DAYS * 86_400_000);
  t.add('data.byRetention', keys.inactive(noticeDue, subjectId), SIZE_KB.profile, 2);
  audit();
  outbox();

  // createShipment: the packer's audited read, the payment captured, then order → shipped (off the
  // queue), shipment (gsi1 tracking lookup, gsi2 in-transit queue), the carrier's and the capture's
  // disclosure records, audit, event.
  audit();
  t.add('data', pk, SIZE_KB.order, TX);
  t.add('data.gsi2', keys.queue(orderId), SIZE_KB.order);
  t.add('data', pk, SIZE_KB.shipment, TX);
  t.add('data.gsi1', trackingLookupKey('ups', orderId).gsi1pk, SIZE_KB.shipment);
  t.add('data.gsi2', keys.inTransit(orderId), SIZE_KB.shipment);
  t.add('data', pk, SIZE_KB.disclosure, TX);
  t.add('data', pk, SIZE_KB.disclosure, TX);
  audit();
  outbox();

  // Two carrier events (in transit, delivered): each remembered, each updates the shipment; delivery
  // completes the order, which enters its retention bucket (due in ORDER_PERSONAL_DATA_DAYS).
  // In transit moves the shipment within its in-transit partition (its latest sign of life: index
  // delete + put); delivered takes it out.
  for (const status of ['in_transit', 'delivered']) {
    t.add('data', carrierEventKey('ups', `${orderId}-${status}`).pk, SIZE_KB.carrierEvent);
    t.add('data', pk, SIZE_KB.shipment, TX);
    t.add('data.gsi2', keys.inTransit(orderId), SIZE_KB.shipment, status === 'delivered' ? 1 : 2);
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

  // Refunds, a few per hundred orders: requested, then approved (the order's refunded total, the
  // refund entering the processor-refund queue until the processor confirms it, then leaving it).
  if (Math.random() < REFUNDS_PER_ORDER) {
    t.add('data', pk, SIZE_KB.refund, TX);
    audit();
    t.add('data', pk, SIZE_KB.refund, TX);
    t.add('data', pk, SIZE_KB.order, TX);
    const refundId = randomUUID();
    t.add('data.gsi2', keys.refunds(refundId), SIZE_KB.refund);
    t.add('data', pk, SIZE_KB.disclosure, TX);
    audit();
    outbox();
    t.add('data', pk, SIZE_KB.refund);
    t.add('data.gsi2', keys.refunds(refundId), SIZE_KB.refund);
  }

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

/** One simulated second at `ordersPerSecond`, keys from `keys`; the stock items' writes apart. */
function second(keys: Keys, ordersPerSecond: number, stock = new Tally()): Tally {
  const t = new Tally();
  const now = new Date('2026-11-27T12:00:00Z');
  for (let i = 0; i < ordersPerSecond; i++) lifecycle(t, stock, keys, now);
  return t;
}

/** The order rate at which the hottest key of a second at `rate` reaches PARTITION_WCU (writes scale linearly). */
const saturation = (t: Tally, rate: number): number => (PARTITION_WCU / t.hottest().wcu) * rate;

export function scaleFigures(): Figure[] {
  progress('scale simulation');
  const stock = new Tally();
  const after = second(sharded, GOAL_ORDERS_PER_SECOND, stock);
  const before = second(unsharded, GOAL_ORDERS_PER_SECOND);
  const hot = after.hottest();
  const hotBefore = before.hottest();
  const rate = saturation(after, GOAL_ORDERS_PER_SECOND);
  const rateBefore = saturation(before, GOAL_ORDERS_PER_SECOND);
  const writesPerOrder = (after.writes + stock.writes) / GOAL_ORDERS_PER_SECOND;
  const bestSeller = stock.hottest();
  // WCU per order of one product: a transactional update of its stock item.
  const perSale = Math.ceil(SIZE_KB.product) * TX;
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
    {
      name: "11c. scale: one product's stock item, sales of that product at which it reaches 1,000 WCU/s",
      value: PARTITION_WCU / perSale,
      unit: 'orders of it/s',
      baseline: `modelled best-seller (Zipf over ${fmt(SKUS)} SKUs): ${fmt(bestSeller.wcu)} WCU/s at 10,000 orders/s (${(
        (bestSeller.wcu / perSale / GOAL_ORDERS_PER_SECOND) * 100
      ).toFixed(1)}% of orders)`,
      verdict:
        bestSeller.wcu <= PARTITION_WCU
          ? 'best-seller below the limit'
          : 'best-seller SATURATES: split its stock (decisions 0025, 0060; not built)',
      detail:
        "grows with one product's sales, not the traffic: not sharded; the strategy when a product needs it is in decision 0060 (stock over N sub-items)",
    },
  ];
}
