/**
 * GET /v1/admin/complaints — the privacy officers' complaint queue, soonest due first, with due dates
 * and no personal text. `?status=open|assigned|resolved` (default: open and assigned), `&overdue=true`.
 */

import { complaints } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { complaintQueueFilterSchema } from '../../shared/domain/complaint';
import { httpHandler } from '../../shared/http/handler';
import { pageQuerySchema } from '../../shared/http/pagination';
import { listComplaintQueue } from '../../shared/usecases/complaints';
import { routes } from '../routes';

const deps = appDependencies(routes.listComplaintQueue.access, { complaints });

export const handler = httpHandler(
  routes.listComplaintQueue,
  { query: pageQuerySchema.extend(complaintQueueFilterSchema.shape) },
  async ({ query }) => ({ status: 200, body: await listComplaintQueue(deps, query) }),
  deps.config,
);
