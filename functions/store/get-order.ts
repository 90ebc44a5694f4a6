/** GET /v1/admin/orders/{orderId} — a masked order for support; the read is audited with its purpose. */

import { orders, profiles } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { httpHandler } from '../../shared/http/handler';
import { orderIdParams } from '../../shared/http/params';
import { orderForSupport } from '../../shared/usecases/support';
import { routes } from '../routes';

const deps = appDependencies(routes.getOrderForSupport.access, { orders, profiles });

export const handler = httpHandler(
  routes.getOrderForSupport,
  { params: orderIdParams },
  async ({ params, access }) => ({ status: 200, body: await orderForSupport(deps, params.orderId, access) }),
  deps.config,
);
