/** Money on an order: currencies we sell in, order lines, and integer minor-unit totals. */
import * as z from 'zod';
import { UnprocessableError } from './errors';

export const CURRENCIES = ['EUR', 'GBP', 'USD', 'JPY', 'CHF', 'SEK', 'DKK', 'NOK', 'PLN', 'CAD', 'AUD'] as const;
export type Currency = (typeof CURRENCIES)[number];

/** Largest order we accept, in minor units (1,000,000.00); bigger totals are refused, never rounded. */
export const MAX_ORDER_TOTAL_MINOR = 100_000_000;

/** Most lines a single order may carry. */
export const MAX_ORDER_LINES = 50;

/** One product on an order as placed: the catalogue's name and unit price (integer minor units) at that moment. */
export interface OrderLine {
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitPrice: number;
}

/** A stock-keeping unit: short, URL-safe, starts with a letter or digit. */
export const skuSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'SKU: letters, digits, . _ - (max 64)');

/** Most units of one SKU a single order may take. */
export const MAX_LINE_QUANTITY = 100;

/**
 * A field a client must not send, refused with a message that names it (an unknown key would be
 * refused too, but "unrecognised" does not tell a checkout developer that prices are the server's).
 * The contract shows it as what a client might be tempted to send (`type`) that no value satisfies.
 */
export const refusedField = (message: string, type: 'integer' | 'string') =>
  z
    .never({ error: message })
    .meta({ type, not: {}, description: `Refused (400): ${message}.` })
    .optional();

/** What a customer asks for: a SKU and how many. Names and prices come from the catalogue, never the client. */
export const orderLineRequestSchema = z.strictObject({
  sku: skuSchema,
  quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY),
  unitPrice: refusedField('Prices come from the catalogue: send sku and quantity only', 'integer'),
  price: refusedField('Prices come from the catalogue: send sku and quantity only', 'integer'),
});
export type OrderLineRequest = { readonly sku: string; readonly quantity: number };

// Every sum is checked as it grows: minor units stay exact only while they are safe integers, and
// a total past the cap means a mistake or an abuse, not an order.
function checkedTotal(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new UnprocessableError('Order amounts must be whole, non-negative minor units.');
  }
  if (value > MAX_ORDER_TOTAL_MINOR) {
    throw new UnprocessableError(`An order total cannot exceed ${MAX_ORDER_TOTAL_MINOR} minor units.`);
  }
  return value;
}

/**
 * Quantity × unit price in minor units. Throws UnprocessableError when the result is not a
 * non-negative safe integer or exceeds MAX_ORDER_TOTAL_MINOR.
 */
export function lineTotal(line: OrderLine): number {
  return checkedTotal(line.quantity * line.unitPrice);
}

/** Sum of amounts in minor units, with the same checks as `lineTotal` on every step. */
export function sumMinor(amounts: readonly number[]): number {
  return amounts.reduce((sum, amount) => checkedTotal(sum + checkedTotal(amount)), 0);
}

/** Sum of the line totals in minor units, with the same checks as `lineTotal` on every step. */
export function orderTotal(lines: readonly OrderLine[]): number {
  return lines.reduce((sum, line) => checkedTotal(sum + lineTotal(line)), 0);
}

/** Digits after the decimal point (ISO 4217 minor units) for the supported currencies. */
const MINOR_DIGITS: Partial<Record<Currency, number>> = { JPY: 0 };

/** `1234, 'EUR'` → `'12.34 EUR'`; `1234, 'JPY'` → `'1234 JPY'`. For messages, not for arithmetic. */
export function formatMinor(amount: number, currency: string): string {
  const digits = MINOR_DIGITS[currency as Currency] ?? 2;
  return `${(amount / 10 ** digits).toFixed(digits)} ${currency}`;
}
