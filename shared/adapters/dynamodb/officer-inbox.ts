/**
 * The privacy officers' inbox (`OFFICER_INBOX` / `NOTICE#<dueAt>#<kind>#<id>#<day>`) and the
 * deadline view of the gsi2 work queues it is fed from. A notice holds ids, kinds, statuses and
 * dates only; it expires by TTL. Queue entries are read from the gsi2 sort key alone
 * (`<dueAt>#<id>`), so the monitor never reads an item's other attributes, let alone ciphertext.
 */
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { OPEN_COMPLAINT_STATUSES } from '../../domain/complaint';
import { UnavailableError } from '../../domain/errors';
import { OPEN_REQUEST_STATUSES, PRIVACY_REQUEST_TYPES } from '../../domain/privacy-request';
import { epochSeconds } from '../../domain/time';
import type {
  DeadlineEntry,
  DeadlineKind,
  OfficerInbox as OfficerInboxPort,
  OfficerNotice,
  OpenPrivacyRequest,
  OpenStatuses,
} from '../../ports/complaints';
import type { Page } from '../../ports/page';
import { decodeCursor, encodeCursor, guarded, isConditionalCheckFailure } from './client';
import { decodeItem } from './decode';
import {
  complaintQueue,
  dueSortKey,
  incidentQueue,
  OFFICER_INBOX_PK,
  OFFICER_NOTICE_PREFIX,
  officerNoticeSk,
  privacyRequestQueue,
} from './keys';

const QUEUE_PAGE_SIZE = 100;

/** The gsi2 queue holding the items of each kind in one status. */
const QUEUES: { readonly [K in DeadlineKind]: (status: OpenStatuses[K]) => string } = {
  'privacy-request': privacyRequestQueue,
  complaint: complaintQueue,
  incident: incidentQueue,
};

/** A queue entry from its gsi2 sort key `<dueAt>#<id>` (an ISO time holds no `#`). */
const queueEntry = z.object({ gsi2sk: z.string().regex(/^[^#]+#.+$/) }).transform(({ gsi2sk }): DeadlineEntry => {
  const split = gsi2sk.indexOf('#');
  return { dueAt: gsi2sk.slice(0, split), id: gsi2sk.slice(split + 1) };
});

/** A queue entry of the privacy-request queue, read for its type and receipt time only (gsi2 projects the item). */
const openRequestEntry = z
  .object({ requestType: z.enum(PRIVACY_REQUEST_TYPES), receivedAt: z.string() })
  .transform(({ requestType, receivedAt }): OpenPrivacyRequest => ({ type: requestType, receivedAt }));

const noticeItem = z.object({
  kind: z.enum(['privacy-request', 'complaint', 'incident']),
  id: z.string(),
  status: z.enum([...OPEN_REQUEST_STATUSES, ...OPEN_COMPLAINT_STATUSES, 'open']),
  dueAt: z.string(),
  state: z.enum(['due-soon', 'overdue']),
  day: z.string(),
  at: z.string(),
});

export class OfficerInbox implements OfficerInboxPort {
  constructor(
    private readonly deps: { ddb: DynamoDBDocumentClient; table: string; queuePageSize?: number | undefined },
  ) {}

  /** Page by page with a key-condition range on the queue's sort key. */
  async *dueBy<K extends DeadlineKind>(kind: K, status: OpenStatuses[K], by: Date): AsyncGenerator<DeadlineEntry> {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await guarded('Officer notices', () =>
        this.deps.ddb.send(
          new QueryCommand({
            TableName: this.deps.table,
            IndexName: 'gsi2',
            KeyConditionExpression: 'gsi2pk = :q AND gsi2sk <= :t',
            // `<dueAt>#<id>` sorts at or below `<by>#~` exactly when dueAt <= by ('~' tops ASCII ids).
            ExpressionAttributeValues: { ':q': QUEUES[kind](status), ':t': dueSortKey(by.toISOString(), '~') },
            ProjectionExpression: 'gsi2sk',
            Limit: this.deps.queuePageSize ?? QUEUE_PAGE_SIZE,
            ExclusiveStartKey: start,
          }),
        ),
      );
      for (const item of page.Items ?? []) yield decodeItem(queueEntry, item, 'queue entry');
      start = page.LastEvaluatedKey;
    } while (start);
  }

  /** Page by page through the status's queue, two attributes per item. */
  async *openPrivacyRequests(status: OpenStatuses['privacy-request']): AsyncGenerator<OpenPrivacyRequest> {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await guarded('Privacy request backlog', () =>
        this.deps.ddb.send(
          new QueryCommand({
            TableName: this.deps.table,
            IndexName: 'gsi2',
            KeyConditionExpression: 'gsi2pk = :q',
            ExpressionAttributeValues: { ':q': privacyRequestQueue(status) },
            ProjectionExpression: 'requestType, receivedAt',
            Limit: this.deps.queuePageSize ?? QUEUE_PAGE_SIZE,
            ExclusiveStartKey: start,
          }),
        ),
      );
      for (const item of page.Items ?? []) yield decodeItem(openRequestEntry, item, 'privacy request queue entry');
      start = page.LastEvaluatedKey;
    } while (start);
  }

  /** A conditional put on the item-and-day key: the one written first wins, a rerun finds it there. */
  async post(notice: OfficerNotice, expiresAt: Date): Promise<boolean> {
    try {
      await this.deps.ddb.send(
        new PutCommand({
          TableName: this.deps.table,
          Item: {
            pk: OFFICER_INBOX_PK,
            sk: officerNoticeSk(notice.dueAt, notice.kind, notice.id, notice.day),
            type: 'officer-notice',
            ...notice,
            expiresAt: epochSeconds(expiresAt),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (e) {
      if (isConditionalCheckFailure(e)) return false;
      throw new UnavailableError('Officer notices are temporarily unavailable.');
    }
  }

  async list(page: Page, now: Date): Promise<{ notices: OfficerNotice[]; cursor?: string | undefined }> {
    const result = await guarded('Officer notices', () =>
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
    // DynamoDB deletes expired notices within days; readers treat them as gone at once.
    const live = (result.Items ?? []).filter(
      (i) => !(typeof i.expiresAt === 'number' && i.expiresAt <= epochSeconds(now)),
    );
    return {
      notices: live.map((i) => decodeItem(noticeItem, i, 'officer notice')),
      cursor: encodeCursor(result.LastEvaluatedKey),
    };
  }
}
