/** GET /v1/me/privacy-requests/{privacyRequestId} — one request with its history (and erasure receipt). */

import { privacyRequests } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { httpHandler } from '../../shared/http/handler';
import { privacyRequestIdParams } from '../../shared/http/params';
import { getOwnRequest } from '../../shared/usecases/privacy-requests';
import { routes } from '../routes';

const deps = appDependencies(routes.getPrivacyRequest.access, { privacyRequests });

export const handler = httpHandler(
  routes.getPrivacyRequest,
  { params: privacyRequestIdParams },
  async ({ params, access }) => ({ status: 200, body: await getOwnRequest(deps, params.privacyRequestId, access) }),
  deps.config,
);
