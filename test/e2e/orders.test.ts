/**
 * Orders and shipping over HTTP against `npm start`, with the real Stripe SDK talking to the local
 * processor: server-side prices (client prices, totals, brands and last four digits refused), the
 * catalogue and its stock (the last units sell exactly once), payment authorisation (declines,
 * outages, one authorisation for 20 concurrent duplicates), replays of the original response,
 * fulfilment with capture and the minimal carrier hand-off, carrier events signed per carrier with
 * clamped dates, every end of the lifecycle, processor refunds and masked support views — then a
 * search of every table, the logs and the published events for the planted personal values.
 */
import Stripe from 'stripe';
import { localCarrierSecret } from '../../local/env';
import { LOCAL_STRIPE_KEY } from '../../local/payments/server';
import { signPayload } from '../../shared/domain/webhook-signature';
import { apiClient, type CallOptions, dumpAllTables } from '../support/api-client';
import { useRunningStack } from '../support/running-stack';

const SEED = 'e2e-carrier-secret';
const stack = useRunningStack({ CARRIER_WEBHOOK_SECRET: SEED });

const api = (method: string, path: string, options?: CallOptions) => apiClient(stack.url)(method, path, options);
/** The processor's own view of its payments (its dashboard, in effect): the SDK against the stack's processor. */
const processor = () => {
  const url = new URL(stack.paymentsEndpoint);
  return new Stripe(LOCAL_STRIPE_KEY, { host: url.hostname, port: Number(url.port), protocol: 'http' });
};
/** Every PaymentIntent the stack's processor holds record of, all pages. */
async function intents(): Promise<Stripe.PaymentIntent[]> {
  const all: Stripe.PaymentIntent[] = [];
  for await (const intent of processor().paymentIntents.list({ limit: 100 })) all.push(intent);
  return all;
}
const outage = (mode: 'none' | 'refuse') =>
  fetch(`${stack.paymentsEndpoint}/_outage`, { method: 'PUT', body: JSON.stringify({ mode }) });

const C = {
  email: 'olivia.canary-51ab@example.com',
  name: 'Olivia Canary-51ab',
  recipient: 'Olivia Recipient-51ab',
  street: '51ab Canary Row',
  billingStreet: '51ab Billing Lane',
  phone: '+447700900515',
  reason: 'Canary reason 51ab: box crushed',
};
/** Values that must never reach a carrier, a staff view, a table in the clear, a log or an event. */
const NEVER_DISCLOSED = [C.email, C.billingStreet];
const ALL_PLANTED = [...NEVER_DISCLOSED, C.name, C.recipient, C.street, C.phone, C.reason];

const order = (sku = 'BOOT-42', quantity = 2, extra: Record<string, unknown> = {}) => ({
  currency: 'EUR',
  items: [
    { sku, quantity },
    { sku: 'SOCK-3', quantity: 1 },
  ],
  delivery: { carrier: 'dhl', service: 'express' },
  shippingAddress: { recipient: C.recipient, line1: C.street, city: 'Leeds', postalCode: 'LS1 4AB', country: 'GB' },
  billing: {
    address: { line1: C.billingStreet, city: 'Leeds', postalCode: 'LS2 7CD', country: 'GB' },
    payment: { processor: 'stripe', paymentMethod: 'pm_card_visa' },
  },
  contactPhone: C.phone,
  ...extra,
});
/** 2 × 89.99 boots + 14.99 socks + DHL Express 14.99, from the demo catalogue and the carrier configuration. */
const TOTAL = 2 * 8999 + 1499 + 1499;
const place = (sub: string, key: string, body: unknown = order()) =>
  api('POST', '/v1/orders', { sub, body, headers: { 'idempotency-key': key } });
const fulfilment = { groups: ['fulfillment'], headers: { 'x-access-purpose': 'shipping' } } as const;
const support = (purpose = 'customer_support') => ({ groups: ['support'], headers: { 'x-access-purpose': purpose } });
const manager = { sub: 'cm-1', groups: ['catalogue-manager'] } as const;
const stockOf = async (sku: string) => (await api('GET', `/v1/products/${sku}`)).json.stock as number;

