/** POST /v1/admin/orders/{orderId}/refund-decision — support approves or rejects the pending refund. */
import * as z from 'zod';
import { disclosures, notifications, orders, outbox, payments, refunds, uow } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { httpHandler } from '../../shared/http/handler';
import { orderIdParams } from '../../shared/http/params';
import { decideRefund } from '../../shared/usecases/refunds';
import { routes } from '../routes';

const deps = appDependencies(routes.decideRefund.access, {
  disclosures,
  notifications,
  orders,
  outbox,
  payments,
  refunds,
  uow,
});

export const handler = httpHandler(
  routes.decideRefund,
  {
    params: orderIdParams,
    body: z.strictObject({ action: z.enum(['approve', 'reject']), reason: z.string().trim().min(1).max(1000) }),
  },
  async ({ params, body, access }) => ({ status: 200, body: await decideRefund(deps, params.orderId, body, access) }),
  deps.config,
);
