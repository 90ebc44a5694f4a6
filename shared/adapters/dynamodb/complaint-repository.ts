/**
 * Complaints in the data table (`SUBJECT#<id>` / `COMPLAINT#<id>`): ids, category, status, dates and
 * history in the clear; the description and the resolution sealed with the subject's key. gsi1
 * finds a complaint by id alone (officer routes); gsi2 is the officers' queue per status, soonest
 * due first (`<dueAt>#<id>`), so "overdue" is a range query.
 */
import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type AccessContext, isSelfAccess } from '../../domain/access';
import {
  type Complaint,
  type ComplaintCategory,
  type ComplaintStatus,
  type ComplaintStatusChange,
  type ComplaintWithText,
  PERSONAL_COMPLAINT_FIELDS,
} from '../../domain/complaint';
import type { PersonalDataCodec } from '../crypto/personal-data-codec';
import type { AuditTrail, TransactItem } from './audit-trail';
import { decodeCursor, encodeCursor, guarded, ownerByLookup } from './client';
import { COMPLAINT_PREFIX, complaintLookupKey, complaintQueue, complaintSk, dueSortKey, subjectPk } from './keys';

export interface ComplaintRepositoryDeps {
  readonly ddb: DynamoDBDocumentClient;
  readonly table: string;
  readonly codec: PersonalDataCodec;
  /** Resolved only when a read by someone other than the subject must be audited. */
  readonly audit: () => AuditTrail;
}

type Page = { limit: number; cursor?: string | undefined };

const where = (subjectId: string, complaintId: string) => ({
  table: 'data',
  pk: subjectPk(subjectId),
  sk: complaintSk(complaintId),
});

/** The non-personal attributes; the queue reads only these, never the ciphertext. */
const SUMMARY_ATTRIBUTES = [
  'pk',
  'sk',
  'gsi2pk',
  'gsi2sk',
  'complaintId',
  'subjectId',
  'category',
  'status',
  'filedAt',
  'dueAt',
  'updatedAt',
  'history',
  'relatedRequestId',
  'assignee',
  'resolvedAt',
];

export class ComplaintRepository {
  constructor(private readonly deps: ComplaintRepositoryDeps) {}

