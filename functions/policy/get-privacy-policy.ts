/** GET /v1/privacy-policy — the version in force, and the next one if announced. Public. */

import { policies } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { httpHandler } from '../../shared/http/handler';
import { currentPolicy } from '../../shared/usecases/policy';
import { routes } from '../routes';

const deps = appDependencies(routes.getPrivacyPolicy.access, { policies });

export const handler = httpHandler(
  routes.getPrivacyPolicy,
  {},
  async () => ({ status: 200, body: await currentPolicy(deps), headers: { 'cache-control': 'public, max-age=60' } }),
  deps.config,
);