function signed(carrier: string, event: Record<string, unknown>, at = Math.floor(Date.now() / 1000), secret?: string) {
  const raw = JSON.stringify(event);
  const key = secret ?? localCarrierSecret(SEED, carrier);
  return { raw, headers: { 'x-signature': signPayload(key, carrier, at, raw) } };
}
const postEvent = (carrier: string, s: { raw: string; headers: Record<string, string> }) =>
  api('POST', `/v1/carriers/${carrier}/events`, { raw: s.raw, headers: s.headers });
const event = (trackingNumber: string, eventId: string, status: string, occurredAt = new Date()) => ({
  eventId,
  trackingNumber,
  status,
  occurredAt: occurredAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  location: 'Leeds depot',
});

let orderId = '';
let trackingNumber = '';

describe('orders over HTTP', () => {
  beforeAll(async () => {
    const reg = (sub: string, name: string, email: string) =>
      api('POST', '/v1/me', { sub, body: { name, email, acceptPolicyVersion: 1 } });
    expect((await reg('olivia', C.name, C.email)).status).toBe(201);
    expect((await reg('mallory', 'Mallory', 'mallory@example.com')).status).toBe(201);
  });

  it('prices from the catalogue, authorises the total with the processor and reads the card from its answer', async () => {
    const stock = await stockOf('BOOT-42');
    const res = await place('olivia', 'order-1');
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      status: 'placed',
      currency: 'EUR',
      subtotal: TOTAL - 1499,
      shippingFee: 1499,
      total: TOTAL,
      refundedTotal: 0,
      paymentStatus: 'authorised',
      items: [
        { sku: 'BOOT-42', name: 'Walking boots', quantity: 2, unitPrice: 8999 },
        { sku: 'SOCK-3', name: 'Wool socks, three pairs', quantity: 1, unitPrice: 1499 },
      ],
    });
    expect(res.json.payment).toEqual({ processor: 'stripe', brand: 'visa', last4: '4242' });
    expect(await stockOf('BOOT-42')).toBe(stock - 2);
    orderId = res.json.orderId;
    expect((await intents()).filter((i) => i.status === 'requires_capture').map((i) => i.amount)).toContain(TOTAL);
  });

  it.each([
    [
      'a client-sent unit price',
      order('BOOT-42', 2, { items: [{ sku: 'BOOT-42', quantity: 100, unitPrice: 0 }] }),
      'body.items.0.unitPrice',
    ],
    ['a client-sent total', order('BOOT-42', 2, { total: 0 }), 'body.total'],
    [
      'a client-chosen brand',
      order('BOOT-42', 2, {
        billing: { payment: { processor: 'stripe', paymentMethod: 'pm_card_visa', brand: 'amex' } },
      }),
      'body.billing.payment.brand',
    ],
    [
      'a client-chosen last4',
      order('BOOT-42', 2, {
        billing: { payment: { processor: 'stripe', paymentMethod: 'pm_card_visa', last4: '0000' } },
      }),
      'body.billing.payment.last4',
    ],
    [
      'a card number as payment method',
      order('BOOT-42', 2, { billing: { payment: { processor: 'stripe', paymentMethod: '4111 1111 1111 1111' } } }),
      'body.billing.payment.paymentMethod',
    ],
    ['an expected total of zero', order('BOOT-42', 2, { expectedTotal: 0 }), 'body.expectedTotal'],
  ])('refuses %s with 400 naming the field, and takes nothing', async (_label, body, path) => {
    const stock = await stockOf('BOOT-42');
    const res = await place('olivia', `tamper-${path}`, body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.json.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    expect(await stockOf('BOOT-42')).toBe(stock);
  });

  it('answers a stale expectedTotal with 409 and the current total; the right one places the order', async () => {
    const stale = await place('olivia', 'expected-1', order('BOOT-42', 1, { expectedTotal: 1 }));
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({ currentTotal: 8999 + 1499 + 1499, currency: 'EUR' });
    const right = await place('olivia', 'expected-2', order('BOOT-42', 1, { expectedTotal: stale.json.currentTotal }));
    expect(right.status).toBe(201);
  });

  it('refuses an unknown SKU with 422 naming it, and declines with 402 taking no stock', async () => {
    const unknown = await place('olivia', 'unknown-sku', order('NO-SUCH-SKU'));
    expect(unknown.status).toBe(422);
    expect(unknown.json.errors).toEqual([expect.objectContaining({ path: 'body.items.0.sku' })]);
    const stock = await stockOf('BOOT-42');
    const declined = await place(
      'olivia',
      'declined',
      order('BOOT-42', 2, { billing: { payment: { processor: 'stripe', paymentMethod: 'pm_card_chargeDeclined' } } }),
    );
    expect(declined.status).toBe(402);
    expect(declined.json).toMatchObject({
      type: expect.stringMatching(/payment-declined$/),
      declineCode: 'generic_decline',
    });
    expect(await stockOf('BOOT-42')).toBe(stock);
  });

  it('answers 503 with Retry-After while the processor is unreachable, and writes nothing', async () => {
    const stock = await stockOf('BOOT-42');
    const before = (await api('GET', '/v1/orders?limit=100', { sub: 'olivia' })).json.orders.length;
    await outage('refuse');
    const res = await place('olivia', 'outage-1').finally(() => outage('none'));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('10');
    expect(await stockOf('BOOT-42')).toBe(stock);
    expect((await api('GET', '/v1/orders?limit=100', { sub: 'olivia' })).json.orders.length).toBe(before);
    expect((await place('olivia', 'outage-1')).status).toBe(201);
  });

  it('answers a retry with the original response — status and body as first sent — not the current state', async () => {
    const first = await place('olivia', 'replay-1');
    const changed = await api('PATCH', `/v1/orders/${first.json.orderId}/shipping-address`, {
      sub: 'olivia',
      body: { recipient: C.recipient, line1: '99 Elsewhere Road', city: 'York', postalCode: 'YO1 1AA', country: 'GB' },
    });
    expect(changed.status).toBe(200);
    const retry = await place('olivia', 'replay-1');
    expect(retry.status).toBe(first.status);
    expect(retry.text).toBe(first.text);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const other = await place('olivia', 'replay-1', order('LAMP-1'));
    expect(other.status).toBe(422);
  });

  it('creates exactly one order and one authorisation from 20 concurrent requests with one key', async () => {
    const before = (await api('GET', '/v1/orders?limit=100', { sub: 'olivia' })).json.orders.length;
    const body = order('LAMP-1', 3);
    const results = await Promise.all(Array.from({ length: 20 }, () => place('olivia', 'burst-key', body)));
    expect(results.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const ids = new Set(results.filter((r) => r.status === 201).map((r) => r.json.orderId));
    expect(ids.size).toBe(1);
    const after = (await api('GET', '/v1/orders?limit=100', { sub: 'olivia' })).json.orders.length;
    expect(after).toBe(before + 1);
    const lampTotal = 3 * 2999 + 1499 + 1499;
    const authorised = (await intents()).filter((i) => i.amount === lampTotal);
    expect(authorised).toHaveLength(1);
  });

  it('sells exactly the last 5 units to 20 concurrent customers; the others get 409 naming the SKU', async () => {
    const created = await api('PUT', '/v1/admin/products/LAST-5', {
      ...manager,
      body: { name: 'Last five', prices: { EUR: 5000 }, stock: 5, shippingProfile: 'parcel' },
    });
    expect(created.status).toBe(201);
    const buyers = Array.from({ length: 20 }, (_, i) => `buyer-${i}`);
    for (const buyer of buyers) {
      await api('POST', '/v1/me', {
        sub: buyer,
        body: { name: buyer, email: `${buyer}@example.com`, acceptPolicyVersion: 1 },
      });
    }
    const body = { ...order(), items: [{ sku: 'LAST-5', quantity: 1 }] };
    const results = await Promise.all(buyers.map((buyer) => place(buyer, `last-${buyer}`, body)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(5);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused).toHaveLength(15);
    for (const r of refused) expect(r.json).toMatchObject({ status: 409, sku: 'LAST-5', available: 0 });
    expect(await stockOf('LAST-5')).toBe(0);
    // Refusals after authorising voided their holds: the processor holds exactly the five sold.
    const held = (await intents()).filter((i) => i.amount === 5000 + 1499 && i.status === 'requires_capture');
    expect(held).toHaveLength(5);
  });

  it('manages the catalogue: optimistic concurrency on PUT, deactivation takes a product off sale', async () => {
    const put = (ifMatch?: string, stock = 7) =>
      api('PUT', '/v1/admin/products/CAT-1', {
        ...manager,
        body: { name: 'Catalogue item', prices: { EUR: 2500 }, stock, shippingProfile: 'parcel' },
        ...(ifMatch && { headers: { 'if-match': ifMatch } }),
      });
    expect((await put()).status).toBe(201);
    expect((await put()).status).toBe(428);
    const read = await api('GET', '/v1/products/CAT-1');
    expect(read.headers.get('etag')).toBe('"1"');
    expect((await put('"9"')).status).toBe(412);
    const replaced = await put('"1"', 9);
    expect(replaced.status).toBe(200);
    expect(replaced.json.stock).toBe(9);
    expect((await api('GET', '/v1/products?limit=100')).json.products.map((p: { sku: string }) => p.sku)).toContain(
      'CAT-1',
    );
    const off = await api('POST', '/v1/admin/products/CAT-1/deactivate', manager);
    expect(off.json.active).toBe(false);
    expect((await api('GET', '/v1/products?limit=100')).json.products.map((p: { sku: string }) => p.sku)).not.toContain(
      'CAT-1',
    );
    const refused = await place('olivia', 'inactive-sku', { ...order(), items: [{ sku: 'CAT-1', quantity: 1 }] });
    expect(refused.status).toBe(422);
    expect(
      (await api('PUT', '/v1/admin/products/CAT-1', { sub: 'agent-1', groups: ['support'], body: {} })).status,
    ).toBe(403);
  });

  it('hides the order from another customer: read, cancel, track and refund are 404', async () => {
    for (const [method, path] of [
      ['GET', `/v1/orders/${orderId}`],
      ['POST', `/v1/orders/${orderId}/cancel`],
      ['GET', `/v1/orders/${orderId}/tracking`],
    ] as const) {
      expect((await api(method, path, { sub: 'mallory' })).status).toBe(404);
    }
    const refund = await api('POST', `/v1/orders/${orderId}/refund-requests`, {
      sub: 'mallory',
      body: { reason: 'x' },
    });
    expect(refund.status).toBe(404);
    expect((await api('GET', `/v1/orders/${orderId}`, { sub: 'olivia' })).json.status).toBe('placed');
  });

  it('refuses a refund before the parcel arrived with 409', async () => {
    const res = await api('POST', `/v1/orders/${orderId}/refund-requests`, {
      sub: 'olivia',
      body: { reason: C.reason },
    });
    expect(res.status).toBe(409);
  });

  it('[P-27] ships with the booked carrier: captures first, records both hand-offs as disclosures', async () => {
    const queue = await api('GET', '/v1/admin/fulfillment/queue?limit=100', { sub: 'packer-1', ...fulfilment });
    expect(queue.status).toBe(200);
    const queued = queue.json.orders.find((o: { orderId: string }) => o.orderId === orderId);
    expect(queued.shipWith).toEqual({ carrier: 'dhl', service: 'express' });
    for (const value of NEVER_DISCLOSED) expect(queue.text).not.toContain(value);

    const wrongCarrier = await api('POST', `/v1/admin/orders/${orderId}/shipments`, {
      sub: 'packer-1',
      ...fulfilment,
      body: { carrier: 'ups', service: 'ground' },
    });
    expect(wrongCarrier.status).toBe(409);

    const shipped = await api('POST', `/v1/admin/orders/${orderId}/shipments`, {
      sub: 'packer-1',
      ...fulfilment,
      body: { carrier: 'dhl', service: 'express' },
    });
    expect(shipped.status).toBe(201);
    expect(shipped.json.handOff).toEqual({
      recipient: C.recipient,
      address: { line1: C.street, city: 'Leeds', postalCode: 'LS1 4AB', country: 'GB' },
      phone: C.phone, // DHL's profile needs a phone
    });
    for (const value of NEVER_DISCLOSED) expect(shipped.text).not.toContain(value);
    trackingNumber = shipped.json.trackingNumber;
    expect((await api('GET', `/v1/orders/${orderId}`, { sub: 'olivia' })).json.paymentStatus).toBe('captured');

    const disclosures = await api('GET', '/v1/me/disclosures?limit=100', { sub: 'olivia' });
    const ofOrder = disclosures.json.disclosures.filter((d: { orderId: string }) => d.orderId === orderId);
    expect(ofOrder).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ recipient: 'dhl', purpose: 'delivery', fields: ['recipient', 'address', 'phone'] }),
        expect.objectContaining({
          recipient: 'stripe',
          purpose: 'payment authorisation',
          fields: ['paymentMethod', 'amount', 'currency'],
        }),
        expect.objectContaining({ recipient: 'stripe', purpose: 'payment capture', fields: ['amount'] }),
      ]),
    );
    expect((await api('POST', `/v1/orders/${orderId}/cancel`, { sub: 'olivia' })).status).toBe(409);
  });

  it('takes carrier events signed with the carrier’s own secret; forged, stale, replayed and cross-carrier ones change nothing', async () => {
    const tracking = async () => (await api('GET', `/v1/orders/${orderId}/tracking`, { sub: 'olivia' })).json;
    const stale = Math.floor(Date.now() / 1000) - 600;
    expect(
      (await postEvent('dhl', signed('dhl', event(trackingNumber, 'e1', 'in_transit'), undefined, 'wrong'))).status,
    ).toBe(401);
    expect((await postEvent('dhl', signed('dhl', event(trackingNumber, 'e1', 'in_transit'), stale))).status).toBe(401);
    // UPS's secret and UPS's signature do not open DHL's endpoint, nor does DHL's secret signing for UPS.
    expect((await postEvent('dhl', signed('ups', event(trackingNumber, 'e1', 'in_transit')))).status).toBe(401);
    expect(
      (
        await postEvent(
          'dhl',
          signed('ups', event(trackingNumber, 'e1', 'in_transit'), undefined, localCarrierSecret(SEED, 'dhl')),
        )
      ).status,
    ).toBe(401);
    expect(
      (await api('POST', '/v1/carriers/dhl/events', { raw: JSON.stringify(event(trackingNumber, 'e1', 'in_transit')) }))
        .status,
    ).toBe(401);
    expect((await tracking()).shipment.status).toBe('label_created');

    expect((await postEvent('dhl', signed('dhl', event(trackingNumber, 'e1', 'in_transit')))).json).toMatchObject({
      applied: true,
    });
    const replay = await postEvent('dhl', signed('dhl', event(trackingNumber, 'e1', 'in_transit')));
    expect(replay.json).toMatchObject({ applied: false, duplicate: true });

    // A signed delivery dated 2099 counts as now: it cannot hold the return window open for ever.
    const delivered = await postEvent(
      'dhl',
      signed('dhl', event(trackingNumber, 'e2', 'delivered', new Date('2099-01-01T00:00:00Z'))),
    );
    expect(delivered.json).toMatchObject({ applied: true, status: 'delivered' });
    const own = (await api('GET', `/v1/orders/${orderId}`, { sub: 'olivia' })).json;
    expect(Date.parse(own.deliveredAt)).toBeLessThanOrEqual(Date.now() + 300_000);
    expect((await postEvent('dhl', signed('dhl', event(trackingNumber, 'e3', 'in_transit')))).status).toBe(409);
  });

  it('refunds a delivered order through the processor, by lines, and never past what was captured', async () => {
    const requested = await api('POST', `/v1/orders/${orderId}/refund-requests`, {
      sub: 'olivia',
      body: { reason: C.reason, lines: [{ sku: 'BOOT-42', quantity: 1 }] },
    });
    expect(requested.status).toBe(201);
    expect(requested.json).toMatchObject({ amount: 8999, status: 'requested' });
    const decided = await api('POST', `/v1/admin/orders/${orderId}/refund-decision`, {
      sub: 'agent-1',
      ...support('refund_handling'),
      body: { action: 'approve', reason: 'Photo confirms damage' },
    });
    expect(decided.status).toBe(200);
    expect(decided.json).toMatchObject({ status: 'approved', processorRefund: { status: 'succeeded' } });

    const rest = await api('POST', `/v1/orders/${orderId}/refund-requests`, {
      sub: 'olivia',
      body: { reason: 'rest' },
    });
    expect(rest.json.amount).toBe(8999 + 1499);
    await api('POST', `/v1/admin/orders/${orderId}/refund-decision`, {
      sub: 'agent-1',
      ...support('refund_handling'),
      body: { action: 'approve', reason: 'rest' },
    });
    expect(
      (await api('POST', `/v1/orders/${orderId}/refund-requests`, { sub: 'olivia', body: { reason: 'more' } })).status,
    ).toBe(409);
    const final = await api('GET', `/v1/orders/${orderId}`, { sub: 'olivia' });
    expect(final.json.refundedTotal).toBe(8999 + 8999 + 1499);
    const refunds = (await processor().refunds.list({ limit: 100 })).data.map((r) => r.amount).sort();
    expect(refunds).toEqual(expect.arrayContaining([8999, 8999 + 1499]));
    const inbox = await api('GET', '/v1/me/notifications', { sub: 'olivia' });
    expect(inbox.json.notifications.map((n: { type: string }) => n.type)).toEqual([
      'refund.approved',
      'refund.approved',
    ]);
  });

  it.each([
    ['lost', 'in_transit'],
    ['returned_to_sender', 'exception'],
  ])('ends an order the carrier reports %s: terminal, retention clock started, refundable', async (end, before) => {
    const placed = await place('olivia', `end-${end}`, {
      ...order('SOCK-3', 1),
      items: [{ sku: 'SOCK-3', quantity: 1 }],
      delivery: { carrier: 'ups', service: 'ground' },
    });
    const shipped = await api('POST', `/v1/admin/orders/${placed.json.orderId}/shipments`, {
      sub: 'packer-1',
      ...fulfilment,
      body: { carrier: 'ups', service: 'ground' },
    });
    const tn = shipped.json.trackingNumber;
    expect((await postEvent('ups', signed('ups', event(tn, `${end}-1`, before)))).status).toBe(200);
    expect((await postEvent('ups', signed('ups', event(tn, `${end}-2`, end)))).json).toMatchObject({
      applied: true,
      status: end,
    });
    const own = (await api('GET', `/v1/orders/${placed.json.orderId}`, { sub: 'olivia' })).json;
    expect(own).toMatchObject({ status: end, personalDataRetainedUntil: expect.any(String) });
    const refund = await api('POST', `/v1/orders/${placed.json.orderId}/refund-requests`, {
      sub: 'olivia',
      body: { reason: 'never arrived' },
    });
    expect(refund.status).toBe(201);
  });

  it('[P-17] shows support a masked customer and order, audited with the purpose and visible to the customer', async () => {
    const customer = await api('GET', '/v1/admin/customers/olivia', { sub: 'agent-1', ...support() });
    expect(customer.status).toBe(200);
    expect(customer.json).toMatchObject({ name: 'O. C.', email: '•••@example.com' });
    const staffOrder = await api('GET', `/v1/admin/orders/${orderId}`, { sub: 'agent-1', ...support() });
    expect(staffOrder.status).toBe(200);
    expect(staffOrder.json.payment).toEqual({ processor: 'stripe', brand: 'visa', last4: '4242' });
    for (const value of ALL_PLANTED) {
      expect(customer.text).not.toContain(value);
      expect(staffOrder.text).not.toContain(value);
    }
    const silent = await api('GET', '/v1/admin/shipments/silent', { sub: 'agent-1', groups: ['support'] });
    expect(silent.status).toBe(200);
    expect(silent.json.shipments).toEqual([]);

    const log = await api('GET', '/v1/me/access-log?limit=100', { sub: 'olivia' });
    const staffReads = log.json.entries.filter((e: { actorRole: string }) => e.actorRole === 'support');
    expect(staffReads).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'profile.read', purpose: 'customer_support' }),
        expect.objectContaining({ action: 'order.read', purpose: 'customer_support' }),
      ]),
    );
  });

  it('cancels an unshipped order: the hold released, the stock back, the retention clock started', async () => {
    const stock = await stockOf('BOOT-42');
    const second = await place('olivia', 'order-2', order('BOOT-42', 1));
    expect(await stockOf('BOOT-42')).toBe(stock - 1);
    const cancelled = await api('POST', `/v1/orders/${second.json.orderId}/cancel`, { sub: 'olivia' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json).toMatchObject({ status: 'cancelled', paymentStatus: 'voided' });
    expect(Date.parse(cancelled.json.personalDataRetainedUntil)).toBeGreaterThan(Date.now() + 170 * 86_400_000);
    expect(await stockOf('BOOT-42')).toBe(stock);
    expect((await api('POST', `/v1/orders/${second.json.orderId}/cancel`, { sub: 'olivia' })).status).toBe(409);
  });

  it('leaves no planted value in any table, log line or published event', async () => {
    const dump = await dumpAllTables(stack);
    expect(dump).toContain(`ORDER#${orderId}`);
    const events = await (await fetch(`${stack.eventsEndpoint}/_events`)).text();
    expect(events).toContain('OrderPlaced');
    expect(stack.output()).toContain('POST /v1/orders 201');
    for (const value of ALL_PLANTED) {
      expect(dump).not.toContain(value);
      expect(events).not.toContain(value);
      expect(stack.output()).not.toContain(value);
    }
  });
});
