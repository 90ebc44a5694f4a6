// Fulfilment, carrier events and refunds as use cases over in-memory ports: capture at shipment,
// the lifecycle's ends, clamped dates, carrier-bound signatures, processor refunds, the by-name error
// mapping and the audit records, in milliseconds (test/integration proves the DynamoDB adapters).
import { Metrics } from '@aws-lambda-powertools/metrics';
import { carrierSignalsAsMetrics } from '../../shared/adapters/carrier-signals';
import { CARRIER_SIGNATURE_METRIC } from '../../shared/config/carriers';
import type { AccessContext } from '../../shared/domain/access';
import { addDays } from '../../shared/domain/time';
import { signPayload } from '../../shared/domain/webhook-signature';
import { reconcilePayments } from '../../shared/usecases/payment-reconciliation';
import { decideRefund, requestRefund } from '../../shared/usecases/refunds';
import {
  createShipment,
  fulfillmentQueue,
  receiveCarrierEvent,
  silentShipments,
  tracking,
} from '../../shared/usecases/shipping';
import { type MemoryWorld, memoryWorld, seedPlacedOrder, stockDemoCatalogue } from '../support/fakes';
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
  stockDemoCatalogue(world);
});

const UPS_GROUND = { carrier: 'ups', service: 'ground' };

/** An order placed straight into the fake stores, booked on UPS Ground (placing itself needs the account ports). */
const seedOrder = (subjectId: string, orderId: string) =>
  seedPlacedOrder(world, subjectId, orderId, { ...sampleOrder(), delivery: UPS_GROUND });

function carrierEvent(trackingNumber: string, eventId: string, status: string, occurredAt = world.clock.now()) {
  const raw = JSON.stringify({ eventId, trackingNumber, status, occurredAt: occurredAt.toISOString() });
  const at = Math.floor(world.clock.now().getTime() / 1000);
  return receiveCarrierEvent(world, 'ups', raw, signPayload('memory-carrier-secret', 'ups', at, raw));
}

describe('fulfilment over in-memory ports', () => {
  it('[P-18] captures the payment, then ships once: disclosures, audit record and event; a second shipment is a conflict', async () => {
    const order = await seedOrder('ada', 'o-1');
    const { shipment, handOff } = await createShipment(world, 'o-1', UPS_GROUND, packer);
    expect(handOff).toEqual({
      recipient: order.personal.state === 'held' ? order.personal.shippingAddress.recipient : '',
      address: expect.objectContaining({ line1: expect.any(String) }),
    });
    expect(world.orders.orders.get('o-1')).toMatchObject({
      status: 'shipped',
      payment: { status: 'captured', capturedAmount: order.total },
      // The backstop: 30 silent days plus the 180-day retention, should no carrier ever report again.
      personalDataRetainedUntil: addDays(world.clock.now(), 30 + 180).toISOString(),
    });
    expect(world.payments.payments.get(order.payment.paymentId)?.status).toBe('captured');
    expect(world.disclosures.entries).toEqual([
      expect.objectContaining({ recipient: 'ups', orderId: 'o-1', subjectId: 'ada' }),
      expect.objectContaining({ recipient: 'stripe', purpose: 'payment capture', fields: ['amount'] }),
    ]);
    expect(world.audit.actions('ada')).toEqual(['order.read', 'order.disclose']);
    expect(world.events.published).toEqual([
      expect.objectContaining({ type: 'ShipmentCreated', shipmentId: shipment.shipmentId }),
    ]);
    await expect(createShipment(world, 'o-1', UPS_GROUND, packer)).rejects.toMatchObject({ status: 409 });
  });

  it('ships only with the service the customer booked', async () => {
    await seedOrder('ada', 'o-1');
    await expect(createShipment(world, 'o-1', { carrier: 'dhl', service: 'express' }, packer)).rejects.toMatchObject({
      status: 409,
    });
    expect(world.payments.calls.filter((c) => c.startsWith('capture'))).toEqual([]);
  });

  it('cancels the order and gives its stock back when the payment can no longer be captured', async () => {
    const order = await seedOrder('ada', 'o-1');
    await world.payments.void(order.payment.paymentId);
    await expect(createShipment(world, 'o-1', UPS_GROUND, packer)).rejects.toMatchObject({ status: 409 });
    expect(world.orders.orders.get('o-1')).toMatchObject({ status: 'cancelled', payment: { status: 'voided' } });
    expect(world.products.products.get('BOOT-42')?.stock).toBe(500);
    expect(world.shipments.shipments.size).toBe(0);
    expect(world.notifications.entries).toEqual([expect.objectContaining({ type: 'order.payment-failed' })]);
  });

  it('changes nothing when the capture cannot be confirmed; the retry captures once', async () => {
    const order = await seedOrder('ada', 'o-1');
    world.payments.down = true;
    await expect(createShipment(world, 'o-1', UPS_GROUND, packer)).rejects.toMatchObject({ status: 503 });
    expect(world.orders.orders.get('o-1')?.status).toBe('placed');
    world.payments.down = false;
    await createShipment(world, 'o-1', UPS_GROUND, packer);
    expect(world.orders.orders.get('o-1')?.payment).toMatchObject({ status: 'captured', capturedAmount: order.total });
  });

  it('keeps orders of a subject who restricted processing out of the queue, and audits every read', async () => {
    await seedOrder('ada', 'o-1');
    await seedOrder('bob', 'o-2');
    world.restricted.add('bob');
    const { orders } = await fulfillmentQueue(world, { limit: 10 }, packer);
    expect(orders.map((o) => o.orderId)).toEqual(['o-1']);
    expect(orders[0]?.shipWith).toEqual(UPS_GROUND);
    expect(world.audit.actions('ada')).toEqual(['order.read']);
    expect(world.audit.actions('bob')).toEqual([]);
  });
});

