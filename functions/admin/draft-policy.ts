/** POST /v1/admin/privacy-policies — the privacy officer drafts the next policy version → 201 `{ version }`. */

import { outbox, policies, uow } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { policyDraftSchema } from '../../shared/domain/policy';
import { httpHandler } from '../../shared/http/handler';
import { draftPolicy } from '../../shared/usecases/policy';
import { routes } from '../routes';

const deps = appDependencies(routes.draftPolicy.access, { outbox, policies, uow });

export const handler = httpHandler(
  routes.draftPolicy,
  { body: policyDraftSchema },
  async ({ body, access }) => {
    const draft = await draftPolicy(deps, body, access);
    return { status: 201, body: draft, headers: { location: `/v1/admin/privacy-policies/${draft.version}` } };
  },
  deps.config,
);
