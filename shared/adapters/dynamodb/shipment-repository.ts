/**
 * Shipments in the data table (`SUBJECT#<id>` / `SHIPMENT#<orderId>`), found by tracking number
 * through gsi1. Carrier events are applied once: each claims `CARRIER_EVENT#<carrier>#<eventId>` in
 * the same transaction that advances the shipment. While in transit a shipment sits in the gsi2
 * in-transit queue under its latest sign of life, so the silent ones are a range Query away.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { isFinal, SHIPMENT_STATUSES, type ShipmentStatus } from '../../domain/shipment';
import type { Shipment, ShipmentEvent } from '../../domain/shipment-record';
import { daysInSeconds, epochSeconds } from '../../domain/time';
import type { ShipmentStore } from '../../ports/orders';
import type { Page } from '../../ports/page';
import type { Write } from '../../ports/unit-of-work';
import { type DynamoDeps, guarded } from './client';
import { decodeItem } from './decode';
import {
  carrierEventKey,
  inTransitQueueKey,
  inTransitQueueKeys,
  shipmentSk,
  subjectPk,
  trackingLookupKey,
} from './keys';
import { shardedPageAfter } from './sharded-query';
import { dynamoWrite } from './unit-of-work';

const shipmentItem = z.object({
  shipmentId: z.string(),
  orderId: z.string(),
  subjectId: z.string(),
  carrier: z.string(),
  service: z.string(),
  trackingNumber: z.string(),
  status: z.enum(SHIPMENT_STATUSES),
  events: z
    .array(z.object({ status: z.enum(SHIPMENT_STATUSES), occurredAt: z.string(), location: z.string().optional() }))
    .default([]),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const toShipment = (item: Record<string, unknown>): Shipment => decodeItem(shipmentItem, item, 'shipment');

/** The in-transit queue's sort key: the latest sign of life first, so "silent since" is a range. */
const lastHeardOf = (at: string, orderId: string): string => `${at}#${orderId}`;

export interface ShipmentRepositoryDeps extends DynamoDeps {
  /** CARRIER_EVENT_MEMORY_DAYS: how long an applied carrier event id is remembered (far beyond any retry window). */
  readonly carrierEventMemoryDays: number;
}

export class ShipmentRepository implements ShipmentStore {
  constructor(private readonly deps: ShipmentRepositoryDeps) {}

  create(shipment: Shipment): Write {
    return dynamoWrite('shipment.create', {
      Put: {
        TableName: this.deps.table,
        Item: {
          pk: subjectPk(shipment.subjectId),
          sk: shipmentSk(shipment.orderId),
          type: 'shipment',
          ...shipment,
          ...trackingLookupKey(shipment.carrier, shipment.trackingNumber),
          gsi2pk: inTransitQueueKey(shipment.orderId),
          gsi2sk: lastHeardOf(shipment.createdAt, shipment.orderId),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
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
    const [first] = result.Items ?? [];
    if (!first) return undefined;
    const ref = decodeItem(z.object({ subjectId: z.string(), orderId: z.string() }), first, 'tracking lookup');
    return this.forOrder(ref.subjectId, ref.orderId);
  }

  advance(shipment: Shipment, from: ShipmentStatus, event: ShipmentEvent, at: Date): Write {
    const iso = at.toISOString();
    const queue = isFinal(event.status) ? ' REMOVE gsi2pk, gsi2sk' : ', gsi2sk = :lastHeard';
    return dynamoWrite('shipment.advance', {
      Update: {
        TableName: this.deps.table,
        Key: { pk: subjectPk(shipment.subjectId), sk: shipmentSk(shipment.orderId) },
        UpdateExpression: `SET #status = :to, updatedAt = :at, events = list_append(events, :event)${queue}`,
        ConditionExpression: '#status = :from',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':to': event.status,
          ':from': from,
          ':at': iso,
          ':event': [event],
          ...(!isFinal(event.status) && { ':lastHeard': lastHeardOf(iso, shipment.orderId) }),
        },
      },
    });
  }

  /**
   * The longest silent first, across the queue's shards read in parallel. `gsi2sk` (`<at>#<orderId>`)
   * is unique, and no key equals `silentSince` itself, so `BETWEEN` is "before silentSince".
   */
  async silent(silentSince: Date, page: Page): Promise<{ shipments: Shipment[]; cursor?: string | undefined }> {
    const since = silentSince.toISOString();
    const { items, cursor } = await shardedPageAfter(
      this.deps.ddb,
      inTransitQueueKeys(),
      (shard, after) => ({
        TableName: this.deps.table,
        IndexName: 'gsi2',
        KeyConditionExpression:
          after === undefined ? 'gsi2pk = :q AND gsi2sk < :since' : 'gsi2pk = :q AND gsi2sk BETWEEN :after AND :since',
        ExpressionAttributeValues: { ':q': shard, ':since': since, ...(after !== undefined && { ':after': after }) },
      }),
      { sortKey: 'gsi2sk', what: 'Shipments' },
      page,
    );
    return { shipments: items.map(toShipment), cursor };
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

  claimCarrierEvent(carrier: string, eventId: string, at: Date): Write {
    return dynamoWrite('carrier-event.claim', {
      Put: {
        TableName: this.deps.table,
        Item: {
          ...carrierEventKey(carrier, eventId),
          type: 'carrier-event',
          appliedAt: at.toISOString(),
          expiresAt: epochSeconds(at) + daysInSeconds(this.deps.carrierEventMemoryDays),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }
}
