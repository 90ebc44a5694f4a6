// Placing and cancelling orders as use cases over in-memory ports: server-side prices, stock
// reserved with the order, the payment authorised before the commit and voided when the commit is
// refused, replays of the original response, and the by-name error mapping — in milliseconds.
import type { AccessContext } from '../../shared/domain/access';
import { PaymentUnavailableError, UnavailableError } from '../../shared/domain/errors';
import { idempotencyRecordId } from '../../shared/domain/idempotency';
import { placeOrderSchema } from '../../shared/domain/order';
import { registerProfile } from '../../shared/usecases/account';
import { cancelOrder, changeShippingAddress, getOwnOrder, placeOrder } from '../../shared/usecases/orders';
import { ORPHAN_GRACE_MINUTES, reconcilePayments } from '../../shared/usecases/payment-reconciliation';
import { seedInitialPolicy } from '../../shared/usecases/policy';
import { type MemoryWorld, memoryWorld, stockDemoCatalogue } from '../support/fakes';
import { sampleOrder } from '../support/sample-requests';

const customer = (id: string): AccessContext => ({
  actor: { id, role: 'customer' },
  purpose: 'self_service',
  requestId: `req-${id}`,
});
const order = (sku = 'BOOT-42', extra: Record<string, unknown> = {}) =>
  placeOrderSchema.parse({ ...sampleOrder(sku), ...extra });
const stockOf = (sku: string) => world.products.products.get(sku)?.stock;

let world: MemoryWorld;
beforeEach(async () => {
  world = memoryWorld();
  stockDemoCatalogue(world);
  await seedInitialPolicy(world, { content: 'P', summary: 'S', effectiveAt: new Date('2026-01-01T00:00:00Z') });
  await registerProfile(world, { name: 'Ada', email: 'ada@example.com', acceptPolicyVersion: 1 }, customer('ada'));
});

