/** POST /v1/me/privacy-requests — export, erasure (recent sign-in required) or restriction → 202. */

import { exports, notifications, outbox, privacyRequests, profiles, uow } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { submitPrivacyRequestSchema } from '../../shared/domain/privacy-request';
import { httpHandler } from '../../shared/http/handler';
import { requestView, submitPrivacyRequest } from '../../shared/usecases/privacy-requests';
import { routes } from '../routes';

const deps = appDependencies(routes.submitPrivacyRequest.access, {
  exports,
  notifications,
  outbox,
  privacyRequests,
  profiles,
  uow,
});

export const handler = httpHandler(
  routes.submitPrivacyRequest,
  { body: submitPrivacyRequestSchema },
  async ({ body, caller, access }) => {
    const request = await submitPrivacyRequest(deps, body.type, caller.authTime, access);
    return {
      status: 202,
      body: requestView(request),
      headers: { location: `/v1/me/privacy-requests/${request.requestId}` },
    };
  },
  deps.config,
);
