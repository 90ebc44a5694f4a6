/** GET /v1/me/consents — the current choice for every consent purpose. */

import { consents } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { httpHandler } from '../../shared/http/handler';
import { listConsents } from '../../shared/usecases/consents';
import { routes } from '../routes';

const deps = appDependencies(routes.listConsents.access, { consents });

export const handler = httpHandler(
  routes.listConsents,
  {},
  async ({ access }) => ({ status: 200, body: { consents: await listConsents(deps, access) } }),
  deps.config,
);
