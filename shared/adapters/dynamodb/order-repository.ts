/**
 * Orders in the data table (`SUBJECT#<id>` / `ORDER#<orderId>`): ids, status, lines and amounts in
 * the clear; addresses, payment details and contact phone sealed with the subject's key. gsi1 finds
 * an order by id alone; gsi2 holds the fulfilment queue while the order waits to ship.
 */
import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { OrderStatus } from '../../domain/order';
import { type Order, type OrderSummary, PERSONAL_ORDER_FIELDS } from '../../domain/order-record';
import type { PersonalDataCodec } from '../crypto/personal-data-codec';
import { type AccessContext, assertMayReadRestricted, isSelfAccess } from './access';
import type { AuditTrail, TransactItem } from './audit-trail';
import { decodeCursor, encodeCursor, guarded, itemKey, ownerByLookup } from './client';
import {
  FULFILLMENT_QUEUE,
  ORDER_PREFIX,
  orderLookupKey,
  orderSk,
  PROFILE_SK,
  retentionBucket,
  subjectPk,
} from './keys';

export interface OrderRepositoryDeps {
  readonly ddb: DynamoDBDocumentClient;
  readonly table: string;
  readonly codec: PersonalDataCodec;
  readonly audit: () => AuditTrail;
}

const where = (subjectId: string, orderId: string) => ({
  table: 'data',
  pk: subjectPk(subjectId),
  sk: orderSk(orderId),
});

/** Changes to an order's non-personal state that one conditional update applies. */
export interface StatusChange {
  readonly from: OrderStatus;
  readonly to: OrderStatus;
  readonly at: Date;
  /** Set when the order completes: personal details are kept until then. */
  readonly personalDataDue?: Date | undefined;
  readonly deliveredAt?: Date | undefined;
}

export class OrderRepository {
  constructor(private readonly deps: OrderRepositoryDeps) {}

