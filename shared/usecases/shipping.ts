/**
 * Fulfilment and tracking: the queue of orders to ship (with what delivery needs), shipment
 * creation — the payment captured first, then the minimal carrier hand-off written to the disclosure
 * ledger — carrier status events (signed per carrier, applied once, legal transitions only, dates
 * clamped), the support queue of silent shipments and the customer's tracking view.
 */
import { randomBytes } from 'node:crypto';
import { type CarrierId, carriers, isCarrierId } from '../config/carriers';
import type { AccessContext } from '../domain/access';
import { auditEvent, systemContext } from '../domain/audit';
import { ConflictError, ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from '../domain/errors';
import { newId } from '../domain/ids';
import { assertTransition, personalDataExpiry } from '../domain/order';
import type { DeliveryDetails, OrderForDelivery, OrderSummary } from '../domain/order-record';
import { processorKeys } from '../domain/payment';
import {
  type CarrierEvent,
  canAdvance,
  carrierEventSchema,
  clampOccurredAt,
  isFinal,
  orderStatusFor,
} from '../domain/shipment';
import type { Shipment } from '../domain/shipment-record';
import { addDays, daysBetween } from '../domain/time';
import { verifySignature } from '../domain/webhook-signature';
import type { Ports } from '../ports';
import type { Page } from '../ports/page';
import type { Write } from '../ports/unit-of-work';
import { bookedService, releaseStock } from './orders';

type Deps = Pick<
  Ports,
  | 'clock'
  | 'config'
  | 'orders'
  | 'shipments'
  | 'disclosures'
  | 'notifications'
  | 'uow'
  | 'outbox'
  | 'carrierWebhookSecrets'
  | 'products'
  | 'payments'
>;

/** What a carrier receives to deliver a parcel: nothing more. */
export interface CarrierHandOff {
  readonly recipient: string;
  readonly address: {
    readonly line1: string;
    readonly line2?: string | undefined;
    readonly city: string;
    readonly region?: string | undefined;
    readonly postalCode: string;
    readonly country: string;
  };
  /** Only for carriers whose profile needs a phone to deliver. */
  readonly phone?: string | undefined;
}

/** Who and where: what every carrier and the packers need, and no more. */
function delivery(details: DeliveryDetails): Omit<CarrierHandOff, 'phone'> {
  const { recipient, line1, line2, city, region, postalCode, country } = details.shippingAddress;
  return { recipient, address: { line1, line2, city, region, postalCode, country } };
}

export function carrierHandOff(details: DeliveryDetails, carrier: CarrierId): CarrierHandOff {
  const phone = carriers[carrier].needsPhone ? details.contactPhone : undefined;
  return { ...delivery(details), ...(phone && { phone }) };
}

/** What an order still holds to deliver to: a placed order always does; one anonymised does not. */
function deliveryDetails(order: OrderForDelivery): DeliveryDetails {
  if (!order.deliveryDetails) throw new ConflictError('This order has no delivery details left; it cannot be shipped.');
  return order.deliveryDetails;
}

/**
 * Orders waiting to ship, oldest first, each with the delivery address — the only personal field
 * opened and audited (read audited, purpose shipping).
 */
export async function fulfillmentQueue(deps: Pick<Deps, 'orders'>, page: Page, access: AccessContext) {
  const { entries, cursor } = await deps.orders.queue(page);
  const orders: {
    orderId: string;
    placedAt: string;
    items: { sku: string; name: string; quantity: number }[];
    /** The carrier service the customer booked: the one to ship with. */
    shipWith: { carrier: string; service: string };
    delivery: Omit<CarrierHandOff, 'phone'>;
  }[] = [];
  for (const entry of entries) {
    // Orders of a customer who restricted processing wait, unshipped, until the restriction is lifted.
    const order = await deps.orders
      .readForDelivery(entry.subjectId, entry.orderId, access, { phone: false })
      .catch((e: unknown) => {
        if (e instanceof ForbiddenError) return undefined;
        throw e;
      });
    if (order?.status !== 'placed' || !order.deliveryDetails) continue;
    orders.push({
      orderId: order.orderId,
      placedAt: order.createdAt,
      items: order.lines.map(({ sku, name, quantity }) => ({ sku, name, quantity })),
      shipWith: order.delivery,
      delivery: delivery(order.deliveryDetails),
    });
  }
  return { orders, ...(cursor && { cursor }) };
}

/**
 * Ships an order with the carrier service the customer booked. The payment is captured first: a
 * capture the processor refuses (the authorisation expired or was voided) cancels the order and
 * gives its stock back instead; a capture that cannot be confirmed (503) changes nothing, and the
 * retry captures once (same idempotency key). Then the order, the shipment, both disclosures (the
 * carrier's hand-off, the capture) and the event commit together.
 */
export async function createShipment(
  deps: Omit<Deps, 'carrierWebhookSecrets'>,
  orderId: string,
  request: { carrier: string; service: string },
  access: AccessContext,
): Promise<{ shipment: Shipment; handOff: CarrierHandOff }> {
  const booked = bookedService(request, 'body');
  const carrier = carriers[booked.carrier];
  const owner = await deps.orders.ownerOf(orderId);
  // Only what this carrier needs is opened (and audited): the address, the phone where it asks for one.
  const order = owner
    ? await deps.orders.readForDelivery(owner, orderId, access, { phone: carrier.needsPhone })
    : undefined;
  if (!owner || !order) throw new NotFoundError('No such order.');
  assertTransition(order.status, 'shipped');
  if (order.delivery.carrier !== request.carrier || order.delivery.service !== request.service) {
    throw new ConflictError(
      `The customer booked ${order.delivery.carrier} ${order.delivery.service} (and was told who gets their address): ship with it.`,
    );
  }
  const handOff = carrierHandOff(deliveryDetails(order), booked.carrier);
  await capturePayment(deps, order, access);

  const now = deps.clock.now();
  const at = now.toISOString();
  const shipment: Shipment = {
    shipmentId: newId(now),
    orderId,
    subjectId: owner,
    carrier: booked.carrier,
    service: request.service,
    trackingNumber: `${carrier.trackingPrefix}${randomBytes(8).toString('hex').toUpperCase()}`,
    status: 'label_created',
    events: [{ status: 'label_created', occurredAt: at }],
    createdAt: at,
    updatedAt: at,
  };
  const disclosed = ['recipient', 'address', ...(handOff.phone ? ['phone'] : [])];
  const { STALE_SHIPMENT_DAYS, ORDER_PERSONAL_DATA_DAYS } = deps.config.retention;
  await deps.uow.commit(
    [
      deps.orders.changeStatus(owner, orderId, {
        from: 'placed',
        to: 'shipped',
        at: now,
        payment: { status: 'captured', capturedAmount: order.total },
        // The backstop: a parcel no carrier ever reports on again cannot keep the details for ever.
        personalDataDue: addDays(now, STALE_SHIPMENT_DAYS + ORDER_PERSONAL_DATA_DAYS),
      }),
      deps.shipments.create(shipment),
      deps.disclosures.record(owner, {
        id: newId(now),
        recipient: booked.carrier,
        recipientType: 'carrier',
        purpose: 'delivery',
        fields: disclosed,
        orderId,
        at,
      }),
      deps.disclosures.record(owner, {
        id: newId(now),
        recipient: order.payment.processor,
        recipientType: 'payment-processor',
        purpose: 'payment capture',
        fields: ['amount'],
        orderId,
        at,
      }),
      deps.outbox.stage(
        [{ type: 'ShipmentCreated', orderId, shipmentId: shipment.shipmentId, carrier: booked.carrier, at }],
        now,
      ),
    ],
    [
      auditEvent(access, {
        action: 'order.disclose',
        subjectId: owner,
        resource: `order/${orderId}`,
        fields: disclosed,
        details: { recipient: booked.carrier },
      }),
    ],
    {
      'order.status': () =>
        new ConflictError('The order changed while creating its shipment (cancelled or already shipped).'),
      'shipment.create': () => new ConflictError('This order already has a shipment.'),
    },
  );
  return { shipment, handOff };
}

/**
 * Takes the money before anything ships. Captured before (a retried shipment): nothing to do. Not
 * capturable: the payment failed, so the order is cancelled, its stock given back and the customer
 * told; the packer gets a 409 saying so.
 */
async function capturePayment(
  deps: Omit<Deps, 'carrierWebhookSecrets'>,
  order: OrderSummary,
  access: AccessContext,
): Promise<void> {
  if (order.payment.status === 'captured') return;
  const outcome =
    order.payment.status === 'authorised'
      ? await deps.payments.capture(order.payment.paymentId, order.total, processorKeys.capture(order.orderId))
      : 'not-capturable';
  if (outcome === 'captured') return;
  const now = deps.clock.now();
  await deps.uow.commit(
    [
      deps.orders.changeStatus(order.subjectId, order.orderId, {
        from: 'placed',
        to: 'cancelled',
        at: now,
        personalDataDue: personalDataExpiry(now, deps.config.retention.ORDER_PERSONAL_DATA_DAYS),
        payment: { status: 'voided' },
      }),
      ...releaseStock(deps, order, now),
      deps.notifications.notify(order.subjectId, {
        id: newId(now),
        type: 'order.payment-failed',
        message: `Your order ${order.orderId} was cancelled: the payment could not be taken when it was ready to ship. Nothing was charged.`,
        resource: `order/${order.orderId}`,
        at: now.toISOString(),
      }),
      deps.outbox.stage([{ type: 'OrderCancelled', orderId: order.orderId, at: now.toISOString() }], now),
    ],
    [auditEvent(access, { action: 'order.cancel', subjectId: order.subjectId, resource: `order/${order.orderId}` })],
  );
  throw new ConflictError(
    'The payment could not be captured (the authorisation was voided or expired): the order was cancelled and its stock released.',
  );
}

/** The event id was applied before: carriers retry, and a retry must change nothing. */
class DuplicateCarrierEvent extends Error {}

export interface CarrierEventOutcome {
  readonly applied: boolean;
  readonly duplicate: boolean;
  readonly status: string;
}

/**
 * Where the webhook reports a refused signature, by carrier (a metric per carrier in AWS, so an alarm
 * says *which* carrier signs with an old secret or is being impersonated). Only the carrier id,
 * which is public configuration: never the body, the header or the caller.
 */
export interface CarrierWebhookSignals {
  rejectedSignature(carrier: CarrierId): void;
}

/**
 * A signed status event from a carrier. The signature is checked before the body is even parsed;
 * an event id already applied changes nothing; an illegal transition is refused. A refused
 * signature of a configured carrier is reported to `signals`.
 */
export async function receiveCarrierEvent(
  deps: Omit<Deps, 'payments'>,
  carrierParam: string,
  rawBody: string,
  signatureHeader: string | undefined,
  signals?: CarrierWebhookSignals,
): Promise<CarrierEventOutcome> {
  const now = deps.clock.now();
  // Carriers are public configuration: naming an unknown one reveals nothing, and picks no secret.
  if (!isCarrierId(carrierParam)) throw new NotFoundError('Unknown carrier.');
  const secret = await deps.carrierWebhookSecrets.forCarrier(carrierParam);
  const check = verifySignature(signatureHeader, secret, carrierParam, rawBody, Math.floor(now.getTime() / 1000));
  if (!check.ok) {
    signals?.rejectedSignature(carrierParam);
    throw new UnauthorizedError(`The carrier signature is ${check.reason}.`);
  }
  const event = parseEvent(rawBody);

  const shipment = await deps.shipments.byTrackingNumber(carrierParam, event.trackingNumber);
  if (!shipment) throw new NotFoundError('No shipment with this tracking number.');
  if (await deps.shipments.eventApplied(carrierParam, event.eventId)) {
    return { applied: false, duplicate: true, status: shipment.status };
  }
  if (!canAdvance(shipment.status, event.status)) {
    throw new ConflictError(`A shipment that is ${shipment.status} cannot become ${event.status}.`);
  }
  const occurredAt = clampOccurredAt(new Date(event.occurredAt), new Date(shipment.createdAt), now);
  const writes: Write[] = [
    deps.shipments.claimCarrierEvent(carrierParam, event.eventId, now),
    deps.shipments.advance(
      shipment,
      shipment.status,
      { status: event.status, occurredAt: occurredAt.toISOString(), location: event.location },
      now,
    ),
    deps.outbox.stage(
      [
        {
          type: 'ShipmentStatusChanged',
          orderId: shipment.orderId,
          shipmentId: shipment.shipmentId,
          status: event.status,
          at: now.toISOString(),
        },
      ],
      now,
    ),
  ];
  // A final status ends the order the same way (delivered, returned to us, lost) and starts its retention clock.
  const orderStatus = orderStatusFor(event.status);
  if (orderStatus !== 'shipped') {
    writes.push(
      deps.orders.changeStatus(shipment.subjectId, shipment.orderId, {
        from: 'shipped',
        to: orderStatus,
        at: now,
        ...(orderStatus === 'delivered' && { deliveredAt: occurredAt }),
        personalDataDue: personalDataExpiry(now, deps.config.retention.ORDER_PERSONAL_DATA_DAYS),
      }),
    );
  }
  // The carrier acts as the system, under its event's id: the subject's chain shows what it changed.
  const carrier = systemContext(`carrier-webhook:${carrierParam}`, 'shipping', event.eventId);
  const changed = auditEvent(carrier, {
    action: 'shipment.carrier-event',
    subjectId: shipment.subjectId,
    resource: `order/${shipment.orderId}`,
    fields: ['status', ...(event.location ? ['location'] : [])],
    details: { shipmentStatus: event.status },
  });
  try {
    await deps.uow.commit(writes, [changed], {
      'carrier-event.claim': () => new DuplicateCarrierEvent(),
      'shipment.advance': () => new ConflictError('The shipment changed concurrently; retry the event.'),
      'order.status': () => new ConflictError('The order changed concurrently; retry the event.'),
    });
  } catch (e) {
    if (e instanceof DuplicateCarrierEvent) return { applied: false, duplicate: true, status: shipment.status };
    throw e;
  }
  return { applied: true, duplicate: false, status: event.status };
}

function parseEvent(rawBody: string): CarrierEvent {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new ValidationError('The event body is not valid JSON.');
  }
  const parsed = carrierEventSchema.safeParse(json);
  if (!parsed.success) {
    throw new ValidationError(
      'The carrier event is not valid.',
      parsed.error.issues
        .slice(0, 20)
        .map((i) => ({ path: ['body', ...i.path.map(String)].join('.'), message: i.message })),
    );
  }
  return parsed.data;
}

