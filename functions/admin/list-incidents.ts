/**
 * GET /v1/admin/incidents — the privacy officers' incident queue, soonest authority decision due
 * first: `?status=open|decided` (default open), `&overdue=true`. No description, no subject ids.
 */

import { incidents } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { incidentQueueFilterSchema } from '../../shared/domain/incident';
import { httpHandler } from '../../shared/http/handler';
import { pageQuerySchema } from '../../shared/http/pagination';
import { listIncidentQueue } from '../../shared/usecases/incidents';
import { routes } from '../routes';

const deps = appDependencies(routes.listIncidentQueue.access, { incidents });

export const handler = httpHandler(
  routes.listIncidentQueue,
  { query: pageQuerySchema.extend(incidentQueueFilterSchema.shape) },
  async ({ query }) => ({ status: 200, body: await listIncidentQueue(deps, query) }),
  deps.config,
);
