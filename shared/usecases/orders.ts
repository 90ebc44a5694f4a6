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
  AppError,
  ConflictError,
  ConsentRequiredError,
  DataKeyShreddedError,
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
import { authorisedPayment, ORPHAN_GRACE_MINUTES, processorKeys } from '../domain/payment';
import { acceptanceRequired, minimumAcceptedVersion } from '../domain/policy';
import {
  assertExpectedTotal,
  assertInStock,
  type DeliveryService,
  outOfStock,
  type PricedOrder,
  priceOrder,
} from '../domain/pricing';
import type { Product, ShippingProfile } from '../domain/product';
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
/** The key's first request had another body: refused (422), whatever that request became. */
class KeyReused extends UnprocessableError {
  constructor() {
    super('This Idempotency-Key was already used with a different request body.', [
      { path: 'headers.idempotency-key', message: 'Reused with a different body' },
    ]);
  }
}

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
 * Places an order. Reads first, in parallel: the catalogue as checkouts see it (up to 30 s old,
 * see ProductStore.offers) and the subject's right to order — so no card is held for someone who
 * may not order or for what cannot be sold. Then the processor authorises the server's total
 * (idempotency key derived from ours: a retry gets the same authorisation, and a replayed one
 * answers with the original order if it committed). Then one transaction: the idempotency claim,
 * the order, the stock reservations (conditioned on the price, availability and stock the order was
 * priced with), the subject's activity (conditioned on their right to order), the processor
 * disclosure, the event and the audit record.
 *
 * Whatever refuses the request — the last units sold since, a price changed, the processor refusing
 * a key reused with another amount, an outage — a retry of a request that committed is answered
 * with its original order (status and body as first sent), never with that refusal.
 *
 * A definite refusal at commit voids the authorisation before answering. An unknown outcome (a
 * timeout, a crash) is left to the payment-reconciliation job, which voids any authorisation no
 * order holds after a grace period (docs/decisions/0027).
 */
export async function placeOrder(
  deps: Deps,
  input: PlaceOrder,
  idempotencyKey: string,
  access: AccessContext,
): Promise<PlacedOrder> {
  const request = {
    recordId: idempotencyRecordId('order', access.actor.id, idempotencyKey),
    requestHash: hashOf(input),
    access,
  };
  try {
    return await attemptPlacement(deps, input, request);
  } catch (refusal) {
    if (!(refusal instanceof AppError) || refusal instanceof KeyReused) throw refusal;
    // Only now is our record read: the usual request is not a retry, and a retry that passes every
    // check is recognised by the processor's replay (or by the claim at commit).
    const previous = await deps.idempotency.find(request.recordId, access.actor.id).catch(() => undefined);
    if (previous) return replayed(previous, request.requestHash);
    throw refusal;
  }
}

type PlacementRequest = { recordId: string; requestHash: string; access: AccessContext };

async function attemptPlacement(deps: Deps, input: PlaceOrder, request: PlacementRequest): Promise<PlacedOrder> {
  const subjectId = request.access.actor.id;
  const now = deps.clock.now();
  const [priced, status, policies] = await Promise.all([
    priceCheckout(deps, input),
    deps.profiles.status(subjectId),
    deps.policies.recent(),
  ]);
  const refusal = refusalToOrder(status, policies, now);
  if (refusal) throw refusal;

  const authorisation = await deps.payments.authorise({
    reference: request.recordId,
    amount: priced.total,
    currency: input.currency,
    paymentMethod: input.billing.payment.paymentMethod,
    idempotencyKey: processorKeys.authorise(request.recordId),
  });
  if (authorisation.replayed) {
    // The processor has seen this key: if that request committed, its order is the answer.
    const previous = await deps.idempotency.find(request.recordId, subjectId);
    if (previous) return replayed(previous, request.requestHash);
  }
  assertUsable(authorisation, priced, deps.config.retention.IDEMPOTENCY_TTL_SECONDS, now);
  const order = placedOrder(
    input,
    priced,
    authorisedPayment(deps.payments.name, authorisation),
    { subjectId, orderId: newId(now) },
    now,
  );
  return commitOrRelease(deps, order, priced, authorisation, {
    ...request,
    minimumPolicyVersion: minimumAcceptedVersion(policies, now),
  });
}

/**
 * The order priced from the catalogue as checkouts see it. A refusal (an unknown, inactive or
 * unpriced SKU, a total other than expected, too little stock) is checked again against fresh
 * items before it stands: a remembered one may be stale.
 */
