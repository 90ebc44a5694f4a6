/**
 * Orders and shipping over HTTP against `npm start`: idempotent placement (including 20 concurrent
 * duplicates), isolation between customers, fulfilment with the minimal carrier hand-off recorded
 * as a disclosure, signed carrier events (forged, stale and replayed ones change nothing), refunds
 * and masked support views — then a search of every table, the logs and the published events for
 * the planted personal values.
 */
import { signPayload } from '../../shared/domain/webhook-signature';
import { apiClient, type CallOptions, dumpAllTables } from '../support/api-client';
import { useRunningStack } from '../support/running-stack';

const SECRET = 'e2e-carrier-secret';
const stack = useRunningStack({ CARRIER_WEBHOOK_SECRET: SECRET });

const api = (method: string, path: string, options?: CallOptions) => apiClient(stack.url)(method, path, options);

const C = {
  email: 'olivia.canary-51ab@example.com',
  name: 'Olivia Canary-51ab',
  recipient: 'Olivia Recipient-51ab',
  street: '51ab Canary Row',
  billingStreet: '51ab Billing Lane',
  token: 'tok_canary_51ab_payment',
  phone: '+447700900515',
  reason: 'Canary reason 51ab: box crushed',
};
/** Values that must never reach a carrier, a staff view, a table in the clear, a log or an event. */
const NEVER_DISCLOSED = [C.email, C.billingStreet, C.token];
const ALL_PLANTED = [...NEVER_DISCLOSED, C.name, C.recipient, C.street, C.phone, C.reason];

const order = (sku = 'SKU-A', quantity = 2) => ({
  currency: 'EUR',
  items: [
    { sku, name: 'Walking boots', quantity, unitPrice: 8999 },
    { sku: `${sku}-LACES`, name: 'Laces', quantity: 1, unitPrice: 499 },
  ],
  shippingAddress: { recipient: C.recipient, line1: C.street, city: 'Leeds', postalCode: 'LS1 4AB', country: 'GB' },
  billing: {
    address: { line1: C.billingStreet, city: 'Leeds', postalCode: 'LS2 7CD', country: 'GB' },
    payment: { processor: 'stripe', token: C.token, brand: 'visa', last4: '4242' },
  },
  contactPhone: C.phone,
});
const place = (sub: string, key: string, body: unknown = order()) =>
  api('POST', '/v1/orders', { sub, body, headers: { 'idempotency-key': key } });
const fulfilment = { groups: ['fulfillment'], headers: { 'x-access-purpose': 'shipping' } } as const;
const support = (purpose = 'customer_support') => ({ groups: ['support'], headers: { 'x-access-purpose': purpose } });

function signed(event: Record<string, unknown>, at = Math.floor(Date.now() / 1000), secret = SECRET) {
  const raw = JSON.stringify(event);
  return { raw, headers: { 'x-signature': signPayload(secret, at, raw) } };
}

let orderId = '';
let trackingNumber = '';