  /** A transaction item creating `order`, queued for fulfilment. */
  async createItem(order: Order): Promise<TransactItem> {
    // Registration creates the subject's key; an order never does (no key means not registered).
    const sealed = await this.deps.codec.seal(
      order.subjectId,
      where(order.subjectId, order.orderId),
      {
        shippingAddress: order.shippingAddress,
        billingAddress: order.billingAddress,
        payment: order.payment,
        contactPhone: order.contactPhone,
      },
      { createKey: false },
    );
    const { shippingAddress: _s, billingAddress: _b, payment, contactPhone: _c, ...plain } = order;
    return {
      Put: {
        TableName: this.deps.table,
        Item: {
          ...itemKey(where(order.subjectId, order.orderId)),
          type: 'order',
          ...plain,
          paymentProcessor: payment.processor,
          ...sealed,
          ...orderLookupKey(order.orderId),
          gsi2pk: FULFILLMENT_QUEUE,
          gsi2sk: `${order.createdAt}#${order.orderId}`,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  /** The order with its personal details; reads by anyone but the subject are audited first. */
  async read(subjectId: string, orderId: string, access: AccessContext): Promise<Order | undefined> {
    const item = await this.item(subjectId, orderId);
    if (!item) return undefined;
    if (!isSelfAccess(access, subjectId)) {
      if (await this.restricted(subjectId)) assertMayReadRestricted(access, subjectId);
      await this.deps.audit().append({
        actor: access.actor,
        action: 'order.read',
        subjectId,
        resource: `order/${orderId}`,
        purpose: access.purpose,
        fields: PERSONAL_ORDER_FIELDS.filter((f) => item[f] !== undefined),
        outcome: 'success',
        requestId: access.requestId,
      });
    }
    const personal = await this.deps.codec.open(subjectId, where(subjectId, orderId), item, PERSONAL_ORDER_FIELDS);
    return { ...toSummary(item), ...(personal as Pick<Order, 'shippingAddress' | 'payment'>) };
  }

  /** The order without personal details: no key, no audit needed. */
  async summary(subjectId: string, orderId: string): Promise<OrderSummary | undefined> {
    const item = await this.item(subjectId, orderId);
    return item ? toSummary(item) : undefined;
  }

  /** Whose order this is, by id alone (staff and carrier paths). */
  async ownerOf(orderId: string): Promise<string | undefined> {
    return ownerByLookup(this.deps.ddb, this.deps.table, orderLookupKey(orderId), 'Orders');
  }

  /** The subject's orders, newest first (ULID order ids sort by time). */
  async list(
    subjectId: string,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<{ orders: OrderSummary[]; cursor?: string | undefined }> {
    const result = await guarded('Orders', () =>
      this.deps.ddb.send(
        new QueryCommand({
          TableName: this.deps.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': subjectPk(subjectId), ':prefix': ORDER_PREFIX },
          ScanIndexForward: false,
          Limit: page.limit,
          ExclusiveStartKey: decodeCursor(page.cursor),
        }),
      ),
    );
    return { orders: (result.Items ?? []).map(toSummary), cursor: encodeCursor(result.LastEvaluatedKey) };
  }

  /** Orders waiting for fulfilment, oldest first, as (subject, order) references. */
  async queue(page: { limit: number; cursor?: string | undefined }) {
    const result = await guarded('Orders', () =>
      this.deps.ddb.send(
        new QueryCommand({
          TableName: this.deps.table,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :q',
          ExpressionAttributeValues: { ':q': FULFILLMENT_QUEUE },
          Limit: page.limit,
          ExclusiveStartKey: decodeCursor(page.cursor),
        }),
      ),
    );
    return {
      entries: (result.Items ?? []).map((i) => ({ subjectId: String(i.subjectId), orderId: String(i.orderId) })),
      cursor: encodeCursor(result.LastEvaluatedKey),
    };
  }

  /**
   * A transaction item moving the order from `change.from` to `change.to`; its condition fails if
   * the order is no longer in `from` (someone else changed it first). Leaving `placed` takes the
   * order off the fulfilment queue; completing it starts the retention clock.
   */
  statusItem(subjectId: string, orderId: string, change: StatusChange): TransactItem {
    const values: Record<string, unknown> = {
      ':from': change.from,
      ':to': change.to,
      ':at': change.at.toISOString(),
      ':history': [{ status: change.to, at: change.at.toISOString() }],
    };
    const sets = ['#status = :to', 'updatedAt = :at', 'statusHistory = list_append(statusHistory, :history)'];
    if (change.personalDataDue) {
      sets.push(
        'completedAt = :at',
        'personalDataRetainedUntil = :due',
        'retentionBucket = :bucket',
        'retentionDueAt = :dueAt',
      );
      values[':due'] = change.personalDataDue.toISOString();
      values[':bucket'] = retentionBucket(change.personalDataDue);
      values[':dueAt'] = Math.floor(change.personalDataDue.getTime() / 1000);
    }
    if (change.deliveredAt) {
      sets.push('deliveredAt = :deliveredAt');
      values[':deliveredAt'] = change.deliveredAt.toISOString();
    }
    return {
      Update: {
        TableName: this.deps.table,
        Key: { pk: subjectPk(subjectId), sk: orderSk(orderId) },
        UpdateExpression: `SET ${sets.join(', ')}${change.from === 'placed' ? ' REMOVE gsi2pk, gsi2sk' : ''}`,
        ConditionExpression: '#status = :from',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      },
    };
  }

  /** A transaction item replacing the sealed shipping address while the order is still `placed`. */
  async shippingAddressItem(order: OrderSummary, address: Order['shippingAddress'], at: Date): Promise<TransactItem> {
    const sealed = await this.deps.codec.seal(order.subjectId, where(order.subjectId, order.orderId), {
      shippingAddress: address,
    });
    return {
      Update: {
        TableName: this.deps.table,
        Key: { pk: subjectPk(order.subjectId), sk: orderSk(order.orderId) },
        UpdateExpression: 'SET shippingAddress = :address, updatedAt = :at',
        ConditionExpression: '#status = :placed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':address': sealed.shippingAddress, ':at': at.toISOString(), ':placed': 'placed' },
      },
    };
  }

  /** A transaction item adding an approved refund; its condition keeps refunds within the total. */
  refundItem(order: OrderSummary, amount: number, at: Date): TransactItem {
    return {
      Update: {
        TableName: this.deps.table,
        Key: { pk: subjectPk(order.subjectId), sk: orderSk(order.orderId) },
        UpdateExpression: 'SET refundedTotal = refundedTotal + :amount, updatedAt = :at',
        ConditionExpression: 'refundedTotal <= :ceiling',
        ExpressionAttributeValues: { ':amount': amount, ':ceiling': order.total - amount, ':at': at.toISOString() },
      },
    };
  }

  /** Whether the subject restricted processing (checked before any staff read). */
  private async restricted(subjectId: string): Promise<boolean> {
    const { Item } = await guarded('Orders', () =>
      this.deps.ddb.send(
        new GetCommand({
          TableName: this.deps.table,
          Key: { pk: subjectPk(subjectId), sk: PROFILE_SK },
          ProjectionExpression: 'restricted',
          ConsistentRead: true,
        }),
      ),
    );
    return Item?.restricted === true;
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

function toSummary(item: Record<string, unknown>): OrderSummary {
  const optional = (k: string) => (typeof item[k] === 'string' ? (item[k] as string) : undefined);
  return {
    orderId: String(item.orderId),
    subjectId: String(item.subjectId),
    status: item.status as OrderStatus,
    currency: item.currency as OrderSummary['currency'],
    lines: item.lines as OrderSummary['lines'],
    total: Number(item.total),
    refundedTotal: Number(item.refundedTotal ?? 0),
    statusHistory: (item.statusHistory as OrderSummary['statusHistory']) ?? [],
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
    completedAt: optional('completedAt'),
    deliveredAt: optional('deliveredAt'),
    personalDataRetainedUntil: optional('personalDataRetainedUntil'),
    anonymisedAt: optional('anonymisedAt'),
  };
}
