/**
 * The append-only audit trail on DynamoDB. Each subject has its own hash chain: records at
 * `REC#<seq>` and a head item holding the last sequence number and hash. Appends are conditional
 * (a record is never overwritten; the head moves only from the sequence we read), and a data
 * change commits in the same transaction as its audit record, so neither lands without the other.
 */
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { ROLES } from '../../domain/access';
import {
  type AuditEvent,
  type AuditRecord,
  type ChainVerification,
  chainRecord,
  verifyChain,
} from '../../domain/audit';
import { UnavailableError } from '../../domain/errors';
import { newId } from '../../domain/ids';
import { daysInSeconds, epochSeconds } from '../../domain/time';
import type { AuditLog } from '../../ports/audit';
import { failedConditionIndexes, queryAll, queryPage } from './client';
import { decodeItem } from './decode';
import { AUDIT_HEAD_SK, AUDIT_RECORD_PREFIX, auditRecordSk, subjectPk } from './keys';
import { DataConditionFailed, isTransientTransactionError, type TransactItem } from './unit-of-work';

export type { TransactItem };

export interface AuditTrailDeps {
  readonly ddb: DynamoDBDocumentClient;
  readonly table: string;
  readonly now: () => Date;
  readonly retentionDays: number;
}

interface Head {
  seq: number;
  hash: string;
}

const MAX_ATTEMPTS = 8;

/** Chain heads remembered per process: a guess that saves a read; the head's condition checks it. */
const MAX_KNOWN_HEADS = 1000;

export class AuditTrail implements AuditLog {
  private readonly knownHeads = new Map<string, Head>();

  constructor(private readonly deps: AuditTrailDeps) {}

  /** Appends one record on its own (e.g. before returning personal data to staff). Fails closed. */
  async append(event: AuditEvent): Promise<AuditRecord> {
    const [record] = await this.transact([], [event]);
    if (!record) throw new UnavailableError('Audit trail unavailable.');
    return record;
  }

