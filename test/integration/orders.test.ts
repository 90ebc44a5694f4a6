/**
 * Order rules that need DynamoDB's conditions, a controllable clock or a forced race, on DynamoDB
 * Local with the real Stripe SDK against the local processor: stock reserved by the order's own
 * transaction (the last units sell exactly once), given back on cancellation, the refund ceiling
 * enforced by the order's condition, processor refunds, idempotency records past their TTL, and
 * carrier events racing each other.
 */

import Stripe from 'stripe';
import type { AccessContext } from '../../shared/domain/access';
import { idempotencyRecordId } from '../../shared/domain/idempotency';
import { registerProfile } from '../../shared/usecases/account';
import { putProduct } from '../../shared/usecases/catalogue';
import { cancelOrder, placeOrder } from '../../shared/usecases/orders';
import { decideRefund, requestRefund } from '../../shared/usecases/refunds';
import { createShipment, fulfillmentQueue, receiveCarrierEvent } from '../../shared/usecases/shipping';
import { carrierSignature, type Harness, harness, paymentsKeyOf, selfAccess } from '../support/app-harness';
import { testEndpoints } from '../support/local-stack';
import { sampleOrder } from '../support/sample-requests';

const self = selfAccess;
const packer: AccessContext = { actor: { id: 'packer', role: 'fulfillment' }, purpose: 'shipping', requestId: 'r' };
const agent: AccessContext = { actor: { id: 'agent', role: 'support' }, purpose: 'refund_handling', requestId: 'r' };
const manager: AccessContext = {
  actor: { id: 'cm', role: 'catalogue-manager' },
  purpose: 'catalogue_management',
  requestId: 'r',
};
const UPS_GROUND = { carrier: 'ups', service: 'ground' };
const upsOrder = (sku = 'BOOT-42', quantity = 2) => ({
  ...sampleOrder(sku),
  items: [{ sku, quantity }],
  delivery: UPS_GROUND,
});

/** The processor as its dashboard would show it: the real SDK, against the local service. */
const processor = () => {
  const url = new URL(testEndpoints().paymentsEndpoint);
  return new Stripe(paymentsKeyOf(h.names), { host: url.hostname, port: Number(url.port), protocol: 'http' });
};

let h: Harness;
beforeAll(async () => {
  h = await harness({ seedPolicy: true });
});

const register = (subject: string) =>
  registerProfile(h.deps, { name: 'N', email: `${subject}@example.com`, acceptPolicyVersion: 1 }, self(subject));

async function carrierEvent(trackingNumber: string, eventId: string, status: string) {
  const raw = JSON.stringify({
    eventId,
    trackingNumber,
    status,
    occurredAt: h.clock
      .now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z'),
  });
  return receiveCarrierEvent(h.deps, 'ups', raw, carrierSignature('ups', h.clock.now(), raw));
}

async function deliveredOrder(subject: string): Promise<string> {
  await register(subject);
  const { order } = await placeOrder(h.deps, upsOrder() as never, `key-${subject}`, self(subject));
  const { shipment } = await createShipment(h.deps, order.orderId, UPS_GROUND, packer);
  await carrierEvent(shipment.trackingNumber, `${subject}-a`, 'in_transit');
  await carrierEvent(shipment.trackingNumber, `${subject}-b`, 'delivered');
  return order.orderId;
}

