/**
 * The data table's `byRetention` index as the sweeps' work queue. An item that has retention work
 * carries a shard of its sweep's partition (`retentionBucket`, e.g. `RETENTION#07`), the epoch second
 * the work is due (`retentionDueAt`) and, unless it is an order, what to do (`retentionAction`). A
 * sweep queries every shard at once for `retentionDueAt` between its checkpoint day and now — never
 * a Scan — so its cost follows the work due, not the table size nor the days since the last run. Every write is conditional on the item still being due, and every
 * action takes the item out of the index (or moves it on), so a re-run or a concurrent sweep does
 * nothing twice.
 *
 * The writes that change or remove a subject's data (anonymisation, deletion, the inactive-accounts
 * steps) are named writes, committed by the sweeps in the unit of work with their audit records.
 */
import {
  BatchGetCommand,
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type BatchWriteCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { RETENTION_BUCKET_ATTRIBUTE, RETENTION_DUE_ATTRIBUTE, TTL_ATTRIBUTE } from '../../config/resources';
import { CONSENT_PURPOSES } from '../../domain/access';
import { CONSENT_BOUND_DATA, type ConsentBoundKind } from '../../domain/consent';
import { PERSONAL_ORDER_FIELDS } from '../../domain/order-record';
import { withoutLocations } from '../../domain/shipment-record';
import { epochSeconds } from '../../domain/time';
import type { Page } from '../../ports/page';
import type {
  DueConsentPurge,
  DueDeletion,
  DueErasure,
  DueNotice,
  DueOrder,
  DuePage,
  InactivityWork,
  OrderSurroundings,
  RetentionQueue,
  RetentionWork,
} from '../../ports/retention';
import type { Write } from '../../ports/unit-of-work';
import { isConditionalCheckFailure, queryPages } from './client';
import { decodeItem, storedShipmentEvents } from './decode';
import {
  ENGAGEMENT_PREFIX,
  inactiveBucket,
  inactiveBuckets,
  jobCheckpointKey,
  ORDER_PREFIX,
  PROFILE_SK,
  refundPrefix,
  retentionBucket,
  retentionBuckets,
  SUBJECT_PREFIX,
  shipmentSk,
  subjectPk,
} from './keys';
import { shardedPageFrom } from './sharded-query';
import { dynamoWrite } from './unit-of-work';

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
  /** retention-sweep: a consent was withdrawn; delete what was collected under it, then this order. */
  purgeConsentData: 'purge-consent-data',
} as const;

/** Where each kind of consent-bound data lives in the subject's partition, and when an item was collected. */
const CONSENT_BOUND_ITEMS: Readonly<Record<ConsentBoundKind, { prefix: string; collectedAt: string }>> = {
  engagement: { prefix: ENGAGEMENT_PREFIX, collectedAt: 'receivedAt' },
};

/** The retention attributes of a subject's profile due the inactivity notice at `due` (registration, activity). */
export const inactivityNoticeDue = (subjectId: string, due: Date) => ({
  retentionBucket: inactiveBucket(subjectId),
  retentionDueAt: epochSeconds(due),
  retentionAction: RETENTION_ACTIONS.inactiveNotice,
});

/** What a due page projects: only what the sweeps decide on, never a personal value. */
const dueItem = z.object({
  pk: z.string(),
  sk: z.string(),
  type: z.string().optional(),
  subjectId: z.string().optional(),
  retentionAction: z.string().optional(),
  expiresAt: z.number().optional(),
  restricted: z.boolean().optional(),
  purpose: z.enum(CONSENT_PURPOSES).optional(),
  withdrawnAt: z.string().optional(),
});
type DueItem = z.infer<typeof dueItem>;

const DUE_PROJECTION = [
  'pk',
  'sk',
  '#bucket',
  '#due',
  '#type',
  'subjectId',
  'retentionAction',
  '#ttl',
  'restricted',
  'purpose',
  'withdrawnAt',
].join(', ');

type ItemKey = { readonly pk: string; readonly sk: string };

/**
 * The stored key behind each work item handed out: the sweeps act on the objects a page returned
 * without ever seeing a key. Entries go when the sweep drops the items.
 */
const keys = new WeakMap<object, ItemKey>();

function handle<T extends object>(work: T, item: DueItem): T {
  keys.set(work, { pk: item.pk, sk: item.sk });
  return work;
}

function keyOf(work: object): ItemKey {
  const key = keys.get(work);
  if (!key) throw new Error('This work item was not returned by the retention queue');
  return key;
}

