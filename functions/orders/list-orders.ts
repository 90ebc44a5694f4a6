/** GET /v1/orders — the caller's orders, newest first, paginated by an opaque cursor. */

import { orders } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { httpHandler } from '../../shared/http/handler';
import { orderSummaryView } from '../../shared/http/order-view';
import { pageQuerySchema } from '../../shared/http/pagination';
import { listOrders } from '../../shared/usecases/orders';
import { routes } from '../routes';

const deps = appDependencies(routes.listOrders.access, { orders });

export const handler = httpHandler(
  routes.listOrders,
  { query: pageQuerySchema },
  async ({ query, access }) => {
    const { orders, cursor } = await listOrders(deps, query, access);
    return { status: 200, body: { orders: orders.map(orderSummaryView), ...(cursor && { cursor }) } };
  },
  deps.config,
);
