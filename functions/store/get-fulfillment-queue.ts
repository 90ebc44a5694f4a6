/** GET /v1/admin/fulfillment/queue — orders ready to ship with what delivery needs (reads audited). */

import { orders } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { httpHandler } from '../../shared/http/handler';
import { pageQuerySchema } from '../../shared/http/pagination';
import { fulfillmentQueue } from '../../shared/usecases/shipping';
import { routes } from '../routes';

const deps = appDependencies(routes.getFulfillmentQueue.access, { orders });

export const handler = httpHandler(
  routes.getFulfillmentQueue,
  { query: pageQuerySchema },
  async ({ query, access }) => ({ status: 200, body: await fulfillmentQueue(deps, query, access) }),
  deps.config,
);
