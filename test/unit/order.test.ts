import { ConflictError } from '../../shared/domain/errors';
import {
  assertTransition,
  canTransition,
  ORDER_STATUSES,
  type OrderStatus,
  type PlaceOrder,
  paymentSchema,
  personalDataExpiry,
  placeOrderSchema,
} from '../../shared/domain/order';

const ALLOWED = new Set(['placed→cancelled', 'placed→shipped', 'shipped→delivered']);

describe('order status transitions', () => {
  const pairs = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.map((to) => [from, to] as const));

  it.each(pairs)('%s → %s matches the allowed table', (from, to) => {
    const allowed = ALLOWED.has(`${from}→${to}`);
    expect(canTransition(from, to)).toBe(allowed);
    if (allowed) expect(() => assertTransition(from, to)).not.toThrow();
    else expect(() => assertTransition(from, to)).toThrow(ConflictError);
  });

  it.each<[OrderStatus, OrderStatus, string]>([
    ['shipped', 'cancelled', 'An order that is shipped can no longer be cancelled.'],
    ['delivered', 'cancelled', 'An order that is delivered can no longer be cancelled.'],
    ['cancelled', 'shipped', 'A cancelled order cannot be shipped.'],
    ['placed', 'delivered', 'An order must be shipped before it can be delivered.'],
    ['shipped', 'shipped', 'The order is already shipped.'],
    ['delivered', 'placed', 'An order that is delivered cannot go back to placed.'],
    ['delivered', 'shipped', 'An order that is delivered cannot become shipped.'],
  ])('explains why %s → %s is refused', (from, to, detail) => {
    expect(() => assertTransition(from, to)).toThrow(detail);
  });
});

describe('payment details', () => {
  const payment = { processor: 'stripe', token: 'pm_1MqLiJLkdIwHu7ix', brand: 'visa', last4: '4242' };

  it('accepts a processor token with display hints', () => {
    expect(paymentSchema.safeParse(payment).success).toBe(true);
  });

  it.each(['4111111111111111', '4111-1111-1111-1111', '4111111111111', '6011000990139424123'])(
    'refuses the card number %s in place of a token',
    (token) => {
      const result = paymentSchema.safeParse({ ...payment, token });
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((i) => i.message)).toContain(
        'Send a payment processor token, never a card number',
      );
    },
  );

  it('accepts a short all-digit reference that is not card-shaped', () => {
    expect(paymentSchema.safeParse({ ...payment, token: '123456789012' }).success).toBe(true);
  });

  it.each([
    ['a full card number field', { ...payment, cardNumber: '4111111111111111' }],
    ['a CVC', { ...payment, cvc: '123' }],
    ['an unknown processor', { ...payment, processor: 'acme' }],
    ['a last4 of three digits', { ...payment, last4: '424' }],
    ['a token with spaces', { ...payment, token: 'tok abc def' }],
  ])('refuses %s', (_label, input) => {
    expect(paymentSchema.safeParse(input).success).toBe(false);
  });
});

describe('placing an order', () => {
  const order: PlaceOrder = {
    currency: 'EUR',
    items: [
      { sku: 'A-1', name: 'Widget', quantity: 2, unitPrice: 1000 },
      { sku: 'B-2', name: 'Gadget', quantity: 1, unitPrice: 0 },
    ],
    shippingAddress: {
      recipient: 'Ada Lovelace',
      line1: '1 Main St',
      city: 'London',
      postalCode: 'N1 1AA',
      country: 'GB',
    },
    billing: { payment: { processor: 'adyen', token: 'adyen:abc.DEF_123', brand: 'mastercard', last4: '0004' } },
    contactPhone: '+441632960000',
  };

  it('accepts a complete order', () => {
    expect(placeOrderSchema.safeParse(order).success).toBe(true);
  });

  it('requires a recipient on the shipping address', () => {
    const { recipient: _dropped, ...address } = order.shippingAddress;
    expect(placeOrderSchema.safeParse({ ...order, shippingAddress: address }).success).toBe(false);
  });

  it('refuses the same SKU on two lines', () => {
    const first = order.items[0];
    const result = placeOrderSchema.safeParse({ ...order, items: [first, { ...first, quantity: 1 }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toContain('Each SKU once per order');
  });

  it.each([
    ['an unknown top-level field', { ...order, email: 'ada@example.com' }],
    ['an unknown field on the shipping address', { ...order, shippingAddress: { ...order.shippingAddress, x: 1 } }],
    ['an unknown field in billing', { ...order, billing: { ...order.billing, cardNumber: '4111111111111111' } }],
    ['an unsupported currency', { ...order, currency: 'XBT' }],
    ['no items', { ...order, items: [] }],
    ['a phone number not in E.164', { ...order, contactPhone: '01632 960000' }],
  ])('refuses %s', (_label, input) => {
    expect(placeOrderSchema.safeParse(input).success).toBe(false);
  });

  it('accepts at most 50 lines', () => {
    const items = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ sku: `S${i}`, name: 'x', quantity: 1, unitPrice: 1 }));
    expect(placeOrderSchema.safeParse({ ...order, items: items(50) }).success).toBe(true);
    expect(placeOrderSchema.safeParse({ ...order, items: items(51) }).success).toBe(false);
  });
});

describe('order personal data retention', () => {
  it('expires the given number of days after completion', () => {
    expect(personalDataExpiry(new Date('2026-01-01T10:00:00Z'), 180).toISOString()).toBe('2026-06-30T10:00:00.000Z');
  });
});
