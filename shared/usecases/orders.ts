/**
 * Customer order use cases: place (priced from the catalogue, stock reserved and payment authorised
 * with the order), list, read, cancel (the hold released, the stock given back) and change the
 * shipping address before shipment. Personal details are sealed by the repository; every change
 * commits with its audit record and its events (the outbox). See docs/decisions/0025–0027.
 */
import { type CarrierId, carriers, isCarrierId, serviceIdsOf, serviceOf } from '../config/carriers';
import type { AccessContext } from '../domain/access';
import { auditEvent } from '../domain/audit';
import {
  ConflictError,
  ConsentRequiredError,
  ForbiddenError,
  NotFoundError,
  UnprocessableError,
} from '../domain/errors';
import { requestHash as hashOf, idempotencyRecordId } from '../domain/idempotency';
import { newId } from '../domain/ids';
import { assertTransition, type DeliveryChoice, type PlaceOrder, personalDataExpiry } from '../domain/order';
import {
  type Order,
  type OrderSummary,
  personalFieldsOf,
  placedOrder,
  type ShippingAddress,
} from '../domain/order-record';
import { ORPHAN_GRACE_MINUTES, processorKeys } from '../domain/payment';
import { acceptanceRequired, minimumAcceptedVersion } from '../domain/policy';
import {
  assertExpectedTotal,
  assertInStock,
  type DeliveryService,
  outOfStock,
  type PricedOrder,
  priceOrder,
} from '../domain/pricing';
import type { ProfileStatus } from '../domain/profile';
import type { Ports } from '../ports';
import type { Page } from '../ports/page';
import type { Authorisation } from '../ports/payments';
import type { Write } from '../ports/unit-of-work';

type Deps = Pick<
  Ports,
  | 'clock'
  | 'config'
  | 'profiles'
  | 'orders'
  | 'idempotency'
  | 'uow'
  | 'outbox'
  | 'policies'
  | 'products'
  | 'payments'
  | 'disclosures'
>;

const orderNotFound = () => new NotFoundError('No such order.');

/** The idempotency claim failed: another request with the same key committed first. */
class KeyClaimed extends Error {}
/** The profile's condition failed: the subject may not order right now. */
class MayNotOrder extends Error {}
/** A reservation's condition failed: stock, price or availability changed since the catalogue was read. */
class CatalogueChanged extends Error {}

/** Why the subject may not order, from their profile status and the policies in force; undefined when they may. */
function refusalToOrder(
  status: ProfileStatus | undefined,
  policies: Parameters<typeof acceptanceRequired>[0],
  now: Date,
) {
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
  const required = acceptanceRequired(policies, status.acceptedPolicyVersion, now);
  if (required) {
    return new ConsentRequiredError(
      `Privacy policy version ${required.version} changed materially: accept it (POST /v1/me/policy-acceptances) to continue.`,
      { requiredPolicyVersion: required.version },
    );
  }
  return undefined;
}

/** The carrier service `choice` names, or 422 naming what is unknown (`at`: where the choice sits in the body). */
export function bookedService(
  choice: DeliveryChoice,
  at = 'body.delivery',
): DeliveryService & { readonly carrier: CarrierId } {
  if (!isCarrierId(choice.carrier)) {
    throw new UnprocessableError(`We do not ship with '${choice.carrier.slice(0, 40)}'.`, [
      { path: `${at}.carrier`, message: 'Unknown carrier' },
    ]);
  }
  const service = serviceOf(choice.carrier, choice.service);
  if (!service) {
    throw new UnprocessableError(
      `${carriers[choice.carrier].name} offers ${serviceIdsOf(choice.carrier).join(', ')}.`,
      [{ path: `${at}.service`, message: 'Not offered by this carrier' }],
    );
  }
  return { ...service, carrier: choice.carrier };
}

export interface PlacedOrder {
  /** The order as placed; for a retry, exactly as the first request placed it (not its current state). */
  readonly order: Order;
  /** True when this is a retry answered with the order the first request created. */
  readonly replayed: boolean;
}

