/**
 * GET /v1/admin/officer-inbox — the privacy officers' inbox: the deadline monitor's notices of
 * requests and complaints due soon or overdue, soonest due first (ids, kinds and dates only).
 */

import { officerInbox } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { httpHandler } from '../../shared/http/handler';
import { pageQuerySchema } from '../../shared/http/pagination';
import { officerNotices } from '../../shared/usecases/complaints';
import { routes } from '../routes';

const deps = appDependencies(routes.listOfficerNotices.access, { officerInbox });

export const handler = httpHandler(
  routes.listOfficerNotices,
  { query: pageQuerySchema },
  async ({ query }) => ({ status: 200, body: await officerNotices(deps, query) }),
  deps.config,
);
