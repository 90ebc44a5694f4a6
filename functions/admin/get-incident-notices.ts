/** GET /v1/admin/incidents/{incidentId}/notices — how far telling the affected subjects has got: counts only. */
import * as z from 'zod';
import { incidents } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { httpHandler } from '../../shared/http/handler';
import { ulid } from '../../shared/http/params';
import { incidentNoticeStatus } from '../../shared/usecases/incident-notices';
import { routes } from '../routes';

const deps = appDependencies(routes.getIncidentNotices.access, { incidents });

export const handler = httpHandler(
  routes.getIncidentNotices,
  { params: z.strictObject({ incidentId: ulid }) },
  async ({ params }) => ({ status: 200, body: await incidentNoticeStatus(deps, params.incidentId) }),
  deps.config,
);
