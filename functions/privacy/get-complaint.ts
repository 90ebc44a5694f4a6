/** GET /v1/me/complaints/{complaintId} — one of the caller's complaints, decrypted; others' are 404. */
import * as z from 'zod';
import { complaints } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { httpHandler } from '../../shared/http/handler';
import { ulid } from '../../shared/http/params';
import { getOwnComplaint } from '../../shared/usecases/complaints';
import { routes } from '../routes';

const deps = appDependencies(routes.getComplaint.access, { complaints });

export const handler = httpHandler(
  routes.getComplaint,
  { params: z.strictObject({ complaintId: ulid }) },
  async ({ params, access }) => ({ status: 200, body: await getOwnComplaint(deps, params.complaintId, access) }),
  deps.config,
);
