/** PATCH /v1/orders/{orderId}/shipping-address — replace the delivery address before shipment, else 409. */

import { orders, uow } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { shippingAddressSchema } from '../../shared/domain/order';
import { httpHandler } from '../../shared/http/handler';
import { orderView } from '../../shared/http/order-view';
import { orderIdParams } from '../../shared/http/params';
import { changeShippingAddress } from '../../shared/usecases/orders';
import { routes } from '../routes';

const deps = appDependencies(routes.updateShippingAddress.access, { orders, uow });

export const handler = httpHandler(
  routes.updateShippingAddress,
  { params: orderIdParams, body: shippingAddressSchema },
  async ({ params, body, access }) => ({
    status: 200,
    body: orderView(await changeShippingAddress(deps, params.orderId, body, access)),
  }),
  deps.config,
);