/** Marked for deletion, or past its TTL (DynamoDB would delete it within days; readers already ignore it). */
function retentionWork(item: DueItem, now: number): RetentionWork {
  const { expiresAt } = item;
  if (item.retentionAction === RETENTION_ACTIONS.delete || (expiresAt !== undefined && expiresAt <= now)) {
    const owner =
      item.subjectId ?? (item.pk.startsWith(SUBJECT_PREFIX) ? item.pk.slice(SUBJECT_PREFIX.length) : undefined);
    return { kind: 'delete', subjectId: owner, resource: item.type ? `${item.type}/${item.sk}` : item.sk };
  }
  if (
    item.type === 'order' &&
    item.retentionAction === undefined &&
    item.subjectId !== undefined &&
    item.sk.startsWith(ORDER_PREFIX)
  ) {
    return { kind: 'anonymise-order', subjectId: item.subjectId, orderId: item.sk.slice(ORDER_PREFIX.length) };
  }
  const { subjectId, purpose, withdrawnAt } = item;
  if (item.retentionAction === RETENTION_ACTIONS.purgeConsentData && subjectId && purpose && withdrawnAt) {
    return { kind: 'purge-consent-data', subjectId, purpose, withdrawnAt };
  }
  return { kind: 'unknown' };
}

function inactivityWork(item: DueItem): InactivityWork {
  if (item.type !== 'profile' || item.subjectId === undefined) return { kind: 'none' };
  switch (item.retentionAction) {
    case RETENTION_ACTIONS.inactiveNotice:
      return { kind: 'send-notice', subjectId: item.subjectId };
    case RETENTION_ACTIONS.inactiveErase:
      return { kind: 'request-erasure', subjectId: item.subjectId, restricted: item.restricted === true };
    default:
      return { kind: 'none' };
  }
}

const checkpointItem = z.object({ day: z.string() });
const restrictionItem = z.object({ subjectId: z.string(), restricted: z.boolean().default(false) });

export interface RetentionQueueDeps {
  /** Any client with the document client's `send` (tests wrap it to count or fail requests). */
  readonly ddb: Pick<DynamoDBDocumentClient, 'send'>;
  readonly table: string;
}

/** BatchGetItem reads at most this many keys per request. */
const BATCH_GET_LIMIT = 100;
/** BatchWriteItem takes at most this many requests. */
const BATCH_WRITE_LIMIT = 25;

/** A refund of an order due for anonymisation: its key and whether it awaits a decision. */
const refundEntry = z.object({ sk: z.string(), status: z.string() });
/** A consent-bound item: its key and when it was collected (`at`, an ISO instant). */
const collectedItem = (attribute: string) =>
  z.looseObject({ sk: z.string() }).transform((item, ctx) => {
    const at = item[attribute];
    if (typeof at !== 'string') {
      ctx.addIssue({ code: 'custom', message: `${attribute} is missing` });
      return z.NEVER;
    }
    return { sk: item.sk, collectedAt: at };
  });

export class DynamoRetentionQueue implements RetentionQueue {
  constructor(private readonly deps: RetentionQueueDeps) {}

  async checkpoint(job: string): Promise<string | undefined> {
    const { Item } = await this.deps.ddb.send(
      new GetCommand({ TableName: this.deps.table, Key: jobCheckpointKey(job), ConsistentRead: true }),
    );
    return Item ? decodeItem(checkpointItem, Item, 'job checkpoint').day : undefined;
  }

  async saveCheckpoint(job: string, day: string, at: Date): Promise<void> {
    await this.conditional(() =>
      this.deps.ddb.send(
        new PutCommand({
          TableName: this.deps.table,
          Item: { ...jobCheckpointKey(job), type: 'job-checkpoint', job, day, updatedAt: at.toISOString() },
          ConditionExpression: 'attribute_not_exists(pk) OR #day < :day',
          ExpressionAttributeNames: { '#day': 'day' },
          ExpressionAttributeValues: { ':day': day },
        }),
      ),
    );
  }

  async dueRetentionWork(fromDay: string, now: Date, page: Page): Promise<DuePage<RetentionWork>> {
    const { items, cursor } = await this.duePage(retentionBuckets(), fromDay, now, page);
    return { items: items.map((item) => handle(retentionWork(item, epochSeconds(now)), item)), cursor };
  }

