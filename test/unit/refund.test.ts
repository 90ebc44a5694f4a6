import { ConflictError, UnprocessableError } from '../../shared/domain/errors';
import type { OrderLine } from '../../shared/domain/money';
import {
  assertRefundWithinPaid,
  assertWithinReturnWindow,
  refundAmount,
  refundRequestSchema,
  returnWindowOpensAt,
} from '../../shared/domain/refund';

const lines: OrderLine[] = [
  { sku: 'A', name: 'Widget', quantity: 3, unitPrice: 1000 },
  { sku: 'B', name: 'Gadget', quantity: 1, unitPrice: 250 },
];

describe('refund amount', () => {
  it('refunds everything not yet refunded when no lines are named', () => {
    expect(refundAmount(lines, undefined, [])).toEqual({
      amount: 3250,
      lines: [
        { sku: 'A', quantity: 3 },
        { sku: 'B', quantity: 1 },
      ],
    });
    expect(refundAmount(lines, undefined, [{ sku: 'A', quantity: 2 }])).toEqual({
      amount: 1250,
      lines: [
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 1 },
      ],
    });
  });

  it('refunds a partial quantity at the unit price', () => {
    expect(refundAmount(lines, [{ sku: 'A', quantity: 2 }], [])).toEqual({
      amount: 2000,
      lines: [{ sku: 'A', quantity: 2 }],
    });
  });

  it('counts a SKU named twice as one line with the quantities added', () => {
    expect(
      refundAmount(
        lines,
        [
          { sku: 'A', quantity: 1 },
          { sku: 'A', quantity: 1 },
        ],
        [],
      ),
    ).toEqual({ amount: 2000, lines: [{ sku: 'A', quantity: 2 }] });
    expect(() =>
      refundAmount(
        lines,
        [
          { sku: 'A', quantity: 2 },
          { sku: 'A', quantity: 2 },
        ],
        [],
      ),
    ).toThrow(UnprocessableError);
  });

  it('refuses more units than remain after earlier refunds', () => {
    expect(() => refundAmount(lines, [{ sku: 'A', quantity: 4 }], [])).toThrow(UnprocessableError);
    expect(() => refundAmount(lines, [{ sku: 'A', quantity: 2 }], [{ sku: 'A', quantity: 2 }])).toThrow(
      'Only 1 of SKU A can still be refunded.',
    );
    expect(() => refundAmount(lines, [{ sku: 'B', quantity: 1 }], [{ sku: 'B', quantity: 1 }])).toThrow(
      'SKU B has already been refunded in full.',
    );
  });

  it('refuses a SKU that is not on the order', () => {
    expect(() => refundAmount(lines, [{ sku: 'Z', quantity: 1 }], [])).toThrow(UnprocessableError);
  });

  it('reports a conflict once everything has been refunded, whatever is asked', () => {
    const all = refundAmount(lines, undefined, []).lines;
    const nothingLeft = 'Everything on this order has already been refunded.';
    expect(() => refundAmount(lines, undefined, all)).toThrow(ConflictError);
    expect(() => refundAmount(lines, undefined, all)).toThrow(nothingLeft);
    expect(() => refundAmount(lines, [{ sku: 'A', quantity: 1 }], all)).toThrow(nothingLeft);
  });
});

describe('refund request schema', () => {
  it('accepts a reason alone or with lines, trimming the reason', () => {
    expect(refundRequestSchema.parse({ reason: ' Damaged ' }).reason).toBe('Damaged');
    expect(refundRequestSchema.safeParse({ reason: 'x', lines: [{ sku: 'A', quantity: 1 }] }).success).toBe(true);
  });

  it.each([
    ['a blank reason', { reason: '  ' }],
    ['an empty lines list', { reason: 'x', lines: [] }],
    ['zero quantity', { reason: 'x', lines: [{ sku: 'A', quantity: 0 }] }],
    ['an amount field', { reason: 'x', amount: 100 }],
    ['an unknown field on a line', { reason: 'x', lines: [{ sku: 'A', quantity: 1, price: 1 }] }],
  ])('refuses %s', (_label, input) => {
    expect(refundRequestSchema.safeParse(input).success).toBe(false);
  });
});

describe('return window', () => {
  const deliveredAt = new Date('2026-03-01T12:00:00Z');
  const closesAt = new Date('2026-03-31T12:00:00Z').getTime();

  it('is open up to and including the closing instant', () => {
    expect(() => assertWithinReturnWindow(deliveredAt, new Date(closesAt - 1000), 30)).not.toThrow();
    expect(() => assertWithinReturnWindow(deliveredAt, new Date(closesAt), 30)).not.toThrow();
  });

  it('is closed one second later, naming the closing date', () => {
    const late = () => assertWithinReturnWindow(deliveredAt, new Date(closesAt + 1000), 30);
    expect(late).toThrow(ConflictError);
    expect(late).toThrow('The return window closed on 2026-03-31.');
  });

  it("is not open before the parcel's journey ended", () => {
    expect(() => assertWithinReturnWindow(undefined, deliveredAt, 30)).toThrow(
      'Refunds can be requested once the parcel is delivered, returned to us or reported lost.',
    );
  });

  it.each([
    [
      'delivered',
      { status: 'delivered', deliveredAt: '2026-03-01T00:00:00Z', completedAt: '2026-03-02T00:00:00Z' },
      '2026-03-01T00:00:00.000Z',
    ],
    [
      'returned to sender',
      { status: 'returned_to_sender', completedAt: '2026-03-02T00:00:00Z' },
      '2026-03-02T00:00:00.000Z',
    ],
    ['lost', { status: 'lost', completedAt: '2026-03-02T00:00:00Z' }, '2026-03-02T00:00:00.000Z'],
  ] as const)('opens for a %s order at the end of its journey', (_label, order, opensAt) => {
    expect(returnWindowOpensAt(order)?.toISOString()).toBe(opensAt);
  });

  it.each(['placed', 'shipped', 'cancelled'] as const)('stays closed for a %s order', (status) => {
    expect(returnWindowOpensAt({ status, completedAt: '2026-03-02T00:00:00Z' })).toBeUndefined();
  });
});

describe('refunds never exceed what was paid', () => {
  it('allows refunds up to the order total and refuses one minor unit more', () => {
    expect(() => assertRefundWithinPaid(3250, 1000, 2250)).not.toThrow();
    expect(() => assertRefundWithinPaid(3250, 1000, 2251)).toThrow(ConflictError);
    expect(() => assertRefundWithinPaid(3250, 3250, 1)).toThrow(ConflictError);
  });
});
