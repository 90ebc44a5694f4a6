/** GET /v1/me/complaints — the caller's complaints with their resolutions, newest first, paginated. */

import { complaints } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { httpHandler } from '../../shared/http/handler';
import { pageQuerySchema } from '../../shared/http/pagination';
import { listOwnComplaints } from '../../shared/usecases/complaints';
import { routes } from '../routes';

const deps = appDependencies(routes.listComplaints.access, { complaints });

export const handler = httpHandler(
  routes.listComplaints,
  { query: pageQuerySchema },
  async ({ query, access }) => ({ status: 200, body: await listOwnComplaints(deps, query, access) }),
  deps.config,
);
