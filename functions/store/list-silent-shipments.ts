/**
 * GET /v1/admin/shipments/silent — support's queue of shipments with no carrier event for
 * STALE_SHIPMENT_DAYS, the longest silence first. Ids and statuses only: no personal data.
 */

import { shipments } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { httpHandler } from '../../shared/http/handler';
import { pageQuerySchema } from '../../shared/http/pagination';
import { silentShipments } from '../../shared/usecases/shipping';
import { routes } from '../routes';

const deps = appDependencies(routes.listSilentShipments.access, { shipments });

export const handler = httpHandler(
  routes.listSilentShipments,
  { query: pageQuerySchema },
  async ({ query }) => ({ status: 200, body: await silentShipments(deps, query) }),
  deps.config,
);