describe('stock on DynamoDB Local', () => {
  it('sells exactly the last 5 units to 20 concurrent orders; the others get 409 naming the SKU, and no hold', async () => {
    await putProduct(
      h.deps,
      'LAST-5',
      { name: 'Last five', active: true, prices: { EUR: 5000 }, stock: 5, shippingProfile: 'parcel' },
      undefined,
      manager,
    );
    const buyers = Array.from({ length: 20 }, (_, i) => `race-${i}`);
    const since = Math.floor(Date.now() / 1000) - 1;
    for (const buyer of buyers) await register(buyer);
    const results = await Promise.allSettled(
      buyers.map((buyer) => placeOrder(h.deps, upsOrder('LAST-5', 1) as never, `k-${buyer}`, self(buyer))),
    );
    const sold = results.filter((r) => r.status === 'fulfilled');
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(sold).toHaveLength(5);
    expect(refused).toHaveLength(15);
    for (const reason of refused) expect(reason).toMatchObject({ status: 409, extensions: { sku: 'LAST-5' } });
    expect((await h.deps.products.get('LAST-5'))?.stock).toBe(0);
    // A refusal after authorising voided its hold: only the five sold orders hold money.
    const held = [];
    for await (const intent of processor().paymentIntents.list({ created: { gte: since }, limit: 100 })) {
      if (intent.metadata.orderRequest && intent.amount === 5799 && intent.status === 'requires_capture')
        held.push(intent);
    }
    const soldIds = sold.map((r) => (r.status === 'fulfilled' ? r.value.order.payment.paymentId : ''));
    expect(held.map((i) => i.id).sort()).toEqual(soldIds.sort());
  });

  it('gives the stock back when an order is cancelled, and voids its authorisation', async () => {
    await register('cust-cancel');
    const before = (await h.deps.products.get('SOCK-3'))?.stock ?? 0;
    const { order } = await placeOrder(h.deps, upsOrder('SOCK-3', 3) as never, 'cancel-key', self('cust-cancel'));
    expect((await h.deps.products.get('SOCK-3'))?.stock).toBe(before - 3);
    await cancelOrder(h.deps, order.orderId, self('cust-cancel'));
    expect((await h.deps.products.get('SOCK-3'))?.stock).toBe(before);
    expect((await processor().paymentIntents.retrieve(order.payment.paymentId)).status).toBe('canceled');
  });
});

