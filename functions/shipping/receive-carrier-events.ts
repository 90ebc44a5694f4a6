/** POST /v1/carriers/{carrier}/events — signed carrier status events; bad or stale signature is 401 (and counted per carrier). */
import * as z from 'zod';
import { carrierSignalsAsMetrics } from '../../shared/adapters/carrier-signals';
import {
  carrierWebhookSecrets,
  disclosures,
  notifications,
  orders,
  outbox,
  products,
  shipments,
  uow,
} from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { httpHandler } from '../../shared/http/handler';
import { receiveCarrierEvent } from '../../shared/usecases/shipping';
import { routes } from '../routes';

const deps = appDependencies(routes.receiveCarrierEvents.access, {
  carrierWebhookSecrets,
  disclosures,
  notifications,
  orders,
  outbox,
  products,
  shipments,
  uow,
});
const signals = carrierSignalsAsMetrics();

export const handler = httpHandler(
  routes.receiveCarrierEvents,
  { params: z.strictObject({ carrier: z.string().regex(/^[a-z0-9-]{1,40}$/) }), rawBody: true },
  async ({ params, rawBody, headers }) => {
    const outcome = await receiveCarrierEvent(deps, params.carrier, rawBody, headers['x-signature'], signals);
    return { status: 200, body: outcome };
  },
  deps.config,
);
