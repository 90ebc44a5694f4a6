/** GET /v1/products — the products for sale, by SKU, paginated by an opaque cursor. Public: no personal data. */

import { products } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { httpHandler } from '../../shared/http/handler';
import { pageQuerySchema } from '../../shared/http/pagination';
import { productView } from '../../shared/http/product-view';
import { listProducts } from '../../shared/usecases/catalogue';
import { routes } from '../routes';

const deps = appDependencies(routes.listProducts.access, { products });

export const handler = httpHandler(
  routes.listProducts,
  { query: pageQuerySchema },
  async ({ query }) => {
    const { products, cursor } = await listProducts(deps, query);
    return { status: 200, body: { products: products.map(productView), ...(cursor && { cursor }) } };
  },
  deps.config,
);