describe('the catalogue as checkouts see it: remembered for 30 s per process, never trusted at commit', () => {
  const STALE = 'STALE-1';
  /** Another process (another Lambda instance, the manager's PUT): its own repositories, same tables. */
  let other: Harness;
  beforeAll(async () => {
    other = await harness({ names: h.names });
    await putProduct(
      h.deps,
      STALE,
      { name: 'Stale lamp', active: true, prices: { EUR: 1000 }, stock: 10, shippingProfile: 'parcel' },
      undefined,
      manager,
    );
  });

  /** The catalogue manager, in the other process, changes the product. */
  async function change(
    input: Partial<{ prices: { EUR: number }; stock: number; active: boolean; shippingProfile: 'parcel' | 'bulky' }>,
  ) {
    const current = await other.deps.products.get(STALE);
    if (!current) throw new Error('product missing');
    const { name, active, prices, stock, shippingProfile } = current;
    await putProduct(
      other.deps,
      STALE,
      { name, active, prices, stock, shippingProfile, ...input },
      current.version,
      manager,
    );
  }

  const stockOf = async () => (await h.deps.products.get(STALE))?.stock;
  const ordersOf = async (subject: string) => (await h.deps.orders.list(subject, { limit: 10 })).orders;
  /** The status at the processor of the authorisation `subject`'s request with `key` made. */
  async function holdOf(subject: string, key: string): Promise<string | undefined> {
    const reference = idempotencyRecordId('order', subject, key);
    for await (const intent of processor().paymentIntents.list({ limit: 100 })) {
      if (intent.metadata.orderRequest === reference) return intent.status;
    }
    return undefined;
  }

  it('refuses an order priced from a remembered price that has since risen (409), voids its hold, takes no stock, and prices the next one afresh', async () => {
    await register('stale-price');
    // This process remembers the product at 10.00 (one order placed with it).
    await placeOrder(h.deps, upsOrder(STALE, 1) as never, 'stale-1', self('stale-price'));
    expect(await stockOf()).toBe(9);
    await change({ prices: { EUR: 1200 } });

    await expect(placeOrder(h.deps, upsOrder(STALE, 1) as never, 'stale-2', self('stale-price'))).rejects.toMatchObject(
      { status: 409, message: expect.stringContaining(`price of SKU ${STALE} changed`) },
    );
    expect(await stockOf()).toBe(9);
    expect(await ordersOf('stale-price')).toHaveLength(1);
    // The refused order's authorisation (at the remembered 10.00 + 7.99) was voided.
    expect(await holdOf('stale-price', 'stale-2')).toBe('canceled');

    // The refusal made this process forget the product: the retry is priced at 12.00 and placed.
    const retry = await placeOrder(h.deps, upsOrder(STALE, 1) as never, 'stale-3', self('stale-price'));
    expect(retry.order).toMatchObject({ total: 1999, lines: [{ sku: STALE, unitPrice: 1200 }] });
    expect(await stockOf()).toBe(8);
  });

  it('checks an expectedTotal the remembered price contradicts against the product itself, and places the order without holding twice', async () => {
    await register('stale-expected');
    await placeOrder(h.deps, upsOrder(STALE, 1) as never, 'stale-e1', self('stale-expected'));
    await change({ prices: { EUR: 1300 } });
    // This process still remembers 12.00; the checkout page shows 13.00 + 7.99.
    const { order } = await placeOrder(
      h.deps,
      { ...upsOrder(STALE, 1), expectedTotal: 2099 } as never,
      'stale-e2',
      self('stale-expected'),
    );
    expect(order.total).toBe(2099);
    // One authorisation, of the right amount: the remembered price never reached the processor.
    const intents = [];
    const reference = idempotencyRecordId('order', 'stale-expected', 'stale-e2');
    for await (const intent of processor().paymentIntents.list({ limit: 100 })) {
      if (intent.metadata.orderRequest === reference) intents.push(intent);
    }
    expect(intents.map((i) => [i.amount, i.status])).toEqual([[2099, 'requires_capture']]);
  });

  it('sells a product restocked in another process although this one remembers it sold out', async () => {
    await register('stale-restock');
    await change({ stock: 1 });
    await placeOrder(h.deps, upsOrder(STALE, 1) as never, 'stale-r1', self('stale-restock'));
    expect(await stockOf()).toBe(0);
    await change({ stock: 3 });
    await expect(
      placeOrder(h.deps, upsOrder(STALE, 2) as never, 'stale-r2', self('stale-restock')),
    ).resolves.toMatchObject({ replayed: false });
    expect(await stockOf()).toBe(1);
  });

  it('refuses a product deactivated in another process (422 naming the SKU), with its hold voided and its stock untouched', async () => {
    await register('stale-off');
    await placeOrder(h.deps, upsOrder(STALE, 1) as never, 'stale-o1', self('stale-off'));
    const before = await stockOf();
    await change({ active: false });
    await expect(placeOrder(h.deps, upsOrder(STALE, 1) as never, 'stale-o2', self('stale-off'))).rejects.toMatchObject({
      status: 422,
      errors: [{ path: 'body.items.0.sku' }],
    });
    expect(await stockOf()).toBe(before);
    expect(await ordersOf('stale-off')).toHaveLength(1);
    expect(await holdOf('stale-off', 'stale-o2')).toBe('canceled');
  });

  it('refuses a product that became bulky in another process when the booked service carries parcels only (422), its hold voided', async () => {
    await change({ active: true, shippingProfile: 'parcel', stock: 10 });
    await register('stale-bulky');
    const express = (key: string) =>
      placeOrder(
        h.deps,
        { ...upsOrder(STALE, 1), delivery: { carrier: 'ups', service: 'express' } } as never,
        key,
        self('stale-bulky'),
      );
    await express('stale-b1');
    const before = await stockOf();
    await change({ shippingProfile: 'bulky' });
    await expect(express('stale-b2')).rejects.toMatchObject({
      status: 422,
      errors: [{ path: 'body.delivery.service' }],
    });
    expect(await stockOf()).toBe(before);
    expect(await holdOf('stale-bulky', 'stale-b2')).toBe('canceled');
    await change({ shippingProfile: 'parcel' });
  });

  it('reads the product again once what it remembers is 30 seconds old', async () => {
    await change({ active: true, prices: { EUR: 1000 }, stock: 10 });
    await register('stale-expiry');
    await placeOrder(h.deps, upsOrder(STALE, 1) as never, 'stale-x1', self('stale-expiry'));
    await change({ prices: { EUR: 1100 } });
    h.clock.advance(30);
    const { order } = await placeOrder(h.deps, upsOrder(STALE, 1) as never, 'stale-x2', self('stale-expiry'));
    expect(order.lines).toEqual([expect.objectContaining({ sku: STALE, unitPrice: 1100 })]);
  });
});

