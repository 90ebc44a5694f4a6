/** GET /v1/admin/incidents/{incidentId} — one incident with its description, the read recorded in the incident's audit chain first. */
import * as z from 'zod';
import { audit, incidents } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { httpHandler } from '../../shared/http/handler';
import { ulid } from '../../shared/http/params';
import { incidentForOfficer } from '../../shared/usecases/incidents';
import { routes } from '../routes';

const deps = appDependencies(routes.getIncident.access, { audit, incidents });

export const handler = httpHandler(
  routes.getIncident,
  { params: z.strictObject({ incidentId: ulid }) },
  async ({ params, access }) => ({ status: 200, body: await incidentForOfficer(deps, params.incidentId, access) }),
  deps.config,
);
