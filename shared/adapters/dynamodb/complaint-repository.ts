/**
 * Complaints in the data table (`SUBJECT#<id>` / `COMPLAINT#<id>`): ids, category, status, dates and
 * history in the clear; the description and the resolution sealed with the subject's key. gsi1
 * finds a complaint by id alone (officer routes); gsi2 is the officers' queue per status, soonest
 * due first (`<dueAt>#<id>`), so "overdue" is a range query. Items are decoded, and the text is
 * opened only through the one audited-read rule.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { AccessContext } from '../../domain/access';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_STATUSES,
  type Complaint,
  type ComplaintStatus,
  type ComplaintStatusChange,
  type ComplaintWithText,
  PERSONAL_COMPLAINT_FIELDS,
} from '../../domain/complaint';
import { daysInSeconds, epochSeconds } from '../../domain/time';
import type { ComplaintStore } from '../../ports/complaints';
import type { Page } from '../../ports/page';
import type { Write } from '../../ports/unit-of-work';
import type { PersonalDataCodec } from '../crypto/personal-data-codec';
import type { AuditedReads } from './audited-read';
import { type DynamoDeps, guarded, itemKey, ownerByLookup, queryPage } from './client';
import { decodeItem } from './decode';
import { COMPLAINT_PREFIX, complaintLookupKey, complaintQueue, complaintSk, dueSortKey, subjectPk } from './keys';
import { dynamoWrite } from './unit-of-work';
import { mergedQueuePage } from './work-queues';

export interface ComplaintRepositoryDeps extends DynamoDeps {
  readonly codec: PersonalDataCodec;
  /** Reads of the text by anyone but the subject go through the one audited-read rule. */
  readonly reads: AuditedReads;
  /** CLOSED_CASE_RETENTION_DAYS: how long a resolved complaint is kept. */
  readonly closedCaseDays: number;
}

const where = (subjectId: string, complaintId: string) => ({
  table: 'data',
  pk: subjectPk(subjectId),
  sk: complaintSk(complaintId),
});

/** The stored complaint without its text: everything the queue, the officers and the monitor see. */
const complaintItem = z.object({
  complaintId: z.string(),
  subjectId: z.string(),
  category: z.enum(COMPLAINT_CATEGORIES),
  status: z.enum(COMPLAINT_STATUSES),
  filedAt: z.string(),
  dueAt: z.string(),
  updatedAt: z.string(),
  history: z
    .array(z.object({ status: z.enum(COMPLAINT_STATUSES), at: z.string(), note: z.string().optional() }))
    .default([]),
  relatedRequestId: z.string().optional(),
  assignee: z.string().optional(),
  resolvedAt: z.string().optional(),
});

/** The subject's text: sealed strings on the item, the plain strings once opened. */
const complaintText = z.object({ description: z.string(), resolution: z.string().optional() });

const decodeComplaint = (item: Record<string, unknown>): Complaint => decodeItem(complaintItem, item, 'complaint');

export class ComplaintRepository implements ComplaintStore {
  constructor(private readonly deps: ComplaintRepositoryDeps) {}

