/**
 * Incidents in the data table (`INCIDENT#<id>` / `INCIDENT`): ids, categories, counts, dates and the
 * decision in the clear; the description sealed under the incident's own key. gsi2 is the officers'
 * queue per status, soonest decision due first (`<decisionDueAt>#<id>`), so "overdue" is a range
 * query and the deadline monitor walks it like the other queues; gsi1 is the register. Affected
 * subjects are items of the incident's partition (`SUBJECT#<id>`), read a page at a time.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import {
  INCIDENT_DATA_CATEGORIES,
  INCIDENT_STATUSES,
  type Incident,
  type IncidentStatus,
  incidentKeyOwner,
  NOTICE_RUN_STATUSES,
  type NoticeRun,
  PERSONAL_INCIDENT_FIELDS,
  type RecordedDecision,
} from '../../domain/incident';
import { daysInSeconds, epochSeconds } from '../../domain/time';
import type { IncidentStore, SubjectNoticeState } from '../../ports/incidents';
import type { Page } from '../../ports/page';
import type { Write } from '../../ports/unit-of-work';
import type { PersonalDataCodec } from '../crypto/personal-data-codec';
import { type DynamoDeps, guarded, itemKey, queryAll, queryPage, queryPages } from './client';
import { decodeItem } from './decode';
import {
  dueSortKey,
  INCIDENT_NOTICE_QUEUE,
  INCIDENT_NOTICES_SK,
  INCIDENT_REGISTER,
  INCIDENT_SK,
  incidentPk,
  incidentQueue,
  incidentSubjectSk,
  SUBJECT_PREFIX,
} from './keys';
import { dynamoWrite } from './unit-of-work';
import { mergedQueuePage } from './work-queues';

export interface IncidentRepositoryDeps extends DynamoDeps {
  readonly codec: PersonalDataCodec;
  /** AUDIT_RETENTION_DAYS: the register is evidence of the breach process and is kept as long as the audit trail. */
  readonly registerDays: number;
}

const where = (incidentId: string) => ({ table: 'data', pk: incidentPk(incidentId), sk: INCIDENT_SK });

const incidentItem = z.object({
  incidentId: z.string(),
  status: z.enum(INCIDENT_STATUSES),
  discoveredAt: z.string(),
  openedAt: z.string(),
  openedBy: z.string(),
  decisionDueAt: z.string(),
  dataCategories: z.array(z.enum(INCIDENT_DATA_CATEGORIES)),
  subjectCount: z.number().int().nonnegative(),
  fromComplaintId: z.string().optional(),
  decision: z
    .object({
      notifyAuthority: z.boolean(),
      reasons: z.string(),
      authorityReference: z.string().optional(),
      decidedAt: z.string(),
      decidedBy: z.string(),
    })
    .optional(),
});
const decodeIncident = (item: Record<string, unknown>): Incident => decodeItem(incidentItem, item, 'incident');
const subjectItem = z.object({ subjectId: z.string() });
const subjectNoticeItem = z.object({
  subjectId: z.string(),
  notifiedAt: z.string().optional(),
  mailClaimedAt: z.string().optional(),
});
const noticeRunItem = z.object({
  incidentId: z.string(),
  status: z.enum(NOTICE_RUN_STATUSES),
  notice: z.object({
    natureOfBreach: z.string(),
    likelyConsequences: z.string(),
    measuresTaken: z.string(),
    contactPoint: z.string(),
  }),
  startedAt: z.string(),
  startedBy: z.string(),
  notified: z.number().int().nonnegative(),
  mailed: z.number().int().nonnegative(),
  unreachable: z.number().int().nonnegative(),
  generation: z.number().int().nonnegative(),
  completedAt: z.string().optional(),
});
const noticeRunKey = (incidentId: string) => ({ pk: incidentPk(incidentId), sk: INCIDENT_NOTICES_SK });
const subjectKey = (incidentId: string, subjectId: string) => ({
  pk: incidentPk(incidentId),
  sk: incidentSubjectSk(subjectId),
});

export class IncidentRepository implements IncidentStore {
  constructor(private readonly deps: IncidentRepositoryDeps) {}

