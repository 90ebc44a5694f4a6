/**
 * Privacy requests in the data table (`SUBJECT#<id>` / `PRIVACY_REQUEST#<id>`): no personal values,
 * found by id through gsi1 and queued by status (soonest due first) through gsi2. Every state change
 * is a conditional update on the status it was read in, so the officer and the processor never both
 * move a request.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import {
  isOpenRequest,
  PRIVACY_REQUEST_STATUSES,
  PRIVACY_REQUEST_TYPES,
  PROCESSING_STEPS,
  type PrivacyRequest,
  type PrivacyRequestStatus,
  type RequestChange,
  type StatusChange,
} from '../../domain/privacy-request';
import { daysInSeconds, epochSeconds } from '../../domain/time';
import type { Page } from '../../ports/page';
import type { PrivacyRequestStore } from '../../ports/privacy';
import type { Write } from '../../ports/unit-of-work';
import { type DynamoDeps, guarded, ownerByLookup, queryPage } from './client';
import { decodeItem } from './decode';
import {
  dueSortKey,
  PRIVACY_REQUEST_PREFIX,
  privacyRequestLookupKey,
  privacyRequestQueue,
  privacyRequestSk,
  subjectPk,
} from './keys';
import { dynamoWrite } from './unit-of-work';
import { mergedQueuePage } from './work-queues';

/** The stored request. `type` is every item's kind in this table, so the request's own type is `requestType`. */
const requestItem = z
  .object({
    requestId: z.string(),
    subjectId: z.string(),
    requestType: z.enum(PRIVACY_REQUEST_TYPES),
    status: z.enum(PRIVACY_REQUEST_STATUSES),
    receivedAt: z.string(),
    dueAt: z.string(),
    history: z.array(
      z.object({ status: z.enum(PRIVACY_REQUEST_STATUSES), at: z.string(), note: z.string().optional() }),
    ),
    completedSteps: z.array(z.enum(PROCESSING_STEPS)),
    // Requests filed before the hold existed have no attribute: they were never held.
    awaitingDecision: z.boolean().default(false),
    exportExpiresAt: z.string().optional(),
    exportDocument: z.object({ id: z.string(), parts: z.number(), bytes: z.number() }).optional(),
    receipt: z
      .object({
        erased: z.array(z.string()),
        anonymised: z.array(z.string()),
        kept: z.array(z.object({ what: z.string(), basis: z.string() })),
      })
      .optional(),
  })
  .transform(({ requestType, ...request }): PrivacyRequest => ({ ...request, type: requestType }));

const decodeRequest = (item: Record<string, unknown>): PrivacyRequest =>
  decodeItem(requestItem, item, 'privacy request');

export interface PrivacyRequestRepositoryDeps extends DynamoDeps {
  /** CLOSED_CASE_RETENTION_DAYS: how long a completed or rejected request is kept. */
  readonly closedCaseDays: number;
}

export class PrivacyRequestRepository implements PrivacyRequestStore {
  constructor(private readonly deps: PrivacyRequestRepositoryDeps) {}

  create(request: PrivacyRequest): Write {
    return dynamoWrite('privacy-request.create', {
      Put: {
        TableName: this.deps.table,
        Item: {
          pk: subjectPk(request.subjectId),
          sk: privacyRequestSk(request.requestId),
          ...request,
          type: 'privacy-request',
          requestType: request.type,
          ...privacyRequestLookupKey(request.requestId),
          gsi2pk: privacyRequestQueue(request.status),
          gsi2sk: dueSortKey(request.dueAt, request.requestId),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }

  async get(subjectId: string, requestId: string): Promise<PrivacyRequest | undefined> {
    const { Item } = await guarded('Privacy requests', () =>
      this.deps.ddb.send(
        new GetCommand({
          TableName: this.deps.table,
          Key: { pk: subjectPk(subjectId), sk: privacyRequestSk(requestId) },
          ConsistentRead: true,
        }),
      ),
    );
    return Item ? decodeRequest(Item) : undefined;
  }

  async byId(requestId: string): Promise<PrivacyRequest | undefined> {
    const owner = await ownerByLookup(
      this.deps.ddb,
      this.deps.table,
      privacyRequestLookupKey(requestId),
      'Privacy requests',
    );
    return owner ? this.get(owner, requestId) : undefined;
  }

  async list(subjectId: string, page: Page): Promise<{ requests: PrivacyRequest[]; cursor?: string | undefined }> {
    const { items, cursor } = await queryPage(
      this.deps.ddb,
      {
        TableName: this.deps.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': subjectPk(subjectId), ':prefix': PRIVACY_REQUEST_PREFIX },
        ScanIndexForward: false,
      },
      page,
      'Privacy requests',
    );
    return { requests: items.map(decodeRequest), cursor };
  }

  async queue(
    statuses: readonly PrivacyRequestStatus[],
    page: Page & { readonly dueBefore?: string | undefined },
  ): Promise<{ requests: PrivacyRequest[]; cursor?: string | undefined }> {
    const { items, cursor } = await mergedQueuePage(
      this.deps.ddb,
      {
        table: this.deps.table,
        queues: statuses.map(privacyRequestQueue),
        dueBefore: page.dueBefore,
        what: 'Privacy requests',
      },
      page,
    );
    // gsi2 projects the whole item, so a queue entry decodes like the request itself.
    return { requests: items.map(decodeRequest), cursor };
  }

  /**
   * The status and due date are always rewritten, so the queue key (gsi2) follows both. Closing a
   * request (completed, rejected) sets its expiry, CLOSED_CASE_RETENTION_DAYS later.
   */
  update(request: PrivacyRequest, change: RequestChange, at: Date): Write {
    const to = change.to ?? request.status;
    const dueAt = change.dueAt ?? request.dueAt;
    const values: Record<string, unknown> = {
      ':from': request.status,
      ':to': to,
      ':q': privacyRequestQueue(to),
      ':qsk': dueSortKey(dueAt, request.requestId),
      ':dueAt': dueAt,
      ':at': at.toISOString(),
    };
    const sets = ['#status = :to', 'gsi2pk = :q', 'gsi2sk = :qsk', 'dueAt = :dueAt', 'updatedAt = :at'];
    let condition = '#status = :from';
    if (change.to && change.to !== request.status) {
      const entry: StatusChange = {
        status: change.to,
        at: at.toISOString(),
        ...(change.note && { note: change.note }),
      };
      values[':change'] = [entry];
      sets.push('history = list_append(history, :change)');
      // Closing starts the retention period: the request is proof of how it was answered, for a while.
      if (!isOpenRequest(change.to)) {
        values[':expiresAt'] = epochSeconds(at) + daysInSeconds(this.deps.closedCaseDays);
        sets.push('expiresAt = :expiresAt');
      }
    }
    if (change.step) {
      values[':step'] = [change.step];
      values[':stepName'] = change.step;
      sets.push('completedSteps = list_append(completedSteps, :step)');
      condition += ' AND NOT contains(completedSteps, :stepName)';
    }
    const optional = {
      receipt: change.receipt,
      exportExpiresAt: change.exportExpiresAt,
      exportDocument: change.exportDocument,
      awaitingDecision: change.awaitingDecision,
    };
    for (const [attribute, value] of Object.entries(optional)) {
      if (value === undefined) continue;
      values[`:${attribute}`] = value;
      sets.push(`${attribute} = :${attribute}`);
    }
    return dynamoWrite('privacy-request.update', {
      Update: {
        TableName: this.deps.table,
        Key: { pk: subjectPk(request.subjectId), sk: privacyRequestSk(request.requestId) },
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: condition,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      },
    });
  }
}
