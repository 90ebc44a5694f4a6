/** POST /v1/admin/complaints/{complaintId}/resolve — a privacy officer resolves it; the resolution is sealed and the subject told. */
import * as z from 'zod';
import { complaints, notifications, uow } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { resolveComplaintSchema } from '../../shared/domain/complaint';
import { httpHandler } from '../../shared/http/handler';
import { ulid } from '../../shared/http/params';
import { resolveComplaint } from '../../shared/usecases/complaints';
import { routes } from '../routes';

const deps = appDependencies(routes.resolveComplaint.access, { complaints, notifications, uow });

export const handler = httpHandler(
  routes.resolveComplaint,
  { params: z.strictObject({ complaintId: ulid }), body: resolveComplaintSchema },
  async ({ params, body, access }) => ({
    status: 200,
    body: await resolveComplaint(deps, params.complaintId, body.resolution, access),
  }),
  deps.config,
);
