/** POST /v1/admin/orders/{orderId}/shipments — ship an order; the minimal hand-off is recorded as a disclosure. */
import * as z from 'zod';
import {
  disclosures,
  notifications,
  orders,
  outbox,
  payments,
  products,
  shipments,
  uow,
} from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { httpHandler } from '../../shared/http/handler';
import { orderIdParams } from '../../shared/http/params';
import { createShipment } from '../../shared/usecases/shipping';
import { routes } from '../routes';

const deps = appDependencies(routes.createShipment.access, {
  disclosures,
  notifications,
  orders,
  outbox,
  payments,
  products,
  shipments,
  uow,
});

export const handler = httpHandler(
  routes.createShipment,
  {
    params: orderIdParams,
    body: z.strictObject({ carrier: z.string().min(1).max(40), service: z.string().min(1).max(40) }),
  },
  async ({ params, body, access }) => {
    const { shipment, handOff } = await createShipment(deps, params.orderId, body, access);
    const { subjectId: _owner, ...view } = shipment;
    // The shipment has no URL of its own: its owner follows it on the order's tracking resource.
    return {
      status: 201,
      body: { ...view, handOff },
      headers: { location: `/v1/orders/${params.orderId}/tracking` },
    };
  },
  deps.config,
);
