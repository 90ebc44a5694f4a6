/** GET /v1/me/access-log — audit entries about the caller: when, which role, what action, why. */

import { audit, digests } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { httpHandler } from '../../shared/http/handler';
import { pageQuerySchema } from '../../shared/http/pagination';
import { accessLog } from '../../shared/usecases/access-log';
import { routes } from '../routes';

const deps = appDependencies(routes.getAccessLog.access, { audit, digests });

export const handler = httpHandler(
  routes.getAccessLog,
  { query: pageQuerySchema },
  async ({ query, access }) => ({ status: 200, body: await accessLog(deps, query, access) }),
  deps.config,
);