  /**
   * Commits `items` and the audit records for `events` in one transaction (the unit of work's
   * engine). A failed data condition throws DataConditionFailed with the items' positions; a lost
   * race on a chain head is retried with the new head; anything else is an UnavailableError.
   */
  async transact(items: readonly TransactItem[], events: readonly AuditEvent[]): Promise<AuditRecord[]> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const { auditItems, records } = await this.prepare(events);
      try {
        await this.deps.ddb.send(new TransactWriteCommand({ TransactItems: [...items, ...auditItems] }));
        for (const r of records) this.remember(r.subjectId, { seq: r.seq, hash: r.hash });
        return records;
      } catch (e) {
        // Whatever happened, the remembered heads of these chains may be stale now.
        for (const ev of events) this.knownHeads.delete(ev.subjectId);
        const failed = failedConditionIndexes(e);
        const dataFailures = failed.filter((i) => i < items.length);
        if (dataFailures.length > 0) throw new DataConditionFailed(dataFailures);
        const retryable = failed.length > 0 || isTransientTransactionError(e);
        if (!retryable) throw new UnavailableError('The change could not be recorded; nothing was changed.');
        await sleep(Math.min(200, 5 * 2 ** attempt) * Math.random());
      }
    }
    throw new UnavailableError('The audit trail is busy; nothing was changed. Retry shortly.');
  }

  /** Records of one subject's chain, newest first, for the access log and the auditor. */
  async list(
    subjectId: string,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<{ records: AuditRecord[]; cursor?: string | undefined }> {
    const { items, cursor } = await queryPage(
      this.deps.ddb,
      {
        TableName: this.deps.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :rec)',
        ExpressionAttributeValues: { ':pk': subjectPk(subjectId), ':rec': AUDIT_RECORD_PREFIX },
        ScanIndexForward: false,
      },
      page,
      'Audit records',
    );
    return { records: items.map(fromItem), cursor };
  }

  /** Records of one UTC day across all chains (`yyyy-mm-dd`), newest first, between `from` and `to`. */
  async listDay(
    day: string,
    range: { from: string; to: string },
    page: { limit: number; cursor?: string | undefined },
  ): Promise<{ records: AuditRecord[]; cursor?: string | undefined }> {
    const { items, cursor } = await queryPage(
      this.deps.ddb,
      {
        TableName: this.deps.table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :day AND gsi1sk BETWEEN :from AND :to',
        // The sort key starts with the ISO time; '\uffff' keeps every record of the `to` instant.
        ExpressionAttributeValues: { ':day': `DAY#${day}`, ':from': range.from, ':to': `${range.to}\uffff` },
        ScanIndexForward: false,
      },
      page,
      'Audit records',
    );
    return { records: items.map(fromItem), cursor };
  }

  /** The chains (subject ids) that gained a record on a UTC day, for verification runs. */
  async chainsTouched(day: string): Promise<string[]> {
    const items = await queryAll(
      this.deps.ddb,
      {
        TableName: this.deps.table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :day',
        ExpressionAttributeValues: { ':day': `DAY#${day}` },
        ProjectionExpression: 'subjectId',
      },
      'Audit records',
    );
    const chain = z.object({ subjectId: z.string() });
    return [...new Set(items.map((item) => decodeItem(chain, item, 'audit record').subjectId))];
  }

  /** Re-hashes a subject's whole chain and checks every link and the head. */
  async verify(subjectId: string): Promise<ChainVerification> {
    const items = await queryAll(
      this.deps.ddb,
      {
        TableName: this.deps.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :rec)',
        ExpressionAttributeValues: { ':pk': subjectPk(subjectId), ':rec': AUDIT_RECORD_PREFIX },
        ConsistentRead: true,
      },
      'Audit records',
    );
    return verifyChain(subjectId, items.map(fromItem), await this.head(subjectId));
  }

  private async prepare(
    events: readonly AuditEvent[],
  ): Promise<{ auditItems: TransactItem[]; records: AuditRecord[] }> {
    const heads = new Map<string, Head | undefined>();
    for (const subjectId of new Set(events.map((e) => e.subjectId))) {
      heads.set(subjectId, this.knownHeads.get(subjectId) ?? (await this.head(subjectId)));
    }
    const readHeads = new Map(heads);
    const at = this.deps.now();
    const expiresAt = epochSeconds(at) + daysInSeconds(this.deps.retentionDays);
    const auditItems: TransactItem[] = [];
    const records = events.map((event) => {
      const record = chainRecord(event, heads.get(event.subjectId), { id: newId(at), at });
      heads.set(event.subjectId, { seq: record.seq, hash: record.hash });
      auditItems.push({
        Put: {
          TableName: this.deps.table,
          Item: {
            pk: subjectPk(event.subjectId),
            sk: auditRecordSk(record.seq),
            ...record,
            expiresAt,
            gsi1pk: `DAY#${record.at.slice(0, 10)}`,
            gsi1sk: `${record.at}#${event.subjectId}#${record.seq}`,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
      return record;
    });
    for (const [subjectId, head] of heads) {
      const previous = readHeads.get(subjectId);
      auditItems.push({
        Put: {
          TableName: this.deps.table,
          Item: {
            pk: subjectPk(subjectId),
            sk: AUDIT_HEAD_SK,
            seq: head?.seq,
            hash: head?.hash,
            updatedAt: at.toISOString(),
          },
          ...(previous
            ? { ConditionExpression: 'seq = :seq', ExpressionAttributeValues: { ':seq': previous.seq } }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        },
      });
    }
    return { auditItems, records };
  }

  private remember(subjectId: string, head: Head): void {
    this.knownHeads.delete(subjectId);
    this.knownHeads.set(subjectId, head);
    if (this.knownHeads.size > MAX_KNOWN_HEADS) {
      const oldest = this.knownHeads.keys().next().value;
      if (oldest !== undefined) this.knownHeads.delete(oldest);
    }
  }

  private async head(subjectId: string): Promise<Head | undefined> {
    try {
      const { Item } = await this.deps.ddb.send(
        new GetCommand({
          TableName: this.deps.table,
          Key: { pk: subjectPk(subjectId), sk: AUDIT_HEAD_SK },
          ConsistentRead: true,
        }),
      );
      return Item ? { seq: Number(Item.seq), hash: String(Item.hash) } : undefined;
    } catch {
      throw new UnavailableError('The audit trail is unavailable; nothing was changed.');
    }
  }
}

/** An audit record as stored: exactly what was hashed (keys and index attributes are dropped). */
const auditRecordItem = z.object({
  actor: z.object({ id: z.string(), role: z.enum([...ROLES, 'system']) }),
  action: z.string(),
  subjectId: z.string(),
  resource: z.string(),
  purpose: z.string(),
  fields: z.array(z.string()),
  outcome: z.enum(['success', 'denied', 'failure']),
  requestId: z.string(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  seq: z.number().int().positive(),
  id: z.string(),
  at: z.string(),
  prevHash: z.string(),
  hash: z.string(),
});

const fromItem = (item: Record<string, unknown>): AuditRecord => decodeItem(auditRecordItem, item, 'audit record');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
