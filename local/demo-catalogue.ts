// The demo catalogue `npm start` seeds (prices in minor units, tax included); tests order from it too.
import type { ProductInput } from '../shared/domain/product';

/** `TV-85` is bulky: only DHL Express and UPS Ground carry it (shared/config/carriers.ts). */
export const DEMO_CATALOGUE: Readonly<Record<string, ProductInput>> = {
  'BOOT-42': {
    name: 'Walking boots',
    active: true,
    prices: { EUR: 8999, GBP: 7999, USD: 9999 },
    stock: 500,
    shippingProfile: 'parcel',
  },
  'SOCK-3': {
    name: 'Wool socks, three pairs',
    active: true,
    prices: { EUR: 1499, GBP: 1299, USD: 1599 },
    stock: 1000,
    shippingProfile: 'parcel',
  },
  'LAMP-1': {
    name: 'Head torch',
    active: true,
    prices: { EUR: 2999, GBP: 2599, USD: 3299 },
    stock: 300,
    shippingProfile: 'parcel',
  },
  'TV-85': {
    name: '85 inch TV',
    active: true,
    prices: { EUR: 249900, GBP: 219900, USD: 269900 },
    stock: 20,
    shippingProfile: 'bulky',
  },
};
