/**
 * The retention sweep on DynamoDB Local with a ManualClock: at +180 days a completed order keeps its
 * subject, lines, totals and status but holds none of its personal values (its refunds go, its
 * shipment loses the carriers' locations, both expire after the bookkeeping period); orders not yet
 * due are untouched; a second run changes nothing; a run killed mid-day converges on the next one;
 * orders of a subject who restricted processing, or with a refund awaiting a decision, wait; what
 * was collected under a withdrawn consent is deleted; and it never issues a Scan.
 */
import { randomBytes } from 'node:crypto';
import { GetItemCommand, PutItemCommand, QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  jobCheckpointKey,
  orderSk,
  retentionBucket,
  retentionBuckets,
  subjectPk,
} from '../../shared/adapters/dynamodb/keys';
import type { AccessContext } from '../../shared/domain/access';
import { PERSONAL_ORDER_FIELDS } from '../../shared/domain/order-record';
import { addDaysToDay, dayOf, epochSeconds } from '../../shared/domain/time';
import { registerProfile } from '../../shared/usecases/account';
import { changeConsent, recordEngagementEvents } from '../../shared/usecases/consents';
import { cancelOrder, getOwnOrder, listOrders, placeOrder } from '../../shared/usecases/orders';
import { processRequest } from '../../shared/usecases/privacy-processor';
import { liftRestriction, submitPrivacyRequest } from '../../shared/usecases/privacy-requests';
import { decideRefund, requestRefund } from '../../shared/usecases/refunds';
import { RETENTION_SWEEP_JOB, sweepRetention } from '../../shared/usecases/retention';
import { createShipment, receiveCarrierEvent } from '../../shared/usecases/shipping';
import { carrierSignature, dynamodbClient, type Harness, harness, selfAccess } from '../support/app-harness';
import { sampleOrder } from '../support/sample-requests';

const DAY = 86_400;
const self = selfAccess;
const packer: AccessContext = { actor: { id: 'packer', role: 'fulfillment' }, purpose: 'shipping', requestId: 'r' };
const support: AccessContext = { actor: { id: 'agent', role: 'support' }, purpose: 'refund_handling', requestId: 'r' };
const officer: AccessContext = {
  actor: { id: 'officer', role: 'privacy-officer' },
  purpose: 'privacy_request',
  requestId: 'r',
};

async function fresh(): Promise<Harness> {
  const h = await harness({ seedPolicy: true });
  return h;
}

const register = (h: Harness, subject: string) =>
  registerProfile(h.deps, { name: 'N', email: `${subject}@example.com`, acceptPolicyVersion: 1 }, self(subject));

/** The sample order, booked on the UPS Ground service these tests ship with. */
const upsOrder = () => ({ ...sampleOrder(), delivery: { carrier: 'ups', service: 'ground' } }) as never;

async function cancelledOrder(h: Harness, subject: string, key: string): Promise<string> {
  const { order } = await placeOrder(h.deps, upsOrder(), key, self(subject));
  await cancelOrder(h.deps, order.orderId, self(subject));
  return order.orderId;
}

async function deliveredOrder(h: Harness, subject: string, key: string): Promise<string> {
  const { order } = await placeOrder(h.deps, upsOrder(), key, self(subject));
  const { shipment } = await createShipment(h.deps, order.orderId, { carrier: 'ups', service: 'ground' }, packer);
  for (const status of ['in_transit', 'delivered']) {
    const raw = JSON.stringify({
      eventId: `${key}-${status}`,
      trackingNumber: shipment.trackingNumber,
      status,
      occurredAt: h.clock
        .now()
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
      location: `Depot ${key}`,
    });
    await receiveCarrierEvent(h.deps, 'ups', raw, carrierSignature('ups', h.clock.now(), raw));
  }
  return order.orderId;
}

async function rawItem(h: Harness, pk: string, sk: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await dynamodbClient().send(
    new GetItemCommand({ TableName: h.names.data, Key: marshall({ pk, sk }), ConsistentRead: true }),
  );
  return Item ? unmarshall(Item) : undefined;
}

const orderItem = (h: Harness, subject: string, orderId: string) => rawItem(h, subjectPk(subject), orderSk(orderId));

