/**
 * Refund requests in the data table (`SUBJECT#<id>` / `REFUND#<orderId>#<refundId>`); reasons sealed.
 * An approved refund waits in the gsi2 processor-refund queue until the processor confirmed it.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { ProcessorRefund, Refund, RefundStatus } from '../../domain/refund-record';
import type { RefundStore } from '../../ports/orders';
import type { Page } from '../../ports/page';
import type { Write } from '../../ports/unit-of-work';
import type { PersonalDataCodec } from '../crypto/personal-data-codec';
import { type DynamoDeps, guarded, itemKey, queryPages } from './client';
import { decodeItem } from './decode';
import {
  processorRefundQueueKey,
  processorRefundQueueKeys,
  REFUND_PREFIX,
  refundPrefix,
  refundSk,
  subjectPk,
} from './keys';
import { shardedPageAfter } from './sharded-query';
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
  processorRefund: z
    .discriminatedUnion('status', [
      z.object({ status: z.literal('pending') }),
      z.object({ status: z.literal('succeeded'), refundId: z.string() }),
      z.object({ status: z.literal('failed'), reason: z.string() }),
    ])
    .optional(),
});

const toRefund = (item: Record<string, unknown>): Refund => decodeItem(refundItem, item, 'refund');

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
    const iso = at.toISOString();
    const approved = status === 'approved';
    return dynamoWrite('refund.decide', {
      Update: {
        TableName: this.deps.table,
        Key: { pk: subjectPk(refund.subjectId), sk: refundSk(refund.orderId, refund.refundId) },
        UpdateExpression: `SET #status = :status, decidedAt = :at, decisionReason = :reason${
          approved ? ', processorRefund = :pending, gsi2pk = :queue, gsi2sk = :queued' : ''
        }`,
        ConditionExpression: '#status = :requested',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': status,
          ':at': iso,
          ':reason': sealed.decisionReason,
          ':requested': 'requested',
          ...(approved && {
            ':pending': { status: 'pending' },
            ':queue': processorRefundQueueKey(refund.refundId),
            ':queued': `${iso}#${refund.refundId}`,
          }),
        },
      },
    });
  }

  settle(refund: Refund, outcome: Exclude<ProcessorRefund, { status: 'pending' }>, at: Date): Write {
    return dynamoWrite('refund.settle', {
      Update: {
        TableName: this.deps.table,
        Key: { pk: subjectPk(refund.subjectId), sk: refundSk(refund.orderId, refund.refundId) },
        UpdateExpression: 'SET processorRefund = :outcome, settledAt = :at REMOVE gsi2pk, gsi2sk',
        ConditionExpression: 'processorRefund.#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':outcome': outcome, ':at': at.toISOString(), ':pending': 'pending' },
      },
    });
  }

  /** Oldest first across the queue's shards, read in parallel (`gsi2sk` is `<at>#<refundId>`, unique). */
  async awaitingProcessor(page: Page): Promise<{ refunds: Refund[]; cursor?: string | undefined }> {
    const { items, cursor } = await shardedPageAfter(
      this.deps.ddb,
      processorRefundQueueKeys(),
      (shard, after) => ({
        TableName: this.deps.table,
        IndexName: 'gsi2',
        KeyConditionExpression: after === undefined ? 'gsi2pk = :q' : 'gsi2pk = :q AND gsi2sk >= :after',
        ExpressionAttributeValues: { ':q': shard, ...(after !== undefined && { ':after': after }) },
      }),
      { sortKey: 'gsi2sk', what: 'Refunds' },
      page,
    );
    return { refunds: items.map(toRefund), cursor };
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
    return (result.Items ?? []).map(toRefund);
  }

  async hasPending(subjectId: string): Promise<boolean> {
    const pages = queryPages(
      this.deps.ddb,
      {
        TableName: this.deps.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :refund)',
        // Waiting for a decision, or approved and waiting for the processor: either way money may still move.
        FilterExpression: '#status = :requested OR processorRefund.#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':pk': subjectPk(subjectId),
          ':refund': REFUND_PREFIX,
          ':requested': 'requested',
          ':pending': 'pending',
        },
        ProjectionExpression: 'sk',
        ConsistentRead: true,
      },
      'Refunds',
    );
    for await (const items of pages) if (items.length > 0) return true;
    return false;
  }
}
