/** GET /v1/products/{sku} — one product, active or not (past orders name inactive ones), with its ETag. */

import { products } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { productSkuParams } from '../../shared/domain/product';
import { httpHandler } from '../../shared/http/handler';
import { productEtag, productView } from '../../shared/http/product-view';
import { getProduct } from '../../shared/usecases/catalogue';
import { routes } from '../routes';

const deps = appDependencies(routes.getProduct.access, { products });

export const handler = httpHandler(
  routes.getProduct,
  { params: productSkuParams },
  async ({ params }) => {
    const product = await getProduct(deps, params.sku);
    return { status: 200, body: productView(product), headers: { etag: productEtag(product) } };
  },
  deps.config,
);