describe('orders on DynamoDB Local', () => {
  it('accepts a refund request up to the last second of the return window and refuses it after', async () => {
    const orderId = await deliveredOrder('cust-window');
    h.clock.advance(30 * 86_400);
    await expect(requestRefund(h.deps, orderId, { reason: 'late' }, self('cust-window'))).resolves.toMatchObject({
      status: 'requested',
    });
    const other = await deliveredOrder('cust-window2');
    h.clock.advance(30 * 86_400 + 1);
    await expect(requestRefund(h.deps, other, { reason: 'too late' }, self('cust-window2'))).rejects.toMatchObject({
      status: 409,
    });
  });

  it('lets the order’s condition refuse a refund that would pass what was captured, whatever the caller computed', async () => {
    const orderId = await deliveredOrder('cust-ceiling');
    const summary = await h.deps.orders.summary('cust-ceiling', orderId);
    if (!summary) throw new Error('order missing');
    expect(summary.payment).toMatchObject({ status: 'captured', capturedAmount: summary.total });
    const refused = { 'order.refund': () => new Error('refused') };
    await h.deps.uow.commit(
      [h.deps.orders.addRefund(summary, summary.payment.capturedAmount, h.clock.now())],
      [],
      refused,
    );
    // A second approval computed from a stale view of the order: the condition must refuse it.
    await expect(h.deps.uow.commit([h.deps.orders.addRefund(summary, 1, h.clock.now())], [], refused)).rejects.toThrow(
      'refused',
    );
    expect((await h.deps.orders.summary('cust-ceiling', orderId))?.refundedTotal).toBe(summary.total);
  });

  it('refunds through the processor, once, and never more than was captured', async () => {
    const orderId = await deliveredOrder('cust-approve');
    await requestRefund(h.deps, orderId, { reason: 'all' }, self('cust-approve'));
    const decided = await decideRefund(h.deps, orderId, { action: 'approve', reason: 'ok' }, agent);
    expect(decided.processorRefund).toMatchObject({ status: 'succeeded', refundId: expect.stringMatching(/^re_/) });
    const order = await h.deps.orders.summary('cust-approve', orderId);
    const refunds = await processor().refunds.list({ payment_intent: order?.payment.paymentId });
    expect(refunds.data.map((r) => r.amount)).toEqual([decided.amount]);
    await expect(requestRefund(h.deps, orderId, { reason: 'again' }, self('cust-approve'))).rejects.toMatchObject({
      status: 409,
    });
    await expect(decideRefund(h.deps, orderId, { action: 'approve', reason: 'again' }, agent)).rejects.toMatchObject({
      status: 409,
    });
  });

  it('answers no retry from an idempotency record past its TTL, and never charges a key twice', async () => {
    await register('cust-ttl');
    const first = await placeOrder(h.deps, upsOrder() as never, 'ttl-key', self('cust-ttl'));
    const retry = await placeOrder(h.deps, upsOrder() as never, 'ttl-key', self('cust-ttl'));
    expect(retry).toMatchObject({ replayed: true, order: { orderId: first.order.orderId } });
    h.clock.advance(86_400 + 1);
    // Our record is gone; the processor (on real time) still knows the key and answers with the first
    // order's authorisation, which that order holds: refused, nothing placed, nothing charged twice.
    await expect(placeOrder(h.deps, upsOrder() as never, 'ttl-key', self('cust-ttl'))).rejects.toMatchObject({
      status: 409,
    });
    expect((await h.deps.orders.list('cust-ttl', { limit: 10 })).orders).toHaveLength(1);
    expect((await processor().paymentIntents.retrieve(first.order.payment.paymentId)).status).toBe('requires_capture');
  });

  it('applies one of two identical carrier events arriving together', async () => {
    await register('cust-race');
    const { order } = await placeOrder(h.deps, upsOrder() as never, 'race-key', self('cust-race'));
    const { shipment } = await createShipment(h.deps, order.orderId, UPS_GROUND, packer);
    const results = await Promise.allSettled(
      [1, 2, 3].map(() => carrierEvent(shipment.trackingNumber, 'race-1', 'in_transit')),
    );
    const applied = results.filter((r) => r.status === 'fulfilled' && r.value.applied);
    expect(applied).toHaveLength(1);
    const after = await h.deps.shipments.forOrder('cust-race', order.orderId);
    expect(after?.events.map((e) => e.status)).toEqual(['label_created', 'in_transit']);
  });

  it('lists a shipment silent for 30 days in the support queue', async () => {
    await register('cust-silent');
    const { order } = await placeOrder(h.deps, upsOrder() as never, 'silent-key', self('cust-silent'));
    await createShipment(h.deps, order.orderId, UPS_GROUND, packer);
    h.clock.advance(31 * 86_400);
    const { shipments } = await h.deps.shipments.silent(new Date(h.clock.now().getTime() - 30 * 86_400_000), {
      limit: 100,
    });
    expect(shipments.map((s) => s.orderId)).toContain(order.orderId);
  });

  it('opens for packers and carriers only what delivery needs: the address, the phone only for a carrier that asks', async () => {
    await register('cust-need');
    const ups = await placeOrder(h.deps, upsOrder() as never, 'need-ups', self('cust-need'));
    const dhl = await placeOrder(h.deps, sampleOrder() as never, 'need-dhl', self('cust-need'));
    const queued: string[] = [];
    for (let cursor: string | undefined, first = true; first || cursor; first = false) {
      const page = await fulfillmentQueue(h.deps, { limit: 100, ...(cursor && { cursor }) }, packer);
      queued.push(
        ...page.orders.filter((o) => [ups.order.orderId, dhl.order.orderId].includes(o.orderId)).map((o) => o.orderId),
      );
      cursor = page.cursor;
    }
    expect(queued.sort()).toEqual([ups.order.orderId, dhl.order.orderId].sort());
    const { handOff: toUps } = await createShipment(h.deps, ups.order.orderId, UPS_GROUND, packer);
    const { handOff: toDhl } = await createShipment(h.deps, dhl.order.orderId, sampleOrder().delivery, packer);
    expect(toUps.phone).toBeUndefined();
    expect(toDhl.phone).toBe(sampleOrder().contactPhone);
    const { records } = await h.deps.audit.list('cust-need', { limit: 50 });
    const reads = records.filter((r) => r.action === 'order.read').map((r) => [r.resource, r.fields]);
    // Two queue reads (address only), then each shipment: UPS needs no phone, DHL does. Never card or billing.
    expect(reads).toEqual(
      expect.arrayContaining([
        [`order/${ups.order.orderId}`, ['shippingAddress']],
        [`order/${dhl.order.orderId}`, ['shippingAddress']],
        [`order/${dhl.order.orderId}`, ['shippingAddress', 'contactPhone']],
      ]),
    );
    expect(reads.filter(([resource]) => resource === `order/${ups.order.orderId}`)).toEqual([
      [`order/${ups.order.orderId}`, ['shippingAddress']],
      [`order/${ups.order.orderId}`, ['shippingAddress']],
    ]);
    const opened = reads.flatMap(([, fields]) => fields ?? []);
    expect(opened).not.toContain('card');
    expect(opened).not.toContain('billingAddress');
  });

  it('publishes events without personal values or subject ids', async () => {
    const published = await h.published();
    expect(published.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'OrderPlaced',
        'OrderCancelled',
        'ShipmentCreated',
        'ShipmentStatusChanged',
        'RefundRequested',
        'RefundDecided',
      ]),
    );
    const text = JSON.stringify(published);
    for (const s of ['cust-', 'race-', 'Sample Recipient', '1 Sample Street', '4242']) expect(text).not.toContain(s);
  });
});
