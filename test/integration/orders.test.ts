/**
 * Order rules that need a controllable clock or a forced race, on DynamoDB Local: the return window,
 * the refund ceiling enforced by the order's condition, idempotency records past their TTL, and
 * carrier events racing each other.
 */

import type { AccessContext } from '../../shared/domain/access';
import { signPayload } from '../../shared/domain/webhook-signature';
import { registerProfile } from '../../shared/usecases/account';
import { placeOrder } from '../../shared/usecases/orders';
import { seedInitialPolicy } from '../../shared/usecases/policy';
import { decideRefund, requestRefund } from '../../shared/usecases/refunds';
import { createShipment, receiveCarrierEvent } from '../../shared/usecases/shipping';
import { type Harness, harness, selfAccess } from '../support/app-harness';
import { sampleOrder } from '../support/sample-requests';

const self = selfAccess;
const packer: AccessContext = { actor: { id: 'packer', role: 'fulfillment' }, purpose: 'shipping', requestId: 'r' };
const agent: AccessContext = { actor: { id: 'agent', role: 'support' }, purpose: 'refund_handling', requestId: 'r' };
const SECRET = 'integration-secret';

let h: Harness;
beforeAll(async () => {
  h = await harness({ config: { CARRIER_WEBHOOK_SECRET: SECRET } });
  await seedInitialPolicy(h.deps, { content: 'P', summary: 'S', effectiveAt: new Date('2026-01-01T00:00:00Z') });
});

async function deliveredOrder(subject: string): Promise<string> {
  await registerProfile(h.deps, { name: 'N', email: `${subject}@example.com`, acceptPolicyVersion: 1 }, self(subject));
  const { order } = await placeOrder(h.deps, sampleOrder() as never, `key-${subject}`, self(subject));
  const { shipment } = await createShipment(h.deps, order.orderId, { carrier: 'ups', service: 'ground' }, packer);
  for (const [id, status] of [
    ['a', 'in_transit'],
    ['b', 'delivered'],
  ] as const) {
    const raw = JSON.stringify({
      eventId: `${subject}-${id}`,
      trackingNumber: shipment.trackingNumber,
      status,
      occurredAt: h.clock
        .now()
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
    });
    await receiveCarrierEvent(h.deps, 'ups', raw, signPayload(SECRET, Math.floor(h.clock.now().getTime() / 1000), raw));
  }
  return order.orderId;
}

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

  it('lets the order’s condition refuse a refund that would pass the total, whatever the caller computed', async () => {
    const orderId = await deliveredOrder('cust-ceiling');
    const summary = await h.deps.orders.summary('cust-ceiling', orderId);
    if (!summary) throw new Error('order missing');
    const refused = { 'order.refund': () => new Error('refused') };
    await h.deps.uow.commit([h.deps.orders.addRefund(summary, summary.total, h.clock.now())], [], refused);
    // A second approval computed from a stale view of the order: the condition must refuse it.
    await expect(h.deps.uow.commit([h.deps.orders.addRefund(summary, 1, h.clock.now())], [], refused)).rejects.toThrow(
      'refused',
    );
    expect((await h.deps.orders.summary('cust-ceiling', orderId))?.refundedTotal).toBe(summary.total);
  });

  it('approves at most what was paid across decisions', async () => {
    const orderId = await deliveredOrder('cust-approve');
    await requestRefund(h.deps, orderId, { reason: 'all' }, self('cust-approve'));
    await decideRefund(h.deps, orderId, { action: 'approve', reason: 'ok' }, agent);
    await expect(requestRefund(h.deps, orderId, { reason: 'again' }, self('cust-approve'))).rejects.toMatchObject({
      status: 409,
    });
    await expect(decideRefund(h.deps, orderId, { action: 'approve', reason: 'again' }, agent)).rejects.toMatchObject({
      status: 409,
    });
  });

  it('treats an idempotency record past its TTL as gone: the key places a new order', async () => {
    await registerProfile(h.deps, { name: 'N', email: 'ttl@example.com', acceptPolicyVersion: 1 }, self('cust-ttl'));
    const first = await placeOrder(h.deps, sampleOrder() as never, 'ttl-key', self('cust-ttl'));
    const retry = await placeOrder(h.deps, sampleOrder() as never, 'ttl-key', self('cust-ttl'));
    expect(retry).toMatchObject({ replayed: true, order: { orderId: first.order.orderId } });
    h.clock.advance(86_400 + 1);
    const later = await placeOrder(h.deps, sampleOrder() as never, 'ttl-key', self('cust-ttl'));
    expect(later.replayed).toBe(false);
    expect(later.order.orderId).not.toBe(first.order.orderId);
  });

  it('applies one of two identical carrier events arriving together', async () => {
    await registerProfile(h.deps, { name: 'N', email: 'race@example.com', acceptPolicyVersion: 1 }, self('cust-race'));
    const { order } = await placeOrder(h.deps, sampleOrder() as never, 'race-key', self('cust-race'));
    const { shipment } = await createShipment(h.deps, order.orderId, { carrier: 'ups', service: 'ground' }, packer);
    const raw = JSON.stringify({
      eventId: 'race-1',
      trackingNumber: shipment.trackingNumber,
      status: 'in_transit',
      occurredAt: h.clock
        .now()
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
    });
    const sig = signPayload(SECRET, Math.floor(h.clock.now().getTime() / 1000), raw);
    const results = await Promise.allSettled([1, 2, 3].map(() => receiveCarrierEvent(h.deps, 'ups', raw, sig)));
    const applied = results.filter((r) => r.status === 'fulfilled' && r.value.applied);
    expect(applied).toHaveLength(1);
    const after = await h.deps.shipments.forOrder('cust-race', order.orderId);
    expect(after?.events.map((e) => e.status)).toEqual(['label_created', 'in_transit']);
  });

  it('publishes events without personal values or subject ids', async () => {
    const published = await h.published();
    expect(published.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'OrderPlaced',
        'ShipmentCreated',
        'ShipmentStatusChanged',
        'RefundRequested',
        'RefundDecided',
      ]),
    );
    const text = JSON.stringify(published);
    for (const s of ['cust-', 'Sample Recipient', 'tok_sample', '1 Sample Street']) expect(text).not.toContain(s);
  });
});
