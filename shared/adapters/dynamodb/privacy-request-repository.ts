/**
 * Privacy requests in the data table (`SUBJECT#<id>` / `PRIVACY_REQUEST#<id>`): no personal values,
 * found by id through gsi1 and queued by status (soonest due first) through gsi2. Every state change
 * is a conditional update on the status it was read in, so the officer and the processor never both
 * move a request.
 */
import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ErasureReceipt, PrivacyRequest, PrivacyRequestStatus, StatusChange } from '../../domain/privacy-request';
import type { TransactItem } from './audit-trail';
import { decodeCursor, encodeCursor, guarded, ownerByLookup } from './client';
import {
  dueSortKey,
  PRIVACY_REQUEST_PREFIX,
  privacyRequestLookupKey,
  privacyRequestQueue,
  privacyRequestSk,
  subjectPk,
} from './keys';

type Page = { limit: number; cursor?: string | undefined };

export interface RequestUpdate {
  readonly to?: PrivacyRequestStatus;
  readonly note?: string | undefined;
  readonly dueAt?: string;
  readonly step?: string;
  readonly receipt?: ErasureReceipt;
  readonly exportExpiresAt?: string;
  readonly awaitingDecision?: boolean;
}

export class PrivacyRequestRepository {
  constructor(private readonly deps: { ddb: DynamoDBDocumentClient; table: string }) {}

  createItem(request: PrivacyRequest): TransactItem {
    return {
      Put: {
        TableName: this.deps.table,
        Item: {
          pk: subjectPk(request.subjectId),
          sk: privacyRequestSk(request.requestId),
          ...request,
          // `type` is every item's kind in this table; the request's own type is `requestType`.
          type: 'privacy-request',
          requestType: request.type,
          ...privacyRequestLookupKey(request.requestId),
          gsi2pk: privacyRequestQueue(request.status),
          gsi2sk: dueSortKey(request.dueAt, request.requestId),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
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
    return Item ? toRequest(Item) : undefined;
  }

  /** The request with this id, whoever it belongs to (officer routes, processor). */
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
    const result = await guarded('Privacy requests', () =>
      this.deps.ddb.send(
        new QueryCommand({
          TableName: this.deps.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': subjectPk(subjectId), ':prefix': PRIVACY_REQUEST_PREFIX },
          ScanIndexForward: false,
          Limit: page.limit,
          ExclusiveStartKey: decodeCursor(page.cursor),
        }),
      ),
    );
    return { requests: (result.Items ?? []).map(toRequest), cursor: encodeCursor(result.LastEvaluatedKey) };
  }

  /** Requests in `status`, soonest due first; `dueBefore` keeps only those due by then. */
  async queue(status: PrivacyRequestStatus, page: Page, dueBefore?: string) {
    const result = await guarded('Privacy requests', () =>
      this.deps.ddb.send(
        new QueryCommand({
          TableName: this.deps.table,
          IndexName: 'gsi2',
          KeyConditionExpression: dueBefore ? 'gsi2pk = :q AND gsi2sk < :due' : 'gsi2pk = :q',
          ExpressionAttributeValues: { ':q': privacyRequestQueue(status), ...(dueBefore && { ':due': dueBefore }) },
          Limit: page.limit,
          ExclusiveStartKey: decodeCursor(page.cursor),
        }),
      ),
    );
    return {
      requests: (result.Items ?? []).map(toRequest),
      cursor: encodeCursor(result.LastEvaluatedKey),
    };
  }

  /**
   * A transaction item changing a request read in `from`: its status (moving it between queues),
   * a completed processing step, the due date, the receipt. Fails if the request moved meanwhile.
   */
  updateItem(request: PrivacyRequest, update: RequestUpdate, at: Date): TransactItem {
    const to = update.to ?? request.status;
    const dueAt = update.dueAt ?? request.dueAt;
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = {
      ':from': request.status,
      ':to': to,
      ':q': privacyRequestQueue(to),
      ':qsk': dueSortKey(dueAt, request.requestId),
      ':dueAt': dueAt,
      ':at': at.toISOString(),
    };
    const sets = ['#status = :to', 'gsi2pk = :q', 'gsi2sk = :qsk', 'dueAt = :dueAt', 'updatedAt = :at'];
    if (update.to && update.to !== request.status) {
      const change: StatusChange = {
        status: update.to,
        at: at.toISOString(),
        ...(update.note && { note: update.note }),
      };
      values[':change'] = [change];
      sets.push('history = list_append(history, :change)');
    }
    let condition = '#status = :from';
    if (update.step) {
      values[':step'] = [update.step];
      values[':stepName'] = update.step;
      sets.push('completedSteps = list_append(completedSteps, :step)');
      condition += ' AND NOT contains(completedSteps, :stepName)';
    }
    if (update.receipt) {
      values[':receipt'] = update.receipt;
      sets.push('receipt = :receipt');
    }
    if (update.exportExpiresAt) {
      values[':exp'] = update.exportExpiresAt;
      sets.push('exportExpiresAt = :exp');
    }
    if (update.awaitingDecision !== undefined) {
      values[':awaiting'] = update.awaitingDecision;
      sets.push('awaitingDecision = :awaiting');
    }
    return {
      Update: {
        TableName: this.deps.table,
        Key: { pk: subjectPk(request.subjectId), sk: privacyRequestSk(request.requestId) },
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  }
}

function toRequest(i: Record<string, unknown>): PrivacyRequest & { awaitingDecision?: boolean } {
  return {
    requestId: String(i.requestId),
    subjectId: String(i.subjectId),
    type: i.requestType as PrivacyRequest['type'],
    status: i.status as PrivacyRequestStatus,
    receivedAt: String(i.receivedAt),
    dueAt: String(i.dueAt),
    history: (i.history as StatusChange[]) ?? [],
    completedSteps: (i.completedSteps as string[]) ?? [],
    exportExpiresAt: typeof i.exportExpiresAt === 'string' ? i.exportExpiresAt : undefined,
    receipt: i.receipt as ErasureReceipt | undefined,
    ...(i.awaitingDecision === true && { awaitingDecision: true }),
  };
}
