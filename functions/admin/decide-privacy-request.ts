/** POST /v1/admin/privacy-requests/{privacyRequestId}/decision — approve a held request, reject, or extend once. */

import { exports, notifications, outbox, privacyRequests, profiles, uow } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { privacyDecisionSchema } from '../../shared/domain/privacy-request';
import { httpHandler } from '../../shared/http/handler';
import { privacyRequestIdParams } from '../../shared/http/params';
import { decidePrivacyRequest } from '../../shared/usecases/privacy-requests';
import { routes } from '../routes';

const deps = appDependencies(routes.decidePrivacyRequest.access, {
  exports,
  notifications,
  outbox,
  privacyRequests,
  profiles,
  uow,
});

export const handler = httpHandler(
  routes.decidePrivacyRequest,
  { params: privacyRequestIdParams, body: privacyDecisionSchema },
  async ({ params, body, access }) => ({
    status: 200,
    body: await decidePrivacyRequest(deps, params.privacyRequestId, body, access),
  }),
  deps.config,
);
