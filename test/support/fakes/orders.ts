/** In-memory fakes of the order-area ports (shared/ports/orders.ts), with the conditions DynamoDB enforces. */
import { type AccessContext, isSelfAccess, mayReadRestricted, roleServesPurpose } from '../../../shared/domain/access';
import { auditEvent } from '../../../shared/domain/audit';
import { DataKeyShreddedError, ForbiddenError } from '../../../shared/domain/errors';
import type { DomainEvent } from '../../../shared/domain/events';
import { isTerminal, type StatusChange } from '../../../shared/domain/order';
import {
  type Order,
  type OrderForDelivery,
  type OrderSummary,
  personalFieldsOf,
  type ShippingAddress,
  summaryOf,
} from '../../../shared/domain/order-record';
import type { ProcessorRefund, Refund, RefundStatus } from '../../../shared/domain/refund-record';
import { isFinal, type ShipmentStatus } from '../../../shared/domain/shipment';
import type { Shipment, ShipmentEvent } from '../../../shared/domain/shipment-record';
import { epochSeconds } from '../../../shared/domain/time';
import type { Clock } from '../../../shared/ports/clock';
import type { EventPublisher, Outbox, StagedEvent } from '../../../shared/ports/events';
import type {
  Disclosure,
  DisclosureLedger,
  IdempotencyRecord,
  IdempotencyStore,
  Notification,
  NotificationInbox,
  OrderIdempotencyRecord,
  OrderStore,
  RefundStore,
  Release,
  ShipmentStore,
} from '../../../shared/ports/orders';
import type { Page } from '../../../shared/ports/page';
import { type MemoryAuditLog, type MemoryWrite, memoryWrite } from './unit-of-work';

/** Offset paging over an array: the cursor is the next index. */
export function pageOf<T>(items: readonly T[], page: Page): { items: T[]; cursor?: string | undefined } {
  const start = Number(page.cursor ?? 0);
  const slice = items.slice(start, start + page.limit);
  const next = start + slice.length;
  return { items: slice, ...(next < items.length && { cursor: String(next) }) };
}

/** The audited-read rule of shared/adapters/dynamodb/audited-read.ts, over in-memory restrictions. */
export async function auditedRead<T>(
  deps: { audit: MemoryAuditLog; restricted: ReadonlySet<string> },
  access: AccessContext,
  subjectId: string,
  what: { action: string; resource: string; fields: readonly string[] },
  open: () => T,
): Promise<T> {
  if (isSelfAccess(access, subjectId)) return open();
  if (!roleServesPurpose(access.actor.role, access.purpose)) throw new ForbiddenError('No purpose.');
  if (!mayReadRestricted(access, subjectId) && deps.restricted.has(subjectId)) throw new ForbiddenError('Restricted.');
  await deps.audit.append(auditEvent(access, { ...what, subjectId }));
  return open();
}

export class MemoryOrders implements OrderStore {
  readonly orders = new Map<string, Order>();
  readonly queued = new Set<string>();
  /** Orders cancelled by erasure whose payment hold and stock are still to be given back. */
  readonly releaseQueue = new Set<string>();
  /** Subjects with a data key: an order of anyone else fails, as sealing would. */
  readonly keys = new Set<string>();

  constructor(private readonly deps: { audit: MemoryAuditLog; restricted: ReadonlySet<string> }) {}

  async create(order: Order): Promise<MemoryWrite> {
    // As sealing does: no data key (never registered, or erased) means no order.
    if (!this.keys.has(order.subjectId)) throw new DataKeyShreddedError('No data key.');
    return memoryWrite(
      'order.create',
      () => !this.orders.has(order.orderId),
      () => {
        this.orders.set(order.orderId, order);
        this.queued.add(order.orderId);
      },
    );
  }

  async read(subjectId: string, orderId: string, access: AccessContext): Promise<Order | undefined> {
    const order = this.owned(subjectId, orderId);
    if (!order) return undefined;
    const fields = personalFieldsOf(order.personal);
    if (fields.length === 0) return order;
    return auditedRead(
      this.deps,
      access,
      subjectId,
      { action: 'order.read', resource: `order/${orderId}`, fields },
      () => order,
    );
  }

  async readForDelivery(
    subjectId: string,
    orderId: string,
    access: AccessContext,
    options: { readonly phone: boolean },
  ): Promise<OrderForDelivery | undefined> {
    const order = this.owned(subjectId, orderId);
    if (!order) return undefined;
    const summary = summaryOf(order);
    if (order.personal.state === 'removed') return { ...summary, deliveryDetails: undefined };
    const { shippingAddress, contactPhone } = order.personal;
    const phone = options.phone ? contactPhone : undefined;
    const fields = ['shippingAddress', ...(phone !== undefined ? ['contactPhone'] : [])];
    return auditedRead(
      this.deps,
      access,
      subjectId,
      { action: 'order.read', resource: `order/${orderId}`, fields },
      () => ({
        ...summary,
        deliveryDetails: { shippingAddress, ...(phone !== undefined && { contactPhone: phone }) },
      }),
    );
  }

