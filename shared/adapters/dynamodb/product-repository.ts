/**
 * The catalogue in the data table: each product in a partition of its own (`PRODUCT#<sku>` /
 * `PRODUCT`), holding its prices, stock and version, so the stock updates of different products
 * never contend; and one small listing entry per active product in the `CATALOGUE` partition,
 * written only by catalogue changes. Reservations are conditional updates that name the price the
 * order was priced at: an order never lands at a price that changed after it was read.
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { UnavailableError } from '../../domain/errors';
import { CURRENCIES } from '../../domain/money';
import { type Product, SHIPPING_PROFILES } from '../../domain/product';
import type { Offer, ProductStore } from '../../ports/catalogue';
import type { Clock } from '../../ports/clock';
import type { Page } from '../../ports/page';
import type { Write } from '../../ports/unit-of-work';
import { type DynamoDeps, guarded, queryPage } from './client';
import { decodeItem } from './decode';
import { CATALOGUE_PK, catalogueEntryKey, productKey } from './keys';
import { dynamoWrite } from './unit-of-work';

const productItem = z.object({
  sku: z.string(),
  name: z.string(),
  active: z.boolean(),
  prices: z.partialRecord(z.enum(CURRENCIES), z.number()),
  stock: z.number(),
  shippingProfile: z.enum(SHIPPING_PROFILES),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const toProduct = (item: Record<string, unknown>): Product => decodeItem(productItem, item, 'product');

/**
 * How long `offers` may reuse a product it read. Short, because a price change or a deactivation is
 * seen by new checkouts only after it; safe, because every reservation is conditioned on the price,
 * the active flag and the stock it assumed, and a refused reservation forgets the product at once.
 */
const OFFER_MS = 30_000;

/** BatchGetItem reads at most this many keys per request. */
const BATCH_GET_LIMIT = 100;
/** Rounds of retrying the keys DynamoDB left unprocessed (throttling) before giving up with a 503. */
const MAX_BATCH_ROUNDS = 5;

export class ProductRepository implements ProductStore {
  private readonly offered = new Map<string, { product: Product; readAt: number }>();

  constructor(private readonly deps: DynamoDeps & { readonly clock: Clock }) {}

  async offers(skus: readonly string[]): Promise<ReadonlyMap<string, Product>> {
    const now = this.deps.clock.now().getTime();
    const fresh = (sku: string) => {
      const entry = this.offered.get(sku);
      return entry && now - entry.readAt < OFFER_MS ? entry.product : undefined;
    };
    const missing = skus.filter((sku) => !fresh(sku));
    for (const product of (await this.many(missing)).values()) {
      this.offered.set(product.sku, { product, readAt: now });
    }
    return new Map(skus.flatMap((sku) => (fresh(sku) ? [[sku, fresh(sku) as Product] as const] : [])));
  }

  forget(skus: readonly string[]): void {
    for (const sku of skus) this.offered.delete(sku);
  }

  async get(sku: string): Promise<Product | undefined> {
    return (await this.many([sku])).get(sku);
  }

  async many(skus: readonly string[]): Promise<ReadonlyMap<string, Product>> {
    const products = new Map<string, Product>();
    for (let i = 0; i < skus.length; i += BATCH_GET_LIMIT) {
      for (const item of await this.batchGet(skus.slice(i, i + BATCH_GET_LIMIT))) {
        const product = toProduct(item);
        products.set(product.sku, product);
      }
    }
    return products;
  }

  async list(page: Page): Promise<{ products: Product[]; cursor?: string | undefined }> {
    const { items, cursor } = await queryPage(
      this.deps.ddb,
      {
        TableName: this.deps.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': CATALOGUE_PK },
      },
      page,
      'Products',
    );
    const skus = items.map((i) => decodeItem(z.object({ sku: z.string() }), i, 'catalogue entry').sku);
    const products = await this.many(skus);
    // The entry and the product are written together; a product missing here was deactivated
    // between the two reads, and an inactive one is not for sale: neither is listed.
    return {
      products: skus.flatMap((sku) => {
        const product = products.get(sku);
        return product?.active ? [product] : [];
      }),
      cursor,
    };
  }

  put(product: Product, expected: number | '*' | undefined): Write {
    const condition =
      expected === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : expected === '*'
          ? { ConditionExpression: 'attribute_exists(pk)' }
          : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expected } };
    const entry = catalogueEntryKey(product.sku);
    return dynamoWrite(
      'product.put',
      {
        Put: {
          TableName: this.deps.table,
          Item: { ...productKey(product.sku), type: 'product', ...product },
          ...condition,
        },
      },
      product.active
        ? { Put: { TableName: this.deps.table, Item: { ...entry, type: 'catalogue-entry', sku: product.sku } } }
        : { Delete: { TableName: this.deps.table, Key: entry } },
    );
  }

  reserve(sku: string, quantity: number, offer: Offer, at: Date): Write {
    return dynamoWrite('stock.reserve', {
      Update: {
        TableName: this.deps.table,
        Key: productKey(sku),
        UpdateExpression: 'SET stock = stock - :quantity, version = version + :one, updatedAt = :at',
        ConditionExpression:
          'active = :true AND stock >= :quantity AND prices.#currency = :price AND shippingProfile = :profile',
        ExpressionAttributeNames: { '#currency': offer.currency },
        ExpressionAttributeValues: {
          ':quantity': quantity,
          ':one': 1,
          ':at': at.toISOString(),
          ':true': true,
          ':price': offer.unitPrice,
          ':profile': offer.shippingProfile,
        },
      },
    });
  }

  release(sku: string, quantity: number, at: Date): Write {
    return dynamoWrite('stock.release', {
      Update: {
        TableName: this.deps.table,
        Key: productKey(sku),
        UpdateExpression: 'SET stock = stock + :quantity, version = version + :one, updatedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':quantity': quantity, ':one': 1, ':at': at.toISOString() },
      },
    });
  }

  /** Consistent BatchGetItem of up to 100 products, retrying what DynamoDB leaves unprocessed. */
  private async batchGet(skus: readonly string[]): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let keys: Record<string, unknown>[] = skus.map(productKey);
    for (let round = 0; keys.length > 0; round++) {
      if (round === MAX_BATCH_ROUNDS) throw new UnavailableError('Products are temporarily unavailable.');
      // Unprocessed keys mean throttling: back off a little before asking again.
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** round));
      const result = await guarded('Products', () =>
        this.deps.ddb.send(
          new BatchGetCommand({ RequestItems: { [this.deps.table]: { Keys: keys, ConsistentRead: true } } }),
        ),
      );
      items.push(...(result.Responses?.[this.deps.table] ?? []));
      keys = result.UnprocessedKeys?.[this.deps.table]?.Keys ?? [];
    }
    return items;
  }
}