describe('carrier events over in-memory ports', () => {
  it('applies an event once, completes the order on delivery and refuses an illegal move', async () => {
    await seedOrder('ada', 'o-1');
    const { shipment } = await createShipment(world, 'o-1', UPS_GROUND, packer);
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

  it('[P-29] refuses a forged signature before reading anything', async () => {
    const raw = JSON.stringify({
      eventId: 'e',
      trackingNumber: 'UPS1234567',
      status: 'delivered',
      occurredAt: '2026-06-01T12:00:00Z',
    });
    const at = Math.floor(world.clock.now().getTime() / 1000);
    await expect(receiveCarrierEvent(world, 'ups', raw, signPayload('wrong', 'ups', at, raw))).rejects.toMatchObject({
      status: 401,
    });
    // The right secret, but signed for another carrier's endpoint: the signature binds the carrier.
    await expect(
      receiveCarrierEvent(world, 'ups', raw, signPayload('memory-carrier-secret', 'dhl', at, raw)),
    ).rejects.toMatchObject({ status: 401 });
    expect(world.uow.commits).toBe(0);
  });

  it('counts each refused signature as a metric with its carrier as dimension, and nothing of the request', async () => {
    const canary = 'CANARY-TRACKING-7f3e';
    const raw = JSON.stringify({
      eventId: 'e',
      trackingNumber: canary,
      status: 'delivered',
      occurredAt: '2026-06-01T12:00:00Z',
    });
    const at = Math.floor(world.clock.now().getTime() / 1000);
    const lines: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const signals = carrierSignalsAsMetrics(new Metrics({ namespace: 'PrivacyOrders', serviceName: 'webhook-test' }));
      await expect(
        receiveCarrierEvent(world, 'dhl', raw, signPayload('wrong', 'dhl', at, raw), signals),
      ).rejects.toMatchObject({ status: 401 });
      await expect(receiveCarrierEvent(world, 'ups', raw, undefined, signals)).rejects.toMatchObject({ status: 401 });
      // An unknown carrier is a 404 before any signature: no carrier to count it for.
      await expect(receiveCarrierEvent(world, 'acme', raw, 't=1,v1=00', signals)).rejects.toMatchObject({
        status: 404,
      });
    } finally {
      write.mockRestore();
    }
    const emitted = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(
      emitted.map((m) => [m[CARRIER_SIGNATURE_METRIC.dimension], m[CARRIER_SIGNATURE_METRIC.name], m.service]),
    ).toEqual([
      ['dhl', 1, 'webhook-test'],
      ['ups', 1, 'webhook-test'],
    ]);
    for (const m of emitted) {
      expect(m._aws).toMatchObject({
        CloudWatchMetrics: [
          {
            Namespace: 'PrivacyOrders',
            Dimensions: [expect.arrayContaining(['service', CARRIER_SIGNATURE_METRIC.dimension])],
            Metrics: [{ Name: CARRIER_SIGNATURE_METRIC.name, Unit: 'Count' }],
          },
        ],
      });
    }
    expect(lines.join('')).not.toContain(canary);
    expect(world.uow.commits).toBe(0);
  });

  it.each([
    ['returned_to_sender', 'exception'],
    ['lost', 'in_transit'],
  ] as const)('ends the order as %s: terminal, retention clock started, refundable', async (end, before) => {
    await seedOrder('ada', 'o-1');
    const { shipment } = await createShipment(world, 'o-1', UPS_GROUND, packer);
    await carrierEvent(shipment.trackingNumber, 'e1', before);
    expect(await carrierEvent(shipment.trackingNumber, 'e2', end)).toMatchObject({ applied: true, status: end });
    expect(world.orders.orders.get('o-1')).toMatchObject({
      status: end,
      completedAt: world.clock.now().toISOString(),
      personalDataRetainedUntil: addDays(world.clock.now(), 180).toISOString(),
    });
    await expect(carrierEvent(shipment.trackingNumber, 'e3', 'delivered')).rejects.toMatchObject({ status: 409 });
    await expect(requestRefund(world, 'o-1', { reason: 'never arrived' }, customer('ada'))).resolves.toMatchObject({
      status: 'requested',
    });
  });

  it('clamps occurredAt: a delivery dated 2099 counts as now, one dated before the label as the label', async () => {
    await seedOrder('ada', 'o-1');
    const { shipment } = await createShipment(world, 'o-1', UPS_GROUND, packer);
    const shippedAt = world.clock.now();
    world.clock.advance(3600);
    await carrierEvent(shipment.trackingNumber, 'e1', 'in_transit', new Date('2020-01-01T00:00:00Z'));
    await carrierEvent(shipment.trackingNumber, 'e2', 'delivered', new Date('2099-01-01T00:00:00Z'));
    const delivered = world.orders.orders.get('o-1');
    expect(delivered?.deliveredAt).toBe(new Date(world.clock.now().getTime() + 300_000).toISOString());
    const events = (await tracking(world, 'o-1', customer('ada'))).shipment?.events ?? [];
    expect(events.map((e) => e.occurredAt)).toEqual([
      shippedAt.toISOString(),
      shippedAt.toISOString(),
      delivered?.deliveredAt,
    ]);
    // The window closes 30 days after the clamped delivery, not in 2099.
    world.clock.advance(31 * 86_400);
    await expect(requestRefund(world, 'o-1', { reason: 'late' }, customer('ada'))).rejects.toMatchObject({
      status: 409,
    });
  });

  it('lists shipments silent for STALE_SHIPMENT_DAYS in the support queue until a carrier speaks again', async () => {
    await seedOrder('ada', 'o-1');
    await seedOrder('ada', 'o-2');
    const quiet = await createShipment(world, 'o-1', UPS_GROUND, packer);
    const chatty = await createShipment(world, 'o-2', UPS_GROUND, packer);
    world.clock.advance(20 * 86_400);
    await carrierEvent(chatty.shipment.trackingNumber, 'e1', 'in_transit');
    world.clock.advance(11 * 86_400);
    const queue = await silentShipments(world, { limit: 10 });
    expect(queue.shipments).toEqual([
      expect.objectContaining({ orderId: 'o-1', trackingNumber: quiet.shipment.trackingNumber, silentForDays: 31 }),
    ]);
    await carrierEvent(quiet.shipment.trackingNumber, 'e2', 'lost');
    expect((await silentShipments(world, { limit: 10 })).shipments).toEqual([]);
  });
});

describe('refunds over in-memory ports', () => {
  async function delivered(orderId: string) {
    await seedOrder('ada', orderId);
    const { shipment } = await createShipment(world, orderId, UPS_GROUND, packer);
    await carrierEvent(shipment.trackingNumber, `${orderId}-t`, 'in_transit');
    await carrierEvent(shipment.trackingNumber, `${orderId}-d`, 'delivered');
  }

  it('approves at most what was paid: the order.refund condition maps to a conflict by name', async () => {
    await delivered('o-1');
    await requestRefund(world, 'o-1', { reason: 'broken' }, customer('ada'));
    // Another approval lands between our read of the order and our commit: its condition refuses ours.
    world.uow.interleave(() => {
      const order = world.orders.orders.get('o-1');
      if (order) world.orders.orders.set('o-1', { ...order, refundedTotal: order.payment.capturedAmount });
    });
    await expect(decideRefund(world, 'o-1', { action: 'approve', reason: 'ok' }, agent)).rejects.toThrow(
      'Approved refunds would exceed what was paid',
    );
    expect([...world.refunds.refunds.values()].map((r) => r.status)).toEqual(['requested']);
    expect(world.notifications.entries).toEqual([]);
    expect(world.payments.calls.filter((c) => c.startsWith('refund'))).toEqual([]);
  });

  it('tells the customer the decision and records the refund on the order, in one unit of work', async () => {
    await delivered('o-1');
    await requestRefund(world, 'o-1', { reason: 'broken' }, customer('ada'));
    const decided = await decideRefund(world, 'o-1', { action: 'approve', reason: 'ok' }, agent);
    expect(decided).toMatchObject({ status: 'approved', processorRefund: { status: 'succeeded' } });
    expect(world.orders.orders.get('o-1')?.refundedTotal).toBe(decided.amount);
    expect(world.notifications.entries).toEqual([
      expect.objectContaining({ subjectId: 'ada', type: 'refund.approved' }),
    ]);
    expect(world.audit.actions('ada').slice(-3)).toEqual(['refund.request', 'refund.approve', 'refund.pay']);
    expect(world.payments.calls.filter((c) => c.startsWith('refund'))).toHaveLength(1);
    expect(world.disclosures.entries.at(-1)).toMatchObject({
      recipient: 'stripe',
      purpose: 'refund',
      fields: ['amount'],
    });
  });

  it('keeps an approval whose processor refund could not be sent pending, and the job refunds it once', async () => {
    await delivered('o-1');
    await requestRefund(world, 'o-1', { reason: 'broken' }, customer('ada'));
    world.payments.down = true;
    const decided = await decideRefund(world, 'o-1', { action: 'approve', reason: 'ok' }, agent);
    expect(decided).toMatchObject({ status: 'approved', processorRefund: { status: 'pending' } });
    // Deferred while the processor is down: the walk over its authorisations, and the refund.
    expect(await reconcilePayments(world)).toMatchObject({ refundsSettled: 0, deferred: 2 });
    world.payments.down = false;
    expect(await reconcilePayments(world)).toMatchObject({ refundsSettled: 1 });
    expect(await reconcilePayments(world)).toMatchObject({ refundsSettled: 0, deferred: 0 });
    const [refund] = world.refunds.refunds.values();
    expect(refund?.processorRefund).toMatchObject({ status: 'succeeded', refundId: expect.any(String) });
    expect([...world.payments.refunds.values()]).toEqual([expect.objectContaining({ amount: decided.amount })]);
  });
});
