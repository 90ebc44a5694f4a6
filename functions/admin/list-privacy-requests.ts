/** GET /v1/admin/privacy-requests — the officer's queue, soonest due first; `?status=` `&overdue=true`. */
import * as z from 'zod';
import { appDependencies } from '../../shared/adapters/dependencies';
import { PRIVACY_REQUEST_STATUSES } from '../../shared/domain/privacy-request';
import { httpHandler } from '../../shared/http/handler';
import { requestQueue } from '../../shared/usecases/privacy-requests';
import { routes } from '../routes';

const deps = appDependencies(routes.listPrivacyRequestQueue.access);

export const handler = httpHandler(
  routes.listPrivacyRequestQueue,
  {
    query: z.strictObject({
      status: z.enum(PRIVACY_REQUEST_STATUSES).optional(),
      overdue: z.enum(['true', 'false']).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(50),
    }),
  },
  async ({ query }) => ({
    status: 200,
    body: await requestQueue(deps, { status: query.status, overdue: query.overdue === 'true', limit: query.limit }),
  }),
  deps.config,
);
