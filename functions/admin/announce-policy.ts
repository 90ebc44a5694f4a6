/** POST /v1/admin/privacy-policies/{version}/announce — `{ effectiveAt }`, no sooner than the notice period. */

import { outbox, policies, uow } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { announceSchema, policyVersionParams } from '../../shared/domain/policy';
import { httpHandler } from '../../shared/http/handler';
import { announcePolicy } from '../../shared/usecases/policy';
import { routes } from '../routes';

const deps = appDependencies(routes.announcePolicy.access, { outbox, policies, uow });

export const handler = httpHandler(
  routes.announcePolicy,
  { params: policyVersionParams, body: announceSchema },
  async ({ params, body, access }) => ({
    status: 200,
    body: await announcePolicy(deps, params.version, new Date(body.effectiveAt), access),
  }),
  deps.config,
);