  async dueInactiveAccounts(fromDay: string, now: Date, page: Page): Promise<DuePage<InactivityWork>> {
    const { items, cursor } = await this.duePage(inactiveBuckets(), fromDay, now, page);
    return { items: items.map((item) => handle(inactivityWork(item), item)), cursor };
  }

  /** One BatchGetItem per 100 subjects, profiles only, the `restricted` flag only. */
  async restrictedSubjects(subjectIds: readonly string[]): Promise<ReadonlySet<string>> {
    const restricted = new Set<string>();
    const unique = [...new Set(subjectIds)];
    for (let i = 0; i < unique.length; i += BATCH_GET_LIMIT) {
      const chunk = unique.slice(i, i + BATCH_GET_LIMIT).map((id) => ({ pk: subjectPk(id), sk: PROFILE_SK }));
      for (const profile of await this.batchGet(chunk, 'subjectId, restricted')) {
        const { subjectId, restricted: isRestricted } = decodeItem(restrictionItem, profile, 'profile restriction');
        if (isRestricted) restricted.add(subjectId);
      }
    }
    return restricted;
  }

  /**
   * Refunds first (one awaiting a decision holds the order back), then the shipment's carrier
   * locations. Idempotent: a crash before the anonymisation commits leaves the order due, and the
   * next run repeats these steps.
   */
  async clearOrderSurroundings(order: DueOrder, keepRecordUntil: Date): Promise<OrderSurroundings> {
    const { pk } = keyOf(order);
    const refunds = await this.query(
      { pk, prefix: refundPrefix(order.orderId) },
      'sk, #status',
      { '#status': 'status' },
      refundEntry,
    );
    if (refunds.some((r) => r.status === 'requested')) return 'refund-pending';
    await this.stripShipment(pk, order.orderId, keepRecordUntil);
    await this.deleteAll(refunds.map((r) => ({ pk, sk: r.sk })));
    return 'cleared';
  }

  anonymiseOrder(order: DueOrder, now: Date, keepRecordUntil: Date): Write {
    const names = Object.fromEntries(PERSONAL_ORDER_FIELDS.map((f) => [`#${f}`, f]));
    const removed = [...Object.keys(names), '#bucket', '#due'].join(', ');
    return dynamoWrite('order.retention-anonymise', {
      Update: {
        TableName: this.deps.table,
        Key: keyOf(order),
        UpdateExpression: `REMOVE ${removed} SET anonymisedAt = :at, #ttl = :keep`,
        ConditionExpression: '#due <= :now AND #type = :order',
        ExpressionAttributeNames: {
          ...names,
          '#bucket': RETENTION_BUCKET_ATTRIBUTE,
          '#due': RETENTION_DUE_ATTRIBUTE,
          '#type': 'type',
          '#ttl': TTL_ATTRIBUTE,
        },
        ExpressionAttributeValues: {
          ':at': now.toISOString(),
          ':now': epochSeconds(now),
          ':order': 'order',
          ':keep': epochSeconds(keepRecordUntil),
        },
      },
    });
  }

  /**
   * The order's shipment, if it has one, keeps its statuses and times but not the carriers'
   * locations, and expires with the order. Conditional on the events read, so a carrier event
   * arriving meanwhile is never lost (the read is repeated).
   */
  private async stripShipment(pk: string, orderId: string, keepUntil: Date): Promise<void> {
    const key = { pk, sk: shipmentSk(orderId) };
    for (let attempt = 1; ; attempt++) {
      const { Item } = await this.deps.ddb.send(
        new GetCommand({ TableName: this.deps.table, Key: key, ProjectionExpression: 'events', ConsistentRead: true }),
      );
      if (!Item) return;
      const { events } = decodeItem(storedShipmentEvents, Item, 'shipment events');
      const stripped = await this.conditional(() =>
        this.deps.ddb.send(
          new UpdateCommand({
            TableName: this.deps.table,
            Key: key,
            UpdateExpression: 'SET events = :stripped, #ttl = :keep',
            ConditionExpression: 'size(events) = :count',
            ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
            ExpressionAttributeValues: {
              ':stripped': withoutLocations(events),
              ':keep': epochSeconds(keepUntil),
              ':count': events.length,
            },
          }),
        ),
      );
      if (stripped) return;
      if (attempt >= 3) throw new Error('The shipment kept changing; the sweep will resume.');
    }
  }

