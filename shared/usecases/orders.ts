/**
 * Customer order use cases: place (idempotent, totals computed here), list, read, cancel and change
 * the shipping address before shipment. Personal details are sealed by the repository; every change
 * commits with its audit record; events follow the commit.
 */
import type { AccessContext } from '../domain/access';
import { auditEvent } from '../domain/audit';
import {
  ConflictError,
  ConsentRequiredError,
  DataKeyShreddedError,
  ForbiddenError,
  NotFoundError,
  UnprocessableError,
} from '../domain/errors';
import { requestHash as hashOf, idempotencyRecordId } from '../domain/idempotency';
import { newId } from '../domain/ids';
import { assertTransition, type PlaceOrder, personalDataExpiry } from '../domain/order';
import {
  type Order,
  type OrderSummary,
  personalFieldsOf,
  placedOrder,
  type ShippingAddress,
} from '../domain/order-record';
import { minimumAcceptedVersion } from '../domain/policy';
import type { Ports } from '../ports';
import type { Page } from '../ports/page';
import { assertCurrentPolicyAccepted } from './policy';

type Deps = Pick<Ports, 'clock' | 'config' | 'profiles' | 'orders' | 'idempotency' | 'uow' | 'outbox' | 'policies'>;

const orderNotFound = () => new NotFoundError('No such order.');

/** Thrown inside the transaction callback when another request claimed the same idempotency key. */
class KeyClaimed extends Error {}
/** The profile's condition failed: the subject may not order right now. */
class MayNotOrder extends Error {}

async function whyNotAllowedToOrder(deps: Deps, subjectId: string): Promise<Error> {
  const status = await deps.profiles.status(subjectId);
  if (!status) {
    return new ConsentRequiredError('Accept the privacy policy by registering (POST /v1/me) before ordering.', {
      requiredAction: 'register',
    });
  }
  if (status.restricted) {
    return new ForbiddenError(
      'Processing of your data is restricted at your request: new orders are paused until a privacy officer lifts the restriction.',
    );
  }
  try {
    await assertCurrentPolicyAccepted(deps, status.acceptedPolicyVersion);
  } catch (refusal) {
    return refusal as Error;
  }
  return new ConflictError('Your account changed while placing the order; retry.');
}

export interface PlacedOrder {
  readonly order: Order;
  /** True when this is a retry answered with the order the first request created. */
  readonly replayed: boolean;
}

/**
 * One round trip on the happy path: the order, the idempotency claim, the subject's activity — whose
 * condition also proves the subject is registered, unrestricted and has accepted any material policy
 * change — and the audit record commit together. Only a refusal reads more, to say why.
 */
export async function placeOrder(
  deps: Deps,
  input: PlaceOrder,
  idempotencyKey: string,
  access: AccessContext,
): Promise<PlacedOrder> {
  const subjectId = access.actor.id;
  const recordId = idempotencyRecordId('order', subjectId, idempotencyKey);
  const requestHash = hashOf(input);
  const now = deps.clock.now();
  const at = now.toISOString();
  const order = placedOrder(input, subjectId, newId(now), now);
  const minimumPolicyVersion = minimumAcceptedVersion(await deps.policies.recent(), now);
  try {
    await deps.uow.commit(
      [
        await deps.orders.create(order),
        deps.idempotency.claim(recordId, requestHash, order.orderId),
        // An order is activity: it postpones the inactive-account notice.
        deps.profiles.activity(subjectId, now, { minimumPolicyVersion }),
        deps.outbox.stage(
          [
            {
              type: 'OrderPlaced',
              orderId: order.orderId,
              currency: order.currency,
              total: order.total,
              itemCount: order.lines.length,
              at,
            },
          ],
          now,
        ),
      ],
      [orderAudit(access, 'order.place', order.orderId, personalFieldsOf(order.personal))],
      { 'idempotency.claim': () => new KeyClaimed(), 'profile.activity': () => new MayNotOrder() },
    );
  } catch (e) {
    if (e instanceof KeyClaimed) {
      // A retry (or a concurrent duplicate): answer with the first request's order, or 422.
      const winner = await replay(deps, recordId, requestHash, access);
      if (!winner) throw new ConflictError('A request with this Idempotency-Key is in progress; retry shortly.');
      return winner;
    }
    // No data key means no registration (registering creates it); a failed profile condition means
    // unregistered, restricted or a policy to accept: read the profile to say which.
    if (e instanceof MayNotOrder || e instanceof DataKeyShreddedError)
      throw await whyNotAllowedToOrder(deps, subjectId);
    throw e;
  }
  return { order, replayed: false };
}