  async summary(subjectId: string, orderId: string): Promise<OrderSummary | undefined> {
    const order = this.owned(subjectId, orderId);
    return order && summaryOf(order);
  }

  async ownerOf(orderId: string): Promise<string | undefined> {
    return this.orders.get(orderId)?.subjectId;
  }

  async customersWithOrdersPlaced(from: Date, to: Date): Promise<string[]> {
    const inRange = [...this.orders.values()].filter(
      (o) => o.createdAt >= from.toISOString() && o.createdAt <= to.toISOString() && !o.subjectId.startsWith('anon-'),
    );
    return [...new Set(inRange.map((o) => o.subjectId))].sort();
  }

  async list(subjectId: string, page: Page) {
    const newestFirst = [...this.orders.values()].filter((o) => o.subjectId === subjectId).reverse();
    const { items, cursor } = pageOf(newestFirst.map(summaryOf), page);
    return { orders: items, cursor };
  }

  async all(subjectId: string): Promise<OrderSummary[]> {
    return [...this.orders.values()].filter((o) => o.subjectId === subjectId).map(summaryOf);
  }

  async queue(page: Page) {
    const entries = [...this.queued].flatMap((orderId) => {
      const order = this.orders.get(orderId);
      return order ? [{ subjectId: order.subjectId, orderId }] : [];
    });
    const { items, cursor } = pageOf(entries, page);
    return { entries: items, cursor };
  }

  changeStatus(subjectId: string, orderId: string, change: StatusChange): MemoryWrite {
    return memoryWrite(
      'order.status',
      () => this.owned(subjectId, orderId)?.status === change.from,
      () => {
        const order = this.orders.get(orderId) as Order;
        const at = change.at.toISOString();
        if (change.from === 'placed') this.queued.delete(orderId);
        this.orders.set(orderId, {
          ...order,
          status: change.to,
          updatedAt: at,
          statusHistory: [...order.statusHistory, { status: change.to, at }],
          ...(isTerminal(change.to) && { completedAt: at }),
          ...(change.personalDataDue && { personalDataRetainedUntil: change.personalDataDue.toISOString() }),
          ...(change.deliveredAt && { deliveredAt: change.deliveredAt.toISOString() }),
          ...(change.payment && {
            payment: {
              ...order.payment,
              status: change.payment.status,
              ...(change.payment.capturedAmount !== undefined && { capturedAmount: change.payment.capturedAmount }),
            },
          }),
        });
      },
    );
  }

  async changeShippingAddress(order: OrderSummary, address: ShippingAddress, at: Date): Promise<MemoryWrite> {
    return memoryWrite(
      'order.shipping-address',
      () => this.orders.get(order.orderId)?.status === 'placed',
      () => {
        const current = this.orders.get(order.orderId) as Order;
        if (current.personal.state === 'removed') return;
        this.orders.set(order.orderId, {
          ...current,
          updatedAt: at.toISOString(),
          personal: { ...current.personal, shippingAddress: address },
        });
      },
    );
  }

  addRefund(order: OrderSummary, amount: number, at: Date): MemoryWrite {
    return memoryWrite(
      'order.refund',
      () => {
        const current = this.orders.get(order.orderId);
        return (
          current?.payment.capturedAmount === order.payment.capturedAmount &&
          current.refundedTotal <= order.payment.capturedAmount - amount
        );
      },
      () => {
        const current = this.orders.get(order.orderId) as Order;
        this.orders.set(order.orderId, {
          ...current,
          refundedTotal: current.refundedTotal + amount,
          updatedAt: at.toISOString(),
        });
      },
    );
  }

  async awaitingRelease(page: Page) {
    const { items, cursor } = pageOf(
      [...this.releaseQueue].flatMap((id) => {
        const order = this.orders.get(id);
        return order ? [summaryOf(order)] : [];
      }),
      page,
    );
    return { orders: items, cursor };
  }

  released(order: OrderSummary, payment: Release, at: Date): MemoryWrite {
    return memoryWrite(
      'order.released',
      () => this.releaseQueue.has(order.orderId),
      () => {
        const current = this.orders.get(order.orderId) as Order;
        this.releaseQueue.delete(order.orderId);
        this.orders.set(order.orderId, {
          ...current,
          updatedAt: at.toISOString(),
          payment: {
            ...current.payment,
            status: payment.status,
            ...(payment.status === 'captured' && { capturedAmount: payment.returned }),
          },
          ...(payment.status === 'captured' && { refundedTotal: payment.returned }),
        });
      },
    );
  }

