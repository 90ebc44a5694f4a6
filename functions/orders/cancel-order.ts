/** POST /v1/orders/{orderId}/cancel — only before shipment, else 409. */

import { orders, outbox, payments, products, uow } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { httpHandler } from '../../shared/http/handler';
import { orderSummaryView } from '../../shared/http/order-view';
import { orderIdParams } from '../../shared/http/params';
import { cancelOrder } from '../../shared/usecases/orders';
import { routes } from '../routes';

const deps = appDependencies(routes.cancelOrder.access, { orders, outbox, payments, products, uow });

export const handler = httpHandler(
  routes.cancelOrder,
  { params: orderIdParams },
  async ({ params, access }) => ({
    status: 200,
    body: orderSummaryView(await cancelOrder(deps, params.orderId, access)),
  }),
  deps.config,
);
