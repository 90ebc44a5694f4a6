/**
 * The end of the audit retention period on DynamoDB: the only code that deletes audit records, run
 * by the only role granted `DeleteItem` on the audit table (the audit-retention job). It finds a
 * day's records through the audit table's day index, keeps each chain's newest expiring record as
 * the chain's floor, and deletes each record only if it is stamped before the retention floor — so
 * even this role's code cannot remove a record still inside the period.
 */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { AuditRecord } from '../../domain/audit';
import { addDaysToDay } from '../../domain/time';
import type { AuditExpiry } from '../../ports/audit';
import { fromItem } from './audit-trail';
import { guarded, isConditionalCheckFailure, queryAll } from './client';
import { decodeItem } from './decode';
import {
  AUDIT_FLOOR_SK,
  AUDIT_RETENTION_CHECKPOINT,
  auditIndexKeys,
  auditRecordSk,
  legacyAuditDayKey,
  subjectPk,
} from './keys';

export interface AuditExpiryDeps {
  readonly ddb: Pick<DynamoDBDocumentClient, 'send'>;
  readonly table: string;
}

/** Deletes in flight at once for one chain. */
const CONCURRENCY = 8;

const checkpointItem = z.object({ day: z.string() });

export class DynamoAuditExpiry implements AuditExpiry {
  constructor(private readonly deps: AuditExpiryDeps) {}

  async checkpoint(): Promise<string | undefined> {
    const { Item } = await guarded('Audit retention checkpoint', () =>
      this.deps.ddb.send(
        new GetCommand({ TableName: this.deps.table, Key: AUDIT_RETENTION_CHECKPOINT, ConsistentRead: true }),
      ),
    );
    return Item ? decodeItem(checkpointItem, Item, 'audit retention checkpoint').day : undefined;
  }

  async saveCheckpoint(day: string, at: Date): Promise<void> {
    try {
      await this.deps.ddb.send(
        new PutCommand({
          TableName: this.deps.table,
          Item: { ...AUDIT_RETENTION_CHECKPOINT, day, updatedAt: at.toISOString() },
          ConditionExpression: 'attribute_not_exists(pk) OR #day < :day',
          ExpressionAttributeNames: { '#day': 'day' },
          ExpressionAttributeValues: { ':day': day },
        }),
      );
    } catch (e) {
      // A concurrent run got further: the checkpoint never moves back.
      if (!isConditionalCheckFailure(e)) throw e;
    }
  }

  /**
   * One Limit-1 range Query per shard (in parallel) finds the earliest sharded record; the day
   * partitions of records written before sharding are looked at one day at a time up to it.
   */
  async firstDayWithRecords(fromDay: string, throughDay: string): Promise<string | undefined> {
    const first = async (key: string, from: string, to: string) => {
      const { Items } = await guarded('Audit records', () =>
        this.deps.ddb.send(
          new QueryCommand({
            TableName: this.deps.table,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :key AND gsi1sk BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':key': key, ':from': from, ':to': to },
            ProjectionExpression: 'gsi1sk',
            Limit: 1,
          }),
        ),
      );
      const sk = Items?.[0]?.gsi1sk;
      return typeof sk === 'string' ? sk.slice(0, 10) : undefined;
    };
    const days = await Promise.all(auditIndexKeys().map((s) => first(s, `${fromDay}T`, `${throughDay}T\uffff`)));
    const sharded = days.filter((d): d is string => d !== undefined).sort()[0];
    for (let day = fromDay; day <= throughDay && (!sharded || day < sharded); day = addDaysToDay(day, 1)) {
      if (await first(legacyAuditDayKey(day), `${day}T`, `${day}T\uffff`)) return day;
    }
    return sharded;
  }

  /**
   * The day's range of every shard, read in parallel, and the day's own partition of records written
   * before sharding; in time order across them, as one partition gave them.
   */
  async recordsOfDay(day: string): Promise<AuditRecord[]> {
    const range = { ':from': `${day}T`, ':to': `${day}T\uffff` };
    const shards = await Promise.all([
      ...auditIndexKeys().map((shard) =>
        queryAll(
          this.deps.ddb,
          {
            TableName: this.deps.table,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :shard AND gsi1sk BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':shard': shard, ...range },
          },
          'Audit records',
        ),
      ),
      queryAll(
        this.deps.ddb,
        {
          TableName: this.deps.table,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :day',
          ExpressionAttributeValues: { ':day': legacyAuditDayKey(day) },
        },
        'Audit records',
      ),
    ]);
    const bySortKey = (item: Record<string, unknown>) => String(item.gsi1sk ?? '');
    const items = shards
      .flat()
      .sort((a, b) => (bySortKey(a) < bySortKey(b) ? -1 : bySortKey(a) > bySortKey(b) ? 1 : 0));
    return items.map(fromItem);
  }

  /** The floor only moves forward: a concurrent or repeated run never replaces a newer floor. */
  async keepFloor(record: AuditRecord): Promise<void> {
    try {
      await this.deps.ddb.send(
        new PutCommand({
          TableName: this.deps.table,
          Item: { pk: subjectPk(record.subjectId), sk: AUDIT_FLOOR_SK, ...record },
          ConditionExpression: 'attribute_not_exists(pk) OR seq < :seq',
          ExpressionAttributeValues: { ':seq': record.seq },
        }),
      );
    } catch (e) {
      if (!isConditionalCheckFailure(e)) throw e;
    }
  }

  async remove(subjectId: string, seqs: readonly number[], before: Date): Promise<number> {
    let removed = 0;
    const pending = seqs.values();
    const worker = async () => {
      for (const seq of pending) {
        try {
          await this.deps.ddb.send(
            new DeleteCommand({
              TableName: this.deps.table,
              Key: { pk: subjectPk(subjectId), sk: auditRecordSk(seq) },
              ConditionExpression: '#at < :before',
              ExpressionAttributeNames: { '#at': 'at' },
              ExpressionAttributeValues: { ':before': before.toISOString() },
            }),
          );
          removed++;
        } catch (e) {
          if (!isConditionalCheckFailure(e)) throw e;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, seqs.length) }, worker));
    return removed;
  }
}
