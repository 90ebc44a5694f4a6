/** Products as anyone may read them: the catalogue's facts, the version as the ETag. */
import type { Product } from '../domain/product';

export const productView = (p: Product) => ({
  sku: p.sku,
  name: p.name,
  active: p.active,
  prices: p.prices,
  stock: p.stock,
  shippingProfile: p.shippingProfile,
  updatedAt: p.updatedAt,
});

export const productEtag = (p: Product): string => `"${p.version}"`;
