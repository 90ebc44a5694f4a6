// The catalogue: what an order costs (pure pricing rules) and the catalogue manager's writes over
// in-memory ports — optimistic concurrency on the version, audit records naming changed fields.
import { carriers } from '../../shared/config/carriers';
import type { AccessContext } from '../../shared/domain/access';
import { assertExpectedTotal, assertInStock, priceOrder } from '../../shared/domain/pricing';
import { CATALOGUE_AUDIT_CHAIN, type Product, productFrom, productInputSchema } from '../../shared/domain/product';
import { deactivateProduct, getProduct, listProducts, putProduct } from '../../shared/usecases/catalogue';
import { type MemoryWorld, memoryWorld } from '../support/fakes';

const manager: AccessContext = {
  actor: { id: 'cm-1', role: 'catalogue-manager' },
  purpose: 'catalogue_management',
  requestId: 'r',
};
const at = new Date('2026-06-01T12:00:00Z');
const product = (sku: string, input: Partial<Product> = {}): Product => ({
  ...productFrom(sku, { name: sku, active: true, prices: { EUR: 1000 }, stock: 5, shippingProfile: 'parcel' }, 1, at),
  ...input,
});
const catalogue = (...products: Product[]) => new Map(products.map((p) => [p.sku, p]));

describe('pricing an order', () => {
  const dhlExpress = carriers.dhl.services.express;

  it('multiplies catalogue prices and adds the booked service fee, in minor units', () => {
    const priced = priceOrder(
      [
        { sku: 'A', quantity: 3 },
        { sku: 'B', quantity: 1 },
      ],
      catalogue(product('A', { prices: { EUR: 1250 } }), product('B', { name: 'Bee', prices: { EUR: 99 } })),
      'EUR',
      dhlExpress,
    );
    expect(priced).toEqual({
      lines: [
        { sku: 'A', name: 'A', quantity: 3, unitPrice: 1250 },
        { sku: 'B', name: 'Bee', quantity: 1, unitPrice: 99 },
      ],
      subtotal: 3849,
      shippingFee: 1499,
      total: 5348,
      shippingProfiles: { A: 'parcel', B: 'parcel' },
    });
  });

  it.each([
    ['an unknown SKU', catalogue(), 'EUR', 'SKU A is not for sale.', 'body.items.0.sku'],
    [
      'an inactive SKU',
      catalogue(product('A', { active: false })),
      'EUR',
      'SKU A is not for sale.',
      'body.items.0.sku',
    ],
    [
      'a currency the product has no price in',
      catalogue(product('A')),
      'GBP',
      'SKU A is not sold in GBP.',
      'body.items.0.sku',
    ],
    [
      'a currency the service delivers no order in',
      catalogue(product('A', { prices: { SEK: 100 } })),
      'SEK',
      'DHL Express does not deliver orders paid in SEK.',
      'body.delivery.service',
    ],
  ] as const)('refuses %s with 422 naming the field', (_label, products, currency, detail, path) => {
    expect(() => priceOrder([{ sku: 'A', quantity: 1 }], products, currency, dhlExpress)).toThrow(
      expect.objectContaining({ message: detail, status: 422, errors: [expect.objectContaining({ path })] }),
    );
  });

  it('refuses a bulky product on a service that carries parcels only', () => {
    const tv = catalogue(product('TV', { shippingProfile: 'bulky' }));
    expect(() => priceOrder([{ sku: 'TV', quantity: 1 }], tv, 'EUR', carriers.dhl.services.standard)).toThrow(
      'DHL Standard cannot carry SKU TV (bulky).',
    );
    expect(priceOrder([{ sku: 'TV', quantity: 1 }], tv, 'EUR', dhlExpress).total).toBe(1000 + 1499);
  });

  it('refuses totals past the cap rather than rounding them', () => {
    const dear = catalogue(product('A', { prices: { EUR: 10_000_000 } }));
    expect(() => priceOrder([{ sku: 'A', quantity: 100 }], dear, 'EUR', dhlExpress)).toThrow('cannot exceed');
  });

  it('names the SKU and what is left when stock is short', () => {
    expect(() => assertInStock([{ sku: 'A', quantity: 6 }], catalogue(product('A')))).toThrow(
      expect.objectContaining({ status: 409, extensions: { sku: 'A', available: 5 } }),
    );
    expect(() => assertInStock([{ sku: 'A', quantity: 5 }], catalogue(product('A')))).not.toThrow();
  });

  it('refuses an expected total that is not the server total, with the current one', () => {
    const priced = priceOrder([{ sku: 'A', quantity: 1 }], catalogue(product('A')), 'EUR', dhlExpress);
    expect(() => assertExpectedTotal(priced.total, priced, 'EUR')).not.toThrow();
    expect(() => assertExpectedTotal(undefined, priced, 'EUR')).not.toThrow();
    expect(() => assertExpectedTotal(0, priced, 'EUR')).toThrow(
      expect.objectContaining({ status: 409, extensions: { currentTotal: 2499, currency: 'EUR' } }),
    );
  });
});