/** The first request's order for a repeated key and body; a repeated key with another body is refused. */
async function replay(
  deps: Deps,
  recordId: string,
  requestHash: string,
  access: AccessContext,
): Promise<PlacedOrder | undefined> {
  const record = await deps.idempotency.find(recordId);
  if (!record) return undefined;
  if (record.requestHash !== requestHash) {
    throw new UnprocessableError('This Idempotency-Key was already used with a different request body.', [
      { path: 'headers.idempotency-key', message: 'Reused with a different body' },
    ]);
  }
  const order = await deps.orders.read(access.actor.id, record.resourceId, access);
  if (!order) throw new ConflictError('A request with this Idempotency-Key is in progress; retry shortly.');
  return { order, replayed: true };
}

export async function listOrders(
  deps: Pick<Deps, 'orders'>,
  page: Page,
  access: AccessContext,
): Promise<{ orders: OrderSummary[]; cursor?: string | undefined }> {
  return deps.orders.list(access.actor.id, page);
}

export async function getOwnOrder(deps: Pick<Deps, 'orders'>, orderId: string, access: AccessContext): Promise<Order> {
  const order = await deps.orders.read(access.actor.id, orderId, access);
  if (!order) throw orderNotFound();
  return order;
}

/** Cancels an order that has not shipped; the retention clock for its personal details starts now. */
export async function cancelOrder(deps: Deps, orderId: string, access: AccessContext): Promise<OrderSummary> {
  const current = await deps.orders.summary(access.actor.id, orderId);
  if (!current) throw orderNotFound();
  assertTransition(current.status, 'cancelled');
  const now = deps.clock.now();
  const due = personalDataExpiry(now, deps.config.retention.ORDER_PERSONAL_DATA_DAYS);
  await deps.uow.commit(
    [
      deps.orders.changeStatus(access.actor.id, orderId, {
        from: current.status,
        to: 'cancelled',
        at: now,
        personalDataDue: due,
      }),
      deps.outbox.stage([{ type: 'OrderCancelled', orderId, at: now.toISOString() }], now),
    ],
    [orderAudit(access, 'order.cancel', orderId, [])],
    {
      'order.status': () =>
        new ConflictError('The order changed while cancelling it (it may have shipped); reload it.'),
    },
  );
  const at = now.toISOString();
  return {
    ...current,
    status: 'cancelled',
    updatedAt: at,
    completedAt: at,
    personalDataRetainedUntil: due.toISOString(),
    statusHistory: [...current.statusHistory, { status: 'cancelled', at }],
  };
}

/** Rectifies the delivery address; refused once the parcel has been handed to a carrier. */
export async function changeShippingAddress(
  deps: Deps,
  orderId: string,
  address: ShippingAddress,
  access: AccessContext,
): Promise<Order> {
  const current = await deps.orders.summary(access.actor.id, orderId);
  if (!current) throw orderNotFound();
  if (current.status !== 'placed') {
    throw new ConflictError(`The order is ${current.status}; its shipping address can no longer change.`);
  }
  const now = deps.clock.now();
  await deps.uow.commit(
    [await deps.orders.changeShippingAddress(current, address, now)],
    [orderAudit(access, 'order.rectify', orderId, ['shippingAddress'])],
    {
      'order.shipping-address': () =>
        new ConflictError('The order shipped while changing its address; the address was not changed.'),
    },
  );
  return getOwnOrder(deps, orderId, access);
}

const orderAudit = (access: AccessContext, action: string, orderId: string, fields: readonly string[]) =>
  auditEvent(access, { action, subjectId: access.actor.id, resource: `order/${orderId}`, fields });
