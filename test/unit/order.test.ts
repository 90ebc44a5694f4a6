import { ConflictError } from '../../shared/domain/errors';
import {
  assertTransition,
  canTransition,
  isTerminal,
  ORDER_STATUSES,
  type OrderStatus,
  personalDataExpiry,
  placeOrderSchema,
} from '../../shared/domain/order';
import { paymentRequestSchema } from '../../shared/domain/payment';

const ALLOWED = new Set([
  'placed→cancelled',
  'placed→shipped',
  'shipped→delivered',
  'shipped→returned_to_sender',
  'shipped→lost',
]);

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
    ['placed', 'lost', 'An order must be shipped before it can be lost.'],
    ['lost', 'delivered', 'An order that is lost cannot become delivered.'],
    ['returned_to_sender', 'cancelled', 'An order that is returned to sender can no longer be cancelled.'],
  ])('explains why %s → %s is refused', (from, to, detail) => {
    expect(() => assertTransition(from, to)).toThrow(detail);
  });

  it.each(ORDER_STATUSES)('ends every lifecycle: %s is terminal, or leads on', (status) => {
    const onward = ORDER_STATUSES.filter((to) => canTransition(status, to));
    expect(onward.length === 0).toBe(isTerminal(status));
  });
});

describe('payment request', () => {
  const payment = { processor: 'stripe', paymentMethod: 'pm_1MqLiJLkdIwHu7ix' };

  it('accepts a payment method id from the processor', () => {
    expect(paymentRequestSchema.safeParse(payment).success).toBe(true);
  });

  it.each(['4111111111111111', '4111-1111-1111-1111', 'pm_4111 1111 1111 1111', 'tok_visa'])(
    'refuses %s in place of a payment method id',
    (paymentMethod) => {
      expect(paymentRequestSchema.safeParse({ ...payment, paymentMethod }).success).toBe(false);
    },
  );

  it.each([['brand'], ['last4']])('[P-05] refuses a client-chosen %s, naming the field', (field) => {
    const result = paymentRequestSchema.safeParse({ ...payment, [field]: 'visa' });
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: [field],
        message: 'Brand and last four digits come from the payment processor, never from the client',
      }),
    ]);
  });

  it.each([
    ['a full card number field', { ...payment, cardNumber: '4111111111111111' }],
    ['a CVC', { ...payment, cvc: '123' }],
    ['an unknown processor', { ...payment, processor: 'acme' }],
    ['the old token field', { ...payment, token: 'tok_abc' }],
  ])('refuses %s', (_label, input) => {
    expect(paymentRequestSchema.safeParse(input).success).toBe(false);
  });
});

describe('placing an order', () => {
  const order = {
    currency: 'EUR',
    items: [
      { sku: 'A-1', quantity: 2 },
      { sku: 'B-2', quantity: 1 },
    ],
    delivery: { carrier: 'dhl', service: 'standard' },
    shippingAddress: {
      recipient: 'Ada Lovelace',
      line1: '1 Main St',
      city: 'London',
      postalCode: 'N1 1AA',
      country: 'GB',
    },
    billing: { payment: { processor: 'stripe', paymentMethod: 'pm_card_mastercard' } },
    contactPhone: '+441632960000',
    expectedTotal: 3599,
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
    ['no delivery booked', { ...order, delivery: undefined }],
    ['a zero expected total', { ...order, expectedTotal: 0 }],
  ])('refuses %s', (_label, input) => {
    expect(placeOrderSchema.safeParse(input).success).toBe(false);
  });

  it('refuses a client-sent total, naming the field', () => {
    const result = placeOrderSchema.safeParse({ ...order, total: 1 });
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['total'] })]);
  });

  it('accepts at most 50 lines', () => {
    const items = (n: number) => Array.from({ length: n }, (_, i) => ({ sku: `S${i}`, quantity: 1 }));
    expect(placeOrderSchema.safeParse({ ...order, items: items(50) }).success).toBe(true);
    expect(placeOrderSchema.safeParse({ ...order, items: items(51) }).success).toBe(false);
  });
});

describe('order personal data retention', () => {
  it('expires the given number of days after completion', () => {
    expect(personalDataExpiry(new Date('2026-01-01T10:00:00Z'), 180).toISOString()).toBe('2026-06-30T10:00:00.000Z');
  });
});