  async deleteConsentData(purge: DueConsentPurge): Promise<number> {
    const { pk } = keyOf(purge);
    let deleted = 0;
    for (const kind of CONSENT_BOUND_DATA[purge.purpose]) {
      const { prefix, collectedAt } = CONSENT_BOUND_ITEMS[kind];
      const items = await this.query({ pk, prefix }, 'sk, #at', { '#at': collectedAt }, collectedItem(collectedAt));
      const due = items.filter((i) => i.collectedAt <= purge.withdrawnAt);
      await this.deleteAll(due.map((i) => ({ pk, sk: i.sk })));
      deleted += due.length;
    }
    return deleted;
  }

  finishConsentPurge(purge: DueConsentPurge, now: Date): Write {
    return dynamoWrite('retention.consent-purge', {
      Delete: {
        TableName: this.deps.table,
        Key: keyOf(purge),
        ConditionExpression: '#due <= :now AND retentionAction = :purge',
        ExpressionAttributeNames: { '#due': RETENTION_DUE_ATTRIBUTE },
        ExpressionAttributeValues: { ':now': epochSeconds(now), ':purge': RETENTION_ACTIONS.purgeConsentData },
      },
    });
  }

  async postpone(order: DueOrder, now: Date, until: Date): Promise<boolean> {
    return this.conditional(() =>
      this.deps.ddb.send(
        new UpdateCommand({
          TableName: this.deps.table,
          Key: keyOf(order),
          UpdateExpression: 'SET #bucket = :bucket, #due = :until',
          ConditionExpression: '#due <= :now',
          ExpressionAttributeNames: { '#bucket': RETENTION_BUCKET_ATTRIBUTE, '#due': RETENTION_DUE_ATTRIBUTE },
          ExpressionAttributeValues: {
            ':bucket': retentionBucket(keyOf(order)),
            ':until': epochSeconds(until),
            ':now': epochSeconds(now),
          },
        }),
      ),
    );
  }

