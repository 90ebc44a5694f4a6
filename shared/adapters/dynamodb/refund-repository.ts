/** Refund requests in the data table (`SUBJECT#<id>` / `REFUND#<orderId>#<refundId>`); reasons sealed. */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { UnavailableError } from '../../domain/errors';
import type { Refund, RefundStatus } from '../../domain/refund-record';
import type { PersonalDataCodec } from '../crypto/personal-data-codec';
import type { TransactItem } from './audit-trail';
import { itemKey } from './client';
import { refundPrefix, refundSk, subjectPk } from './keys';

const where = (r: Pick<Refund, 'subjectId' | 'orderId' | 'refundId'>) => ({
  table: 'data',
  pk: subjectPk(r.subjectId),
  sk: refundSk(r.orderId, r.refundId),
});

export class RefundRepository {
  constructor(private readonly deps: { ddb: DynamoDBDocumentClient; table: string; codec: PersonalDataCodec }) {}

  async createItem(refund: Refund, reason: string): Promise<TransactItem> {
    const sealed = await this.deps.codec.seal(refund.subjectId, where(refund), { reason });
    return {
      Put: {
        TableName: this.deps.table,
        Item: { ...itemKey(where(refund)), type: 'refund', ...refund, ...sealed },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  /** A transaction item recording the decision; fails unless the refund is still `requested`. */
  async decisionItem(
    refund: Refund,
    status: Exclude<RefundStatus, 'requested'>,
    reason: string,
    at: Date,
  ): Promise<TransactItem> {
    const sealed = await this.deps.codec.seal(refund.subjectId, where(refund), { decisionReason: reason });
    return {
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
    };
  }

  /** Every refund of one order, oldest first (without reasons). */
  async forOrder(subjectId: string, orderId: string): Promise<Refund[]> {
    try {
      const result = await this.deps.ddb.send(
        new QueryCommand({
          TableName: this.deps.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': subjectPk(subjectId), ':prefix': refundPrefix(orderId) },
          ConsistentRead: true,
        }),
      );
      return (result.Items ?? []).map((i) => ({
        refundId: String(i.refundId),
        orderId: String(i.orderId),
        subjectId: String(i.subjectId),
        lines: (i.lines as Refund['lines']) ?? [],
        amount: Number(i.amount),
        currency: String(i.currency),
        status: i.status as RefundStatus,
        requestedAt: String(i.requestedAt),
        decidedAt: typeof i.decidedAt === 'string' ? i.decidedAt : undefined,
      }));
    } catch {
      throw new UnavailableError('Refunds are temporarily unavailable.');
    }
  }
}
