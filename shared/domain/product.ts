/**
 * The catalogue: what can be sold, at which price in which currency, how many are left and how a
 * parcel of it travels. Prices and stock are server-side facts; an order copies name and price into
 * its lines at the moment it is placed. No personal data lives here.
 */
import * as z from 'zod';
import { CURRENCIES, type Currency, skuSchema } from './money';

/**
 * How a product travels: `parcel` fits every carrier service; `bulky` (a television, a bicycle) only
 * the services whose profile lists it (shared/config/carriers.ts).
 */
export const SHIPPING_PROFILES = ['parcel', 'bulky'] as const;
export type ShippingProfile = (typeof SHIPPING_PROFILES)[number];

/** Highest unit price a product may have, in minor units (100,000.00). */
export const MAX_UNIT_PRICE_MINOR = 10_000_000;
/** Most units one product may hold in stock. */
export const MAX_STOCK = 1_000_000;

export type Prices = Readonly<Partial<Record<Currency, number>>>;

export interface Product {
  readonly sku: string;
  readonly name: string;
  /** Inactive products cannot be ordered; they stay readable because past orders name them. */
  readonly active: boolean;
  /** Unit price per currency in integer minor units, each > 0; a currency without a price is not sold in. */
  readonly prices: Prices;
  /** Units available to order: reserved by each order as it is placed, given back when it is cancelled. */
  readonly stock: number;
  readonly shippingProfile: ShippingProfile;
  /** Changes with every write (stock reservations included): the ETag of optimistic concurrency. */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** `PUT /v1/admin/products/{sku}`: the whole product, as it should be. */
export const productInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  active: z.boolean().default(true),
  prices: z
    .partialRecord(z.enum(CURRENCIES), z.number().int().min(1).max(MAX_UNIT_PRICE_MINOR))
    .refine((prices) => Object.keys(prices).length > 0, 'At least one price'),
  stock: z.number().int().min(0).max(MAX_STOCK),
  shippingProfile: z.enum(SHIPPING_PROFILES),
});
export type ProductInput = z.infer<typeof productInputSchema>;

export const productSkuParams = z.strictObject({ sku: skuSchema });

/** The product a PUT describes, as version `version` (1 for a new product). */
export function productFrom(
  sku: string,
  input: ProductInput,
  version: number,
  at: Date,
  createdAt = at.toISOString(),
): Product {
  return {
    sku,
    name: input.name,
    active: input.active,
    prices: input.prices,
    stock: input.stock,
    shippingProfile: input.shippingProfile,
    version,
    createdAt,
    updatedAt: at.toISOString(),
  };
}

/** The audit chain catalogue writes are recorded on: they concern no subject. */
export const CATALOGUE_AUDIT_CHAIN = 'CATALOGUE';
