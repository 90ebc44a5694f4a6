/**
 * POST /v1/admin/incidents/{incidentId}/notices — a privacy officer starts telling the affected
 * subjects (GDPR Art. 34); the incident-notices job sends them → 202 with `Location` to follow.
 */
import * as z from 'zod';
import { incidents, outbox, uow } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { incidentNoticeSchema } from '../../shared/domain/incident';
import { httpHandler } from '../../shared/http/handler';
import { ulid } from '../../shared/http/params';
import { startIncidentNotices } from '../../shared/usecases/incident-notices';
import { routes } from '../routes';

const deps = appDependencies(routes.startIncidentNotices.access, { incidents, outbox, uow });

export const handler = httpHandler(
  routes.startIncidentNotices,
  { params: z.strictObject({ incidentId: ulid }), body: incidentNoticeSchema },
  async ({ params, body, access }) => ({
    status: 202,
    body: await startIncidentNotices(deps, params.incidentId, body, access),
    headers: { location: `/v1/admin/incidents/${params.incidentId}/notices` },
  }),
  deps.config,
);
