/**
 * Idempotency records: a retried request with the same key and body gets the first result; the same
 * key with another body is refused. The record is claimed in the same transaction as the change it
 * guards, so concurrent duplicates produce exactly one change.
 */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { epochSeconds } from '../../domain/time';
import type { Clock } from '../../ports/clock';
import type { IdempotencyStore as IdempotencyPort, IdempotencyRecord } from '../../ports/orders';
import type { Write } from '../../ports/unit-of-work';
import { guarded } from './client';
import { decodeItem } from './decode';
import { dynamoWrite } from './unit-of-work';

const recordItem = z.object({
  id: z.string(),
  requestHash: z.string(),
  resourceId: z.string(),
  createdAt: z.string(),
  expiresAt: z.number(),
});

export class IdempotencyStore implements IdempotencyPort {
  constructor(
    private readonly deps: { ddb: DynamoDBDocumentClient; table: string; ttlSeconds: number; clock: Clock },
  ) {}

  async find(id: string): Promise<IdempotencyRecord | undefined> {
    const { Item } = await guarded('Idempotency records', () =>
      this.deps.ddb.send(new GetCommand({ TableName: this.deps.table, Key: { id }, ConsistentRead: true })),
    );
    if (!Item) return undefined;
    const record = decodeItem(recordItem, Item, 'idempotency record');
    return record.expiresAt > epochSeconds(this.deps.clock.now()) ? record : undefined;
  }

  claim(id: string, requestHash: string, resourceId: string): Write {
    const now = this.deps.clock.now();
    return dynamoWrite('idempotency.claim', {
      Put: {
        TableName: this.deps.table,
        Item: {
          id,
          requestHash,
          resourceId,
          createdAt: now.toISOString(),
          expiresAt: epochSeconds(now) + this.deps.ttlSeconds,
        },
        ConditionExpression: 'attribute_not_exists(id) OR expiresAt <= :now',
        ExpressionAttributeValues: { ':now': epochSeconds(now) },
      },
    });
  }
}
