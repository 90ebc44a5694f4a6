/**
 * Orders in the data table (`SUBJECT#<id>` / `ORDER#<orderId>`): ids, status, lines, amounts and the
 * processor's payment id in the clear; addresses, the card's brand and last four digits and the
 * contact phone sealed with the subject's key. gsi1 finds an order by id alone; gsi2 holds the
 * fulfilment queue while the order waits to ship, and the release queue while an order cancelled by
 * erasure still holds a payment authorisation and reserved stock. Items are decoded into the order's real state:
 * held, delivery-only (erasure pending delivery) or removed.
 */

import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { AccessContext } from '../../domain/access';
import { CURRENCIES } from '../../domain/money';
import { isTerminal, ORDER_STATUSES, type StatusChange } from '../../domain/order';
import {
  type Order,
  type OrderForDelivery,
  type OrderPersonalData,
  type OrderSummary,
  PERSONAL_ORDER_FIELDS,
  type PersonalOrderField,
  type ShippingAddress,
} from '../../domain/order-record';
import { PAYMENT_PROCESSORS, PAYMENT_STATUSES } from '../../domain/payment';
import { withoutLocations } from '../../domain/shipment-record';
import { daysInSeconds, epochSeconds } from '../../domain/time';
import type { OrderStore, Release } from '../../ports/orders';
import type { Page } from '../../ports/page';
import type { Write } from '../../ports/unit-of-work';
import type { PersonalDataCodec } from '../crypto/personal-data-codec';
import type { AuditedReads } from './audited-read';
import { type DynamoDeps, guarded, itemKey, ownerByLookup, queryAll, queryPage } from './client';
import { decodeItem, storedAddress, storedShipmentEvents } from './decode';
import {
  fulfillmentQueueKey,
  fulfillmentQueueKeys,
  ORDER_PREFIX,
  orderLookupKey,
  orderSk,
  placedOrdersKey,
  placedOrdersKeys,
  RELEASE_QUEUE,
  retentionBucket,
  SHIPMENT_PREFIX,
  shipmentSk,
  subjectPk,
} from './keys';
import { shardedPageAfter } from './sharded-query';
import { dynamoWrite, type TransactItem } from './unit-of-work';

export interface OrderRepositoryDeps extends DynamoDeps {
  readonly codec: PersonalDataCodec;
  /** Staff reads go through the one audited-read rule. */
  readonly reads: AuditedReads;
  /** ORDER_RECORD_DAYS: how long an order anonymised by erasure (and its shipment) is kept. */
  readonly orderRecordDays: number;
}

const where = (subjectId: string, orderId: string) => ({
  table: 'data',
  pk: subjectPk(subjectId),
  sk: orderSk(orderId),
});

/** The order without its personal details, as stored (and as kept in an idempotency record). */
const summaryShape = z.object({
  orderId: z.string(),
  subjectId: z.string(),
  status: z.enum(ORDER_STATUSES),
  currency: z.enum(CURRENCIES),
  lines: z.array(z.object({ sku: z.string(), name: z.string(), quantity: z.number(), unitPrice: z.number() })),
  delivery: z.object({ carrier: z.string(), service: z.string() }),
  subtotal: z.number(),
  shippingFee: z.number(),
  total: z.number(),
  refundedTotal: z.number().default(0),
  payment: z.object({
    processor: z.enum(PAYMENT_PROCESSORS),
    paymentId: z.string(),
    status: z.enum(PAYMENT_STATUSES),
    authorisedAmount: z.number(),
    capturedAmount: z.number(),
  }),
  statusHistory: z.array(z.object({ status: z.enum(ORDER_STATUSES), at: z.string() })).default([]),
  createdAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().optional(),
  deliveredAt: z.string().optional(),
  personalDataRetainedUntil: z.string().optional(),
  anonymisedAt: z.string().optional(),
});

/** The stored order, personal attributes still sealed (strings) where present. */
const orderItem = summaryShape.extend({
  shippingAddress: z.string().optional(),
  billingAddress: z.string().optional(),
  card: z.string().optional(),
  contactPhone: z.string().optional(),
});
type OrderItem = z.infer<typeof orderItem>;

const storedCard = z.object({ processor: z.enum(PAYMENT_PROCESSORS), brand: z.string(), last4: z.string() });

/** What delivery needs of the sealed attributes: all a packer or carrier path opens. */
const DELIVERY_FIELDS = ['shippingAddress', 'contactPhone'] as const satisfies readonly PersonalOrderField[];

