/**
 * Shipments in the data table (`SUBJECT#<id>` / `SHIPMENT#<orderId>`), found by tracking number
 * through gsi1. Carrier events are applied once: each claims `CARRIER_EVENT#<carrier>#<eventId>` in
 * the same transaction that advances the shipment.
 */
import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ShipmentStatus } from '../../domain/shipment';
import type { Shipment, ShipmentEvent } from '../../domain/shipment-record';
import { epochSeconds } from '../clock';
import type { TransactItem } from './audit-trail';
import { guarded } from './client';
import { carrierEventKey, shipmentSk, subjectPk, trackingLookupKey } from './keys';

/** Carrier event ids are remembered this long: far beyond any carrier's retry window. */
const CARRIER_EVENT_MEMORY_DAYS = 30;

export class ShipmentRepository {
  constructor(private readonly deps: { ddb: DynamoDBDocumentClient; table: string }) {}

  /** A transaction item creating the order's shipment; an order has at most one. */
  createItem(shipment: Shipment): TransactItem {
    return {
      Put: {
        TableName: this.deps.table,
        Item: {
          pk: subjectPk(shipment.subjectId),
          sk: shipmentSk(shipment.orderId),
          type: 'shipment',
          ...shipment,
          ...trackingLookupKey(shipment.carrier, shipment.trackingNumber),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  async forOrder(subjectId: string, orderId: string): Promise<Shipment | undefined> {
    const { Item } = await guarded('Shipments', () =>
      this.deps.ddb.send(
        new GetCommand({
          TableName: this.deps.table,
          Key: { pk: subjectPk(subjectId), sk: shipmentSk(orderId) },
          ConsistentRead: true,
        }),
      ),
    );
    return Item ? toShipment(Item) : undefined;
  }

  /** The shipment a carrier refers to; the index is eventually consistent, so re-read the item. */
  async byTrackingNumber(carrier: string, trackingNumber: string): Promise<Shipment | undefined> {
    const key = trackingLookupKey(carrier, trackingNumber);
    const result = await guarded('Shipments', () =>
      this.deps.ddb.send(
        new QueryCommand({
          TableName: this.deps.table,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk = :sk',
          ExpressionAttributeValues: { ':pk': key.gsi1pk, ':sk': key.gsi1sk },
          ProjectionExpression: 'subjectId, orderId',
        }),
      ),
    );
    const ref = result.Items?.[0];
    return ref ? this.forOrder(String(ref.subjectId), String(ref.orderId)) : undefined;
  }

  /** A transaction item advancing the shipment from `from`; fails if it is no longer in `from`. */
  advanceItem(shipment: Shipment, from: ShipmentStatus, event: ShipmentEvent, at: Date): TransactItem {
    return {
      Update: {
        TableName: this.deps.table,
        Key: { pk: subjectPk(shipment.subjectId), sk: shipmentSk(shipment.orderId) },
        UpdateExpression: 'SET #status = :to, updatedAt = :at, events = list_append(events, :event)',
        ConditionExpression: '#status = :from',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':to': event.status,
          ':from': from,
          ':at': at.toISOString(),
          ':event': [event],
        },
      },
    };
  }

  /** True if this carrier event id was applied already (the conditional claim covers races). */
  async eventApplied(carrier: string, eventId: string): Promise<boolean> {
    const { Item } = await guarded('Shipments', () =>
      this.deps.ddb.send(
        new GetCommand({ TableName: this.deps.table, Key: carrierEventKey(carrier, eventId), ConsistentRead: true }),
      ),
    );
    return Item !== undefined;
  }

  /** A transaction item recording that a carrier event was applied; a second claim fails. */
  claimCarrierEventItem(carrier: string, eventId: string, at: Date): TransactItem {
    return {
      Put: {
        TableName: this.deps.table,
        Item: {
          ...carrierEventKey(carrier, eventId),
          type: 'carrier-event',
          appliedAt: at.toISOString(),
          expiresAt: epochSeconds(at) + CARRIER_EVENT_MEMORY_DAYS * 86_400,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }
}

function toShipment(i: Record<string, unknown>): Shipment {
  return {
    shipmentId: String(i.shipmentId),
    orderId: String(i.orderId),
    subjectId: String(i.subjectId),
    carrier: String(i.carrier),
    service: String(i.service),
    trackingNumber: String(i.trackingNumber),
    status: i.status as ShipmentStatus,
    events: (i.events as ShipmentEvent[]) ?? [],
    createdAt: String(i.createdAt),
    updatedAt: String(i.updatedAt),
  };
}
