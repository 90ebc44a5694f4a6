/**
 * GET /v1/admin/complaints/{complaintId} — a privacy officer reads a complaint in full, the subject's
 * text included: for a purpose their role serves (`X-Access-Purpose: complaint_handling`), written
 * to the subject's audit trail before the text is opened.
 */
import * as z from 'zod';
import { complaints } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { httpHandler } from '../../shared/http/handler';
import { ulid } from '../../shared/http/params';
import { complaintForOfficer } from '../../shared/usecases/complaints';
import { routes } from '../routes';

const deps = appDependencies(routes.getComplaintForOfficer.access, { complaints });

export const handler = httpHandler(
  routes.getComplaintForOfficer,
  { params: z.strictObject({ complaintId: ulid }) },
  async ({ params, access }) => ({ status: 200, body: await complaintForOfficer(deps, params.complaintId, access) }),
  deps.config,
);
