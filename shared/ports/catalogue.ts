/**
 * The catalogue port: products with their prices and stock. Stock moves only through named writes
 * committed with the order that takes or gives back the units, so an order and its reservation land
 * together or not at all.
 */
import type { Currency } from '../domain/money';
import type { Product, ShippingProfile } from '../domain/product';
import type { Page } from './page';
import type { Write } from './unit-of-work';

/** What an order was priced with, for one product: the reservation holds it to that. */
export interface Offer {
  readonly currency: Currency;
  readonly unitPrice: number;
  readonly shippingProfile: ShippingProfile;
}

export interface ProductStore {
  /** One product, active or not (consistent read). */
  get(sku: string): Promise<Product | undefined>;
  /** The products of these SKUs that exist, by SKU (consistent reads). */
  many(skus: readonly string[]): Promise<ReadonlyMap<string, Product>>;
  /**
   * The products of these SKUs to price a checkout with, as this process last read them: up to 30
   * seconds old. The reservation's condition checks price, availability and stock against the item
   * itself, so a stale entry can only make an order be refused, never placed wrongly.
   */
  offers(skus: readonly string[]): Promise<ReadonlyMap<string, Product>>;
  /** Forgets what `offers` remembers of these SKUs (after a reservation refused them). */
  forget(skus: readonly string[]): void;
  /** Active products, by SKU. */
  list(page: Page): Promise<{ products: Product[]; cursor?: string | undefined }>;
  /**
   * `product.put`: `product` as the new state. `expected` is the version it replaces: a number (that
   * version exactly), `'*'` (whatever version exists) or undefined (it must not exist yet).
   */
  put(product: Product, expected: number | '*' | undefined): Write;
  /**
   * `stock.reserve`: takes `quantity` units of `sku`. Fails unless the product is active, still
   * sells at `unitPrice` in `currency`, still ships as `shippingProfile` and has at least `quantity`
   * units left — so an order is never placed at a price that changed after it was read, with a
   * service that can no longer carry it, nor beyond the stock.
   */
  reserve(sku: string, quantity: number, offer: Offer, at: Date): Write;
  /** `stock.release`: gives `quantity` units of `sku` back (a cancelled order). */
  release(sku: string, quantity: number, at: Date): Write;
}
