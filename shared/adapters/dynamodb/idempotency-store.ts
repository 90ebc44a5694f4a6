/**
 * Idempotency records: a retried request with the same key and body gets the first response; the
 * same key with another body is refused. The record is claimed in the same transaction as the change
 * it guards, so concurrent duplicates produce exactly one change. It keeps the order exactly as first
 * placed, sealed with the subject's key (it holds personal details), so a retry is answered with the
 * original response rather than the order's current state — and an erasure makes it unreadable.
 */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { Order } from '../../domain/order-record';
import { epochSeconds } from '../../domain/time';
import type { Clock } from '../../ports/clock';
import type { IdempotencyStore as IdempotencyPort, OrderIdempotencyRecord } from '../../ports/orders';
import type { Write } from '../../ports/unit-of-work';
import type { PersonalDataCodec } from '../crypto/personal-data-codec';
import { guarded } from './client';
import { decodeItem } from './decode';
import { placedOrderSnapshot } from './order-repository';
import { dynamoWrite } from './unit-of-work';

const recordItem = z.object({
  id: z.string(),
  requestHash: z.string(),
  resourceId: z.string(),
  createdAt: z.string(),
  expiresAt: z.number(),
  placed: z.string(),
});

const snapshotOf = z.object({ placed: placedOrderSnapshot });

/** Where the sealed snapshot lives, for the cipher's binding: table, key and attribute. */
const where = (id: string) => ({ table: 'idempotency', pk: id, sk: 'RECORD' });

export class IdempotencyStore implements IdempotencyPort {
  constructor(
    private readonly deps: {
      ddb: DynamoDBDocumentClient;
      table: string;
      ttlSeconds: number;
      clock: Clock;
      codec: PersonalDataCodec;
    },
  ) {}

  async find(id: string, subjectId: string): Promise<OrderIdempotencyRecord | undefined> {
    const Item = await this.live(id);
    if (!Item) return undefined;
    const { placed: _sealed, ...record } = decodeItem(recordItem, Item, 'idempotency record');
    const opened = await this.deps.codec.open(subjectId, where(id), Item, ['placed']);
    return { ...record, placed: decodeItem(snapshotOf, opened, 'placed order').placed };
  }

  async orderOf(id: string): Promise<string | undefined> {
    const item = await this.live(id);
    return item ? decodeItem(recordItem, item, 'idempotency record').resourceId : undefined;
  }

  /** The stored record, unless past its expiry (DynamoDB deletes expired items only eventually). */
  private async live(id: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await guarded('Idempotency records', () =>
      this.deps.ddb.send(new GetCommand({ TableName: this.deps.table, Key: { id }, ConsistentRead: true })),
    );
    if (!Item) return undefined;
    return decodeItem(recordItem, Item, 'idempotency record').expiresAt > epochSeconds(this.deps.clock.now())
      ? Item
      : undefined;
  }

  async claim(id: string, requestHash: string, placed: Order): Promise<Write> {
    const now = this.deps.clock.now();
    const sealed = await this.deps.codec.seal(placed.subjectId, where(id), { placed }, { createKey: false });
    return dynamoWrite('idempotency.claim', {
      Put: {
        TableName: this.deps.table,
        Item: {
          id,
          requestHash,
          resourceId: placed.orderId,
          createdAt: now.toISOString(),
          expiresAt: epochSeconds(now) + this.deps.ttlSeconds,
          placed: sealed.placed,
        },
        ConditionExpression: 'attribute_not_exists(id) OR expiresAt <= :now',
        ExpressionAttributeValues: { ':now': epochSeconds(now) },
      },
    });
  }
}
