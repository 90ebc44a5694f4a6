/**
 * The privacy officers' inbox (`OFFICER_INBOX` / `NOTICE#<dueAt>#<kind>#<id>#<day>`) and the
 * deadline view of the gsi2 work queues it is fed from. A notice holds ids, kinds, statuses and
 * dates only; it expires by TTL. Queue entries are read from the gsi2 sort key alone
 * (`<dueAt>#<id>`), so the monitor never reads an item's other attributes, let alone ciphertext.
 */
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { UnavailableError } from '../../domain/errors';
import { decodeCursor, encodeCursor, isConditionalCheckFailure } from './client';
import { dueSortKey, OFFICER_INBOX_PK, OFFICER_NOTICE_PREFIX, officerNoticeSk } from './keys';

export type DeadlineKind = 'privacy-request' | 'complaint';
export type DeadlineState = 'due-soon' | 'overdue';

/** One item waiting in a work queue, as its gsi2 key tells it. */
export interface QueueEntry {
  readonly id: string;
  readonly dueAt: string;
}

export interface OfficerNotice {
  readonly kind: DeadlineKind;
  readonly id: string;
  /** The item's status when the notice was written. */
  readonly status: string;
  readonly dueAt: string;
  readonly state: DeadlineState;
  /** The day (`yyyy-mm-dd`, UTC) the notice is for: at most one per item per day. */
  readonly day: string;
  readonly at: string;
}

type Page = { limit: number; cursor?: string | undefined };

const QUEUE_PAGE_SIZE = 100;

export class OfficerInbox {
  constructor(
    private readonly deps: { ddb: DynamoDBDocumentClient; table: string; queuePageSize?: number | undefined },
  ) {}

  /**
   * Entries of the gsi2 queue `queue` due at or before `threshold` (ISO time), soonest first, read
   * page by page with a key-condition range: never a Scan.
   */
  async *dueBy(queue: string, threshold: string): AsyncGenerator<QueueEntry> {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.send(() =>
        this.deps.ddb.send(
          new QueryCommand({
            TableName: this.deps.table,
            IndexName: 'gsi2',
            KeyConditionExpression: 'gsi2pk = :q AND gsi2sk <= :t',
            // `<dueAt>#<id>` sorts at or below `<threshold>#~` exactly when dueAt <= threshold ('~' tops ASCII ids).
            ExpressionAttributeValues: { ':q': queue, ':t': dueSortKey(threshold, '~') },
            ProjectionExpression: 'gsi2sk',
            Limit: this.deps.queuePageSize ?? QUEUE_PAGE_SIZE,
            ExclusiveStartKey: start,
          }),
        ),
      );
      for (const item of page.Items ?? []) {
        const key = String(item.gsi2sk);
        const split = key.indexOf('#');
        if (split > 0) yield { dueAt: key.slice(0, split), id: key.slice(split + 1) };
      }
      start = page.LastEvaluatedKey;
    } while (start);
  }

  /** Writes the notice unless the one for this item and day exists; true when it was written. */
  async post(notice: OfficerNotice, expiresAt: number): Promise<boolean> {
    try {
      await this.deps.ddb.send(
        new PutCommand({
          TableName: this.deps.table,
          Item: {
            pk: OFFICER_INBOX_PK,
            sk: officerNoticeSk(notice.dueAt, notice.kind, notice.id, notice.day),
            type: 'officer-notice',
            ...notice,
            expiresAt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (e) {
      if (isConditionalCheckFailure(e)) return false;
      throw new UnavailableError('The officer inbox is temporarily unavailable.');
    }
  }

  /** Notices, soonest due first. */
  async list(page: Page): Promise<{ notices: OfficerNotice[]; cursor?: string | undefined }> {
    const result = await this.send(() =>
      this.deps.ddb.send(
        new QueryCommand({
          TableName: this.deps.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': OFFICER_INBOX_PK, ':prefix': OFFICER_NOTICE_PREFIX },
          Limit: page.limit,
          ExclusiveStartKey: decodeCursor(page.cursor),
        }),
      ),
    );
    return {
      notices: (result.Items ?? []).map((i) => ({
        kind: i.kind as DeadlineKind,
        id: String(i.id),
        status: String(i.status),
        dueAt: String(i.dueAt),
        state: i.state as DeadlineState,
        day: String(i.day),
        at: String(i.at),
      })),
      cursor: encodeCursor(result.LastEvaluatedKey),
    };
  }

  private async send<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch {
      throw new UnavailableError('The officer inbox is temporarily unavailable.');
    }
  }
}
