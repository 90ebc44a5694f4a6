/** GET /v1/orders/{orderId} — one of the caller's orders with its personal details; others' are 404. */

import { orders } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { httpHandler } from '../../shared/http/handler';
import { orderView } from '../../shared/http/order-view';
import { orderIdParams } from '../../shared/http/params';
import { getOwnOrder } from '../../shared/usecases/orders';
import { routes } from '../routes';

const deps = appDependencies(routes.getOrder.access, { orders });

export const handler = httpHandler(
  routes.getOrder,
  { params: orderIdParams },
  async ({ params, access }) => ({ status: 200, body: orderView(await getOwnOrder(deps, params.orderId, access)) }),
  deps.config,
);