describe('product input', () => {
  const input = { name: 'Lamp', prices: { EUR: 1999 }, stock: 3, shippingProfile: 'parcel' };

  it.each([
    ['a zero price', { ...input, prices: { EUR: 0 } }],
    ['a fractional price', { ...input, prices: { EUR: 19.99 } }],
    ['no price at all', { ...input, prices: {} }],
    ['an unknown currency', { ...input, prices: { XBT: 1 } }],
    ['negative stock', { ...input, stock: -1 }],
    ['an unknown shipping profile', { ...input, shippingProfile: 'pallet' }],
  ])('refuses %s', (_label, body) => {
    expect(productInputSchema.safeParse(body).success).toBe(false);
  });

  it('is active unless said otherwise', () => {
    expect(productInputSchema.parse(input).active).toBe(true);
  });
});

describe('catalogue writes over in-memory ports', () => {
  let world: MemoryWorld;
  beforeEach(() => {
    world = memoryWorld({ start: at });
  });
  const lamp = { name: 'Lamp', active: true, prices: { EUR: 1999 }, stock: 3, shippingProfile: 'parcel' } as const;

  it('creates without If-Match, and records the fields set on the catalogue chain', async () => {
    const { product: created, created: isNew } = await putProduct(world, 'LAMP', lamp, undefined, manager);
    expect({ isNew, version: created.version }).toEqual({ isNew: true, version: 1 });
    expect(world.audit.records.at(-1)).toMatchObject({
      subjectId: CATALOGUE_AUDIT_CHAIN,
      action: 'product.create',
      resource: 'product/LAMP',
      fields: ['name', 'active', 'prices', 'stock', 'shippingProfile'],
      details: { version: 1 },
    });
  });

  it('replaces only the version If-Match names (428 without it, 412 when stale) and audits what changed', async () => {
    await putProduct(world, 'LAMP', lamp, undefined, manager);
    await expect(putProduct(world, 'LAMP', lamp, undefined, manager)).rejects.toMatchObject({ status: 428 });
    await expect(putProduct(world, 'LAMP', lamp, 7, manager)).rejects.toMatchObject({ status: 412 });
    const { product: replaced } = await putProduct(world, 'LAMP', { ...lamp, stock: 40 }, 1, manager);
    expect(replaced).toMatchObject({ version: 2, stock: 40 });
    expect(world.audit.records.at(-1)).toMatchObject({ action: 'product.replace', fields: ['stock'] });
    await expect(putProduct(world, 'NEW', lamp, '*', manager)).rejects.toMatchObject({ status: 412 });
  });

  it('refuses a replacement when a reservation moved the version between read and write', async () => {
    await putProduct(world, 'LAMP', lamp, undefined, manager);
    world.uow.interleave(() =>
      world.products.reserve('LAMP', 1, { currency: 'EUR', unitPrice: 1999, shippingProfile: 'parcel' }, at).apply(),
    );
    await expect(putProduct(world, 'LAMP', { ...lamp, stock: 50 }, 1, manager)).rejects.toMatchObject({ status: 412 });
    expect((await getProduct(world, 'LAMP')).stock).toBe(2);
  });

  it('deactivates once: off the public list, still readable, and not orderable', async () => {
    await putProduct(world, 'LAMP', lamp, undefined, manager);
    const off = await deactivateProduct(world, 'LAMP', manager);
    expect(off).toMatchObject({ active: false, version: 2 });
    expect(await deactivateProduct(world, 'LAMP', manager)).toEqual(off);
    expect((await listProducts(world, { limit: 10 })).products).toEqual([]);
    expect(await getProduct(world, 'LAMP')).toEqual(off);
    await expect(getProduct(world, 'NONE')).rejects.toMatchObject({ status: 404 });
  });
});
