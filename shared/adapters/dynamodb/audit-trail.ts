/**
 * The append-only audit trail on DynamoDB. Each subject has its own hash chain: records at
 * `REC#<seq>`, a head item holding the last sequence number and hash and, once old records expired,
 * a floor item (the last expired record, kept whole). Appends are conditional — a record never
 * overwrites another, the head moves only from the sequence and hash we read — and a data change
 * commits in the same transaction as its audit record, so neither lands without the other. Records
 * carry no TTL: only the audit-retention job removes them (docs/decisions/0032).
 */
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { ROLES } from '../../domain/access';
import {
  type AuditEvent,
  type AuditRecord,
  type ChainHead,
  type ChainVerification,
  chainRecord,
  retentionFloor,
  type StoredChain,
  verifyChain,
} from '../../domain/audit';
import { UnavailableError } from '../../domain/errors';
import { newId } from '../../domain/ids';
import { addDaysToDay, dayOf } from '../../domain/time';
import type { AuditLog } from '../../ports/audit';
import { batchGetAll, failedConditionIndexes, queryAll, queryPage } from './client';
import { CorruptItemError, decodeItem } from './decode';
import {
  AUDIT_FLOOR_SK,
  AUDIT_HEAD_SK,
  AUDIT_RECORD_PREFIX,
  auditIndexKey,
  auditIndexKeys,
  auditRecordSk,
  legacyAuditDayKey,
  SUBJECT_PREFIX,
  subjectPk,
} from './keys';
import { shardedPageAfter } from './sharded-query';
import { DataConditionFailed, isTransientTransactionError, type TransactItem } from './unit-of-work';

export type { TransactItem };

export interface AuditTrailDeps {
  readonly ddb: DynamoDBDocumentClient;
  readonly table: string;
  readonly now: () => Date;
  /** AUDIT_RETENTION_DAYS: records older than this may have expired (the verifier's retention floor). */
  readonly retentionDays: number;
}

type Head = ChainHead;

/**
 * Appends to one chain are serialised by its head's condition: under a burst of writers (or a busy
 * machine, where each attempt takes longer), losers retry with jittered exponential backoff up to
 * half a second, for about five seconds in the worst case, before answering 503.
 */
const MAX_ATTEMPTS = 16;
const MAX_BACKOFF_MS = 500;

