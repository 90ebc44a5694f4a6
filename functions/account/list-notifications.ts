/** GET /v1/me/notifications — outcomes communicated to the caller, newest first. */

import { notifications, policies } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { httpHandler } from '../../shared/http/handler';
import { pageQuerySchema } from '../../shared/http/pagination';
import { listNotifications } from '../../shared/usecases/records';
import { routes } from '../routes';

const deps = appDependencies(routes.listNotifications.access, { notifications, policies });

export const handler = httpHandler(
  routes.listNotifications,
  { query: pageQuerySchema },
  async ({ query, access }) => ({ status: 200, body: await listNotifications(deps, query, access) }),
  deps.config,
);
