/**
 * Ports of the order area: orders, idempotency records, shipments, refunds, and the two per-subject
 * ledgers the area writes (disclosures, notifications). Methods that prepare a change return a named
 * `Write` for the unit of work; the names are listed with each method.
 */
import type { CarrierId } from '../config/carriers';
import type { AccessContext } from '../domain/access';
import type { StatusChange } from '../domain/order';
import type { Order, OrderForDelivery, OrderSummary, ShippingAddress } from '../domain/order-record';
import type { ProcessorRefund, Refund, RefundStatus } from '../domain/refund-record';
import type { ShipmentStatus } from '../domain/shipment';
import type { Shipment, ShipmentEvent } from '../domain/shipment-record';
import type { Page } from './page';
import type { Write } from './unit-of-work';

export interface OrderStore {
  /** `order.create`: the order (personal details sealed), queued for fulfilment. Fails if the subject has no key. */
  create(order: Order): Promise<Write>;
  /** The order with its personal details in their current state; a read by anyone but the subject is audited first. */
  read(subjectId: string, orderId: string, access: AccessContext): Promise<Order | undefined>;
  /**
   * The order with only what delivery needs opened — the shipping address, and the contact phone
   * with `phone` — and audited as exactly those fields (packers and carriers see no card or billing).
   */
  readForDelivery(
    subjectId: string,
    orderId: string,
    access: AccessContext,
    options: { readonly phone: boolean },
  ): Promise<OrderForDelivery | undefined>;
  /** The order without personal details: no key, no audit. */
  summary(subjectId: string, orderId: string): Promise<OrderSummary | undefined>;
  /** Whose order this is, by id alone (staff and carrier paths). */
  ownerOf(orderId: string): Promise<string | undefined>;
  /** The subject's orders, newest first. */
  list(subjectId: string, page: Page): Promise<{ orders: OrderSummary[]; cursor?: string | undefined }>;
  /**
   * The distinct subjects with an order placed between `from` and `to` (inclusive), from the placement
   * index: never a Scan. Orders anonymised by erasure are not in it.
   */
  customersWithOrdersPlaced(from: Date, to: Date): Promise<string[]>;
  /** Every order of the subject, oldest first, all pages (erasure). */
  all(subjectId: string): Promise<OrderSummary[]>;
  /** Orders waiting for fulfilment, oldest first. */
  queue(page: Page): Promise<{ entries: { subjectId: string; orderId: string }[]; cursor?: string | undefined }>;
  /** `order.status`: moves the order `from` → `to`; fails if it is no longer in `from`. */
  changeStatus(subjectId: string, orderId: string, change: StatusChange): Write;
  /** `order.shipping-address`: replaces the sealed delivery address while the order is `placed`. */
  changeShippingAddress(order: OrderSummary, address: ShippingAddress, at: Date): Promise<Write>;
  /** `order.refund`: adds an approved refund; fails if refunds would exceed what was captured. */
  addRefund(order: OrderSummary, amount: number, at: Date): Write;
  /** Orders cancelled by erasure whose payment hold and reserved stock are still to be given back. */
  awaitingRelease(page: Page): Promise<{ orders: OrderSummary[]; cursor?: string | undefined }>;
  /** `order.released`: the payment hold and the stock were given back; the order leaves that queue. */
  released(order: OrderSummary, payment: Release, at: Date): Write;
  /**
   * `order.anonymise`, one per order: moves each of the subject's `orders` (and its shipment) to a
   * fresh untraceable identity without its personal details — with `cancel`, only while it is still
   * `placed`, cancelling it and queueing its payment hold and stock for release (awaitingRelease). A
   * write fails if another run moved its order first (an "already done" condition). Reads the
   * subject's shipments once, whatever the number of orders.
   */
  anonymiseForErasure(
    subjectId: string,
    orders: readonly OrderSummary[],
    at: Date,
    options: { cancel: boolean },
  ): Promise<{ readonly orderId: string; readonly write: Write }[]>;
  /** `order.keep-delivery-only`: drops all but what delivery needs from an order in transit. */
  keepDeliveryOnly(order: OrderSummary): Write;
}

/**
 * How an erased order's payment ended: the hold voided, or — a capture having won the race — the
 * captured amount returned in full.
 */
export type Release = { readonly status: 'voided' } | { readonly status: 'captured'; readonly returned: number };

export interface IdempotencyRecord {
  readonly id: string;
  readonly requestHash: string;
  readonly resourceId: string;
  readonly createdAt: string;
  readonly expiresAt: number;
}

