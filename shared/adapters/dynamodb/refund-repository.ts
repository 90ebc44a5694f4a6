/** Refund requests in the data table (`SUBJECT#<id>` / `REFUND#<orderId>#<refundId>`); reasons sealed. */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { Refund, RefundStatus } from '../../domain/refund-record';
import type { RefundStore } from '../../ports/orders';
import type { Write } from '../../ports/unit-of-work';
import type { PersonalDataCodec } from '../crypto/personal-data-codec';
import { type DynamoDeps, guarded, itemKey, queryPages } from './client';
import { decodeItem } from './decode';
import { REFUND_PREFIX, refundPrefix, refundSk, subjectPk } from './keys';
import { dynamoWrite } from './unit-of-work';

const where = (r: Pick<Refund, 'subjectId' | 'orderId' | 'refundId'>) => ({
  table: 'data',
  pk: subjectPk(r.subjectId),
  sk: refundSk(r.orderId, r.refundId),
});

const refundItem = z.object({
  refundId: z.string(),
  orderId: z.string(),
  subjectId: z.string(),
  lines: z.array(z.object({ sku: z.string(), quantity: z.number() })).default([]),
  amount: z.number(),
  currency: z.string(),
  status: z.enum(['requested', 'approved', 'rejected']),
  requestedAt: z.string(),
  decidedAt: z.string().optional(),
});

export class RefundRepository implements RefundStore {
  constructor(private readonly deps: DynamoDeps & { codec: PersonalDataCodec }) {}

  async create(refund: Refund, reason: string): Promise<Write> {
    const sealed = await this.deps.codec.seal(refund.subjectId, where(refund), { reason });
    return dynamoWrite('refund.create', {
      Put: {
        TableName: this.deps.table,
        Item: { ...itemKey(where(refund)), type: 'refund', ...refund, ...sealed },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }

  async decide(refund: Refund, status: Exclude<RefundStatus, 'requested'>, reason: string, at: Date): Promise<Write> {
    const sealed = await this.deps.codec.seal(refund.subjectId, where(refund), { decisionReason: reason });
    return dynamoWrite('refund.decide', {
      Update: {
        TableName: this.deps.table,
        Key: { pk: subjectPk(refund.subjectId), sk: refundSk(refund.orderId, refund.refundId) },
        UpdateExpression: 'SET #status = :status, decidedAt = :at, decisionReason = :reason',
        ConditionExpression: '#status = :requested',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': status,
          ':at': at.toISOString(),
          ':reason': sealed.decisionReason,
          ':requested': 'requested',
        },
      },
    });
  }

  /** Every refund of one order, oldest first (without reasons). */
  async forOrder(subjectId: string, orderId: string): Promise<Refund[]> {
    const result = await guarded('Refunds', () =>
      this.deps.ddb.send(
        new QueryCommand({
          TableName: this.deps.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': subjectPk(subjectId), ':prefix': refundPrefix(orderId) },
          ConsistentRead: true,
        }),
      ),
    );
    return (result.Items ?? []).map((i) => decodeItem(refundItem, i, 'refund'));
  }

  async hasPending(subjectId: string): Promise<boolean> {
    const pages = queryPages(
      this.deps.ddb,
      {
        TableName: this.deps.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :refund)',
        FilterExpression: '#status = :requested',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pk': subjectPk(subjectId), ':refund': REFUND_PREFIX, ':requested': 'requested' },
        ProjectionExpression: 'sk',
        ConsistentRead: true,
      },
      'Refunds',
    );
    for await (const items of pages) if (items.length > 0) return true;
    return false;
  }
}