/**
 * Places an order. Reads first, in parallel: a retry's record (answered with the original order,
 * whatever has happened since), the catalogue (prices, stock) and the subject's right to order — so
 * nothing is sent to the processor for someone who may not order or for what cannot be sold. Then
 * the processor authorises the server's total (idempotency key derived from ours: a retry gets the
 * same authorisation, and the order id it was made for). Then one transaction: the idempotency
 * claim, the order, the stock reservations (conditioned on price and stock), the subject's activity
 * (conditioned on their right to order), the processor disclosure, the event and the audit record.
 *
 * A definite refusal at commit (stock, price, right to order) voids the authorisation before
 * answering. An unknown outcome (a timeout, a crash) is left to the payment-reconciliation job,
 * which voids any authorisation that has no order after a grace period (docs/decisions/0027).
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
  const service = bookedService(input.delivery);
  const now = deps.clock.now();
  const skus = input.items.map((item) => item.sku);
  const [previous, catalogue, status, policies] = await Promise.all([
    deps.idempotency.find(recordId, subjectId),
    deps.products.many(skus),
    deps.profiles.status(subjectId),
    deps.policies.recent(),
  ]);
  if (previous) return replayed(previous, requestHash);
  const refusal = refusalToOrder(status, policies, now);
  if (refusal) throw refusal;
  const priced = priceOrder(input.items, catalogue, input.currency, service);
  assertExpectedTotal(input.expectedTotal, priced, input.currency);
  assertInStock(input.items, catalogue);

  const authorisation = await deps.payments.authorise({
    reference: recordId,
    amount: priced.total,
    currency: input.currency,
    paymentMethod: input.billing.payment.paymentMethod,
    idempotencyKey: processorKeys.authorise(recordId),
  });
  assertUsable(authorisation, priced, deps.config.retention.IDEMPOTENCY_TTL_SECONDS, now);
  const order = placedOrder(
    input,
    priced,
    {
      payment: {
        processor: deps.payments.name,
        paymentId: authorisation.paymentId,
        status: 'authorised',
        authorisedAmount: authorisation.amount,
        capturedAmount: 0,
      },
      card: { processor: deps.payments.name, ...authorisation.card },
    },
    { subjectId, orderId: newId(now) },
    now,
  );
  let writes: Write[];
  try {
    writes = await placementWrites(deps, order, priced, recordId, requestHash, minimumAcceptedVersion(policies, now));
  } catch (e) {
    // Nothing was sent to the store (sealing failed: the key service is down): a definite failure.
    await releaseQuietly(deps, order, authorisation);
    throw e;
  }
  try {
    await commitPlacement(deps, order, writes, access);
  } catch (e) {
    if (e instanceof KeyClaimed) {
      // A concurrent duplicate won with the same authorisation (same processor key): answer with its order.
      const winner = await deps.idempotency.find(recordId, subjectId);
      if (!winner) throw new ConflictError('A request with this Idempotency-Key is in progress; retry shortly.');
      return replayed(winner, requestHash);
    }
    if (e instanceof CatalogueChanged || e instanceof MayNotOrder) {
      throw await refuseAfterAuthorisation(deps, order, authorisation, e, access);
    }
    // Unknown outcome: the order may even have landed. Voiding now could void a placed order's
    // payment; the reconciliation job checks for the order first.
    throw e;
  }
  return { order, replayed: false };
}

/**
 * An authorisation may pay for this order unless it is another amount's (a reused key the processor
 * did not refuse) or a replay old enough that the order it paid for may exist while our record of
 * that has expired: then it is refused, and the processor is never asked to pay twice for one key.
 * A younger replay is the authorisation of an earlier attempt that never committed (our record
 * would otherwise have answered): it pays for this one.
 */
