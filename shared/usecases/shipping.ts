/**
 * Fulfilment and tracking: the queue of orders to ship (with what delivery needs), shipment
 * creation with the minimal carrier hand-off written to the disclosure ledger, carrier status events
 * (signed, applied once, legal transitions only) and the customer's tracking view.
 */
import { randomBytes } from 'node:crypto';
import { type CarrierId, type CarrierProfile, carriers, isCarrierId } from '../config/carriers';
import type { AccessContext } from '../domain/access';
import { auditEvent, systemContext } from '../domain/audit';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
  UnprocessableError,
  ValidationError,
} from '../domain/errors';
import { newId } from '../domain/ids';
import { assertTransition, personalDataExpiry } from '../domain/order';
import { type DeliverableOrder, isDeliverable, type Order } from '../domain/order-record';
import { type CarrierEvent, canAdvance, carrierEventSchema, orderStatusFor } from '../domain/shipment';
import type { Shipment } from '../domain/shipment-record';
import { verifySignature } from '../domain/webhook-signature';
import type { Ports } from '../ports';
import type { Page } from '../ports/page';
import type { Write } from '../ports/unit-of-work';

type Deps = Pick<
  Ports,
  'clock' | 'config' | 'orders' | 'shipments' | 'disclosures' | 'uow' | 'outbox' | 'carrierWebhookSecret'
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
function delivery(order: DeliverableOrder): Omit<CarrierHandOff, 'phone'> {
  const { recipient, line1, line2, city, region, postalCode, country } = order.personal.shippingAddress;
  return { recipient, address: { line1, line2, city, region, postalCode, country } };
}

export function carrierHandOff(order: DeliverableOrder, carrier: CarrierId): CarrierHandOff {
  const phone = carriers[carrier].needsPhone ? order.personal.contactPhone : undefined;
  return { ...delivery(order), ...(phone && { phone }) };
}

/** An order that can still be delivered: a placed order always can; one anonymised cannot. */
function deliverable(order: Order): DeliverableOrder {
  if (!isDeliverable(order)) throw new ConflictError('This order has no delivery details left; it cannot be shipped.');
  return order;
}

/** Orders waiting to ship, oldest first, each with the delivery details (read audited, purpose shipping). */
export async function fulfillmentQueue(deps: Pick<Deps, 'orders'>, page: Page, access: AccessContext) {
  const { entries, cursor } = await deps.orders.queue(page);
  const orders: {
    orderId: string;
    placedAt: string;
    items: { sku: string; name: string; quantity: number }[];
    delivery: Omit<CarrierHandOff, 'phone'>;
  }[] = [];
  for (const entry of entries) {
    // Orders of a customer who restricted processing wait, unshipped, until the restriction is lifted.
    const order = await deps.orders.read(entry.subjectId, entry.orderId, access).catch((e: unknown) => {
      if (e instanceof ForbiddenError) return undefined;
      throw e;
    });
    if (order?.status !== 'placed' || !isDeliverable(order)) continue;
    orders.push({
      orderId: order.orderId,
      placedAt: order.createdAt,
      items: order.lines.map(({ sku, name, quantity }) => ({ sku, name, quantity })),
      delivery: delivery(order),
    });
  }
  return { orders, ...(cursor && { cursor }) };
}

