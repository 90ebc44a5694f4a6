/** GET /v1/me/privacy-requests — the caller's requests with their status history. */

import { privacyRequests } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { httpHandler } from '../../shared/http/handler';
import { pageQuerySchema } from '../../shared/http/pagination';
import { listOwnRequests } from '../../shared/usecases/privacy-requests';
import { routes } from '../routes';

const deps = appDependencies(routes.listPrivacyRequests.access, { privacyRequests });

export const handler = httpHandler(
  routes.listPrivacyRequests,
  { query: pageQuerySchema },
  async ({ query, access }) => ({ status: 200, body: await listOwnRequests(deps, query, access) }),
  deps.config,
);
