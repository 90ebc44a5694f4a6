/** DELETE /v1/admin/customers/{subjectId}/restriction — the privacy officer lifts a restriction of processing. */

import { notifications, profiles, uow } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { httpHandler } from '../../shared/http/handler';
import { subjectIdParams } from '../../shared/http/params';
import { liftRestriction } from '../../shared/usecases/privacy-requests';
import { routes } from '../routes';

const deps = appDependencies(routes.liftRestriction.access, { notifications, profiles, uow });

export const handler = httpHandler(
  routes.liftRestriction,
  { params: subjectIdParams },
  async ({ params, access }) => ({ status: 200, body: await liftRestriction(deps, params.subjectId, access) }),
  deps.config,
);
