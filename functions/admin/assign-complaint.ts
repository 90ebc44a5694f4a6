/** POST /v1/admin/complaints/{complaintId}/assign — a privacy officer assigns the complaint; the subject is told. */
import * as z from 'zod';
import { complaints, notifications, staff, uow } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { assignComplaintSchema } from '../../shared/domain/complaint';
import { httpHandler } from '../../shared/http/handler';
import { ulid } from '../../shared/http/params';
import { assignComplaint } from '../../shared/usecases/complaints';
import { routes } from '../routes';

const deps = appDependencies(routes.assignComplaint.access, { complaints, notifications, staff, uow });

export const handler = httpHandler(
  routes.assignComplaint,
  { params: z.strictObject({ complaintId: ulid }), body: assignComplaintSchema },
  async ({ params, body, access }) => ({
    status: 200,
    body: await assignComplaint(deps, params.complaintId, body.assignee, access),
  }),
  deps.config,
);
