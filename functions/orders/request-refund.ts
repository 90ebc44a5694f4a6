/** POST /v1/orders/{orderId}/refund-requests — after delivery and within the return window, else 409. */

import { disclosures, notifications, orders, outbox, refunds, uow } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { refundRequestSchema } from '../../shared/domain/refund';
import { httpHandler } from '../../shared/http/handler';
import { orderIdParams } from '../../shared/http/params';
import { requestRefund } from '../../shared/usecases/refunds';
import { routes } from '../routes';

const deps = appDependencies(routes.requestRefund.access, {
  disclosures,
  notifications,
  orders,
  outbox,
  refunds,
  uow,
});

export const handler = httpHandler(
  routes.requestRefund,
  { params: orderIdParams, body: refundRequestSchema },
  // A refund belongs to its order (one per order), whose view reports it.
  async ({ params, body, access }) => ({
    status: 201,
    body: await requestRefund(deps, params.orderId, body, access),
    headers: { location: `/v1/orders/${params.orderId}` },
  }),
  deps.config,
);
