/** DELETE /v1/admin/customers/{subjectId}/restriction — the privacy officer lifts a restriction of processing. */
import { appDependencies } from '../../shared/adapters/dependencies';
import { httpHandler } from '../../shared/http/handler';
import { subjectIdParams } from '../../shared/http/params';
import { liftRestriction } from '../../shared/usecases/privacy-requests';
import { routes } from '../routes';

const deps = appDependencies(routes.liftRestriction.access);

export const handler = httpHandler(
  routes.liftRestriction,
  { params: subjectIdParams },
  async ({ params, access }) => ({ status: 200, body: await liftRestriction(deps, params.subjectId, access) }),
  deps.config,
);