  /** Only while due for deletion: its action says so, or its TTL has passed. */
  delete(item: DueDeletion, now: Date): Write {
    return dynamoWrite('retention.delete', {
      Delete: {
        TableName: this.deps.table,
        Key: keyOf(item),
        ConditionExpression: '#due <= :now AND (retentionAction = :delete OR #ttl <= :now)',
        ExpressionAttributeNames: { '#due': RETENTION_DUE_ATTRIBUTE, '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: { ':now': epochSeconds(now), ':delete': RETENTION_ACTIONS.delete },
      },
    });
  }

  inactivityNotice(account: DueNotice, now: Date, eraseAt: Date): Write {
    return dynamoWrite(
      'profile.inactivity-notice',
      this.whileDue(account, RETENTION_ACTIONS.inactiveNotice, now, {
        set: 'retentionAction = :next, #bucket = :bucket, #due = :eraseAt, inactivityNoticeAt = :at',
        values: {
          ':next': RETENTION_ACTIONS.inactiveErase,
          ':bucket': inactiveBucket(account.subjectId),
          ':eraseAt': epochSeconds(eraseAt),
          ':at': now.toISOString(),
        },
      }),
    );
  }

  inactivityErasure(account: DueErasure, now: Date, requestId: string): Write {
    return dynamoWrite(
      'profile.inactivity-erasure',
      this.whileDue(account, RETENTION_ACTIONS.inactiveErase, now, {
        set: 'retentionAction = :next, inactiveErasureRequestId = :request',
        remove: '#bucket, #due',
        values: { ':next': RETENTION_ACTIONS.inactiveErasureRequested, ':request': requestId },
      }),
    );
  }

  /**
   * One page of the items due from the start of `fromDay` through `now`, earliest first across the
   * shards (read in parallel). The cursor holds every shard's position: the walk is done only when
   * every shard is.
   */
  private async duePage(
    shards: readonly string[],
    fromDay: string,
    now: Date,
    page: Page,
  ): Promise<{ items: DueItem[]; cursor?: string }> {
    const { items, cursor } = await shardedPageFrom(
      this.deps.ddb,
      shards,
      (bucket) => ({
        TableName: this.deps.table,
        IndexName: RETENTION_INDEX,
        KeyConditionExpression: '#bucket = :bucket AND #due BETWEEN :from AND :now',
        ExpressionAttributeNames: {
          '#bucket': RETENTION_BUCKET_ATTRIBUTE,
          '#due': RETENTION_DUE_ATTRIBUTE,
          '#type': 'type',
          '#ttl': TTL_ATTRIBUTE,
        },
        ExpressionAttributeValues: {
          ':bucket': bucket,
          ':from': epochSeconds(new Date(`${fromDay}T00:00:00.000Z`)),
          ':now': epochSeconds(now),
        },
        ProjectionExpression: DUE_PROJECTION,
      }),
      (item, bucket) => ({
        pk: item.pk,
        sk: item.sk,
        [RETENTION_BUCKET_ATTRIBUTE]: bucket,
        [RETENTION_DUE_ATTRIBUTE]: item[RETENTION_DUE_ATTRIBUTE],
      }),
      { sortKey: RETENTION_DUE_ATTRIBUTE, what: 'Retention work' },
      page,
    );
    return { items: items.map((item) => decodeItem(dueItem, item, 'retention index entry')), cursor };
  }

  /** The items of one partition under a sort-key prefix, all pages, decoded (a few attributes only). */
  private async query<T>(
    where: { pk: string; prefix: string },
    projection: string,
    names: Record<string, string>,
    schema: z.ZodType<T>,
  ): Promise<T[]> {
    const items: T[] = [];
    const pages = queryPages(
      this.deps.ddb,
      {
        TableName: this.deps.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': where.pk, ':prefix': where.prefix },
        ExpressionAttributeNames: names,
        ProjectionExpression: projection,
        ConsistentRead: true,
      },
      'Retention work',
    );
    for await (const page of pages) items.push(...page.map((item) => decodeItem(schema, item, 'retention item')));
    return items;
  }

  /** Deletes the items, 25 per request, retrying what DynamoDB leaves unprocessed (throttling) with backoff. */
  private async deleteAll(keys: readonly ItemKey[]): Promise<void> {
    for (let i = 0; i < keys.length; i += BATCH_WRITE_LIMIT) {
      let pending: BatchWriteCommandInput['RequestItems'] | undefined = {
        [this.deps.table]: keys.slice(i, i + BATCH_WRITE_LIMIT).map((Key) => ({ DeleteRequest: { Key } })),
      };
      for (let attempt = 0; pending && Object.keys(pending).length > 0; attempt++) {
        if (attempt >= 8) throw new Error('Deletions stayed unprocessed (throttled); the sweep will resume.');
        if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
        const requested: BatchWriteCommandInput['RequestItems'] = pending;
        const result: BatchWriteCommandOutput = await this.deps.ddb.send(
          new BatchWriteCommand({ RequestItems: requested }),
        );
        pending = result.UnprocessedItems;
      }
    }
  }

  /** The items at `keys`, retrying what DynamoDB leaves unprocessed (throttling) with backoff. */
  private async batchGet(keys: Record<string, unknown>[], projection: string): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    let pending: Record<string, unknown>[] | undefined = keys;
    for (let attempt = 0; pending && pending.length > 0; attempt++) {
      if (attempt >= 8) throw new Error('Profiles stayed unprocessed (throttled); the sweep will resume.');
      if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
      const requested: Record<string, unknown>[] = pending;
      const result = await this.deps.ddb.send(
        new BatchGetCommand({
          RequestItems: {
            [this.deps.table]: { Keys: requested, ProjectionExpression: projection, ConsistentRead: true },
          },
        }),
      );
      found.push(...(result.Responses?.[this.deps.table] ?? []));
      pending = result.UnprocessedKeys?.[this.deps.table]?.Keys;
    }
    return found;
  }

  /** A profile update that applies only while the account is still due for `action`. */
  private whileDue(
    account: DueNotice | DueErasure,
    action: string,
    now: Date,
    change: { set: string; remove?: string; values: Record<string, unknown> },
  ) {
    return {
      Update: {
        TableName: this.deps.table,
        Key: keyOf(account),
        UpdateExpression: `SET ${change.set}${change.remove ? ` REMOVE ${change.remove}` : ''}`,
        ConditionExpression: 'retentionAction = :action AND #due <= :now',
        ExpressionAttributeNames: { '#bucket': RETENTION_BUCKET_ATTRIBUTE, '#due': RETENTION_DUE_ATTRIBUTE },
        ExpressionAttributeValues: { ...change.values, ':action': action, ':now': epochSeconds(now) },
      },
    };
  }

  /** Runs a conditional write; false when its condition failed (the item was no longer due). */
  private async conditional(fn: () => Promise<unknown>): Promise<boolean> {
    try {
      await fn();
      return true;
    } catch (e) {
      if (isConditionalCheckFailure(e)) return false;
      throw e;
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
