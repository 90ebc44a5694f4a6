/** POST /v1/admin/products/{sku}/deactivate — takes a product off sale (idempotent); it stays readable. */

import { products, uow } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { productSkuParams } from '../../shared/domain/product';
import { httpHandler } from '../../shared/http/handler';
import { productEtag, productView } from '../../shared/http/product-view';
import { deactivateProduct } from '../../shared/usecases/catalogue';
import { routes } from '../routes';

const deps = appDependencies(routes.deactivateProduct.access, { products, uow });

export const handler = httpHandler(
  routes.deactivateProduct,
  { params: productSkuParams },
  async ({ params, access }) => {
    const product = await deactivateProduct(deps, params.sku, access);
    return { status: 200, body: productView(product), headers: { etag: productEtag(product) } };
  },
  deps.config,
);
