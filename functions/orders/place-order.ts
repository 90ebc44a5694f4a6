/** POST /v1/orders — place an order; `Idempotency-Key` required, totals computed on the server. */

import {
  disclosures,
  idempotency,
  orders,
  outbox,
  payments,
  policies,
  products,
  profiles,
  uow,
} from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { ValidationError } from '../../shared/domain/errors';
import { placeOrderSchema } from '../../shared/domain/order';
import { httpHandler } from '../../shared/http/handler';
import { orderView } from '../../shared/http/order-view';
import { placeOrder } from '../../shared/usecases/orders';
import { routes } from '../routes';

const deps = appDependencies(routes.placeOrder.access, {
  disclosures,
  idempotency,
  orders,
  outbox,
  payments,
  policies,
  products,
  profiles,
  uow,
});
const KEY = /^[\x21-\x7e]{1,255}$/;

export const handler = httpHandler(
  routes.placeOrder,
  { body: placeOrderSchema },
  async ({ body, headers, access }) => {
    const key = headers['idempotency-key'];
    if (!key || !KEY.test(key)) {
      throw new ValidationError('Send an Idempotency-Key header (1-255 visible ASCII characters) to place an order.', [
        { path: 'headers.idempotency-key', message: key ? 'Invalid' : 'Required' },
      ]);
    }
    const { order, replayed } = await placeOrder(deps, body, key, access);
    return {
      status: 201,
      body: orderView(order),
      headers: { location: `/v1/orders/${order.orderId}`, ...(replayed && { 'idempotent-replayed': 'true' }) },
    };
  },
  deps.config,
);