  async anonymiseForErasure(
    _subjectId: string,
    orders: readonly OrderSummary[],
    at: Date,
    options: { cancel: boolean },
  ): Promise<{ orderId: string; write: MemoryWrite }[]> {
    return orders.map((order) => ({ orderId: order.orderId, write: this.anonymiseMove(order, at, options) }));
  }

  private anonymiseMove(order: OrderSummary, at: Date, options: { cancel: boolean }): MemoryWrite {
    const anonymous = `anon-${order.orderId}`;
    const iso = at.toISOString();
    return memoryWrite(
      'order.anonymise',
      () => {
        const current = this.orders.get(order.orderId);
        return current?.subjectId === order.subjectId && (!options.cancel || current.status === 'placed');
      },
      () => {
        const current = this.orders.get(order.orderId) as Order;
        this.queued.delete(order.orderId);
        if (options.cancel) this.releaseQueue.add(order.orderId);
        this.orders.set(order.orderId, {
          ...current,
          subjectId: anonymous,
          anonymisedAt: iso,
          personal: { state: 'removed', removedAt: iso },
          ...(options.cancel && {
            status: 'cancelled',
            completedAt: iso,
            updatedAt: iso,
            statusHistory: [...current.statusHistory, { status: 'cancelled', at: iso }],
          }),
        });
      },
    );
  }

  keepDeliveryOnly(order: OrderSummary): MemoryWrite {
    return memoryWrite(
      'order.keep-delivery-only',
      () => true,
      () => {
        const current = this.orders.get(order.orderId) as Order;
        if (current.personal.state !== 'held') return;
        const { shippingAddress, contactPhone } = current.personal;
        this.orders.set(order.orderId, {
          ...current,
          personal: { state: 'delivery-only', shippingAddress, contactPhone },
        });
      },
    );
  }

  private owned(subjectId: string, orderId: string): Order | undefined {
    const order = this.orders.get(orderId);
    return order?.subjectId === subjectId ? order : undefined;
  }
}

export class MemoryIdempotency implements IdempotencyStore {
  readonly records = new Map<string, IdempotencyRecord & { placed: Order }>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlSeconds = 86_400,
  ) {}

  async find(id: string, subjectId: string): Promise<OrderIdempotencyRecord | undefined> {
    const record = this.records.get(id);
    if (!record || record.expiresAt <= epochSeconds(this.clock.now())) return undefined;
    return record.placed.subjectId === subjectId ? record : undefined;
  }

  async orderOf(id: string): Promise<string | undefined> {
    const record = this.records.get(id);
    return record && record.expiresAt > epochSeconds(this.clock.now()) ? record.resourceId : undefined;
  }

  async claim(id: string, requestHash: string, placed: Order): Promise<MemoryWrite> {
    const now = this.clock.now();
    return memoryWrite(
      'idempotency.claim',
      () => (this.records.get(id)?.expiresAt ?? 0) <= epochSeconds(now),
      () =>
        this.records.set(id, {
          id,
          requestHash,
          resourceId: placed.orderId,
          createdAt: now.toISOString(),
          expiresAt: epochSeconds(now) + this.ttlSeconds,
          placed,
        }),
    );
  }
}

export class MemoryShipments implements ShipmentStore {
  readonly shipments = new Map<string, Shipment>();
  readonly appliedEvents = new Set<string>();

  create(shipment: Shipment): MemoryWrite {
    return memoryWrite(
      'shipment.create',
      () => !this.shipments.has(shipment.orderId),
      () => this.shipments.set(shipment.orderId, shipment),
    );
  }

  async forOrder(subjectId: string, orderId: string): Promise<Shipment | undefined> {
    const shipment = this.shipments.get(orderId);
    return shipment?.subjectId === subjectId ? shipment : undefined;
  }

  async byTrackingNumber(carrier: string, trackingNumber: string): Promise<Shipment | undefined> {
    return [...this.shipments.values()].find((s) => s.carrier === carrier && s.trackingNumber === trackingNumber);
  }

  async silent(silentSince: Date, page: Page) {
    const silent = [...this.shipments.values()]
      .filter((s) => !isFinal(s.status) && s.updatedAt < silentSince.toISOString())
      .sort((a, b) => (a.updatedAt < b.updatedAt ? -1 : 1));
    const { items, cursor } = pageOf(silent, page);
    return { shipments: items, cursor };
  }