/** Day-index Queries in flight at once when listing the chains of a window. */
const DAY_QUERIES_AT_ONCE = 16;

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
        await sleep(Math.min(MAX_BACKOFF_MS, 5 * 2 ** attempt) * Math.random());
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

  /**
   * Records of one UTC day across all chains (`yyyy-mm-dd`), newest first, between `from` and `to`:
   * the day's shards read in parallel and merged (`gsi1sk`, `<at>#<subject>#<seq>`, is unique).
   */
  async listDay(
    day: string,
    range: { from: string; to: string },
    page: { limit: number; cursor?: string | undefined },
  ): Promise<{ records: AuditRecord[]; cursor?: string | undefined }> {
    // Within the day: the shards hold every day. The sort key starts with the ISO time; '\uffff' keeps
    // every record of the `to` instant.
    const from = range.from > `${day}T` ? range.from : `${day}T`;
    const to = `${range.to}\uffff` < `${day}T\uffff` ? `${range.to}\uffff` : `${day}T\uffff`;
    const { items, cursor } = await shardedPageAfter(
      this.deps.ddb,
      [...auditIndexKeys(), legacyAuditDayKey(day)],
      (shard, after) => ({
        TableName: this.deps.table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :shard AND gsi1sk BETWEEN :from AND :to',
        // A later page ends at the last record returned (inclusive; the merge drops it).
        ExpressionAttributeValues: { ':shard': shard, ':from': from, ':to': after ?? to },
        ScanIndexForward: false,
      }),
      { sortKey: 'gsi1sk', descending: true, what: 'Audit records' },
      page,
    );
    return { records: items.map(fromItem), cursor };
  }

  /**
   * The chains that gained a record stamped within the window: one range Query per shard, however
   * long the window (the first digest looks back over the whole retention period), and one per UTC
   * day it spans for records written before sharding; several at once.
   */
  async chainsAppended(window: { readonly from: Date; readonly through: Date }): Promise<string[]> {
    const partitions: string[] = [...auditIndexKeys()];
    for (let day = dayOf(window.from); day <= dayOf(window.through); day = addDaysToDay(day, 1)) {
      partitions.push(legacyAuditDayKey(day));
    }
    const chains = new Set<string>();
    const chain = z.object({ subjectId: z.string() });
    const pending = partitions.values();
    const worker = async () => {
      for (const partition of pending) {
        const items = await queryAll(
          this.deps.ddb,
          {
            TableName: this.deps.table,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :day AND gsi1sk BETWEEN :from AND :through',
            ExpressionAttributeValues: {
              ':day': partition,
              ':from': window.from.toISOString(),
              // The sort key starts with the ISO time; '\uffff' keeps every record of the `through` instant.
              ':through': `${window.through.toISOString()}\uffff`,
            },
            ProjectionExpression: 'subjectId',
          },
          'Audit records',
        );
        for (const item of items) chains.add(decodeItem(chain, item, 'audit record').subjectId);
      }
    };
    await Promise.all(Array.from({ length: Math.min(DAY_QUERIES_AT_ONCE, partitions.length) }, worker));
    return [...chains];
  }

  /** Current heads, read consistently in batches of 100. */
  async heads(subjectIds: readonly string[]): Promise<Map<string, Head>> {
    const items = await batchGetAll(
      this.deps.ddb,
      this.deps.table,
      subjectIds.map((id) => ({ pk: subjectPk(id), sk: AUDIT_HEAD_SK })),
      { projection: 'pk, seq, #hash', names: { '#hash': 'hash' }, what: 'Audit chain heads' },
    );
    const head = headItem.extend({ pk: z.string().startsWith(SUBJECT_PREFIX) });
    return new Map(
      items.map((item) => {
        const { pk, seq, hash } = decodeItem(head, item, 'audit chain head');
        return [pk.slice(SUBJECT_PREFIX.length), { seq, hash }];
      }),
    );
  }

  /**
   * A chain as stored, read consistently. The whole chain is one paged Query of its partition (floor,
   * head, then records in order); from `afterSeq` on, the floor and head are one Query before the
   * records and the records another.
   */
  async chain(subjectId: string, options: { readonly afterSeq?: number } = {}): Promise<StoredChain> {
    const pk = subjectPk(subjectId);
    const query = (condition: string, values: Record<string, string>) =>
      queryAll(
        this.deps.ddb,
        {
          TableName: this.deps.table,
          KeyConditionExpression: `pk = :pk${condition}`,
          ExpressionAttributeValues: { ':pk': pk, ...values },
          ConsistentRead: true,
        },
        'Audit records',
      );
    const items =
      options.afterSeq === undefined
        ? await query('', {})
        : [
            ...(await query(' AND sk < :rec', { ':rec': AUDIT_RECORD_PREFIX })),
            ...(await query(' AND sk > :after', { ':after': auditRecordSk(options.afterSeq) })),
          ];
    const records: AuditRecord[] = [];
    const unreadable: number[] = [];
    let head: Head | undefined;
    let floor: AuditRecord | undefined;
    for (const item of items) {
      if (item.sk === AUDIT_HEAD_SK) head = decodeItem(headItem, item, 'audit chain head');
      else if (item.sk === AUDIT_FLOOR_SK) floor = fromItem(item);
      else {
        // A verifier must report a record rewritten beyond recognition, not stop at it.
        const record = readable(item);
        if (record) records.push(record);
        else unreadable.push(seqOf(String(item.sk)));
      }
    }
    return { subjectId, records, head, floor, ...(unreadable.length > 0 && { unreadable }) };
  }

  /** Re-hashes a subject's whole chain as stored: links, gaps, head and retention floor. */
  async verify(subjectId: string): Promise<ChainVerification> {
    return verifyChain(await this.chain(subjectId), {
      retentionFloor: retentionFloor(this.deps.now(), this.deps.retentionDays),
    });
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
            gsi1pk: auditIndexKey(event.subjectId),
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
          // The head moves only from the position these records were chained to.
          ...(previous
            ? {
                ConditionExpression: 'seq = :seq AND #hash = :hash',
                ExpressionAttributeNames: { '#hash': 'hash' },
                ExpressionAttributeValues: { ':seq': previous.seq, ':hash': previous.hash },
              }
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
      return Item ? decodeItem(headItem, Item, 'audit chain head') : undefined;
    } catch (e) {
      if (e instanceof CorruptItemError) throw e;
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

export const fromItem = (item: Record<string, unknown>): AuditRecord =>
  decodeItem(auditRecordItem, item, 'audit record');

/** The record, or undefined when the item no longer has a record's shape. */
function readable(item: Record<string, unknown>): AuditRecord | undefined {
  const parsed = auditRecordItem.safeParse(item);
  return parsed.success ? parsed.data : undefined;
}

/** `REC#000000000042` → 42. */
const seqOf = (sk: string): number => Number(sk.slice(AUDIT_RECORD_PREFIX.length));

const headItem = z.object({ seq: z.number().int().nonnegative(), hash: z.string() });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