function assertUsable(authorisation: Authorisation, priced: PricedOrder, recordTtlSeconds: number, now: Date): void {
  if (authorisation.amount !== priced.total) {
    throw new ConflictError('A payment for another amount was already authorised with this Idempotency-Key.');
  }
  const age = (now.getTime() - authorisation.createdAt.getTime()) / 1000;
  if (authorisation.replayed && age >= recordTtlSeconds - ORPHAN_GRACE_MINUTES * 60) {
    throw new ConflictError('This Idempotency-Key already placed an order; send a new key to place another.');
  }
}

/**
 * What placing an order writes: the idempotency claim (first, so a duplicate is recognised as one
 * even when the stock it would take is gone too), the order, the reservations, the subject's
 * activity, the processor disclosure and the event. Sealing needs the subject's key.
 */
async function placementWrites(
  deps: Deps,
  order: Order,
  priced: PricedOrder,
  recordId: string,
  requestHash: string,
  minimumPolicyVersion: number,
): Promise<Write[]> {
  const now = new Date(order.createdAt);
  return [
    await deps.idempotency.claim(recordId, requestHash, order),
    await deps.orders.create(order),
    ...priced.lines.map((line) =>
      deps.products.reserve(line.sku, line.quantity, { currency: order.currency, unitPrice: line.unitPrice }, now),
    ),
    // An order is activity: it postpones the inactive-account notice.
    deps.profiles.activity(order.subjectId, now, { minimumPolicyVersion }),
    deps.disclosures.record(order.subjectId, paymentDisclosure(order, now)),
    deps.outbox.stage(
      [
        {
          type: 'OrderPlaced',
          orderId: order.orderId,
          currency: order.currency,
          total: order.total,
          itemCount: order.lines.length,
          at: order.createdAt,
        },
      ],
      now,
    ),
  ];
}

/** The one transaction that places an order; failed conditions surface as the classes above. */
async function commitPlacement(deps: Deps, order: Order, writes: Write[], access: AccessContext): Promise<void> {
  await deps.uow.commit(
    writes,
    [
      orderAudit(access, 'order.place', order.orderId, personalFieldsOf(order.personal), {
        paymentProcessor: order.payment.processor,
      }),
    ],
    {
      'idempotency.claim': () => new KeyClaimed(),
      'profile.activity': () => new MayNotOrder(),
      'stock.reserve': () => new CatalogueChanged(),
    },
  );
}

/** Voids a hold no order will have; if the processor cannot be reached, the reconciliation job will. */
const releaseQuietly = (deps: Pick<Deps, 'payments'>, order: Order, authorisation: Authorisation): Promise<unknown> =>
  deps.payments.void(authorisation.paymentId, processorKeys.void(order.orderId)).catch(() => undefined);

/** What the processor received when the payment was authorised: names of what was sent, never values. */
const paymentDisclosure = (order: Order, at: Date) => ({
  id: newId(at),
  recipient: order.payment.processor,
  recipientType: 'payment-processor' as const,
  purpose: 'payment authorisation',
  fields: ['paymentMethod', 'amount', 'currency'],
  orderId: order.orderId,
  at: at.toISOString(),
});

/**
 * The order was refused after its payment was authorised (a race: the last units sold, a price
 * changed, a restriction arrived). The hold is released at once — or, if the processor cannot be
 * reached, by the reconciliation job, since no order exists — and what the processor received is
 * still listed in the subject's disclosures when they have an account to list it in.
 */
async function refuseAfterAuthorisation(
  deps: Deps,
  order: Order,
  authorisation: Authorisation,
  cause: Error,
  access: AccessContext,
): Promise<Error> {
  await releaseQuietly(deps, order, authorisation);
  const now = deps.clock.now();
  const [catalogue, status, policies] = await Promise.all([
    deps.products.many(order.lines.map((l) => l.sku)),
    deps.profiles.status(order.subjectId),
    deps.policies.recent(),
  ]);
  if (status) {
    await deps.uow.commit(
      [
        deps.disclosures.record(order.subjectId, {
          ...paymentDisclosure(order, now),
          purpose: 'payment authorisation (order refused, voided)',
        }),
      ],
      [
        orderAudit(access, 'order.disclose', order.orderId, ['paymentMethod', 'amount', 'currency'], {
          recipient: order.payment.processor,
        }),
      ],
    );
  }
  if (cause instanceof CatalogueChanged) return catalogueRefusal(order, catalogue);
  return (
    refusalToOrder(status, policies, now) ?? new ConflictError('Your account changed while placing the order; retry.')
  );
}