/** A retried order's record, with the order exactly as the first request placed it. */
export interface OrderIdempotencyRecord extends IdempotencyRecord {
  readonly placed: Order;
}

export interface IdempotencyStore {
  /**
   * The live record of `subjectId`'s order request, with the order as first placed (its personal
   * details opened with the subject's key); one past its expiry counts as absent.
   */
  find(id: string, subjectId: string): Promise<OrderIdempotencyRecord | undefined>;
  /** The order a live record names, without opening anything (reconciliation). */
  orderOf(id: string): Promise<string | undefined>;
  /**
   * `idempotency.claim`: claims `id` for the order `placed`, which is kept (personal details sealed)
   * to answer retries with the original response; fails while a live record holds it.
   */
  claim(id: string, requestHash: string, placed: Order): Promise<Write>;
}

export interface ShipmentStore {
  /** `shipment.create`: the order's shipment; an order has at most one. It joins the in-transit queue. */
  create(shipment: Shipment): Write;
  forOrder(subjectId: string, orderId: string): Promise<Shipment | undefined>;
  byTrackingNumber(carrier: string, trackingNumber: string): Promise<Shipment | undefined>;
  /**
   * `shipment.advance`: appends `event`; fails if the shipment left `from`. A final status takes the
   * shipment out of the in-transit queue; any other marks `at` as its latest sign of life.
   */
  advance(shipment: Shipment, from: ShipmentStatus, event: ShipmentEvent, at: Date): Write;
  /** Shipments in transit whose latest carrier event (or creation) is before `silentSince`, oldest first. */
  silent(silentSince: Date, page: Page): Promise<{ shipments: Shipment[]; cursor?: string | undefined }>;
  /** True if this carrier event id was applied already. */
  eventApplied(carrier: string, eventId: string): Promise<boolean>;
  /** `carrier-event.claim`: records that the event was applied; a second claim fails. */
  claimCarrierEvent(carrier: string, eventId: string, at: Date): Write;
}

export interface RefundStore {
  /** `refund.create`: the request, its reason sealed. */
  create(refund: Refund, reason: string): Promise<Write>;
  /**
   * `refund.decide`: records the decision; fails unless the refund is still `requested`. An approval
   * starts the processor refund as `pending` and queues it (awaitingProcessor) until settled.
   */
  decide(refund: Refund, status: Exclude<RefundStatus, 'requested'>, reason: string, at: Date): Promise<Write>;
  /** `refund.settle`: records the processor's answer to a pending refund; fails unless still pending. */
  settle(refund: Refund, outcome: Exclude<ProcessorRefund, { status: 'pending' }>, at: Date): Write;
  /** Approved refunds whose processor refund is still pending, oldest first. */
  awaitingProcessor(page: Page): Promise<{ refunds: Refund[]; cursor?: string | undefined }>;
  /** Every refund of one order, oldest first (without reasons). */
  forOrder(subjectId: string, orderId: string): Promise<Refund[]>;
  /** Whether any refund of the subject awaits a decision or the processor (erasure waits for it). */
  hasPending(subjectId: string): Promise<boolean>;
}

export interface Disclosure {
  readonly id: string;
  /** Who received the data, e.g. the carrier id `dhl`. */
  readonly recipient: string;
  readonly recipientType: 'carrier' | 'payment-processor';
  readonly purpose: string;
  /** Field names disclosed, never their values. */
  readonly fields: readonly string[];
  readonly orderId: string;
  readonly at: string;
}

export interface DisclosureLedger {
  /** `disclosure.record` */
  record(subjectId: string, disclosure: Disclosure): Write;
  /** Newest first. */
  list(subjectId: string, page: Page): Promise<{ items: Disclosure[]; cursor?: string | undefined }>;
}

export interface Notification {
  readonly id: string;
  readonly type: string;
  /** Written by the system from templates: states an outcome, quotes no personal value. */
  readonly message: string;
  readonly resource: string;
  readonly at: string;
}

export interface NotificationInbox {
  /** `notification.create`: kept for the notification retention period from `notification.at`. */
  notify(subjectId: string, notification: Notification): Write;
  /** Newest first; expired ones are left out. */
  list(subjectId: string, page: Page, now: Date): Promise<{ items: Notification[]; cursor?: string | undefined }>;
}

/** One signing secret per carrier profile (shared/config/carriers.ts). */
export interface CarrierSecrets {
  /** The secret `carrier` signs its webhooks with. */
  forCarrier(carrier: CarrierId): Promise<string>;
}