describe('placing an order over in-memory ports', () => {
  it('prices from the catalogue, authorises the total and commits order, stock, disclosure and audit together', async () => {
    const commits = world.uow.commits;
    const { order: placed, replayed } = await placeOrder(world, order(), 'key-1', customer('ada'));
    expect(replayed).toBe(false);
    expect(world.uow.commits).toBe(commits + 1);
    // 2 × 89.99 boots + DHL Express 14.99, all from the server's catalogue and carrier configuration.
    expect(placed).toMatchObject({
      lines: [{ sku: 'BOOT-42', name: 'Walking boots', quantity: 2, unitPrice: 8999 }],
      subtotal: 17_998,
      shippingFee: 1499,
      total: 19_497,
      payment: { processor: 'stripe', status: 'authorised', authorisedAmount: 19_497, capturedAmount: 0 },
      personal: { card: { brand: 'visa', last4: '4242' } },
    });
    expect(stockOf('BOOT-42')).toBe(498);
    // The processor keeps our request's idempotency record id: the same for every retry of the request.
    expect(world.payments.held()).toEqual([
      expect.objectContaining({
        paymentId: placed.payment.paymentId,
        amount: 19_497,
        reference: idempotencyRecordId('order', 'ada', 'key-1'),
      }),
    ]);
    expect(world.disclosures.entries).toEqual([
      expect.objectContaining({
        recipient: 'stripe',
        recipientType: 'payment-processor',
        fields: ['paymentMethod', 'amount', 'currency'],
        orderId: placed.orderId,
      }),
    ]);
    expect(world.audit.actions('ada').at(-1)).toBe('order.place');
    expect(world.events.published).toEqual([expect.objectContaining({ type: 'OrderPlaced', total: 19_497 })]);
  });

  it('refuses a stale expectedTotal with 409 and the current total, before any payment', async () => {
    await expect(placeOrder(world, order('BOOT-42', { expectedTotal: 1 }), 'k', customer('ada'))).rejects.toMatchObject(
      {
        status: 409,
        extensions: { currentTotal: 19_497, currency: 'EUR' },
      },
    );
    expect(world.payments.calls).toEqual([]);
    await expect(
      placeOrder(world, order('BOOT-42', { expectedTotal: 19_497 }), 'k2', customer('ada')),
    ).resolves.toMatchObject({
      replayed: false,
    });
  });

  it('refuses an unknown or inactive SKU with 422 naming it, and a bulky product on a parcel-only service', async () => {
    await expect(placeOrder(world, order('NOPE-1'), 'k1', customer('ada'))).rejects.toMatchObject({
      status: 422,
      errors: [{ path: 'body.items.0.sku' }],
    });
    const tv = order('TV-85', { delivery: { carrier: 'royalmail', service: 'tracked48' } });
    await expect(placeOrder(world, tv, 'k2', customer('ada'))).rejects.toMatchObject({
      status: 422,
      errors: [{ path: 'body.delivery.service', message: 'Does not carry SKU TV-85' }],
    });
    expect(world.payments.calls).toEqual([]);
  });

  it('refuses more than the stock with 409 naming the SKU and what is left; nothing is authorised or taken', async () => {
    const boots = world.products.products.get('BOOT-42');
    if (boots) world.products.products.set('BOOT-42', { ...boots, stock: 1 });
    await expect(placeOrder(world, order(), 'k', customer('ada'))).rejects.toMatchObject({
      status: 409,
      extensions: { sku: 'BOOT-42', available: 1 },
    });
    expect(world.payments.calls).toEqual([]);
    expect(stockOf('BOOT-42')).toBe(1);
  });

  it('answers a retry with the original order, not its current state, and the same key with another body with 422', async () => {
    const first = await placeOrder(world, order(), 'key-1', customer('ada'));
    await changeShippingAddress(
      world,
      first.order.orderId,
      { recipient: 'Someone Else', line1: '9 New Road', city: 'York', postalCode: 'YO1 1AA', country: 'GB' },
      customer('ada'),
    );
    const retry = await placeOrder(world, order(), 'key-1', customer('ada'));
    expect(retry).toEqual({ replayed: true, order: first.order });
    await expect(placeOrder(world, order('SOCK-3'), 'key-1', customer('ada'))).rejects.toMatchObject({ status: 422 });
    expect(world.orders.orders.size).toBe(1);
    expect(world.payments.payments.size).toBe(1);
  });

  it.each([
    [
      'the price has risen (the processor refuses the key with another amount)',
      () => {
        const boots = world.products.products.get('BOOT-42');
        if (boots) world.products.products.set('BOOT-42', { ...boots, prices: { ...boots.prices, EUR: 9999 } });
      },
    ],
    [
      'the last units have sold',
      () => {
        const boots = world.products.products.get('BOOT-42');
        if (boots) world.products.products.set('BOOT-42', { ...boots, stock: 0 });
      },
    ],
    [
      'the processor is down',
      () => {
        world.payments.down = true;
      },
    ],
    ['the subject is restricted', () => world.profiles.restrict('ada').apply()],
  ])('answers a retry of a committed order with the original although %s', async (_label, change) => {
    const first = await placeOrder(world, order(), 'key-1', customer('ada'));
    change();
    await expect(placeOrder(world, order(), 'key-1', customer('ada'))).resolves.toEqual({
      replayed: true,
      order: first.order,
    });
    expect(world.orders.orders.size).toBe(1);
    expect(world.payments.held().map((p) => p.paymentId)).toEqual([first.order.payment.paymentId]);
  });

  it('declines with 402: no order, no stock taken, nothing held', async () => {
    const declined = order('BOOT-42', {
      billing: { payment: { processor: 'stripe', paymentMethod: 'pm_card_chargeDeclined' } },
    });
    await expect(placeOrder(world, declined, 'k', customer('ada'))).rejects.toMatchObject({
      status: 402,
      kind: 'payment-declined',
    });
    expect(world.orders.orders.size).toBe(0);
    expect(stockOf('BOOT-42')).toBe(500);
    expect(world.payments.held()).toEqual([]);
  });

  it('answers 503 with Retry-After when the processor is down: nothing written', async () => {
    world.payments.down = true;
    const refusal = placeOrder(world, order(), 'k', customer('ada'));
    await expect(refusal).rejects.toBeInstanceOf(PaymentUnavailableError);
    await expect(refusal).rejects.toMatchObject({ status: 503, retryAfterSeconds: 10 });
    expect(world.orders.orders.size).toBe(0);
    expect(stockOf('BOOT-42')).toBe(500);
  });

  it('voids the authorisation when the commit is refused: the last units sold between our read and our commit', async () => {
    world.uow.interleave(() => {
      const boots = world.products.products.get('BOOT-42');
      if (boots) world.products.products.set('BOOT-42', { ...boots, stock: 1 });
    });
    await expect(placeOrder(world, order(), 'k', customer('ada'))).rejects.toMatchObject({
      status: 409,
      extensions: { sku: 'BOOT-42', available: 1 },
    });
    expect(world.orders.orders.size).toBe(0);
    expect(world.payments.held()).toEqual([]);
    expect(world.payments.calls.map((c) => c.split(' ')[0])).toEqual(['authorise', 'void']);
    // What reached the processor is still listed for the customer.
    expect(world.disclosures.entries).toEqual([
      expect.objectContaining({ purpose: 'payment authorisation (order refused, voided)' }),
    ]);
  });

  it('voids the authorisation when the product becomes bulky between our read and our commit and the booked service carries parcels only', async () => {
    world.uow.interleave(() => {
      const boots = world.products.products.get('BOOT-42');
      if (boots) world.products.products.set('BOOT-42', { ...boots, shippingProfile: 'bulky' });
    });
    const standard = order('BOOT-42', { delivery: { carrier: 'dhl', service: 'standard' } });
    await expect(placeOrder(world, standard, 'k', customer('ada'))).rejects.toMatchObject({
      status: 422,
      errors: [{ path: 'body.delivery.service' }],
    });
    expect(world.orders.orders.size).toBe(0);
    expect(world.payments.held()).toEqual([]);
    expect(stockOf('BOOT-42')).toBe(500);
  });

  it('voids the authorisation when the subject is restricted between our read and our commit; the key is spent', async () => {
    world.uow.interleave(() => world.profiles.restrict('ada').apply());
    await expect(placeOrder(world, order(), 'k', customer('ada'))).rejects.toMatchObject({
      status: 403,
      name: 'ForbiddenError',
    });
    expect(world.orders.orders.size).toBe(0);
    expect(world.payments.held()).toEqual([]);
    expect(stockOf('BOOT-42')).toBe(500);
    world.profiles.liftRestriction('ada').apply();
    // The processor answers that key with the voided authorisation: it can pay for nothing now.
    await expect(placeOrder(world, order(), 'k', customer('ada'))).rejects.toMatchObject({ status: 409 });
    await expect(placeOrder(world, order(), 'k2', customer('ada'))).resolves.toMatchObject({ replayed: false });
  });

  it('answers a retry the processor no longer recognises with the original order, and voids its new authorisation', async () => {
    const first = await placeOrder(world, order(), 'key-1', customer('ada'));
    world.payments.forgetKeys();
    const retry = await placeOrder(world, order(), 'key-1', customer('ada'));
    expect(retry).toEqual({ order: first.order, replayed: true });
    expect(world.payments.payments.size).toBe(2);
    expect(world.payments.held().map((p) => p.paymentId)).toEqual([first.order.payment.paymentId]);
    expect(stockOf('BOOT-42')).toBe(498);
  });

  it('answers concurrent duplicates with the winner and one authorisation, and voids nothing', async () => {
    const body = order();
    // Both read before either commits; both get the same authorisation (same processor key).
    const results = await Promise.all([1, 2, 3].map(() => placeOrder(world, body, 'key-1', customer('ada'))));
    expect(results.map((r) => r.replayed).sort()).toEqual([false, true, true]);
    expect(new Set(results.map((r) => r.order.orderId)).size).toBe(1);
    expect(world.orders.orders.size).toBe(1);
    expect(world.payments.held()).toHaveLength(1);
    expect(world.payments.calls.filter((c) => c.startsWith('void'))).toEqual([]);
  });

  it('leaves an unknown commit outcome to reconciliation: the retry places the order with the same authorisation', async () => {
    world.uow.interleave(() => {
      throw new UnavailableError('The change could not be saved.');
    });
    await expect(placeOrder(world, order(), 'key-1', customer('ada'))).rejects.toMatchObject({ status: 503 });
    expect(world.payments.held()).toHaveLength(1);
    const retry = await placeOrder(world, order(), 'key-1', customer('ada'));
    expect(retry.replayed).toBe(false);
    expect(world.payments.payments.size).toBe(1);
    expect(retry.order.payment.paymentId).toBe([...world.payments.payments.keys()][0]);
    // Reconciliation finds the authorisation held by an order and leaves it.
    world.clock.advance((ORPHAN_GRACE_MINUTES + 1) * 60);
    expect(await reconcilePayments(world)).toMatchObject({ authorisationsExamined: 1, orphansVoided: 0 });
    expect(world.payments.held()).toHaveLength(1);
  });

  it('voids, once the grace period has passed, an authorisation whose order never landed (a crash after authorising)', async () => {
    world.uow.interleave(() => {
      throw new Error('the process died');
    });
    await expect(placeOrder(world, order(), 'key-1', customer('ada'))).rejects.toThrow('the process died');
    expect(world.payments.held()).toHaveLength(1);
    expect(await reconcilePayments(world)).toMatchObject({ orphansVoided: 0 });
    world.clock.advance((ORPHAN_GRACE_MINUTES + 1) * 60);
    expect(await reconcilePayments(world)).toMatchObject({ authorisationsExamined: 1, orphansVoided: 1 });
    expect(world.payments.held()).toEqual([]);
    expect(stockOf('BOOT-42')).toBe(500);
    // Examined once: the next run starts after it.
    expect(await reconcilePayments(world)).toMatchObject({ authorisationsExamined: 0 });
  });

  it('refuses a key whose order outlived our record while the processor still remembers the key: never paid twice', async () => {
    await placeOrder(world, order(), 'key-1', customer('ada'));
    world.clock.advance(86_400 + 1);
    await expect(placeOrder(world, order(), 'key-1', customer('ada'))).rejects.toMatchObject({
      status: 409,
      message: 'This Idempotency-Key already placed an order; send a new key to place another.',
    });
    expect(world.orders.orders.size).toBe(1);
    expect(world.payments.payments.size).toBe(1);
  });

  it('says why a subject may not order — unregistered, restricted, a material policy to accept — before any payment', async () => {
    await expect(placeOrder(world, order(), 'k1', customer('nobody'))).rejects.toMatchObject({
      status: 403,
      name: 'ConsentRequiredError',
    });
    world.profiles.restrict('ada').apply();
    await expect(placeOrder(world, order(), 'k2', customer('ada'))).rejects.toMatchObject({
      status: 403,
      name: 'ForbiddenError',
    });
    world.profiles.liftRestriction('ada').apply();
    world.policies
      .create({
        version: 2,
        content: 'P2',
        summary: 'S2',
        material: true,
        status: 'draft',
        createdAt: '2026-05-01T00:00:00Z',
      })
      .apply();
    world.policies.announce(2, new Date('2026-05-31T00:00:00Z'), new Date('2026-05-01T00:00:00Z')).apply();
    await expect(placeOrder(world, order(), 'k3', customer('ada'))).rejects.toMatchObject({
      name: 'ConsentRequiredError',
      extensions: { requiredPolicyVersion: 2 },
    });
    expect(world.orders.orders.size).toBe(0);
    expect(world.payments.calls).toEqual([]);
    expect(stockOf('BOOT-42')).toBe(500);
  });
});