  advance(shipment: Shipment, from: ShipmentStatus, event: ShipmentEvent, at: Date): MemoryWrite {
    return memoryWrite(
      'shipment.advance',
      () => this.shipments.get(shipment.orderId)?.status === from,
      () => {
        const current = this.shipments.get(shipment.orderId) as Shipment;
        this.shipments.set(shipment.orderId, {
          ...current,
          status: event.status,
          updatedAt: at.toISOString(),
          events: [...current.events, event],
        });
      },
    );
  }

  async eventApplied(carrier: string, eventId: string): Promise<boolean> {
    return this.appliedEvents.has(`${carrier}#${eventId}`);
  }

  claimCarrierEvent(carrier: string, eventId: string): MemoryWrite {
    const key = `${carrier}#${eventId}`;
    return memoryWrite(
      'carrier-event.claim',
      () => !this.appliedEvents.has(key),
      () => this.appliedEvents.add(key),
    );
  }
}

export class MemoryRefunds implements RefundStore {
  readonly refunds = new Map<string, Refund & { reason: string; decisionReason?: string }>();

  async create(refund: Refund, reason: string): Promise<MemoryWrite> {
    return memoryWrite(
      'refund.create',
      () => !this.refunds.has(refund.refundId),
      () => this.refunds.set(refund.refundId, { ...refund, reason }),
    );
  }

  async decide(
    refund: Refund,
    status: Exclude<RefundStatus, 'requested'>,
    reason: string,
    at: Date,
  ): Promise<MemoryWrite> {
    return memoryWrite(
      'refund.decide',
      () => this.refunds.get(refund.refundId)?.status === 'requested',
      () => {
        const current = this.refunds.get(refund.refundId);
        if (current)
          this.refunds.set(refund.refundId, {
            ...current,
            status,
            decidedAt: at.toISOString(),
            decisionReason: reason,
            ...(status === 'approved' && { processorRefund: { status: 'pending' } }),
          });
      },
    );
  }

  settle(refund: Refund, outcome: Exclude<ProcessorRefund, { status: 'pending' }>): MemoryWrite {
    return memoryWrite(
      'refund.settle',
      () => this.refunds.get(refund.refundId)?.processorRefund?.status === 'pending',
      () => {
        const current = this.refunds.get(refund.refundId);
        if (current) this.refunds.set(refund.refundId, { ...current, processorRefund: outcome });
      },
    );
  }

  async awaitingProcessor(page: Page) {
    const pending = [...this.refunds.values()]
      .filter((r) => r.processorRefund?.status === 'pending')
      .map(({ reason: _r, decisionReason: _d, ...refund }) => refund);
    const { items, cursor } = pageOf(pending, page);
    return { refunds: items, cursor };
  }

  async forOrder(subjectId: string, orderId: string): Promise<Refund[]> {
    return [...this.refunds.values()]
      .filter((r) => r.subjectId === subjectId && r.orderId === orderId)
      .map(({ reason: _r, decisionReason: _d, ...refund }) => refund);
  }

  async hasPending(subjectId: string): Promise<boolean> {
    return [...this.refunds.values()].some(
      (r) => r.subjectId === subjectId && (r.status === 'requested' || r.processorRefund?.status === 'pending'),
    );
  }
}

export class MemoryDisclosures implements DisclosureLedger {
  readonly entries: (Disclosure & { subjectId: string })[] = [];

  record(subjectId: string, disclosure: Disclosure): MemoryWrite {
    return memoryWrite(
      'disclosure.record',
      () => true,
      () => this.entries.push({ ...disclosure, subjectId }),
    );
  }

  async list(subjectId: string, page: Page) {
    const mine = this.entries.filter((e) => e.subjectId === subjectId).reverse();
    return pageOf(
      mine.map(({ subjectId: _s, ...d }) => d),
      page,
    );
  }
}

export class MemoryNotifications implements NotificationInbox {
  readonly entries: (Notification & { subjectId: string })[] = [];

  notify(subjectId: string, notification: Notification): MemoryWrite {
    return memoryWrite(
      'notification.create',
      () => true,
      () => this.entries.push({ ...notification, subjectId }),
    );
  }

  async list(subjectId: string, page: Page) {
    const mine = this.entries.filter((e) => e.subjectId === subjectId).reverse();
    return pageOf(
      mine.map(({ subjectId: _s, ...n }) => n),
      page,
    );
  }
}

/**
 * The outbox and the event bus at once: staged events land with the commit (as on DynamoDB) and
 * count as published right after it, since the in-memory world has no drainer to wait for.
 */
export class RecordingEvents implements Outbox, EventPublisher {
  readonly published: DomainEvent[] = [];

  stage(events: readonly DomainEvent[]): MemoryWrite {
    return memoryWrite(
      'outbox.stage',
      () => true,
      () => this.published.push(...events),
    );
  }

  async publish(events: readonly StagedEvent[]): Promise<void> {
    this.published.push(...events.map((e) => e.event));
  }
}