async function priceCheckout(deps: Deps, input: PlaceOrder): Promise<PricedOrder> {
  const service = bookedService(input.delivery);
  const skus = input.items.map((item) => item.sku);
  const priced = (catalogue: ReadonlyMap<string, Product>): PricedOrder => {
    const order = priceOrder(input.items, catalogue, input.currency, service);
    assertExpectedTotal(input.expectedTotal, order, input.currency);
    assertInStock(input.items, catalogue);
    return order;
  };
  try {
    return priced(await deps.products.offers(skus));
  } catch (refusal) {
    if (!(refusal instanceof AppError) || refusal.status >= 500) throw refusal;
    deps.products.forget(skus);
    return priced(await deps.products.many(skus));
  }
}

/**
 * An authorisation may pay for this order unless it is another amount's (a reused key the processor
 * did not refuse), or a replay (our record of that request being absent, it never committed — or
 * its record expired) whose hold is gone or old enough that the order it paid for may exist with an
 * expired record: then it is refused, and the processor is never asked to pay twice for one key.
 */
function assertUsable(authorisation: Authorisation, priced: PricedOrder, recordTtlSeconds: number, now: Date): void {
  if (authorisation.amount !== priced.total) {
    throw new ConflictError('A payment for another amount was already authorised with this Idempotency-Key.');
  }
  if (!authorisation.replayed) return;
  if (!authorisation.held) {
    throw new ConflictError(
      'The payment authorised for an earlier attempt with this Idempotency-Key is no longer held; place the order again with a new Idempotency-Key.',
    );
  }
  const age = (now.getTime() - authorisation.createdAt.getTime()) / 1000;
  if (age >= recordTtlSeconds - ORPHAN_GRACE_MINUTES * 60) {
    throw new ConflictError('This Idempotency-Key already placed an order; send a new key to place another.');
  }
}

/**
 * Commits the placement. A refusal it can be sure of releases the hold before answering; a duplicate
 * that won is answered with its order; an unknown outcome (the order may even have landed: voiding
 * could void a placed order's payment) is left to the reconciliation job, which checks first.
 */
async function commitOrRelease(
  deps: Deps,
  order: Order,
  priced: PricedOrder,
  authorisation: Authorisation,
  request: PlacementRequest & { minimumPolicyVersion: number },
): Promise<PlacedOrder> {
  let writes: Write[];
  try {
    writes = await placementWrites(deps, order, priced, request);
  } catch (e) {
    // No data key: the subject never registered (registering creates it) or was erased.
    if (e instanceof DataKeyShreddedError) {
      throw await refuseAfterAuthorisation(deps, order, authorisation, new MayNotOrder(), request.access);
    }
    // Nothing was sent to the store (sealing failed: the key service is down): a definite failure.
    await releaseQuietly(deps, order, authorisation);
    throw e;
  }
  try {
    await commitPlacement(deps, order, writes, request.access);
  } catch (e) {
    if (e instanceof KeyClaimed) {
      // A duplicate won, normally with this very authorisation (same processor key): answer with its
      // order. Another authorisation means the processor had forgotten the key: this one pays for nothing.
      const winner = await deps.idempotency.find(request.recordId, order.subjectId);
      if (!winner) throw new ConflictError('A request with this Idempotency-Key is in progress; retry shortly.');
      if (winner.placed.payment.paymentId !== authorisation.paymentId) await releaseQuietly(deps, order, authorisation);
      return replayed(winner, request.requestHash);
    }
    if (e instanceof CatalogueChanged || e instanceof MayNotOrder) {
      // What this process remembered of the catalogue was stale: the next checkout reads it afresh.
      deps.products.forget(order.lines.map((line) => line.sku));
      throw await refuseAfterAuthorisation(deps, order, authorisation, e, request.access);
    }
    throw e;
  }
  return { order, replayed: false };
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
  {
    recordId,
    requestHash,
    minimumPolicyVersion,
  }: { recordId: string; requestHash: string; minimumPolicyVersion: number },
): Promise<Write[]> {
  const now = new Date(order.createdAt);
  return [
    await deps.idempotency.claim(recordId, requestHash, order),
    await deps.orders.create(order),
    ...priced.lines.map((line) =>
      deps.products.reserve(
        line.sku,
        line.quantity,
        {
          currency: order.currency,
          unitPrice: line.unitPrice,
          shippingProfile: priced.shippingProfiles[line.sku] as ShippingProfile,
        },
        now,
      ),
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
    if (!bookedService(order.delivery).carries.includes(product.shippingProfile)) {
      return new UnprocessableError(
        `SKU ${line.sku} now ships as ${product.shippingProfile}, which the booked service cannot carry.`,
        [{ path: 'body.delivery.service', message: `Does not carry SKU ${line.sku}` }],
      );
    }
  }
  return new ConflictError('The catalogue changed while placing the order; retry.');
}

/** The first request's order for a repeated key and body; a repeated key with another body is refused. */
function replayed(record: { requestHash: string; placed: Order }, requestHash: string): PlacedOrder {
  if (record.requestHash !== requestHash) throw new KeyReused();
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
