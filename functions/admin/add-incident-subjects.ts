/**
 * POST /v1/admin/incidents/{incidentId}/subjects — a privacy officer adds affected subjects by id or
 * by a time range of placed orders (the placement index, never a scan) → 200 with the new count.
 */
import * as z from 'zod';
import { incidents, orders, uow } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { subjectSelectionSchema } from '../../shared/domain/incident';
import { httpHandler } from '../../shared/http/handler';
import { ulid } from '../../shared/http/params';
import { addIncidentSubjects } from '../../shared/usecases/incident-notices';
import { routes } from '../routes';

const deps = appDependencies(routes.addIncidentSubjects.access, { incidents, orders, uow });

export const handler = httpHandler(
  routes.addIncidentSubjects,
  { params: z.strictObject({ incidentId: ulid }), body: subjectSelectionSchema },
  async ({ params, body, access }) => ({
    status: 200,
    body: await addIncidentSubjects(deps, params.incidentId, body, access),
  }),
  deps.config,
);
