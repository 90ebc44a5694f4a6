/**
 * Write sharding (docs/decisions/0060-write-sharding.md): how many partition keys each key whose
 * write rate grows with the total traffic is spread over. One DynamoDB partition takes about 1,000
 * write units a second, on the base table and on every index; a key every order writes would
 * throttle order placement at about that rate. The counts come from the scale simulation in
 * `npm run bench` (figure 11): at 10,000 orders a second no shard reaches 1,000 WCU/s.
 *
 * A count may only grow: writers pick a shard below it, readers read every shard below it (and the
 * unsharded key, which holds what was written before sharding), so lowering one would hide items.
 * Pure data: no AWS imports.
 */
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
