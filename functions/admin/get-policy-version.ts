/** GET /v1/admin/privacy-policies/{version} — a version as the privacy officer reviews it, drafts included. */

import { policies } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { policyVersionParams } from '../../shared/domain/policy';
import { httpHandler } from '../../shared/http/handler';
import { policyVersion } from '../../shared/usecases/policy';
import { routes } from '../routes';

const deps = appDependencies(routes.getPolicyVersion.access, { policies });

export const handler = httpHandler(
  routes.getPolicyVersion,
  { params: policyVersionParams },
  async ({ params }) => ({ status: 200, body: await policyVersion(deps, params.version) }),
  deps.config,
);