  async create(complaint: Complaint, description: string): Promise<Write> {
    const at = where(complaint.subjectId, complaint.complaintId);
    // Registration creates the subject's key; a complaint never does (no key means not registered).
    const sealed = await this.deps.codec.seal(complaint.subjectId, at, { description }, { createKey: false });
    return dynamoWrite('complaint.create', {
      Put: {
        TableName: this.deps.table,
        Item: {
          ...itemKey(at),
          type: 'complaint',
          ...complaint,
          ...sealed,
          ...complaintLookupKey(complaint.complaintId),
          gsi2pk: complaintQueue(complaint.status),
          gsi2sk: dueSortKey(complaint.dueAt, complaint.complaintId),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }

  assign(complaint: Complaint, assignee: string, at: Date): Write {
    return this.transition('complaint.assign', complaint, { status: 'assigned', at: at.toISOString() }, { assignee });
  }

  async resolve(complaint: Complaint, resolution: string, at: Date): Promise<Write> {
    const sealed = await this.deps.codec.seal(
      complaint.subjectId,
      where(complaint.subjectId, complaint.complaintId),
      { resolution },
      { createKey: false },
    );
    const when = at.toISOString();
    return this.transition(
      'complaint.resolve',
      complaint,
      { status: 'resolved', at: when },
      { resolution: sealed.resolution, resolvedAt: when },
      // Resolving starts the retention period.
      { expiresAt: epochSeconds(at) + daysInSeconds(this.deps.closedCaseDays) },
    );
  }

  async read(subjectId: string, complaintId: string, access: AccessContext): Promise<ComplaintWithText | undefined> {
    const item = await this.item(subjectId, complaintId);
    return item ? this.withText(item, access) : undefined;
  }

  async summary(subjectId: string, complaintId: string): Promise<Complaint | undefined> {
    const item = await this.item(subjectId, complaintId);
    return item ? decodeComplaint(item) : undefined;
  }

  async ownerOf(complaintId: string): Promise<string | undefined> {
    return ownerByLookup(this.deps.ddb, this.deps.table, complaintLookupKey(complaintId), 'Complaints');
  }

  /** Newest first: ULID ids sort by time. */
  async list(
    subjectId: string,
    page: Page,
    access: AccessContext,
  ): Promise<{ complaints: ComplaintWithText[]; cursor?: string | undefined }> {
    const { items, cursor } = await queryPage(
      this.deps.ddb,
      {
        TableName: this.deps.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': subjectPk(subjectId), ':prefix': COMPLAINT_PREFIX },
        ScanIndexForward: false,
      },
      page,
      'Complaints',
    );
    const complaints: ComplaintWithText[] = [];
    for (const item of items) complaints.push(await this.withText(item, access));
    return { complaints, cursor };
  }

  /** From gsi2 alone (no Scan, no ciphertext read): the statuses' queues merged by due date. */
  async queue(
    statuses: readonly ComplaintStatus[],
    page: Page & { readonly dueBefore?: Date | undefined },
  ): Promise<{ complaints: Complaint[]; cursor?: string | undefined }> {
    const { items, cursor } = await mergedQueuePage(
      this.deps.ddb,
      {
        table: this.deps.table,
        queues: statuses.map(complaintQueue),
        dueBefore: page.dueBefore?.toISOString(),
        attributes: Object.keys(complaintItem.shape),
        what: 'Complaints',
      },
      page,
    );
    return { complaints: items.map(decodeComplaint), cursor };
  }

  /**
   * Moves the complaint to `change.status` (and its queue), appending the change to its history and
   * setting `values` and `numbers`; the condition fails unless it is still open or assigned.
   */
  private transition(
    name: string,
    complaint: Complaint,
    change: ComplaintStatusChange,
    values: Readonly<Record<string, string | undefined>>,
    numbers: Readonly<Record<string, number>> = {},
  ): Write {
    const attributes = [...Object.entries(values).filter(([, v]) => v !== undefined), ...Object.entries(numbers)];
    return dynamoWrite(name, {
      Update: {
        TableName: this.deps.table,
        Key: { pk: subjectPk(complaint.subjectId), sk: complaintSk(complaint.complaintId) },
        UpdateExpression: [
          'SET #status = :to',
          'updatedAt = :at',
          '#history = list_append(#history, :history)',
          'gsi2pk = :queue',
          ...attributes.map(([attribute]) => `#${attribute} = :${attribute}`),
        ].join(', '),
        ConditionExpression: '#status IN (:open, :assigned)',
        ExpressionAttributeNames: {
          '#status': 'status',
          '#history': 'history',
          ...Object.fromEntries(attributes.map(([attribute]) => [`#${attribute}`, attribute])),
        },
        ExpressionAttributeValues: {
          ':to': change.status,
          ':at': change.at,
          ':history': [change],
          ':queue': complaintQueue(change.status),
          ':open': 'open',
          ':assigned': 'assigned',
          ...Object.fromEntries(attributes.map(([attribute, value]) => [`:${attribute}`, value])),
        },
      },
    });
  }

  /** The complaint with its text opened: freely by its subject, by anyone else only through the audited read. */
  private async withText(item: Record<string, unknown>, access: AccessContext): Promise<ComplaintWithText> {
    const complaint = decodeComplaint(item);
    const sealed = decodeItem(complaintText, item, 'complaint');
    const { subjectId, complaintId } = complaint;
    const text = await this.deps.reads.read(
      access,
      subjectId,
      {
        action: 'complaint.read',
        resource: `complaint/${complaintId}`,
        fields: PERSONAL_COMPLAINT_FIELDS.filter((f) => sealed[f] !== undefined),
      },
      async () =>
        decodeItem(
          complaintText,
          await this.deps.codec.open(subjectId, where(subjectId, complaintId), sealed, PERSONAL_COMPLAINT_FIELDS),
          'complaint text',
        ),
    );
    return { ...complaint, ...text };
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
