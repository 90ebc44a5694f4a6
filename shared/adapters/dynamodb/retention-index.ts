/**
 * The data table's `byRetention` index as the sweeps' work queue. An item that has retention work
 * carries a day bucket (`retentionBucket`, e.g. `RETENTION#2026-11-25`), the epoch second the work
 * is due (`retentionDueAt`) and, unless it is an order, what to do (`retentionAction`). A sweep
 * queries one bucket at a time for `retentionDueAt <= now` — never a Scan — so its cost follows the
 * work due, not the table size. Every write is conditional on the item still being due, and every
 * action takes the item out of the index, so a re-run or a concurrent sweep does nothing twice.
 *
 * Counts every DynamoDB request it sends (`requests`), for job summaries and the benchmark.
 */
import {
  BatchGetCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { RETENTION_BUCKET_ATTRIBUTE, RETENTION_DUE_ATTRIBUTE, TTL_ATTRIBUTE } from '../../config/resources';
import { PERSONAL_ORDER_FIELDS } from '../../domain/order-record';
import { epochSeconds } from '../../domain/time';
import { isConditionalCheckFailure } from './client';
import { jobCheckpointKey, PROFILE_SK, retentionBucket, subjectPk } from './keys';

/** The index declared in shared/config/resources.ts. */
export const RETENTION_INDEX = 'byRetention';

/** What the sweep does with an item when it falls due (`retentionAction`). Orders carry none: anonymise. */
export const RETENTION_ACTIONS = {
  /** retention-sweep: delete the item (short-lived service data whose TTL has passed). */
  delete: 'delete',
  /** inactive-accounts: the profile is due the inactivity notice. */
  inactiveNotice: 'inactive-notice',
  /** inactive-accounts: the notice was sent; the account is due erasure. */
  inactiveErase: 'inactive-erase',
  /** inactive-accounts: an erasure request was submitted; out of the index. */
  inactiveErasureRequested: 'inactive-erasure-requested',
} as const;

/** An item found due, with only what a sweep needs to decide (never a personal value). */
export interface DueItem {
  readonly pk: string;
  readonly sk: string;
  readonly type?: string;
  readonly subjectId?: string;
  readonly retentionAction?: string;
  readonly retentionDueAt: number;
  readonly expiresAt?: number;
  readonly lastActiveAt?: string;
  readonly restricted?: boolean;
}

const DUE_PROJECTION = [
  'pk',
  'sk',
  '#type',
  'subjectId',
  'retentionAction',
  RETENTION_DUE_ATTRIBUTE,
  TTL_ATTRIBUTE,
  'lastActiveAt',
  'restricted',
].join(', ');

export interface RetentionIndexDeps {
  /** Any client with the document client's `send` (tests wrap it to count or fail requests). */
  readonly ddb: Pick<DynamoDBDocumentClient, 'send'>;
  readonly table: string;
}

export class RetentionIndex {
  /** DynamoDB requests sent through this instance. */
  requests = 0;

  constructor(private readonly deps: RetentionIndexDeps) {}

  /** One page of a bucket's items due at `now` (epoch seconds), earliest first. */
  async duePage(
    bucket: string,
    now: number,
    page: { limit: number; start?: Record<string, unknown> | undefined },
  ): Promise<{ items: DueItem[]; next?: Record<string, unknown> | undefined }> {
    const result = await this.send(() =>
      this.deps.ddb.send(
        new QueryCommand({
          TableName: this.deps.table,
          IndexName: RETENTION_INDEX,
          KeyConditionExpression: '#bucket = :bucket AND #due <= :now',
          ExpressionAttributeNames: {
            '#bucket': RETENTION_BUCKET_ATTRIBUTE,
            '#due': RETENTION_DUE_ATTRIBUTE,
            '#type': 'type',
          },
          ExpressionAttributeValues: { ':bucket': bucket, ':now': now },
          ProjectionExpression: DUE_PROJECTION,
          Limit: page.limit,
          ExclusiveStartKey: page.start,
        }),
      ),
    );
    return { items: (result.Items ?? []) as DueItem[], next: result.LastEvaluatedKey };
  }

  /** The last day (`yyyy-mm-dd`) the job fully processed, if it ever did. */
  async checkpoint(job: string): Promise<string | undefined> {
    const { Item } = await this.send(() =>
      this.deps.ddb.send(
        new GetCommand({ TableName: this.deps.table, Key: jobCheckpointKey(job), ConsistentRead: true }),
      ),
    );
    return typeof Item?.day === 'string' ? Item.day : undefined;
  }

  /** Moves the checkpoint forward to `day`; never back (a slower concurrent run loses quietly). */
  async saveCheckpoint(job: string, day: string, at: Date): Promise<void> {
    await this.send(() =>
      this.deps.ddb
        .send(
          new PutCommand({
            TableName: this.deps.table,
            Item: { ...jobCheckpointKey(job), type: 'job-checkpoint', job, day, updatedAt: at.toISOString() },
            ConditionExpression: 'attribute_not_exists(pk) OR #day < :day',
            ExpressionAttributeNames: { '#day': 'day' },
            ExpressionAttributeValues: { ':day': day },
          }),
        )
        .catch(ignoreConditionFailure),
    );
  }

  /**
   * Removes an order's personal details in place (the order stays with its subject: amounts, lines,
   * status and history intact) and takes it out of the index. False if it was no longer due.
   */
  async anonymiseOrder(item: Pick<DueItem, 'pk' | 'sk'>, now: Date): Promise<boolean> {
    const names = Object.fromEntries(PERSONAL_ORDER_FIELDS.map((f) => [`#${f}`, f]));
    const removed = [...Object.keys(names), '#bucket', '#due'].join(', ');
    return this.conditional(() =>
      this.deps.ddb.send(
        new UpdateCommand({
          TableName: this.deps.table,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: `REMOVE ${removed} SET anonymisedAt = :at`,
          ConditionExpression: '#due <= :now AND #type = :order',
          ExpressionAttributeNames: {
            ...names,
            '#bucket': RETENTION_BUCKET_ATTRIBUTE,
            '#due': RETENTION_DUE_ATTRIBUTE,
            '#type': 'type',
          },
          ExpressionAttributeValues: { ':at': now.toISOString(), ':now': epochSeconds(now), ':order': 'order' },
        }),
      ),
    );
  }

  /**
   * Which of these subjects restricted processing (one BatchGetItem per 100 subjects, profiles
   * only, the `restricted` flag only).
   */
  async restrictedSubjects(subjectIds: readonly string[]): Promise<Set<string>> {
    const restricted = new Set<string>();
    const unique = [...new Set(subjectIds)];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = unique
        .slice(i, i + 100)
        .map((id) => ({ pk: subjectPk(id), sk: PROFILE_SK }));
      for (let attempt = 0; keys && keys.length > 0; attempt++) {
        if (attempt >= 8) throw new Error('Profiles stayed unprocessed (throttled); the sweep will resume.');
        if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
        const requested: Record<string, unknown>[] = keys;
        const result = await this.send(() =>
          this.deps.ddb.send(
            new BatchGetCommand({
              RequestItems: {
                [this.deps.table]: { Keys: requested, ProjectionExpression: 'pk, restricted', ConsistentRead: true },
              },
            }),
          ),
        );
        for (const item of result.Responses?.[this.deps.table] ?? []) {
          if (item.restricted === true) restricted.add(String(item.pk).slice(subjectPk('').length));
        }
        keys = result.UnprocessedKeys?.[this.deps.table]?.Keys;
      }
    }
    return restricted;
  }

  /** Moves a still-due item's work to `until` (its `RETENTION#` bucket). False if it was no longer due. */
  async postpone(item: Pick<DueItem, 'pk' | 'sk'>, now: Date, until: Date): Promise<boolean> {
    return this.conditional(() =>
      this.deps.ddb.send(
        new UpdateCommand({
          TableName: this.deps.table,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: 'SET #bucket = :bucket, #due = :until',
          ConditionExpression: '#due <= :now',
          ExpressionAttributeNames: { '#bucket': RETENTION_BUCKET_ATTRIBUTE, '#due': RETENTION_DUE_ATTRIBUTE },
          ExpressionAttributeValues: {
            ':bucket': retentionBucket(until),
            ':until': epochSeconds(until),
            ':now': epochSeconds(now),
          },
        }),
      ),
    );
  }

  /** Deletes an item due for deletion (its action says so, or its TTL has passed). False if not due. */
  async deleteDue(item: Pick<DueItem, 'pk' | 'sk'>, now: Date): Promise<boolean> {
    return this.conditional(() =>
      this.deps.ddb.send(
        new DeleteCommand({
          TableName: this.deps.table,
          Key: { pk: item.pk, sk: item.sk },
          ConditionExpression: '#due <= :now AND (retentionAction = :delete OR #ttl <= :now)',
          ExpressionAttributeNames: { '#due': RETENTION_DUE_ATTRIBUTE, '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':now': epochSeconds(now), ':delete': RETENTION_ACTIONS.delete },
        }),
      ),
    );
  }

  private async conditional(fn: () => Promise<unknown>): Promise<boolean> {
    try {
      await this.send(fn);
      return true;
    } catch (e) {
      if (isConditionalCheckFailure(e)) return false;
      throw e;
    }
  }

  private send<T>(fn: () => Promise<T>): Promise<T> {
    this.requests++;
    return fn();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function ignoreConditionFailure(e: unknown): undefined {
  if (isConditionalCheckFailure(e)) return undefined;
  throw e;
}
