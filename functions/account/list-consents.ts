/** GET /v1/me/consents — the current choice for every consent purpose. */
import { appDependencies } from '../../shared/adapters/dependencies';
import { httpHandler } from '../../shared/http/handler';
import { listConsents } from '../../shared/usecases/consents';
import { routes } from '../routes';

const deps = appDependencies(routes.listConsents.access);

export const handler = httpHandler(
  routes.listConsents,
  {},
  async ({ access }) => ({ status: 200, body: { consents: await listConsents(deps, access) } }),
  deps.config,
);
