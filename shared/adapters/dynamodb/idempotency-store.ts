/**
 * Idempotency records: a retried request with the same key and body gets the first result; the same
 * key with another body is refused. The record is claimed in the same transaction as the change it
 * guards, so concurrent duplicates produce exactly one change.
 */
import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { canonicalJson } from '../../domain/audit';
import { UnavailableError } from '../../domain/errors';
import { epochSeconds } from '../clock';
import type { TransactItem } from './audit-trail';

export interface IdempotencyRecord {
  readonly id: string;
  readonly requestHash: string;
  readonly resourceId: string;
  readonly createdAt: string;
  readonly expiresAt: number;
}

export class IdempotencyStore {
  constructor(
    private readonly deps: { ddb: DynamoDBDocumentClient; table: string; ttlSeconds: number; now: () => Date },
  ) {}

  /** The record id: a hash of scope, subject and client key, so raw client keys are never stored. */
  static recordId(scope: string, subjectId: string, key: string): string {
    return createHash('sha256').update(`${scope}\u0000${subjectId}\u0000${key}`).digest('hex');
  }

  static requestHash(body: unknown): string {
    return createHash('sha256').update(canonicalJson(body)).digest('hex');
  }

  /** The live record for `id`; one past its TTL counts as absent even if DynamoDB still holds it. */
  async find(id: string): Promise<IdempotencyRecord | undefined> {
    try {
      const { Item } = await this.deps.ddb.send(
        new GetCommand({ TableName: this.deps.table, Key: { id }, ConsistentRead: true }),
      );
      if (!Item || Number(Item.expiresAt) <= epochSeconds(this.deps.now())) return undefined;
      return Item as IdempotencyRecord;
    } catch {
      throw new UnavailableError('Idempotency records are temporarily unavailable; nothing was changed.');
    }
  }

  /** A transaction item claiming `id` for `resourceId`; it fails while a live record holds the id. */
  claimItem(id: string, requestHash: string, resourceId: string): TransactItem {
    const now = this.deps.now();
    return {
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
    };
  }
}
