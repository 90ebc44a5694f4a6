/** GET /v1/orders/{orderId}/tracking — shipment status and carrier events of one's own order. */

import { orders, shipments } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { httpHandler } from '../../shared/http/handler';
import { orderIdParams } from '../../shared/http/params';
import { tracking } from '../../shared/usecases/shipping';
import { routes } from '../routes';

const deps = appDependencies(routes.getTracking.access, { orders, shipments });

export const handler = httpHandler(
  routes.getTracking,
  { params: orderIdParams },
  async ({ params, access }) => ({ status: 200, body: await tracking(deps, params.orderId, access) }),
  deps.config,
);
