/** GET /v1/admin/customers/{subjectId} — a masked profile for support; the read is audited with its purpose. */

import { orders, profiles } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { httpHandler } from '../../shared/http/handler';
import { subjectIdParams } from '../../shared/http/params';
import { customerForSupport } from '../../shared/usecases/support';
import { routes } from '../routes';

const deps = appDependencies(routes.getCustomerForSupport.access, { orders, profiles });

export const handler = httpHandler(
  routes.getCustomerForSupport,
  { params: subjectIdParams },
  async ({ params, access }) => ({ status: 200, body: await customerForSupport(deps, params.subjectId, access) }),
  deps.config,
);
