import { UnprocessableError } from '../../shared/domain/errors';
import {
  CURRENCIES,
  lineTotal,
  MAX_ORDER_TOTAL_MINOR,
  type OrderLine,
  orderLineRequestSchema,
  orderTotal,
} from '../../shared/domain/money';

const line = (quantity: number, unitPrice: number, sku = 'SKU-1'): OrderLine => ({
  sku,
  name: 'Widget',
  quantity,
  unitPrice,
});

describe('order totals in minor units', () => {
  it('multiplies and sums exactly, without floating-point drift', () => {
    // 0.1 + 0.2 style amounts: integers in, the exact integer out.
    expect(lineTotal(line(3, 10))).toBe(30);
    expect(orderTotal([line(3, 10, 'A'), line(1, 20, 'B'), line(7, 1999, 'C')])).toBe(30 + 20 + 13_993);
  });

  it('allows free items and an empty order totals zero', () => {
    expect(lineTotal(line(5, 0))).toBe(0);
    expect(orderTotal([])).toBe(0);
  });

  it('accepts a total of exactly the cap and refuses one minor unit more', () => {
    expect(orderTotal([line(10, MAX_ORDER_TOTAL_MINOR / 10)])).toBe(MAX_ORDER_TOTAL_MINOR);
    expect(() => orderTotal([line(10, MAX_ORDER_TOTAL_MINOR / 10, 'A'), line(1, 1, 'B')])).toThrow(UnprocessableError);
  });

  it('refuses a single line above the cap (100 × the highest unit price)', () => {
    expect(() => lineTotal(line(100, 10_000_000))).toThrow(UnprocessableError);
  });

  it('refuses amounts that are not safe integers or are negative', () => {
    expect(() => lineTotal(line(1, 0.5))).toThrow(UnprocessableError);
    expect(() => lineTotal(line(1, Number.MAX_SAFE_INTEGER + 2))).toThrow(UnprocessableError);
    expect(() => lineTotal(line(-1, 100))).toThrow(UnprocessableError);
  });
});

describe('order line request schema', () => {
  const valid = { sku: 'ABC-123_x.1', quantity: 1 };

  it('accepts a SKU and a quantity', () => {
    expect(orderLineRequestSchema.parse(valid)).toEqual(valid);
  });

  it.each([['unitPrice'], ['price']])('refuses a client-sent %s, naming the field and why', (field) => {
    const result = orderLineRequestSchema.safeParse({ ...valid, [field]: 0 });
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: [field], message: 'Prices come from the catalogue: send sku and quantity only' }),
    ]);
  });

  it.each([
    ['an unknown field', { ...valid, discount: 5 }],
    ['a client-sent name', { ...valid, name: 'Widget' }],
    ['zero quantity', { ...valid, quantity: 0 }],
    ['quantity over 100', { ...valid, quantity: 101 }],
    ['a fractional quantity', { ...valid, quantity: 1.5 }],
    ['a SKU starting with a dash', { ...valid, sku: '-abc' }],
    ['a SKU with a space', { ...valid, sku: 'ab c' }],
    ['a SKU longer than 64', { ...valid, sku: 'a'.repeat(65) }],
  ])('refuses %s', (_label, input) => {
    expect(orderLineRequestSchema.safeParse(input).success).toBe(false);
  });

  it('lists the currencies as ISO 4217 codes', () => {
    expect(CURRENCIES.every((c) => /^[A-Z]{3}$/.test(c))).toBe(true);
  });
});