/** Which line the catalogue no longer allows, read after the refused commit. */
function catalogueRefusal(order: Order, catalogue: Awaited<ReturnType<Deps['products']['many']>>): Error {
  for (const [i, line] of order.lines.entries()) {
    const product = catalogue.get(line.sku);
    if (!product?.active) {
      return new UnprocessableError(`SKU ${line.sku} is no longer for sale.`, [
        { path: `body.items.${i}.sku`, message: 'Unknown or inactive SKU' },
      ]);
    }
    if (product.stock < line.quantity) return outOfStock(line.sku, product.stock);
    if (product.prices[order.currency] !== line.unitPrice) {
      return new ConflictError(`The price of SKU ${line.sku} changed while placing the order; review the new total.`);
    }
  }
  return new ConflictError('The catalogue changed while placing the order; retry.');
}

/** The first request's order for a repeated key and body; a repeated key with another body is refused. */
function replayed(record: { requestHash: string; placed: Order }, requestHash: string): PlacedOrder {
  if (record.requestHash !== requestHash) {
    throw new UnprocessableError('This Idempotency-Key was already used with a different request body.', [
      { path: 'headers.idempotency-key', message: 'Reused with a different body' },
    ]);
  }
  return { order: record.placed, replayed: true };
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

/**
 * Cancels an order that has not shipped. The hold on the card is released first: from then on the
 * processor refuses a capture, so no packer can ship it; and if a packer captured first, the void
 * fails and so does the cancellation (it is being shipped). The stock goes back in the same
 * transaction as the status, and the retention clock for the personal details starts.
 */
export async function cancelOrder(
  deps: Pick<Deps, 'clock' | 'config' | 'orders' | 'uow' | 'outbox' | 'products' | 'payments'>,
  orderId: string,
  access: AccessContext,
): Promise<OrderSummary> {
  const current = await deps.orders.summary(access.actor.id, orderId);
  if (!current) throw orderNotFound();
  assertTransition(current.status, 'cancelled');
  if (current.payment.status !== 'voided') {
    const outcome = await deps.payments.void(current.payment.paymentId, processorKeys.void(orderId));
    if (outcome === 'already-captured') {
      throw new ConflictError('The order is being shipped and can no longer be cancelled.');
    }
  }
  const now = deps.clock.now();
  const due = personalDataExpiry(now, deps.config.retention.ORDER_PERSONAL_DATA_DAYS);
  await deps.uow.commit(
    [
      deps.orders.changeStatus(access.actor.id, orderId, {
        from: current.status,
        to: 'cancelled',
        at: now,
        personalDataDue: due,
        payment: { status: 'voided' },
      }),
      ...releaseStock(deps, current, now),
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
    payment: { ...current.payment, status: 'voided' },
    updatedAt: at,
    completedAt: at,
    personalDataRetainedUntil: due.toISOString(),
    statusHistory: [...current.statusHistory, { status: 'cancelled', at }],
  };
}

/** The units an order reserved, given back (one write per line, committed with the order's cancellation). */
export const releaseStock = (deps: Pick<Deps, 'products'>, order: OrderSummary, at: Date): Write[] =>
  order.lines.map((line) => deps.products.release(line.sku, line.quantity, at));

/** Rectifies the delivery address; refused once the parcel has been handed to a carrier. */
export async function changeShippingAddress(
  deps: Pick<Deps, 'clock' | 'orders' | 'uow'>,
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

const orderAudit = (
  access: AccessContext,
  action: string,
  orderId: string,
  fields: readonly string[],
  details?: Readonly<Record<string, string>>,
) =>
  auditEvent(access, {
    action,
    subjectId: access.actor.id,
    resource: `order/${orderId}`,
    fields,
    ...(details && { details }),
  });