describe('cancelling an order over in-memory ports', () => {
  it('voids the hold, gives the stock back and starts the retention clock, once', async () => {
    const { order: placed } = await placeOrder(world, order(), 'key-1', customer('ada'));
    const cancelled = await cancelOrder(world, placed.orderId, customer('ada'));
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      payment: { status: 'voided' },
      personalDataRetainedUntil: expect.any(String),
    });
    expect(stockOf('BOOT-42')).toBe(500);
    expect(world.payments.held()).toEqual([]);
    await expect(cancelOrder(world, placed.orderId, customer('ada'))).rejects.toMatchObject({ status: 409 });
    expect(stockOf('BOOT-42')).toBe(500);
    expect((await getOwnOrder(world, placed.orderId, customer('ada'))).personal.state).toBe('held');
  });

  it('refuses once a packer captured the payment: the parcel is on its way', async () => {
    const { order: placed } = await placeOrder(world, order(), 'key-1', customer('ada'));
    await world.payments.capture(placed.payment.paymentId, placed.total, 'capture');
    await expect(cancelOrder(world, placed.orderId, customer('ada'))).rejects.toMatchObject({
      status: 409,
      message: 'The order is being shipped and can no longer be cancelled.',
    });
    expect(stockOf('BOOT-42')).toBe(498);
  });

  it.each([
    ['voids the hold', false],
    ['returns the capture that won the race', true],
  ])('gives back what an order cancelled by erasure held: %s, returns the stock, once', async (_label, captured) => {
    const { order: placed } = await placeOrder(world, order(), 'key-1', customer('ada'));
    if (captured) await world.payments.capture(placed.payment.paymentId, placed.total, 'capture');
    // The erasure's move, as the privacy processor commits it: cancelled, anonymised, queued.
    const [move] = await world.orders.anonymiseForErasure('ada', [placed], world.clock.now(), { cancel: true });
    await world.uow.commitInBatches(move ? [move.write] : []);
    expect(stockOf('BOOT-42')).toBe(498);
    expect(await reconcilePayments(world)).toMatchObject({ paymentsReleased: 1 });
    expect(stockOf('BOOT-42')).toBe(500);
    const released = world.orders.orders.get(placed.orderId);
    expect(released?.payment.status).toBe(captured ? 'captured' : 'voided');
    expect(released?.refundedTotal).toBe(captured ? placed.total : 0);
    expect(world.payments.held()).toEqual([]);
    expect([...world.payments.refunds.values()].map((r) => r.amount)).toEqual(captured ? [placed.total] : []);
    expect(await reconcilePayments(world)).toMatchObject({ paymentsReleased: 0 });
    expect(stockOf('BOOT-42')).toBe(500);
  });

  it('changes nothing when the processor cannot release the hold', async () => {
    const { order: placed } = await placeOrder(world, order(), 'key-1', customer('ada'));
    world.payments.down = true;
    await expect(cancelOrder(world, placed.orderId, customer('ada'))).rejects.toMatchObject({ status: 503 });
    expect(world.orders.orders.get(placed.orderId)?.status).toBe('placed');
    expect(stockOf('BOOT-42')).toBe(498);
  });
});
