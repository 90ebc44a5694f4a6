/** GET /v1/me/disclosures — what was shared with which third party, when and why (field names only). */

import { disclosures } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { httpHandler } from '../../shared/http/handler';
import { pageQuerySchema } from '../../shared/http/pagination';
import { listDisclosures } from '../../shared/usecases/records';
import { routes } from '../routes';

const deps = appDependencies(routes.listDisclosures.access, { disclosures });

export const handler = httpHandler(
  routes.listDisclosures,
  { query: pageQuerySchema },
  async ({ query, access }) => ({ status: 200, body: await listDisclosures(deps, query, access) }),
  deps.config,
);