  /** A transaction item creating the complaint (description sealed), queued as `open`. */
  async createItem(complaint: Complaint, description: string): Promise<TransactItem> {
    const sealed = await this.deps.codec.seal(complaint.subjectId, where(complaint.subjectId, complaint.complaintId), {
      description,
    });
    return {
      Put: {
        TableName: this.deps.table,
        Item: {
          ...where(complaint.subjectId, complaint.complaintId),
          type: 'complaint',
          ...complaint,
          ...sealed,
          ...complaintLookupKey(complaint.complaintId),
          gsi2pk: complaintQueue(complaint.status),
          gsi2sk: dueSortKey(complaint.dueAt, complaint.complaintId),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  /**
   * A transaction item assigning the complaint to `assignee` and moving it to the `assigned` queue;
   * its condition fails unless the complaint is still open or assigned.
   */
  assignItem(complaint: Complaint, assignee: string, at: Date): TransactItem {
    return this.transitionItem(complaint, { status: 'assigned', at: at.toISOString() }, { assignee });
  }

  /** A transaction item resolving the complaint (resolution sealed); fails unless it is still open or assigned. */
  async resolveItem(complaint: Complaint, resolution: string, at: Date): Promise<TransactItem> {
    const sealed = await this.deps.codec.seal(complaint.subjectId, where(complaint.subjectId, complaint.complaintId), {
      resolution,
    });
    const when = at.toISOString();
    return this.transitionItem(
      complaint,
      { status: 'resolved', at: when },
      { resolution: sealed.resolution, resolvedAt: when },
    );
  }

  /** The complaint with its description and resolution; reads by anyone but the subject are audited first. */
  async read(subjectId: string, complaintId: string, access: AccessContext): Promise<ComplaintWithText | undefined> {
    const item = await this.item(subjectId, complaintId);
    if (!item) return undefined;
    if (!isSelfAccess(access, subjectId)) {
      await this.deps.audit().append({
        actor: access.actor,
        action: 'complaint.read',
        subjectId,
        resource: `complaint/${complaintId}`,
        purpose: access.purpose,
        fields: PERSONAL_COMPLAINT_FIELDS.filter((f) => item[f] !== undefined),
        outcome: 'success',
        requestId: access.requestId,
      });
    }
    return this.open(item);
  }

  /** The complaint without its personal text: no key, no audit needed. */
  async summary(subjectId: string, complaintId: string): Promise<Complaint | undefined> {
    const item = await this.item(subjectId, complaintId);
    return item ? toComplaint(item) : undefined;
  }

  /** Whose complaint this is, by id alone (officer routes). */
  async ownerOf(complaintId: string): Promise<string | undefined> {
    return ownerByLookup(this.deps.ddb, this.deps.table, complaintLookupKey(complaintId), 'Complaints');
  }

  /** The subject's complaints with their text, newest first (ULID ids sort by time). */
  async list(subjectId: string, page: Page): Promise<{ complaints: ComplaintWithText[]; cursor?: string | undefined }> {
    const result = await guarded('Complaints', () =>
      this.deps.ddb.send(
        new QueryCommand({
          TableName: this.deps.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': subjectPk(subjectId), ':prefix': COMPLAINT_PREFIX },
          ScanIndexForward: false,
          Limit: page.limit,
          ExclusiveStartKey: decodeCursor(page.cursor),
        }),
      ),
    );
    const complaints: ComplaintWithText[] = [];
    for (const item of result.Items ?? []) complaints.push(await this.open(item));
    return { complaints, cursor: encodeCursor(result.LastEvaluatedKey) };
  }

  /**
   * The officers' queue over one or more statuses, soonest due first, from gsi2 alone (no Scan, no
   * ciphertext read). With `dueBefore`, only complaints due strictly before it. Several statuses are
   * merged by due date; the cursor remembers where each status's queue stands.
   */
  async queue(
    statuses: readonly ComplaintStatus[],
    options: Page & { dueBefore?: string | undefined },
  ): Promise<{ complaints: Complaint[]; cursor?: string | undefined }> {
    const state = decodeQueueCursor(options.cursor, statuses);
    const fetched = await Promise.all(
      statuses.map(async (status) => {
        const start = state[status];
        if (start === null) return { status, items: [], last: undefined, done: true };
        const result = await guarded('Complaints', () =>
          this.deps.ddb.send(
            new QueryCommand({
              TableName: this.deps.table,
              IndexName: 'gsi2',
              KeyConditionExpression: options.dueBefore ? 'gsi2pk = :q AND gsi2sk < :before' : 'gsi2pk = :q',
              ExpressionAttributeValues: {
                ':q': complaintQueue(status),
                ...(options.dueBefore && { ':before': options.dueBefore }),
              },
              // Placeholders for every name: some (`status`) are DynamoDB reserved words.
              ExpressionAttributeNames: Object.fromEntries(SUMMARY_ATTRIBUTES.map((a) => [`#${a}`, a])),
              ProjectionExpression: SUMMARY_ATTRIBUTES.map((a) => `#${a}`).join(', '),
              Limit: options.limit,
              ExclusiveStartKey: start,
            }),
          ),
        );
        return { status, items: result.Items ?? [], last: result.LastEvaluatedKey, done: !result.LastEvaluatedKey };
      }),
    );
    const merged = fetched
      .flatMap((f) => f.items.map((item) => ({ status: f.status, item })))
      .sort((a, b) => (String(a.item.gsi2sk) < String(b.item.gsi2sk) ? -1 : 1))
      .slice(0, options.limit);
    const next: QueueCursor = {};
    for (const f of fetched) {
      const taken = merged.filter((m) => m.status === f.status);
      const lastTaken = taken.at(-1)?.item;
      if (f.done && taken.length === f.items.length) next[f.status] = null;
      else if (lastTaken) next[f.status] = indexKey(lastTaken);
      else next[f.status] = state[f.status];
    }
    const finished = statuses.every((s) => next[s] === null);
    return {
      complaints: merged.map((m) => toComplaint(m.item)),
      cursor: finished ? undefined : encodeCursor(next as Record<string, unknown>),
    };
  }

  private transitionItem(
    complaint: Complaint,
    change: ComplaintStatusChange,
    values: Readonly<Record<string, string | undefined>>,
  ): TransactItem {
    const attributes = Object.entries(values).filter(([, v]) => v !== undefined);
    return {
      Update: {
        TableName: this.deps.table,
        Key: { pk: subjectPk(complaint.subjectId), sk: complaintSk(complaint.complaintId) },
        UpdateExpression: [
          'SET #status = :to',
          'updatedAt = :at',
          '#history = list_append(#history, :history)',
          'gsi2pk = :queue',
          ...attributes.map(([name]) => `#${name} = :${name}`),
        ].join(', '),
        ConditionExpression: '#status IN (:open, :assigned)',
        ExpressionAttributeNames: {
          '#status': 'status',
          '#history': 'history',
          ...Object.fromEntries(attributes.map(([name]) => [`#${name}`, name])),
        },
        ExpressionAttributeValues: {
          ':to': change.status,
          ':at': change.at,
          ':history': [change],
          ':queue': complaintQueue(change.status),
          ':open': 'open',
          ':assigned': 'assigned',
          ...Object.fromEntries(attributes.map(([name, value]) => [`:${name}`, value])),
        },
      },
    };
  }

  private async open(item: Record<string, unknown>): Promise<ComplaintWithText> {
    const complaint = toComplaint(item);
    const personal = await this.deps.codec.open(
      complaint.subjectId,
      where(complaint.subjectId, complaint.complaintId),
      item,
      PERSONAL_COMPLAINT_FIELDS,
    );
    return {
      ...complaint,
      description: String(personal.description),
      resolution: typeof personal.resolution === 'string' ? personal.resolution : undefined,
    };
  }

  private async item(subjectId: string, complaintId: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await guarded('Complaints', () =>
      this.deps.ddb.send(
        new GetCommand({
          TableName: this.deps.table,
          Key: { pk: subjectPk(subjectId), sk: complaintSk(complaintId) },
          ConsistentRead: true,
        }),
      ),
    );
    return Item;
  }
}

/** Per status: where its queue resumes (a gsi2 key), `null` once exhausted, absent at the start. */
type QueueCursor = Partial<Record<ComplaintStatus, Record<string, unknown> | null | undefined>>;

function decodeQueueCursor(cursor: string | undefined, statuses: readonly ComplaintStatus[]): QueueCursor {
  const raw = decodeCursor(cursor) ?? {};
  const state: QueueCursor = {};
  for (const status of statuses) {
    const value = raw[status];
    if (value === null) state[status] = null;
    else if (value && typeof value === 'object' && !Array.isArray(value)) {
      state[status] = value as Record<string, unknown>;
    }
  }
  return state;
}

const indexKey = (item: Record<string, unknown>) => ({
  pk: item.pk,
  sk: item.sk,
  gsi2pk: item.gsi2pk,
  gsi2sk: item.gsi2sk,
});

function toComplaint(item: Record<string, unknown>): Complaint {
  const optional = (k: string) => (typeof item[k] === 'string' ? (item[k] as string) : undefined);
  return {
    complaintId: String(item.complaintId),
    subjectId: String(item.subjectId),
    category: item.category as ComplaintCategory,
    status: item.status as ComplaintStatus,
    filedAt: String(item.filedAt),
    dueAt: String(item.dueAt),
    updatedAt: String(item.updatedAt),
    history: (item.history as ComplaintStatusChange[] | undefined) ?? [],
    relatedRequestId: optional('relatedRequestId'),
    assignee: optional('assignee'),
    resolvedAt: optional('resolvedAt'),
  };
}