describe('orders over HTTP', () => {
  beforeAll(async () => {
    const reg = (sub: string, name: string, email: string) =>
      api('POST', '/v1/me', { sub, body: { name, email, acceptPolicyVersion: 1 } });
    expect((await reg('olivia', C.name, C.email)).status).toBe(201);
    expect((await reg('mallory', 'Mallory', 'mallory@example.com')).status).toBe(201);
  });

  it('places an order with server-side totals and never echoes the payment token', async () => {
    const res = await place('olivia', 'order-1');
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ status: 'placed', currency: 'EUR', total: 2 * 8999 + 499, refundedTotal: 0 });
    expect(res.json.payment).toEqual({ processor: 'stripe', brand: 'visa', last4: '4242' });
    expect(res.text).not.toContain(C.token);
    orderId = res.json.orderId;
  });

  it('answers a retry with the same key and body with the same order, and another body with 422', async () => {
    const retry = await place('olivia', 'order-1');
    expect(retry.status).toBe(201);
    expect(retry.json.orderId).toBe(orderId);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const other = await place('olivia', 'order-1', order('SKU-B'));
    expect(other.status).toBe(422);
  });

  it('creates exactly one order from 20 concurrent requests with one key', async () => {
    const before = (await api('GET', '/v1/orders?limit=100', { sub: 'olivia' })).json.orders.length;
    const results = await Promise.all(Array.from({ length: 20 }, () => place('olivia', 'burst-key', order('SKU-C'))));
    const ids = new Set(results.filter((r) => r.status === 201).map((r) => r.json.orderId));
    expect(results.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    expect(ids.size).toBe(1);
    const after = (await api('GET', '/v1/orders?limit=100', { sub: 'olivia' })).json.orders.length;
    expect(after).toBe(before + 1);
  });

  it.each([
    ['no Idempotency-Key', {}, 400],
    [
      'a card number as token',
      {
        body: {
          ...order(),
          billing: { payment: { processor: 'stripe', token: '4111 1111 1111 1111', brand: 'visa', last4: '1111' } },
        },
      },
      400,
    ],
    ['a client-supplied total', { body: { ...order(), total: 1 } }, 400],
    [
      'a negative quantity',
      { body: { ...order(), items: [{ sku: 'X', name: 'x', quantity: -1, unitPrice: 100 }] } },
      400,
    ],
  ])('refuses an order with %s', async (_, extra, status) => {
    const res = await api('POST', '/v1/orders', {
      sub: 'olivia',
      body: order(),
      ...extra,
      ...('body' in extra ? { headers: { 'idempotency-key': `bad-${status}-${Math.random()}` } } : {}),
    });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
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

  it('refuses a refund before delivery with 409', async () => {
    const res = await api('POST', `/v1/orders/${orderId}/refund-requests`, {
      sub: 'olivia',
      body: { reason: C.reason },
    });
    expect(res.status).toBe(409);
  });

  it('lists the order in the fulfilment queue and ships it with a minimal hand-off recorded as a disclosure', async () => {
    const queue = await api('GET', '/v1/admin/fulfillment/queue?limit=100', { sub: 'packer-1', ...fulfilment });
    expect(queue.status).toBe(200);
    expect(queue.json.orders.map((o: { orderId: string }) => o.orderId)).toContain(orderId);
    for (const value of NEVER_DISCLOSED) expect(queue.text).not.toContain(value);

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

    const disclosures = await api('GET', '/v1/me/disclosures', { sub: 'olivia' });
    expect(disclosures.json.disclosures).toEqual([
      expect.objectContaining({
        recipient: 'dhl',
        purpose: 'delivery',
        orderId,
        fields: ['recipient', 'address', 'phone'],
      }),
    ]);
    expect((await api('POST', `/v1/orders/${orderId}/cancel`, { sub: 'olivia' })).status).toBe(409);
    const queueAfter = await api('GET', '/v1/admin/fulfillment/queue?limit=100', { sub: 'packer-1', ...fulfilment });
    expect(queueAfter.json.orders.map((o: { orderId: string }) => o.orderId)).not.toContain(orderId);
  });

  it('ignores forged, stale and replayed carrier events and refuses illegal transitions', async () => {
    const event = (eventId: string, status: string) => ({
      eventId,
      trackingNumber,
      status,
      occurredAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      location: 'Leeds depot',
    });
    const post = (s: { raw: string; headers: Record<string, string> }) =>
      api('POST', '/v1/carriers/dhl/events', { raw: s.raw, headers: s.headers });
    const tracking = async () => (await api('GET', `/v1/orders/${orderId}/tracking`, { sub: 'olivia' })).json;

    expect((await post(signed(event('e1', 'in_transit'), undefined, 'wrong-secret'))).status).toBe(401);
    expect((await post(signed(event('e1', 'in_transit'), Math.floor(Date.now() / 1000) - 600))).status).toBe(401);
    expect(
      (await api('POST', '/v1/carriers/dhl/events', { raw: JSON.stringify(event('e1', 'in_transit')) })).status,
    ).toBe(401);
    expect((await tracking()).shipment.status).toBe('label_created');

    expect((await post(signed(event('e1', 'in_transit')))).json).toMatchObject({ applied: true });
    const replay = await post(signed(event('e1', 'in_transit')));
    expect(replay.status).toBe(200);
    expect(replay.json).toMatchObject({ applied: false, duplicate: true });
    expect((await tracking()).shipment.events).toHaveLength(2);

    expect((await post(signed(event('e2', 'delivered')))).json).toMatchObject({ applied: true, status: 'delivered' });
    expect((await post(signed(event('e3', 'in_transit')))).status).toBe(409);
    const t = await tracking();
    expect(t).toMatchObject({ orderStatus: 'delivered', shipment: { status: 'delivered' } });
    expect(t.shipment.events.map((e: { status: string }) => e.status)).toEqual([
      'label_created',
      'in_transit',
      'delivered',
    ]);
  });

  it('refunds a delivered order by lines, notifies the customer, and never refunds past the total', async () => {
    const requested = await api('POST', `/v1/orders/${orderId}/refund-requests`, {
      sub: 'olivia',
      body: { reason: C.reason, lines: [{ sku: 'SKU-A', quantity: 1 }] },
    });
    expect(requested.status).toBe(201);
    expect(requested.json).toMatchObject({ amount: 8999, status: 'requested' });
    const dup = await api('POST', `/v1/orders/${orderId}/refund-requests`, {
      sub: 'olivia',
      body: { reason: 'again' },
    });
    expect(dup.status).toBe(409);

    expect(
      (
        await api('POST', `/v1/admin/orders/${orderId}/refund-decision`, {
          sub: 'agent-1',
          groups: ['support'],
          body: { action: 'approve', reason: 'ok' },
        })
      ).status,
    ).toBe(400);
    const decided = await api('POST', `/v1/admin/orders/${orderId}/refund-decision`, {
      sub: 'agent-1',
      ...support('refund_handling'),
      body: { action: 'approve', reason: 'Photo confirms damage' },
    });
    expect(decided.status).toBe(200);
    expect(decided.json.status).toBe('approved');

    const rest = await api('POST', `/v1/orders/${orderId}/refund-requests`, {
      sub: 'olivia',
      body: { reason: 'rest' },
    });
    expect(rest.json.amount).toBe(8999 + 499);
    await api('POST', `/v1/admin/orders/${orderId}/refund-decision`, {
      sub: 'agent-1',
      ...support('refund_handling'),
      body: { action: 'approve', reason: 'rest' },
    });
    const more = await api('POST', `/v1/orders/${orderId}/refund-requests`, {
      sub: 'olivia',
      body: { reason: 'more' },
    });
    expect(more.status).toBe(409);
    const final = await api('GET', `/v1/orders/${orderId}`, { sub: 'olivia' });
    expect(final.json.refundedTotal).toBe(final.json.total);

    const inbox = await api('GET', '/v1/me/notifications', { sub: 'olivia' });
    expect(inbox.json.notifications.map((n: { type: string }) => n.type)).toEqual([
      'refund.approved',
      'refund.approved',
    ]);
  });

  it('shows support a masked customer and order, audited with the purpose and visible to the customer', async () => {
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
    expect((await api('GET', '/v1/admin/customers/olivia', { sub: 'agent-1', groups: ['support'] })).status).toBe(400);
    expect(
      (
        await api('GET', '/v1/admin/customers/olivia', {
          sub: 'agent-1',
          ...support(),
          headers: { 'x-access-purpose': 'shipping' },
        })
      ).status,
    ).toBe(403);

    const log = await api('GET', '/v1/me/access-log?limit=100', { sub: 'olivia' });
    const staffReads = log.json.entries.filter((e: { actorRole: string }) => e.actorRole === 'support');
    expect(staffReads).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'profile.read', purpose: 'customer_support' }),
        expect.objectContaining({ action: 'order.read', purpose: 'customer_support' }),
      ]),
    );
  });

  it('cancels an unshipped order and starts its retention clock', async () => {
    const second = await place('olivia', 'order-2', order('SKU-D', 1));
    const cancelled = await api('POST', `/v1/orders/${second.json.orderId}/cancel`, { sub: 'olivia' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.status).toBe('cancelled');
    expect(Date.parse(cancelled.json.personalDataRetainedUntil)).toBeGreaterThan(Date.now() + 170 * 86_400_000);
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
