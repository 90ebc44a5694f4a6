/**
 * PUT /v1/admin/products/{sku} — creates a product (no If-Match) or replaces the version If-Match
 * names (`*`: any); 428 when replacing without If-Match, 412 when the version moved on.
 */

import { products, uow } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { PreconditionFailedError } from '../../shared/domain/errors';
import { productInputSchema, productSkuParams } from '../../shared/domain/product';
import { httpHandler } from '../../shared/http/handler';
import { productEtag, productView } from '../../shared/http/product-view';
import { versionFromIfMatch } from '../../shared/http/profile-view';
import { putProduct } from '../../shared/usecases/catalogue';
import { routes } from '../routes';

const deps = appDependencies(routes.putProduct.access, { products, uow });

export const handler = httpHandler(
  routes.putProduct,
  { params: productSkuParams, body: productInputSchema },
  async ({ params, body, headers, access }) => {
    const ifMatch = headers['if-match'];
    const expected = versionFromIfMatch(ifMatch);
    // An If-Match that names no version of ours can match nothing (RFC 9110 §13.1.1).
    if (ifMatch !== undefined && expected === undefined) {
      throw new PreconditionFailedError('If-Match names no version of this product.');
    }
    const { product, created } = await putProduct(deps, params.sku, body, expected, access);
    return {
      status: created ? 201 : 200,
      body: productView(product),
      headers: { etag: productEtag(product), ...(created && { location: `/v1/products/${product.sku}` }) },
    };
  },
  deps.config,
);
