/**
 * GET /v1/admin/incident-register — the auditors' register of incidents, newest first: dates,
 * categories, subject counts and decisions, no personal data. The read is audited.
 */

import { audit, incidents } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { httpHandler } from '../../shared/http/handler';
import { pageQuerySchema } from '../../shared/http/pagination';
import { incidentRegister } from '../../shared/usecases/incidents';
import { routes } from '../routes';

const deps = appDependencies(routes.getIncidentRegister.access, { audit, incidents });

export const handler = httpHandler(
  routes.getIncidentRegister,
  { query: pageQuerySchema },
  async ({ query, access }) => ({ status: 200, body: await incidentRegister(deps, query, access) }),
  deps.config,
);
