/** GET /v1/admin/privacy-requests — the officer's queue, soonest due first; `?status=` `&overdue=true`, paginated. */
import * as z from 'zod';
import { privacyRequests } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { PRIVACY_REQUEST_STATUSES } from '../../shared/domain/privacy-request';
import { httpHandler } from '../../shared/http/handler';
import { pageQuerySchema } from '../../shared/http/pagination';
import { requestQueue } from '../../shared/usecases/privacy-requests';
import { routes } from '../routes';

const deps = appDependencies(routes.listPrivacyRequestQueue.access, { privacyRequests });

export const handler = httpHandler(
  routes.listPrivacyRequestQueue,
  {
    query: pageQuerySchema.extend({
      status: z.enum(PRIVACY_REQUEST_STATUSES).optional(),
      overdue: z.enum(['true', 'false']).optional(),
    }),
  },
  async ({ query }) => ({
    status: 200,
    body: await requestQueue(deps, { ...query, overdue: query.overdue === 'true' }),
  }),
  deps.config,
);
