/** GET /v1/me/complaints/{complaintId} — one of the caller's complaints, decrypted; others' are 404. */
import * as z from 'zod';
import { appDependencies } from '../../shared/adapters/dependencies';
import { httpHandler } from '../../shared/http/handler';
import { ulid } from '../../shared/http/params';
import { getOwnComplaint } from '../../shared/usecases/complaints';
import { routes } from '../routes';

const deps = appDependencies(routes.getComplaint.access);

export const handler = httpHandler(
  routes.getComplaint,
  { params: z.strictObject({ complaintId: ulid }) },
  async ({ params, access }) => ({ status: 200, body: await getOwnComplaint(deps, params.complaintId, access) }),
  deps.config,
);
