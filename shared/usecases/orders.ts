/**
 * Customer order use cases: place (idempotent, totals computed here), list, read, cancel and change
 * the shipping address before shipment. Personal details are sealed by the repository; every change
 * commits with its audit record; events follow the commit.
 */
import type { AppDependencies } from '../adapters/dependencies';
import type { AccessContext } from '../adapters/dynamodb/access';
import { IdempotencyStore } from '../adapters/dynamodb/idempotency-store';
import { newId } from '../adapters/ids';
import type { AuditEvent } from '../domain/audit';
import {
  ConflictError,
  ConsentRequiredError,
  DataKeyShreddedError,
  ForbiddenError,
  NotFoundError,
  UnprocessableError,
} from '../domain/errors';
import { assertTransition, type PlaceOrder, personalDataExpiry } from '../domain/order';
import { type Order, type OrderSummary, placedOrder, type ShippingAddress } from '../domain/order-record';
import { minimumAcceptedVersion } from '../domain/policy';
import { assertCurrentPolicyAccepted } from './policy';

type Deps = Pick<
  AppDependencies,
  'clock' | 'config' | 'profiles' | 'orders' | 'idempotency' | 'audit' | 'events' | 'policies'
>;

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
  const recordId = IdempotencyStore.recordId('order', subjectId, idempotencyKey);
  const requestHash = IdempotencyStore.requestHash(input);
  const now = deps.clock.now();
  const at = now.toISOString();
  const order = placedOrder(input, subjectId, newId(now), now);
  const minimumPolicyVersion = minimumAcceptedVersion(await deps.policies.recent(), now);
  try {
    await deps.audit.commit(
      [
        await deps.orders.createItem(order),
        deps.idempotency.claimItem(recordId, requestHash, order.orderId),
        // An order is activity: it postpones the inactive-account notice.
        deps.profiles.activityItem(subjectId, now, { minimumPolicyVersion }),
      ],
      [orderAudit(access, 'order.place', order.orderId, personalFieldsOf(order))],
      (index) => (index === 1 ? new KeyClaimed() : index === 2 ? new MayNotOrder() : new ConflictError()),
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
  await deps.events.publish([
    {
      type: 'OrderPlaced',
      orderId: order.orderId,
      currency: order.currency,
      total: order.total,
      itemCount: order.lines.length,
      at,
    },
  ]);
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
  page: { limit: number; cursor?: string | undefined },
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
  await deps.audit.commit(
    [
      deps.orders.statusItem(access.actor.id, orderId, {
        from: current.status,
        to: 'cancelled',
        at: now,
        personalDataDue: due,
      }),
    ],
    [orderAudit(access, 'order.cancel', orderId, [])],
    () => new ConflictError('The order changed while cancelling it (it may have shipped); reload it.'),
  );
  await deps.events.publish([{ type: 'OrderCancelled', orderId, at: now.toISOString() }]);
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
  await deps.audit.commit(
    [await deps.orders.shippingAddressItem(current, address, now)],
    [orderAudit(access, 'order.rectify', orderId, ['shippingAddress'])],
    () => new ConflictError('The order shipped while changing its address; the address was not changed.'),
  );
  return getOwnOrder(deps, orderId, access);
}

function orderAudit(access: AccessContext, action: string, orderId: string, fields: string[]): AuditEvent {
  return {
    actor: access.actor,
    action,
    subjectId: access.actor.id,
    resource: `order/${orderId}`,
    purpose: access.purpose,
    fields,
    outcome: 'success',
    requestId: access.requestId,
  };
}

const personalFieldsOf = (order: Order): string[] =>
  (['shippingAddress', 'billingAddress', 'payment', 'contactPhone'] as const).filter((f) => order[f] !== undefined);
