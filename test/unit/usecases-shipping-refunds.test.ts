// Fulfilment, carrier events and refunds as use cases over in-memory ports: the rules, the by-name
// error mapping and the audit records, in milliseconds (test/integration proves the DynamoDB adapters).
import type { AccessContext } from '../../shared/domain/access';
import { placeOrderSchema } from '../../shared/domain/order';
import { placedOrder } from '../../shared/domain/order-record';
import { signPayload } from '../../shared/domain/webhook-signature';
import { decideRefund, requestRefund } from '../../shared/usecases/refunds';
import { createShipment, fulfillmentQueue, receiveCarrierEvent } from '../../shared/usecases/shipping';
import { type MemoryWorld, memoryWorld } from '../support/fakes';
import { sampleOrder } from '../support/sample-requests';

const customer = (id: string): AccessContext => ({
  actor: { id, role: 'customer' },
  purpose: 'self_service',
  requestId: 'r',
});
const packer: AccessContext = { actor: { id: 'packer-1', role: 'fulfillment' }, purpose: 'shipping', requestId: 'r' };
const agent: AccessContext = { actor: { id: 'agent-1', role: 'support' }, purpose: 'refund_handling', requestId: 'r' };

let world: MemoryWorld;
beforeEach(() => {
  world = memoryWorld();
});

/** An order placed straight into the fake store (placing itself needs the account ports). */
function seedOrder(subjectId: string, orderId: string) {
  const order = placedOrder(placeOrderSchema.parse(sampleOrder()), subjectId, orderId, world.clock.now());
  world.orders.orders.set(orderId, order);
  world.orders.queued.add(orderId);
  return order;
}

function carrierEvent(trackingNumber: string, eventId: string, status: string) {
  const raw = JSON.stringify({ eventId, trackingNumber, status, occurredAt: world.clock.now().toISOString() });
  const at = Math.floor(world.clock.now().getTime() / 1000);
  return receiveCarrierEvent(world, 'ups', raw, signPayload('memory-carrier-secret', at, raw));
}

describe('fulfilment over in-memory ports', () => {
  it('ships a placed order once: disclosure, audit record and event; a second shipment is a conflict', async () => {
    const order = seedOrder('ada', 'o-1');
    const { shipment, handOff } = await createShipment(world, 'o-1', { carrier: 'ups', service: 'ground' }, packer);
    expect(handOff).toEqual({
      recipient: order.personal.state === 'held' ? order.personal.shippingAddress.recipient : '',
      address: expect.objectContaining({ line1: expect.any(String) }),
    });
    expect(world.orders.orders.get('o-1')?.status).toBe('shipped');
    expect(world.disclosures.entries).toEqual([
      expect.objectContaining({ recipient: 'ups', orderId: 'o-1', subjectId: 'ada' }),
    ]);
    expect(world.audit.actions('ada')).toEqual(['order.read', 'order.disclose']);
    expect(world.events.published).toEqual([
      expect.objectContaining({ type: 'ShipmentCreated', shipmentId: shipment.shipmentId }),
    ]);
    await expect(createShipment(world, 'o-1', { carrier: 'ups', service: 'ground' }, packer)).rejects.toMatchObject({
      status: 409,
    });
  });

  it('keeps orders of a subject who restricted processing out of the queue, and audits every read', async () => {
    seedOrder('ada', 'o-1');
    seedOrder('bob', 'o-2');
    world.restricted.add('bob');
    const { orders } = await fulfillmentQueue(world, { limit: 10 }, packer);
    expect(orders.map((o) => o.orderId)).toEqual(['o-1']);
    expect(world.audit.actions('ada')).toEqual(['order.read']);
    expect(world.audit.actions('bob')).toEqual([]);
  });
});

describe('carrier events over in-memory ports', () => {
  it('applies an event once, completes the order on delivery and refuses an illegal move', async () => {
    seedOrder('ada', 'o-1');
    const { shipment } = await createShipment(world, 'o-1', { carrier: 'ups', service: 'ground' }, packer);
    expect(await carrierEvent(shipment.trackingNumber, 'e1', 'in_transit')).toEqual({
      applied: true,
      duplicate: false,
      status: 'in_transit',
    });
    expect(await carrierEvent(shipment.trackingNumber, 'e1', 'in_transit')).toMatchObject({ duplicate: true });
    await carrierEvent(shipment.trackingNumber, 'e2', 'delivered');
    expect(world.orders.orders.get('o-1')).toMatchObject({
      status: 'delivered',
      deliveredAt: expect.any(String),
      personalDataRetainedUntil: expect.any(String),
    });
    await expect(carrierEvent(shipment.trackingNumber, 'e3', 'in_transit')).rejects.toMatchObject({ status: 409 });
  });

  it('refuses a forged signature before reading anything', async () => {
    const raw = JSON.stringify({
      eventId: 'e',
      trackingNumber: 'UPS1234567',
      status: 'delivered',
      occurredAt: '2026-06-01T12:00:00Z',
    });
    await expect(
      receiveCarrierEvent(world, 'ups', raw, signPayload('wrong', 1_780_315_200, raw)),
    ).rejects.toMatchObject({
      status: 401,
    });
    expect(world.uow.commits).toBe(0);
  });
});

describe('refunds over in-memory ports', () => {
  async function delivered(orderId: string) {
    seedOrder('ada', orderId);
    const { shipment } = await createShipment(world, orderId, { carrier: 'ups', service: 'ground' }, packer);
    await carrierEvent(shipment.trackingNumber, `${orderId}-t`, 'in_transit');
    await carrierEvent(shipment.trackingNumber, `${orderId}-d`, 'delivered');
  }

  it('approves at most what was paid: the order.refund condition maps to a conflict by name', async () => {
    await delivered('o-1');
    await requestRefund(world, 'o-1', { reason: 'broken' }, customer('ada'));
    // Another approval lands between our read of the order and our commit: its condition refuses ours.
    world.uow.interleave(() => {
      const order = world.orders.orders.get('o-1');
      if (order) world.orders.orders.set('o-1', { ...order, refundedTotal: order.total });
    });
    await expect(decideRefund(world, 'o-1', { action: 'approve', reason: 'ok' }, agent)).rejects.toThrow(
      'Approved refunds would exceed what was paid',
    );
    expect([...world.refunds.refunds.values()].map((r) => r.status)).toEqual(['requested']);
    expect(world.notifications.entries).toEqual([]);
  });

  it('tells the customer the decision and records the refund on the order, in one unit of work', async () => {
    await delivered('o-1');
    await requestRefund(world, 'o-1', { reason: 'broken' }, customer('ada'));
    const decided = await decideRefund(world, 'o-1', { action: 'approve', reason: 'ok' }, agent);
    expect(decided.status).toBe('approved');
    expect(world.orders.orders.get('o-1')?.refundedTotal).toBe(decided.amount);
    expect(world.notifications.entries).toEqual([
      expect.objectContaining({ subjectId: 'ada', type: 'refund.approved' }),
    ]);
    expect(world.audit.actions('ada').slice(-2)).toEqual(['refund.request', 'refund.approve']);
  });
});