/**
 * The support queue of silent shipments: in transit with no carrier event for STALE_SHIPMENT_DAYS,
 * oldest silence first, with what support needs to chase the carrier (no personal data). Until a
 * carrier reports an outcome, the backstop set at shipment bounds how long the details are kept.
 */
export async function silentShipments(deps: Pick<Deps, 'clock' | 'config' | 'shipments'>, page: Page) {
  const now = deps.clock.now();
  const silentSince = addDays(now, -deps.config.retention.STALE_SHIPMENT_DAYS);
  const { shipments, cursor } = await deps.shipments.silent(silentSince, page);
  return {
    shipments: shipments
      .filter((s) => !isFinal(s.status))
      .map((s) => ({
        orderId: s.orderId,
        shipmentId: s.shipmentId,
        carrier: s.carrier,
        service: s.service,
        trackingNumber: s.trackingNumber,
        status: s.status,
        lastHeardAt: s.updatedAt,
        silentForDays: daysBetween(new Date(s.updatedAt), now),
      })),
    ...(cursor && { cursor }),
  };
}

/** The customer's view of delivery: order status and the shipment's events (no personal data). */
export async function tracking(deps: Pick<Deps, 'orders' | 'shipments'>, orderId: string, access: AccessContext) {
  const order = await deps.orders.summary(access.actor.id, orderId);
  if (!order) throw new NotFoundError('No such order.');
  const shipment = await deps.shipments.forOrder(access.actor.id, orderId);
  return {
    orderId,
    orderStatus: order.status,
    shipment: shipment
      ? {
          carrier: shipment.carrier,
          service: shipment.service,
          trackingNumber: shipment.trackingNumber,
          status: shipment.status,
          events: shipment.events,
        }
      : null,
  };
}
