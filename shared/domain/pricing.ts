/**
 * What an order costs, from server-side facts only: each line's catalogue price times its quantity,
 * plus the delivery fee of the service the customer booked. Prices include tax (docs/decisions/0025).
 * Every refusal names the field or SKU at fault, so a checkout page can say what to change.
 */
import { ConflictWithFactsError, UnprocessableError } from './errors';
import { type Currency, formatMinor, type OrderLine, type OrderLineRequest, orderTotal, sumMinor } from './money';
import type { Prices, Product, ShippingProfile } from './product';

/** A carrier service as checkout sees it (the configuration lives in shared/config/carriers.ts). */
export interface DeliveryService {
  readonly name: string;
  /** The shipping profiles it carries; a parcel with any other cannot be booked on it. */
  readonly carries: readonly ShippingProfile[];
  /** What the customer pays per order, by currency, in integer minor units. */
  readonly fees: Prices;
}

export interface PricedOrder {
  readonly lines: readonly OrderLine[];
  /** How each SKU ships as priced (the reservation checks it still does): not stored with the order. */
  readonly shippingProfiles: Readonly<Record<string, ShippingProfile>>;
  readonly subtotal: number;
  readonly shippingFee: number;
  /** subtotal + shippingFee: what is authorised at placement and captured at shipment. */
  readonly total: number;
}

/**
 * Prices `requested` in `currency` from `catalogue` (by SKU) and the booked `service`. Throws
 * UnprocessableError naming the field for an unknown or inactive SKU, a SKU not sold in the currency,
 * a product the service cannot carry or a currency it does not deliver for; the total is checked
 * like every sum of money (whole minor units, at most MAX_ORDER_TOTAL_MINOR).
 */
export function priceOrder(
  requested: readonly OrderLineRequest[],
  catalogue: ReadonlyMap<string, Product>,
  currency: Currency,
  service: DeliveryService,
): PricedOrder {
  const lines = requested.map(({ sku, quantity }, i): OrderLine => {
    const product = catalogue.get(sku);
    if (!product?.active) {
      throw new UnprocessableError(`SKU ${sku} is not for sale.`, [
        { path: `body.items.${i}.sku`, message: 'Unknown or inactive SKU' },
      ]);
    }
    const unitPrice = product.prices[currency];
    if (unitPrice === undefined) {
      throw new UnprocessableError(`SKU ${sku} is not sold in ${currency}.`, [
        { path: `body.items.${i}.sku`, message: `No price in ${currency}` },
      ]);
    }
    if (!service.carries.includes(product.shippingProfile)) {
      throw new UnprocessableError(`${service.name} cannot carry SKU ${sku} (${product.shippingProfile}).`, [
        { path: 'body.delivery.service', message: `Does not carry SKU ${sku}` },
      ]);
    }
    return { sku, name: product.name, quantity, unitPrice };
  });
  const shippingFee = service.fees[currency];
  if (shippingFee === undefined) {
    throw new UnprocessableError(`${service.name} does not deliver orders paid in ${currency}.`, [
      { path: 'body.delivery.service', message: `No delivery in ${currency}` },
    ]);
  }
  const subtotal = orderTotal(lines);
  const total = sumMinor([subtotal, shippingFee]);
  const shippingProfiles = Object.fromEntries(
    requested.map(({ sku }) => [sku, (catalogue.get(sku) as Product).shippingProfile]),
  );
  return { lines, subtotal, shippingFee, total, shippingProfiles };
}

/** 409 naming the SKU and how many are left: the client can lower the quantity and retry. */
export const outOfStock = (sku: string, available: number): ConflictWithFactsError =>
  new ConflictWithFactsError(
    available === 0 ? `SKU ${sku} is out of stock.` : `Only ${available} of SKU ${sku} left.`,
    { sku, available },
  );

/** Throws the first line's `outOfStock` whose quantity exceeds the stock `catalogue` shows. */
export function assertInStock(requested: readonly OrderLineRequest[], catalogue: ReadonlyMap<string, Product>): void {
  for (const { sku, quantity } of requested) {
    const available = catalogue.get(sku)?.stock ?? 0;
    if (quantity > available) throw outOfStock(sku, available);
  }
}

/**
 * 409 when the client's `expectedTotal` is not the server's total: a checkout page showing a stale
 * price never charges it silently. Carries the current total so the page can show it.
 */
export function assertExpectedTotal(expected: number | undefined, priced: PricedOrder, currency: Currency): void {
  if (expected === undefined || expected === priced.total) return;
  throw new ConflictWithFactsError(
    `The order now costs ${formatMinor(priced.total, currency)}, not ${formatMinor(expected, currency)}; confirm the new total.`,
    { currentTotal: priced.total, currency },
  );
}
