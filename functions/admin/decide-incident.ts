/** POST /v1/admin/incidents/{incidentId}/decision — the officer records whether the authority is notified (Art. 33), once. */
import * as z from 'zod';
import { incidents, uow } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { incidentDecisionSchema } from '../../shared/domain/incident';
import { httpHandler } from '../../shared/http/handler';
import { ulid } from '../../shared/http/params';
import { decideIncident } from '../../shared/usecases/incidents';
import { routes } from '../routes';

const deps = appDependencies(routes.decideIncident.access, { incidents, uow });

export const handler = httpHandler(
  routes.decideIncident,
  { params: z.strictObject({ incidentId: ulid }), body: incidentDecisionSchema },
  async ({ params, body, access }) => ({
    status: 200,
    body: await decideIncident(deps, params.incidentId, body, access),
  }),
  deps.config,
);
