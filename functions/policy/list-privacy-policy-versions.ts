/** GET /v1/privacy-policy/versions — announced versions, newest first. Public. */

import { policies } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { httpHandler } from '../../shared/http/handler';
import { listPolicyVersions } from '../../shared/usecases/policy';
import { routes } from '../routes';

const deps = appDependencies(routes.listPrivacyPolicyVersions.access, { policies });

export const handler = httpHandler(
  routes.listPrivacyPolicyVersions,
  {},
  async () => ({ status: 200, body: { versions: await listPolicyVersions(deps) } }),
  deps.config,
);