/** Every item of the data table (the test may Scan; the sweep may not). */
async function dataItems(h: Harness): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamodbClient().send(
      new ScanCommand({ TableName: h.names.data, ConsistentRead: true, ExclusiveStartKey: start as never }),
    );
    items.push(...(page.Items ?? []).map((i) => unmarshall(i)));
    start = page.LastEvaluatedKey;
  } while (start);
  return items.sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`));
}

type Send = (command: unknown) => Promise<unknown>;
const WRITES = new Set(['UpdateCommand', 'DeleteCommand', 'PutCommand', 'TransactWriteCommand', 'BatchWriteCommand']);

/** Records every command the app's document client sends; optionally fails every write from the `failAt`-th on. */
function intercept(h: Harness, failAt?: number) {
  const ddb = h.deps.ddb as unknown as { send: Send };
  const send = ddb.send.bind(ddb);
  const commands: { name: string; input: Record<string, unknown> }[] = [];
  let writes = 0;
  ddb.send = async (command: unknown) => {
    const name = (command as object).constructor.name;
    commands.push({ name, input: (command as { input: Record<string, unknown> }).input });
    if (failAt !== undefined && WRITES.has(name) && ++writes >= failAt) throw new Error('crash');
    return send(command);
  };
  return {
    commands,
    restore: () => {
      ddb.send = send;
    },
  };
}

describe('retention sweep', () => {
  it('[P-42] anonymises orders past 180 days in place, leaves the others alone, and never Scans', async () => {
    const h = await fresh();
    const t0 = h.clock.now();
    await register(h, 'cust-a');
    await register(h, 'cust-b');
    const cancelled = await cancelledOrder(h, 'cust-a', 'a-1');
    const delivered = await deliveredOrder(h, 'cust-a', 'a-2');
    const placed = (await placeOrder(h.deps, upsOrder(), 'b-1', self('cust-b'))).order.orderId;
    h.clock.advance(100 * DAY);
    const later = await cancelledOrder(h, 'cust-a', 'a-3');
    // Redundant service data the index marks for deletion: one due, one not yet.
    const serviceItem = (id: string, expires: Date) => ({
      pk: `CARRIER_EVENT#ups#${id}`,
      sk: 'EVENT',
      type: 'carrier-event',
      expiresAt: epochSeconds(expires),
      retentionBucket: retentionBucket({ pk: `CARRIER_EVENT#ups#${id}`, sk: 'EVENT' }),
      retentionDueAt: epochSeconds(expires),
      retentionAction: 'delete',
    });
    for (const item of [
      serviceItem('due', new Date(t0.getTime() + 30 * DAY * 1000)),
      serviceItem('later', new Date(t0.getTime() + 200 * DAY * 1000)),
    ]) {
      await dynamodbClient().send(new PutItemCommand({ TableName: h.names.data, Item: marshall(item) }));
    }

    const before = {
      cancelled: await orderItem(h, 'cust-a', cancelled),
      delivered: await orderItem(h, 'cust-a', delivered),
      placed: await orderItem(h, 'cust-b', placed),
      later: await orderItem(h, 'cust-a', later),
    };
    for (const f of ['shippingAddress', 'payment', 'contactPhone']) expect(before.cancelled).toHaveProperty(f);

    h.clock.advance(80 * DAY + 1); // t0 + 180 days + 1 s
    const recorder = intercept(h);
    const summary = await sweepRetention(h.deps).finally(recorder.restore);

    expect(summary).toEqual({
      ordersAnonymised: 2,
      ordersHeldByRestriction: 0,
      ordersHeldByPendingRefund: 0,
      itemsDeleted: 1,
      consentDataPurged: 0,
      itemsSkipped: 0,
      bucketsVisited: h.deps.config.retention.RETENTION_SWEEP_LOOKBACK_DAYS + 1,
    });
    // Work found through the index only; the one other query is a due order's refunds, by key.
    const names = new Set(recorder.commands.map((c) => c.name));
    expect(names.has('ScanCommand')).toBe(false);
    for (const c of recorder.commands.filter((c) => c.name === 'QueryCommand')) {
      if (c.input.IndexName === undefined) {
        expect(c.input.ExpressionAttributeValues).toMatchObject({ ':prefix': expect.stringMatching(/^REFUND#/) });
      } else expect(c.input.IndexName).toBe('byRetention');
    }
    // Kept for the bookkeeping period from now: the order and what is left of its shipment.
    const keptUntil = epochSeconds(h.clock.now()) + h.deps.config.retention.ORDER_RECORD_DAYS * DAY;
    const shipment = await rawItem(h, subjectPk('cust-a'), `SHIPMENT#${delivered}`);
    expect(shipment).toMatchObject({ status: 'delivered', expiresAt: keptUntil });
    expect(shipment?.events).toEqual(
      ['label_created', 'in_transit', 'delivered'].map((status) => ({ status, occurredAt: expect.any(String) })),
    );
    expect(await orderItem(h, 'cust-a', delivered)).toMatchObject({ expiresAt: keptUntil });

    for (const [id, was] of [
      [cancelled, before.cancelled],
      [delivered, before.delivered],
    ] as const) {
      const after = await orderItem(h, 'cust-a', id);
      for (const f of PERSONAL_ORDER_FIELDS) expect(after).not.toHaveProperty(f);
      expect(after).not.toHaveProperty('retentionBucket');
      expect(after).not.toHaveProperty('retentionDueAt');
      // Same subject, same books.
      expect(after).toMatchObject({
        pk: subjectPk('cust-a'),
        subjectId: 'cust-a',
        status: was?.status,
        total: was?.total,
        refundedTotal: was?.refundedTotal,
        lines: was?.lines,
        statusHistory: was?.statusHistory,
        currency: was?.currency,
        anonymisedAt: h.clock.now().toISOString(),
      });
    }
    expect(await orderItem(h, 'cust-b', placed)).toEqual(before.placed);
    expect(await orderItem(h, 'cust-a', later)).toEqual(before.later);
    // Each anonymisation is on the customer's chain: the system actor, the run's id, the fields removed.
    const anonymised = (await h.deps.audit.list('cust-a', { limit: 50 })).records.filter(
      (r) => r.action === 'order.anonymise',
    );
    expect(anonymised.map((r) => r.resource).sort()).toEqual([`order/${cancelled}`, `order/${delivered}`].sort());
    for (const record of anonymised) {
      expect(record).toMatchObject({
        actor: { id: 'retention-sweep', role: 'system' },
        purpose: 'storage_limitation',
        fields: [...PERSONAL_ORDER_FIELDS, 'refunds', 'shipment.locations'],
        requestId: anonymised[0]?.requestId,
      });
    }
    expect(await rawItem(h, 'CARRIER_EVENT#ups#due', 'EVENT')).toBeUndefined();
    expect(await rawItem(h, 'CARRIER_EVENT#ups#later', 'EVENT')).toBeDefined();

    // The customer still has a valid order history; the anonymised order simply has no details.
    const history = await listOrders(h.deps, { limit: 10 }, self('cust-a'));
    expect(history.orders.map((o) => o.orderId).sort()).toEqual([cancelled, delivered, later].sort());
    const own = await getOwnOrder(h.deps, cancelled, self('cust-a'));
    // 2 × 89.99 boots and UPS Ground's 7.99: what remains for the books.
    expect(own).toMatchObject({ orderId: cancelled, status: 'cancelled', total: 18_797 });
    expect(own.personal).toEqual({ state: 'removed', removedAt: expect.any(String) });
    await expect(getOwnOrder(h.deps, later, self('cust-a'))).resolves.toMatchObject({
      personal: { state: 'held', shippingAddress: sampleOrder().shippingAddress },
    });

    // The checkpoint is the last complete day; a second run the same second changes nothing.
    expect(await rawItem(h, jobCheckpointKey(RETENTION_SWEEP_JOB).pk, 'CHECKPOINT')).toMatchObject({
      day: addDaysToDay(dayOf(h.clock.now()), -1),
    });
    const state = await dataItems(h);
    const again = await sweepRetention(h.deps);
    expect(again).toMatchObject({ ordersAnonymised: 0, itemsDeleted: 0, itemsSkipped: 0, bucketsVisited: 2 });
    expect(await dataItems(h)).toEqual(state);

    // The later order's turn comes 100 days on.
    h.clock.advance(100 * DAY);
    await expect(sweepRetention(h.deps)).resolves.toMatchObject({ ordersAnonymised: 1, itemsDeleted: 1 });
    const last = await orderItem(h, 'cust-a', later);
    for (const f of PERSONAL_ORDER_FIELDS) expect(last).not.toHaveProperty(f);
  });

  // A run writes at least 31 times (30 anonymisations, then its checkpoint) and sometimes one or two
  // more (a transaction retried after a conflict between the three workers): 31 is the last write
  // every run reaches.
  it.each([1, 7, 16, 29, 31])(
    'a run killed at its write %i converges on the next run, resuming from its checkpoint',
    async (failAt) => {
      const h = await fresh();
      // 2 × 15 due orders over two day buckets, written directly; pages of 4.
      const now = h.clock.now();
      const dayOne = new Date(now.getTime() - 2 * DAY * 1000);
      const dayTwo = new Date(now.getTime() - 1 * DAY * 1000);
      const ids: string[] = [];
      for (const [d, due] of [dayOne, dayTwo].entries()) {
        for (let i = 0; i < 15; i++) {
          const id = `ord-${d}-${String(i).padStart(2, '0')}`;
          ids.push(id);
          await dynamodbClient().send(
            new PutItemCommand({ TableName: h.names.data, Item: marshall(dueOrder(`cust-${i % 4}`, id, due)) }),
          );
        }
      }
      const options = { pageSize: 4, concurrency: 3 };
      const crash = intercept(h, failAt);
      // The injected failure surfaces as itself (a checkpoint write) or as the unit of work's 503 (a change
      // committed with its audit record): nothing of that write landed either way.
      await expect(sweepRetention(h.deps, options)).rejects.toThrow(/crash|could not be recorded/);
      crash.restore();

      // Whatever is left undone falls due after the checkpoint day began: the re-run will reach it.
      const checkpoint = (await rawItem(h, jobCheckpointKey(RETENTION_SWEEP_JOB).pk, 'CHECKPOINT'))?.day;
      const pending = (await dataItems(h)).filter((i) => i.type === 'order' && 'shippingAddress' in i);
      for (const o of pending) {
        if (checkpoint) {
          expect(Number(o.retentionDueAt)).toBeGreaterThanOrEqual(epochSeconds(new Date(`${checkpoint}T00:00:00Z`)));
        }
      }

      const rerun = await sweepRetention(h.deps, options);
      expect(rerun.ordersAnonymised).toBe(pending.length);
      const orders = (await dataItems(h)).filter((i) => i.type === 'order');
      expect(orders.map((o) => o.orderId).sort()).toEqual(ids.sort());
      for (const o of orders) {
        for (const f of PERSONAL_ORDER_FIELDS) expect(o).not.toHaveProperty(f);
        expect(o).toMatchObject({ total: 2500, status: 'delivered', anonymisedAt: now.toISOString() });
      }
      await expect(sweepRetention(h.deps, options)).resolves.toMatchObject({ ordersAnonymised: 0, itemsDeleted: 0 });
      // Nothing of the sweep's left in the index.
      for (const bucket of retentionBuckets()) {
        const left = await dynamodbClient().send(
          new QueryCommand({
            TableName: h.names.data,
            IndexName: 'byRetention',
            KeyConditionExpression: 'retentionBucket = :b',
            ExpressionAttributeValues: { ':b': { S: bucket } },
          }),
        );
        expect(left.Count).toBe(0);
      }
    },
  );

  it('holds an order back while a refund awaits a decision, and deletes its decided refunds with its details', async () => {
    const h = await fresh();
    await register(h, 'cust-f');
    const orderId = await deliveredOrder(h, 'cust-f', 'f-1');
    await requestRefund(h.deps, orderId, { reason: 'Canary refund reason' }, self('cust-f'));
    const refunds = async () =>
      (await dataItems(h)).filter((i) => i.pk === subjectPk('cust-f') && String(i.sk).startsWith('REFUND#'));
    expect(await refunds()).toHaveLength(1);

    h.clock.advance(180 * DAY + 1);
    await expect(sweepRetention(h.deps)).resolves.toMatchObject({ ordersAnonymised: 0, ordersHeldByPendingRefund: 1 });
    expect(await orderItem(h, 'cust-f', orderId)).toHaveProperty('shippingAddress');
    expect(await refunds()).toHaveLength(1);

    const decided = await decideRefund(h.deps, orderId, { action: 'approve', reason: 'Canary decision' }, support);
    expect(decided.amount).toBeGreaterThan(0);
    h.clock.advance(30 * DAY);
    await expect(sweepRetention(h.deps)).resolves.toMatchObject({ ordersAnonymised: 1, ordersHeldByPendingRefund: 0 });
    expect(await refunds()).toEqual([]);
    // The books keep the refunded total.
    expect(await orderItem(h, 'cust-f', orderId)).toMatchObject({ refundedTotal: decided.amount });
  });

  it('[P-34] deletes what was collected under a consent once it is withdrawn, and nothing collected after a new grant', async () => {
    const h = await fresh();
    await register(h, 'cust-c');
    const events = [{ type: 'page_view' as const, at: '2026-03-01T00:00:00Z', path: '/' }];
    const engagement = async () =>
      (await dataItems(h)).filter((i) => i.pk === subjectPk('cust-c') && String(i.sk).startsWith('ENGAGEMENT#'));
    await changeConsent(h.deps, 'analytics', true, self('cust-c'));
    await recordEngagementEvents(h.deps, events, self('cust-c'));
    h.clock.advance(1);
    await recordEngagementEvents(h.deps, events, self('cust-c'));
    h.clock.advance(1);
    await changeConsent(h.deps, 'analytics', false, self('cust-c'));
    h.clock.advance(1);
    await changeConsent(h.deps, 'analytics', true, self('cust-c'));
    await recordEngagementEvents(h.deps, events, self('cust-c'));
    expect(await engagement()).toHaveLength(3);

    await expect(sweepRetention(h.deps)).resolves.toMatchObject({ consentDataPurged: 2 });
    const left = await engagement();
    expect(left).toHaveLength(1);
    expect(left[0]?.receivedAt).toBe(h.clock.now().toISOString());
    // The purge order is done and gone; a re-run deletes nothing more.
    expect((await dataItems(h)).filter((i) => i.type === 'consent-withdrawal')).toEqual([]);
    await expect(sweepRetention(h.deps)).resolves.toMatchObject({ consentDataPurged: 0 });
  });

  it('keeps the details of a subject who restricted processing, and anonymises them once it is lifted', async () => {
    const h = await fresh();
    await register(h, 'cust-r');
    const orderId = await cancelledOrder(h, 'cust-r', 'r-1');
    const request = await submitPrivacyRequest(h.deps, 'restriction', epochSeconds(h.clock.now()), self('cust-r'));
    await processRequest(h.deps, { subjectId: 'cust-r', requestId: request.requestId });

    h.clock.advance(180 * DAY + 1);
    await expect(sweepRetention(h.deps)).resolves.toMatchObject({ ordersAnonymised: 0, ordersHeldByRestriction: 1 });
    const held = await orderItem(h, 'cust-r', orderId);
    expect(held).toHaveProperty('shippingAddress');
    expect(held?.retentionBucket).toBe(retentionBucket({ pk: subjectPk('cust-r'), sk: orderSk(orderId) }));
    expect(held?.retentionDueAt).toBe(epochSeconds(h.clock.now()) + 30 * DAY);

    await liftRestriction(h.deps, 'cust-r', officer);
    h.clock.advance(30 * DAY);
    await expect(sweepRetention(h.deps)).resolves.toMatchObject({ ordersAnonymised: 1, ordersHeldByRestriction: 0 });
    expect(await orderItem(h, 'cust-r', orderId)).not.toHaveProperty('shippingAddress');
  });
});