/** What the sealed attributes hold once opened. */
const opened = z.object({
  shippingAddress: storedAddress.extend({ recipient: z.string() }).optional(),
  billingAddress: storedAddress.optional(),
  card: storedCard.optional(),
  contactPhone: z.string().optional(),
});

/** An order exactly as placed (all personal details held): what an idempotency record keeps, sealed whole. */
export const placedOrderSnapshot = summaryShape.extend({
  personal: z.object({
    state: z.literal('held'),
    shippingAddress: storedAddress.extend({ recipient: z.string() }),
    billingAddress: storedAddress.optional(),
    card: storedCard,
    contactPhone: z.string().optional(),
  }),
});

const placedEntry = z.object({ subjectId: z.string() });

const decodeOrder = (item: Record<string, unknown>): OrderItem => decodeItem(orderItem, item, 'order');

function toSummary(item: OrderItem): OrderSummary {
  const { shippingAddress: _s, billingAddress: _b, card: _card, contactPhone: _c, ...summary } = item;
  return summary;
}

export class OrderRepository implements OrderStore {
  constructor(private readonly deps: OrderRepositoryDeps) {}

  async create(order: Order): Promise<Write> {
    if (order.personal.state !== 'held') throw new Error('A new order holds all its personal details');
    const { shippingAddress, billingAddress, card, contactPhone } = order.personal;
    // Registration creates the subject's key; an order never does (no key means not registered).
    const sealed = await this.deps.codec.seal(
      order.subjectId,
      where(order.subjectId, order.orderId),
      { shippingAddress, billingAddress, card, contactPhone },
      { createKey: false },
    );
    const { personal: _personal, ...plain } = order;
    return dynamoWrite('order.create', {
      Put: {
        TableName: this.deps.table,
        Item: {
          ...itemKey(where(order.subjectId, order.orderId)),
          type: 'order',
          ...plain,
          ...sealed,
          ...orderLookupKey(order.orderId),
          gsi2pk: fulfillmentQueueKey(order.orderId),
          gsi2sk: `${order.createdAt}#${order.orderId}`,
          // The placement index: written once, sharded by order id (every order writes it).
          gsi3pk: placedOrdersKey(order.orderId),
          gsi3sk: `${order.createdAt}#${order.orderId}`,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }

  async read(subjectId: string, orderId: string, access: AccessContext): Promise<Order | undefined> {
    const raw = await this.item(subjectId, orderId);
    if (!raw) return undefined;
    const item = decodeOrder(raw);
    const fields = PERSONAL_ORDER_FIELDS.filter((f) => item[f] !== undefined);
    const personal =
      fields.length === 0
        ? undefined
        : await this.deps.reads.read(
            access,
            subjectId,
            { action: 'order.read', resource: `order/${orderId}`, fields },
            () => this.deps.codec.open(subjectId, where(subjectId, orderId), raw, PERSONAL_ORDER_FIELDS),
          );
    return { ...toSummary(item), personal: personalState(item, personal) };
  }

  async readForDelivery(
    subjectId: string,
    orderId: string,
    access: AccessContext,
    options: { readonly phone: boolean },
  ): Promise<OrderForDelivery | undefined> {
    const raw = await this.item(subjectId, orderId);
    if (!raw) return undefined;
    const item = decodeOrder(raw);
    const summary = toSummary(item);
    if (item.anonymisedAt !== undefined || item.shippingAddress === undefined) {
      return { ...summary, deliveryDetails: undefined };
    }
    const fields = DELIVERY_FIELDS.filter((f) => item[f] !== undefined && (f !== 'contactPhone' || options.phone));
    const values = await this.deps.reads.read(
      access,
      subjectId,
      { action: 'order.read', resource: `order/${orderId}`, fields },
      () => this.deps.codec.open(subjectId, where(subjectId, orderId), raw, fields),
    );
    const { shippingAddress, contactPhone } = decodeItem(opened, values, 'order delivery details');
    if (!shippingAddress) return { ...summary, deliveryDetails: undefined };
    return { ...summary, deliveryDetails: { shippingAddress, ...(contactPhone !== undefined && { contactPhone }) } };
  }

  async summary(subjectId: string, orderId: string): Promise<OrderSummary | undefined> {
    const item = await this.item(subjectId, orderId);
    return item ? toSummary(decodeOrder(item)) : undefined;
  }

  async ownerOf(orderId: string): Promise<string | undefined> {
    return ownerByLookup(this.deps.ddb, this.deps.table, orderLookupKey(orderId), 'Orders');
  }

  async list(subjectId: string, page: Page): Promise<{ orders: OrderSummary[]; cursor?: string | undefined }> {
    const { items, cursor } = await queryPage(
      this.deps.ddb,
      {
        TableName: this.deps.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': subjectPk(subjectId), ':prefix': ORDER_PREFIX },
        ScanIndexForward: false,
      },
      page,
      'Orders',
    );
    return { orders: items.map((i) => toSummary(decodeOrder(i))), cursor };
  }

  async customersWithOrdersPlaced(from: Date, to: Date): Promise<string[]> {
    // One Query per shard, all in flight, each a sort-key range read whole: the cost follows the
    // orders in the range, never the table. Only the subject id is projected.
    const reads = await Promise.all(
      placedOrdersKeys().map((key) =>
        queryAll(
          this.deps.ddb,
          {
            TableName: this.deps.table,
            IndexName: 'gsi3',
            KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':pk': key, ':from': from.toISOString(), ':to': `${to.toISOString()}#~` },
            ProjectionExpression: 'subjectId',
          },
          'Orders',
        ),
      ),
    );
    const subjects = new Set(reads.flat().map((i) => decodeItem(placedEntry, i, 'placed order').subjectId));
    return [...subjects].sort();
  }

  async all(subjectId: string): Promise<OrderSummary[]> {
    const items = await queryAll(
      this.deps.ddb,
      {
        TableName: this.deps.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': subjectPk(subjectId), ':prefix': ORDER_PREFIX },
        ConsistentRead: true,
      },
      'Orders',
    );
    return items.map((i) => toSummary(decodeOrder(i)));
  }

  /** Oldest first across the queue's shards, read in parallel (`gsi2sk` is `<createdAt>#<orderId>`, unique). */
  async queue(page: Page) {
    const { items, cursor } = await shardedPageAfter(
      this.deps.ddb,
      fulfillmentQueueKeys(),
      (shard, after) => ({
        TableName: this.deps.table,
        IndexName: 'gsi2',
        KeyConditionExpression: after === undefined ? 'gsi2pk = :q' : 'gsi2pk = :q AND gsi2sk > :after',
        ExpressionAttributeValues: { ':q': shard, ...(after !== undefined && { ':after': after }) },
      }),
      { sortKey: 'gsi2sk', what: 'Orders' },
      page,
    );
    const entry = z.object({ subjectId: z.string(), orderId: z.string() });
    return { entries: items.map((i) => decodeItem(entry, i, 'fulfilment queue entry')), cursor };
  }

  /**
   * Leaving `placed` takes the order off the fulfilment queue; a terminal status starts the retention
   * clock (completedAt); a due date (re)files the order in its retention bucket.
   */
  changeStatus(subjectId: string, orderId: string, change: StatusChange): Write {
    const at = change.at.toISOString();
    const values: Record<string, unknown> = {
      ':from': change.from,
      ':to': change.to,
      ':at': at,
      ':history': [{ status: change.to, at }],
    };
    const names: Record<string, string> = { '#status': 'status' };
    const sets = ['#status = :to', 'updatedAt = :at', 'statusHistory = list_append(statusHistory, :history)'];
    if (isTerminal(change.to)) sets.push('completedAt = :at');
    if (change.personalDataDue) {
      sets.push('personalDataRetainedUntil = :due', 'retentionBucket = :bucket', 'retentionDueAt = :dueAt');
      values[':due'] = change.personalDataDue.toISOString();
      values[':bucket'] = retentionBucket({ pk: subjectPk(subjectId), sk: orderSk(orderId) });
      values[':dueAt'] = epochSeconds(change.personalDataDue);
    }
    if (change.deliveredAt) {
      sets.push('deliveredAt = :deliveredAt');
      values[':deliveredAt'] = change.deliveredAt.toISOString();
    }
    if (change.payment) {
      names['#payment'] = 'payment';
      sets.push('#payment.#paymentStatus = :paymentStatus');
      names['#paymentStatus'] = 'status';
      values[':paymentStatus'] = change.payment.status;
      if (change.payment.capturedAmount !== undefined) {
        sets.push('#payment.capturedAmount = :captured');
        values[':captured'] = change.payment.capturedAmount;
      }
    }
    return dynamoWrite('order.status', {
      Update: {
        TableName: this.deps.table,
        Key: { pk: subjectPk(subjectId), sk: orderSk(orderId) },
        UpdateExpression: `SET ${sets.join(', ')}${change.from === 'placed' ? ' REMOVE gsi2pk, gsi2sk' : ''}`,
        ConditionExpression: '#status = :from',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    });
  }

  async changeShippingAddress(order: OrderSummary, address: ShippingAddress, at: Date): Promise<Write> {
    const sealed = await this.deps.codec.seal(order.subjectId, where(order.subjectId, order.orderId), {
      shippingAddress: address,
    });
    return dynamoWrite('order.shipping-address', {
      Update: {
        TableName: this.deps.table,
        Key: { pk: subjectPk(order.subjectId), sk: orderSk(order.orderId) },
        UpdateExpression: 'SET shippingAddress = :address, updatedAt = :at',
        ConditionExpression: '#status = :placed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':address': sealed.shippingAddress, ':at': at.toISOString(), ':placed': 'placed' },
      },
    });
  }

  addRefund(order: OrderSummary, amount: number, at: Date): Write {
    return dynamoWrite('order.refund', {
      Update: {
        TableName: this.deps.table,
        Key: { pk: subjectPk(order.subjectId), sk: orderSk(order.orderId) },
        UpdateExpression: 'SET refundedTotal = refundedTotal + :amount, updatedAt = :at',
        // Never past what was captured: the ceiling is checked by DynamoDB, not only by the use case.
        ConditionExpression: 'refundedTotal <= :ceiling AND #payment.capturedAmount = :captured',
        ExpressionAttributeNames: { '#payment': 'payment' },
        ExpressionAttributeValues: {
          ':amount': amount,
          ':ceiling': order.payment.capturedAmount - amount,
          ':captured': order.payment.capturedAmount,
          ':at': at.toISOString(),
        },
      },
    });
  }

  async awaitingRelease(page: Page): Promise<{ orders: OrderSummary[]; cursor?: string | undefined }> {
    const { items, cursor } = await queryPage(
      this.deps.ddb,
      {
        TableName: this.deps.table,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :q',
        ExpressionAttributeValues: { ':q': RELEASE_QUEUE },
      },
      page,
      'Orders',
    );
    // The index is eventually consistent: each entry is re-read before anyone acts on it.
    const entry = z.object({ subjectId: z.string(), orderId: z.string() });
    const orders: OrderSummary[] = [];
    for (const item of items) {
      const { subjectId, orderId } = decodeItem(entry, item, 'payment release entry');
      const current = await this.summary(subjectId, orderId);
      if (current) orders.push(current);
    }
    return { orders, cursor };
  }

  released(order: OrderSummary, payment: Release, at: Date): Write {
    const captured = payment.status === 'captured';
    return dynamoWrite('order.released', {
      Update: {
        TableName: this.deps.table,
        Key: { pk: subjectPk(order.subjectId), sk: orderSk(order.orderId) },
        UpdateExpression: `SET #payment.#status = :status, updatedAt = :at${
          captured ? ', #payment.capturedAmount = :returned, refundedTotal = :returned' : ''
        } REMOVE gsi2pk, gsi2sk`,
        ConditionExpression: 'gsi2pk = :queue',
        ExpressionAttributeNames: { '#payment': 'payment', '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': payment.status,
          ':at': at.toISOString(),
          ':queue': RELEASE_QUEUE,
          ...(captured && { ':returned': payment.returned }),
        },
      },
    });
  }

  async anonymiseForErasure(
    subjectId: string,
    orders: readonly OrderSummary[],
    at: Date,
    options: { cancel: boolean },
  ): Promise<{ orderId: string; write: Write }[]> {
    // Placed orders have no shipment yet: only completed ones need the subject's shipments.
    const shipments = options.cancel ? new Map<string, Record<string, unknown>>() : await this.shipmentsOf(subjectId);
    return orders.map((order) => ({
      orderId: order.orderId,
      write: this.anonymiseMove(order, shipments.get(order.orderId), at, options),
    }));
  }

  /** Deletes the order (and shipment) under the subject and puts them back under a fresh anonymous id. */
  private anonymiseMove(
    order: OrderSummary,
    shipment: Record<string, unknown> | undefined,
    at: Date,
    options: { cancel: boolean },
  ): Write {
    const anonymous = `anon-${randomUUID()}`;
    const iso = at.toISOString();
    // Kept for bookkeeping, then gone (TTL).
    const expiresAt = epochSeconds(at) + daysInSeconds(this.deps.orderRecordDays);
    const moved: OrderSummary = {
      ...order,
      ...(options.cancel && {
        status: 'cancelled',
        completedAt: iso,
        updatedAt: iso,
        statusHistory: [...order.statusHistory, { status: 'cancelled', at: iso }],
      }),
      subjectId: anonymous,
      anonymisedAt: iso,
      personalDataRetainedUntil: undefined,
    };
    // A placed order still holds a payment authorisation and reserved stock: queued for the
    // payment-reconciliation job to give back.
    const holds = options.cancel;
    const moves: TransactItem[] = [
      {
        Delete: {
          TableName: this.deps.table,
          Key: { pk: subjectPk(order.subjectId), sk: orderSk(order.orderId) },
          // Cancelling: only while still unshipped. Otherwise: only if no other run moved it first.
          ...(options.cancel
            ? {
                ConditionExpression: '#status = :placed',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':placed': 'placed' },
              }
            : { ConditionExpression: 'attribute_exists(pk)' }),
        },
      },
      // Rebuilt from the decoded order: no personal attribute, no queue or retention entry survives.
      {
        Put: {
          TableName: this.deps.table,
          Item: {
            ...itemKey(where(anonymous, order.orderId)),
            type: 'order',
            ...moved,
            ...orderLookupKey(order.orderId),
            expiresAt,
            ...(holds && { gsi2pk: RELEASE_QUEUE, gsi2sk: `${iso}#${order.orderId}` }),
          },
        },
      },
    ];
    if (shipment) {
      moves.push(
        {
          Delete: {
            TableName: this.deps.table,
            Key: { pk: subjectPk(order.subjectId), sk: shipmentSk(order.orderId) },
          },
        },
        {
          Put: {
            TableName: this.deps.table,
            Item: {
              ...shipment,
              pk: subjectPk(anonymous),
              subjectId: anonymous,
              // The carriers' free-text locations (a depot, a street, a neighbour) do not outlive the subject.
              events: withoutLocations(decodeItem(storedShipmentEvents, shipment, 'shipment').events),
              expiresAt,
            },
          },
        },
      );
    }
    return dynamoWrite('order.anonymise', ...moves);
  }

  /** The subject's shipments by order id, as stored (all pages of one partition query). */
  private async shipmentsOf(subjectId: string): Promise<Map<string, Record<string, unknown>>> {
    const items = await queryAll(
      this.deps.ddb,
      {
        TableName: this.deps.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': subjectPk(subjectId), ':prefix': SHIPMENT_PREFIX },
        ConsistentRead: true,
      },
      'Shipments',
    );
    const shipmentOf = z.object({ orderId: z.string() });
    return new Map(items.map((item) => [decodeItem(shipmentOf, item, 'shipment').orderId, item]));
  }

  keepDeliveryOnly(order: OrderSummary): Write {
    return dynamoWrite('order.keep-delivery-only', {
      Update: {
        TableName: this.deps.table,
        Key: { pk: subjectPk(order.subjectId), sk: orderSk(order.orderId) },
        UpdateExpression: 'REMOVE billingAddress, card SET erasurePending = :t',
        ExpressionAttributeValues: { ':t': true },
      },
    });
  }

  private async item(subjectId: string, orderId: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await guarded('Orders', () =>
      this.deps.ddb.send(
        new GetCommand({
          TableName: this.deps.table,
          Key: { pk: subjectPk(subjectId), sk: orderSk(orderId) },
          ConsistentRead: true,
        }),
      ),
    );
    return Item;
  }
}

/**
 * The state the stored attributes describe: anonymised (nothing personal left), delivery-only (an
 * erasure removed the billing details while the parcel travels) or held.
 */
function personalState(item: OrderItem, openedValues: Record<string, unknown> | undefined): OrderPersonalData {
  if (item.anonymisedAt !== undefined || !openedValues) {
    return { state: 'removed', removedAt: item.anonymisedAt ?? item.updatedAt };
  }
  const values = decodeItem(opened, openedValues, 'order personal details');
  if (!values.shippingAddress) return { state: 'removed', removedAt: item.anonymisedAt ?? item.updatedAt };
  if (!values.card) {
    return { state: 'delivery-only', shippingAddress: values.shippingAddress, contactPhone: values.contactPhone };
  }
  return {
    state: 'held',
    shippingAddress: values.shippingAddress,
    billingAddress: values.billingAddress,
    card: values.card,
    contactPhone: values.contactPhone,
  };
}