export async function createShipment(
  deps: Deps,
  orderId: string,
  request: { carrier: string; service: string },
  access: AccessContext,
): Promise<{ shipment: Shipment; handOff: CarrierHandOff }> {
  if (!isCarrierId(request.carrier)) {
    throw new UnprocessableError(`Unknown carrier '${request.carrier.slice(0, 40)}'.`, [
      { path: 'body.carrier', message: 'Unknown carrier' },
    ]);
  }
  const carrier: CarrierProfile = carriers[request.carrier];
  if (!carrier.services.includes(request.service)) {
    throw new UnprocessableError(`${carrier.name} offers ${carrier.services.join(', ')}.`, [
      { path: 'body.service', message: 'Not offered by this carrier' },
    ]);
  }
  const owner = await deps.orders.ownerOf(orderId);
  const order = owner ? await deps.orders.read(owner, orderId, access) : undefined;
  if (!owner || !order) throw new NotFoundError('No such order.');
  assertTransition(order.status, 'shipped');

  const now = deps.clock.now();
  const at = now.toISOString();
  const handOff = carrierHandOff(deliverable(order), request.carrier);
  const shipment: Shipment = {
    shipmentId: newId(now),
    orderId,
    subjectId: owner,
    carrier: request.carrier,
    service: request.service,
    trackingNumber: `${carrier.trackingPrefix}${randomBytes(8).toString('hex').toUpperCase()}`,
    status: 'label_created',
    events: [{ status: 'label_created', occurredAt: at }],
    createdAt: at,
    updatedAt: at,
  };
  const disclosed = ['recipient', 'address', ...(handOff.phone ? ['phone'] : [])];
  await deps.uow.commit(
    [
      deps.orders.changeStatus(owner, orderId, { from: 'placed', to: 'shipped', at: now }),
      deps.shipments.create(shipment),
      deps.disclosures.record(owner, {
        id: newId(now),
        recipient: request.carrier,
        recipientType: 'carrier',
        purpose: 'delivery',
        fields: disclosed,
        orderId,
        at,
      }),
      deps.outbox.stage(
        [{ type: 'ShipmentCreated', orderId, shipmentId: shipment.shipmentId, carrier: request.carrier, at }],
        now,
      ),
    ],
    [
      auditEvent(access, {
        action: 'order.disclose',
        subjectId: owner,
        resource: `order/${orderId}`,
        fields: disclosed,
        details: { recipient: request.carrier },
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

/** The event id was applied before: carriers retry, and a retry must change nothing. */
class DuplicateCarrierEvent extends Error {}

export interface CarrierEventOutcome {
  readonly applied: boolean;
  readonly duplicate: boolean;
  readonly status: string;
}

/**
 * A signed status event from a carrier. The signature is checked before the body is even parsed;
 * an event id already applied changes nothing; an illegal transition is refused.
 */
export async function receiveCarrierEvent(
  deps: Deps,
  carrierParam: string,
  rawBody: string,
  signatureHeader: string | undefined,
): Promise<CarrierEventOutcome> {
  const now = deps.clock.now();
  const secret = await deps.carrierWebhookSecret.value();
  const check = verifySignature(signatureHeader, secret, rawBody, Math.floor(now.getTime() / 1000));
  if (!check.ok) throw new UnauthorizedError(`The carrier signature is ${check.reason}.`);
  if (!isCarrierId(carrierParam)) throw new NotFoundError('Unknown carrier.');
  const event = parseEvent(rawBody);

  const shipment = await deps.shipments.byTrackingNumber(carrierParam, event.trackingNumber);
  if (!shipment) throw new NotFoundError('No shipment with this tracking number.');
  if (await deps.shipments.eventApplied(carrierParam, event.eventId)) {
    return { applied: false, duplicate: true, status: shipment.status };
  }
  if (!canAdvance(shipment.status, event.status)) {
    throw new ConflictError(`A shipment that is ${shipment.status} cannot become ${event.status}.`);
  }
  const writes: Write[] = [
    deps.shipments.claimCarrierEvent(carrierParam, event.eventId, now),
    deps.shipments.advance(
      shipment,
      shipment.status,
      { status: event.status, occurredAt: event.occurredAt, location: event.location },
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
  const orderStatus = orderStatusFor(event.status);
  if (orderStatus === 'delivered') {
    writes.push(
      deps.orders.changeStatus(shipment.subjectId, shipment.orderId, {
        from: 'shipped',
        to: 'delivered',
        at: now,
        deliveredAt: new Date(event.occurredAt),
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