/** A completed order as the repositories write it, with sealed-looking personal fields. */
function dueOrder(subject: string, orderId: string, due: Date) {
  const sealed = () => `v1.${randomBytes(12).toString('base64url')}.${randomBytes(48).toString('base64url')}`;
  const completed = new Date(due.getTime() - 180 * DAY * 1000).toISOString();
  return {
    pk: subjectPk(subject),
    sk: orderSk(orderId),
    type: 'order',
    orderId,
    subjectId: subject,
    status: 'delivered',
    currency: 'EUR',
    lines: [{ sku: 'SKU-1', name: 'Sample item', quantity: 2, unitPrice: 1250 }],
    total: 2500,
    refundedTotal: 0,
    statusHistory: [{ status: 'delivered', at: completed }],
    createdAt: completed,
    updatedAt: completed,
    completedAt: completed,
    deliveredAt: completed,
    personalDataRetainedUntil: due.toISOString(),
    paymentProcessor: 'stripe',
    shippingAddress: sealed(),
    billingAddress: sealed(),
    payment: sealed(),
    contactPhone: sealed(),
    gsi1pk: `ORDER#${orderId}`,
    gsi1sk: 'ORDER',
    retentionBucket: retentionBucket({ pk: subjectPk(subject), sk: orderSk(orderId) }),
    retentionDueAt: epochSeconds(due),
  };
}
