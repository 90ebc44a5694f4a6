/** The payment-reconciliation job's checkpoint in the data table (`JOB#payment-reconciliation` / `CHECKPOINT`). */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { UnavailableError } from '../../domain/errors';
import type { ReconciliationLog } from '../../ports/payments';
import { type DynamoDeps, guarded, isConditionalCheckFailure } from './client';
import { decodeItem } from './decode';
import { jobCheckpointKey } from './keys';

export const PAYMENT_RECONCILIATION_JOB = 'payment-reconciliation';

const checkpointItem = z.object({ examinedUntil: z.string() });

export class DynamoReconciliationLog implements ReconciliationLog {
  constructor(private readonly deps: DynamoDeps) {}

  async checkpoint(): Promise<Date | undefined> {
    const { Item } = await guarded('The reconciliation checkpoint', () =>
      this.deps.ddb.send(
        new GetCommand({
          TableName: this.deps.table,
          Key: jobCheckpointKey(PAYMENT_RECONCILIATION_JOB),
          ConsistentRead: true,
        }),
      ),
    );
    return Item ? new Date(decodeItem(checkpointItem, Item, 'reconciliation checkpoint').examinedUntil) : undefined;
  }

  async saveCheckpoint(examinedUntil: Date, at: Date): Promise<void> {
    const until = examinedUntil.toISOString();
    try {
      await this.deps.ddb.send(
        new PutCommand({
          TableName: this.deps.table,
          Item: {
            ...jobCheckpointKey(PAYMENT_RECONCILIATION_JOB),
            type: 'job-checkpoint',
            job: PAYMENT_RECONCILIATION_JOB,
            examinedUntil: until,
            updatedAt: at.toISOString(),
          },
          // ISO instants sort as text: a run that got further is never moved back.
          ConditionExpression: 'attribute_not_exists(pk) OR examinedUntil < :until',
          ExpressionAttributeValues: { ':until': until },
        }),
      );
    } catch (e) {
      if (isConditionalCheckFailure(e)) return;
      throw new UnavailableError('The reconciliation checkpoint is temporarily unavailable.');
    }
  }
}
