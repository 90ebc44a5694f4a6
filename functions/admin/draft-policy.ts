/** POST /v1/admin/privacy-policies — the privacy officer drafts the next policy version → 201 `{ version }`. */
import { appDependencies } from '../../shared/adapters/dependencies';
import { policyDraftSchema } from '../../shared/domain/policy';
import { httpHandler } from '../../shared/http/handler';
import { draftPolicy } from '../../shared/usecases/policy';
import { routes } from '../routes';

const deps = appDependencies(routes.draftPolicy.access);

export const handler = httpHandler(
  routes.draftPolicy,
  { body: policyDraftSchema },
  async ({ body, access }) => {
    const draft = await draftPolicy(deps, body, access);
    return { status: 201, body: draft, headers: { location: `/v1/admin/privacy-policies/${draft.version}` } };
  },
  deps.config,
);