  async create(incident: Incident, description: string): Promise<Write> {
    const at = where(incident.incidentId);
    const sealed = await this.deps.codec.seal(incidentKeyOwner(incident.incidentId), at, { description });
    return dynamoWrite('incident.create', {
      Put: {
        TableName: this.deps.table,
        Item: {
          ...itemKey(at),
          type: 'incident',
          ...incident,
          ...sealed,
          gsi1pk: INCIDENT_REGISTER,
          gsi1sk: `${incident.openedAt}#${incident.incidentId}`,
          gsi2pk: incidentQueue(incident.status),
          gsi2sk: dueSortKey(incident.decisionDueAt, incident.incidentId),
          expiresAt: epochSeconds(new Date(incident.openedAt)) + daysInSeconds(this.deps.registerDays),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }

  addSubject(incidentId: string, subjectId: string, at: Date): Write {
    return dynamoWrite('incident.subject', {
      Put: {
        TableName: this.deps.table,
        Item: {
          pk: incidentPk(incidentId),
          sk: incidentSubjectSk(subjectId),
          type: 'incident-subject',
          incidentId,
          subjectId,
          addedAt: at.toISOString(),
          expiresAt: epochSeconds(at) + daysInSeconds(this.deps.registerDays),
        },
        // A rerun of the same selection finds the subject there and leaves it as it stands.
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }

  decide(incident: Incident, decision: RecordedDecision): Write {
    return dynamoWrite('incident.decide', {
      Update: {
        TableName: this.deps.table,
        Key: { pk: incidentPk(incident.incidentId), sk: INCIDENT_SK },
        UpdateExpression: 'SET #status = :decided, decision = :decision, gsi2pk = :queue',
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':decided': 'decided',
          ':open': 'open',
          ':decision': decision,
          ':queue': incidentQueue('decided'),
        },
      },
    });
  }

  async summary(incidentId: string): Promise<Incident | undefined> {
    const Item = await this.item(incidentId);
    return Item ? decodeIncident(Item) : undefined;
  }

  private async item(incidentId: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await guarded('Incidents', () =>
      this.deps.ddb.send(
        new GetCommand({
          TableName: this.deps.table,
          Key: { pk: incidentPk(incidentId), sk: INCIDENT_SK },
          ConsistentRead: true,
        }),
      ),
    );
    return Item;
  }

  async description(incidentId: string): Promise<string | undefined> {
    const Item = await this.item(incidentId);
    if (!Item) return undefined;
    const sealed = decodeItem(z.object({ description: z.string() }), Item, 'incident');
    const opened = await this.deps.codec.open(incidentKeyOwner(incidentId), where(incidentId), sealed, [
      ...PERSONAL_INCIDENT_FIELDS,
    ]);
    return decodeItem(z.object({ description: z.string() }), opened, 'incident text').description;
  }

  async queue(
    statuses: readonly IncidentStatus[],
    page: Page & { readonly dueBefore?: Date | undefined },
  ): Promise<{ incidents: Incident[]; cursor?: string | undefined }> {
    const { items, cursor } = await mergedQueuePage(
      this.deps.ddb,
      {
        table: this.deps.table,
        queues: statuses.map(incidentQueue),
        dueBefore: page.dueBefore?.toISOString(),
        attributes: Object.keys(incidentItem.shape),
        what: 'Incidents',
      },
      page,
    );
    return { incidents: items.map(decodeIncident), cursor };
  }

  async register(page: Page): Promise<{ incidents: Incident[]; cursor?: string | undefined }> {
    const { items, cursor } = await queryPage(
      this.deps.ddb,
      {
        TableName: this.deps.table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': INCIDENT_REGISTER },
        ScanIndexForward: false,
      },
      page,
      'Incidents',
    );
    return { incidents: items.map(decodeIncident), cursor };
  }

  async countSubjects(incidentId: string): Promise<number> {
    let count = 0;
    for await (const items of queryPages(
      this.deps.ddb,
      {
        TableName: this.deps.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': incidentPk(incidentId), ':prefix': SUBJECT_PREFIX },
        ProjectionExpression: 'sk',
        ConsistentRead: true,
      },
      'Incident subjects',
    )) {
      count += items.length;
    }
    return count;
  }

  setSubjectCount(incidentId: string, count: number): Write {
    return dynamoWrite('incident.count', {
      Update: {
        TableName: this.deps.table,
        Key: { pk: incidentPk(incidentId), sk: INCIDENT_SK },
        UpdateExpression: 'SET subjectCount = :n',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':n': count },
      },
    });
  }

  startNotices(incident: Incident, run: NoticeRun): Write {
    return dynamoWrite('incident.notices.start', {
      Put: {
        TableName: this.deps.table,
        Item: {
          ...noticeRunKey(incident.incidentId),
          type: 'incident-notice-run',
          ...run,
          gsi2pk: INCIDENT_NOTICE_QUEUE,
          gsi2sk: `${run.startedAt}#${run.incidentId}`,
          // Evidence of who was told, kept with the incident's register entry.
          expiresAt: epochSeconds(new Date(incident.openedAt)) + daysInSeconds(this.deps.registerDays),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }

  async noticeRun(incidentId: string): Promise<NoticeRun | undefined> {
    const { Item } = await guarded('Incident notices', () =>
      this.deps.ddb.send(
        new GetCommand({ TableName: this.deps.table, Key: noticeRunKey(incidentId), ConsistentRead: true }),
      ),
    );
    return Item ? decodeItem(noticeRunItem, Item, 'notice run') : undefined;
  }

  async sendingNoticeRuns(): Promise<string[]> {
    const items = await queryAll(
      this.deps.ddb,
      {
        TableName: this.deps.table,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :q',
        ExpressionAttributeValues: { ':q': INCIDENT_NOTICE_QUEUE },
        ProjectionExpression: 'incidentId',
      },
      'Incident notices',
    );
    return items.map((i) => decodeItem(z.object({ incidentId: z.string() }), i, 'notice run').incidentId);
  }

  async subjectsToTell(
    incidentId: string,
    page: Page,
  ): Promise<{ subjects: SubjectNoticeState[]; cursor?: string | undefined }> {
    const { items, cursor } = await queryPage(
      this.deps.ddb,
      {
        TableName: this.deps.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: 'attribute_not_exists(mailedAt)',
        ExpressionAttributeValues: { ':pk': incidentPk(incidentId), ':prefix': SUBJECT_PREFIX },
        ProjectionExpression: 'pk, sk, subjectId, notifiedAt, mailClaimedAt',
        ConsistentRead: true,
      },
      page,
      'Incident subjects',
    );
    return { subjects: items.map((i) => decodeItem(subjectNoticeItem, i, 'incident subject')), cursor };
  }

  markNotified(incidentId: string, subjectId: string, at: Date): Write {
    return dynamoWrite(
      'incident.subject.notified',
      {
        Update: {
          TableName: this.deps.table,
          Key: subjectKey(incidentId, subjectId),
          UpdateExpression: 'SET notifiedAt = :at, mailClaimedAt = :at',
          // Exactly once: the transaction writing the notice holds this condition.
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(notifiedAt)',
          ExpressionAttributeValues: { ':at': at.toISOString() },
        },
      },
      this.count(incidentId, 'notified'),
    );
  }

  claimMail(incidentId: string, subjectId: string, previousClaim: string | undefined, at: Date): Write {
    return dynamoWrite('incident.subject.mail-claim', {
      Update: {
        TableName: this.deps.table,
        Key: subjectKey(incidentId, subjectId),
        UpdateExpression: 'SET mailClaimedAt = :at',
        ConditionExpression:
          previousClaim === undefined
            ? 'attribute_exists(notifiedAt) AND attribute_not_exists(mailedAt) AND attribute_not_exists(mailClaimedAt)'
            : 'attribute_exists(notifiedAt) AND attribute_not_exists(mailedAt) AND mailClaimedAt = :previous',
        ExpressionAttributeValues: {
          ':at': at.toISOString(),
          ...(previousClaim !== undefined && { ':previous': previousClaim }),
        },
      },
    });
  }

  markMailed(incidentId: string, subjectId: string, outcome: 'sent' | 'unreachable', at: Date): Write {
    return dynamoWrite(
      'incident.subject.mailed',
      {
        Update: {
          TableName: this.deps.table,
          Key: subjectKey(incidentId, subjectId),
          UpdateExpression: 'SET mailedAt = :at, mailOutcome = :outcome',
          ConditionExpression: 'attribute_exists(notifiedAt) AND attribute_not_exists(mailedAt)',
          ExpressionAttributeValues: { ':at': at.toISOString(), ':outcome': outcome },
        },
      },
      this.count(incidentId, outcome === 'sent' ? 'mailed' : 'unreachable'),
    );
  }

  /** Adds one to a counter of the run, in the transaction whose condition makes it happen once. */
  private count(incidentId: string, counter: 'notified' | 'mailed' | 'unreachable') {
    return {
      Update: {
        TableName: this.deps.table,
        Key: noticeRunKey(incidentId),
        UpdateExpression: 'ADD #counter :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#counter': counter },
        ExpressionAttributeValues: { ':one': 1 },
      },
    };
  }

  completeNotices(incidentId: string, generation: number, at: Date): Write {
    return dynamoWrite('incident.notices.complete', {
      Update: {
        TableName: this.deps.table,
        Key: noticeRunKey(incidentId),
        UpdateExpression: 'SET #status = :completed, completedAt = :at REMOVE gsi2pk, gsi2sk',
        ConditionExpression: '#status = :sending AND generation = :generation',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':completed': 'completed',
          ':sending': 'sending',
          ':generation': generation,
          ':at': at.toISOString(),
        },
      },
    });
  }

  reopenNotices(run: NoticeRun): Write {
    return dynamoWrite('incident.notices.reopen', {
      Update: {
        TableName: this.deps.table,
        Key: noticeRunKey(run.incidentId),
        UpdateExpression:
          'SET #status = :sending, gsi2pk = :queue, gsi2sk = :sk REMOVE completedAt ADD generation :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':sending': 'sending',
          ':queue': INCIDENT_NOTICE_QUEUE,
          ':sk': `${run.startedAt}#${run.incidentId}`,
          ':one': 1,
        },
      },
    });
  }

  async subjects(incidentId: string, page: Page): Promise<{ subjectIds: string[]; cursor?: string | undefined }> {
    const { items, cursor } = await queryPage(
      this.deps.ddb,
      {
        TableName: this.deps.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': incidentPk(incidentId), ':prefix': SUBJECT_PREFIX },
        ProjectionExpression: 'pk, sk, subjectId',
        ConsistentRead: true,
      },
      page,
      'Incident subjects',
    );
    return { subjectIds: items.map((i) => decodeItem(subjectItem, i, 'incident subject').subjectId), cursor };
  }
}
