/**
 * The retention sweep: anonymises order personal details past ORDER_PERSONAL_DATA_DAYS **in place**
 * (the customer keeps a valid order history; only erasure unlinks orders from their subject) and
 * deletes short-lived service data the index marks as due. It finds work only through the
 * `byRetention` index, walking the `RETENTION#<day>` buckets from its checkpoint day to today in
 * bounded pages, and records each completed day, so it resumes after a crash and its cost follows
 * the work due, not the table size. See docs/retention.md.
 */

import type { AppDependencies } from '../adapters/dependencies';
import { RETENTION_BUCKET_PREFIX } from '../adapters/dynamodb/keys';
import { type DueItem, RETENTION_ACTIONS, RetentionIndex } from '../adapters/dynamodb/retention-index';
import { epochSeconds } from '../domain/time';

export const RETENTION_SWEEP_JOB = 'retention-sweep';

export interface RetentionSweepSummary {
  readonly ordersAnonymised: number;
  /** Orders of subjects who restricted processing: kept, looked at again RESTRICTED_RETENTION_RECHECK_DAYS later. */
  readonly ordersHeldByRestriction: number;
  readonly itemsDeleted: number;
  /** Due items the sweep has no action for (left alone, reported so they get noticed). */
  readonly itemsSkipped: number;
  readonly bucketsVisited: number;
  /** DynamoDB requests the sweep made (queries, checkpoint reads and writes, updates, deletes). */
  readonly requests: number;
}

export interface WalkOptions {
  /** Items per Query page. */
  readonly pageSize?: number;
  /** Writes in flight at once within a page. */
  readonly concurrency?: number;
}

type Deps = Pick<AppDependencies, 'clock' | 'config' | 'ddb'>;

const DEFAULTS = { pageSize: 100, concurrency: 16 };

export async function sweepRetention(deps: Deps, options: WalkOptions = {}): Promise<RetentionSweepSummary> {
  const now = deps.clock.now();
  const nowEpoch = epochSeconds(now);
  const index = new RetentionIndex({ ddb: deps.ddb, table: dataTable(deps) });
  const { RETENTION_SWEEP_LOOKBACK_DAYS, RESTRICTED_RETENTION_RECHECK_DAYS } = deps.config.retention;
  const recheckAt = new Date(now.getTime() + RESTRICTED_RETENTION_RECHECK_DAYS * 86_400_000);
  const concurrency = options.concurrency ?? DEFAULTS.concurrency;
  let ordersAnonymised = 0;
  let ordersHeldByRestriction = 0;
  let itemsDeleted = 0;
  let itemsSkipped = 0;
  const { bucketsVisited } = await walkDueBuckets(
    index,
    {
      job: RETENTION_SWEEP_JOB,
      prefix: RETENTION_BUCKET_PREFIX,
      now,
      lookbackDays: RETENTION_SWEEP_LOOKBACK_DAYS,
      ...options,
    },
    async (items) => {
      const isOrder = (item: DueItem) =>
        !isDeletable(item, nowEpoch) && item.type === 'order' && item.retentionAction === undefined;
      // A restriction may exist to preserve exactly these details (a legal claim): one read per page.
      const restricted = await index.restrictedSubjects(
        items.filter(isOrder).flatMap((o) => (typeof o.subjectId === 'string' ? [o.subjectId] : [])),
      );
      await inParallel(items, concurrency, async (item) => {
        if (isDeletable(item, nowEpoch)) {
          if (await index.deleteDue(item, now)) itemsDeleted++;
        } else if (!isOrder(item)) {
          itemsSkipped++;
        } else if (restricted.has(String(item.subjectId))) {
          if (await index.postpone(item, now, recheckAt)) ordersHeldByRestriction++;
        } else if (await index.anonymiseOrder(item, now)) {
          ordersAnonymised++;
        }
      });
    },
  );
  return {
    ordersAnonymised,
    ordersHeldByRestriction,
    itemsDeleted,
    itemsSkipped,
    bucketsVisited,
    requests: index.requests,
  };
}

/** Marked for deletion, or past its TTL (DynamoDB would delete it within days; readers already ignore it). */
const isDeletable = (item: DueItem, now: number): boolean =>
  item.retentionAction === RETENTION_ACTIONS.delete || (typeof item.expiresAt === 'number' && item.expiresAt <= now);

export const dataTable = (deps: Pick<Deps, 'config'>): string => {
  const table = deps.config.tableNames.data;
  if (!table) throw new Error('The data table is not configured for this job.');
  return table;
};

/** `yyyy-mm-dd` of an instant, in UTC (the bucket's day). */
export const dayOf = (at: Date): string => at.toISOString().slice(0, 10);

export const addDays = (day: string, days: number): string =>
  dayOf(new Date(Date.parse(`${day}T00:00:00.000Z`) + days * 86_400_000));

/**
 * Walks `<prefix><day>` buckets from the job's checkpoint day (revisited: one cheap Query that
 * catches anything written late into it) to today, calling `handlePage` with every page (at most
 * `pageSize`) of the items due at `now`. A day before today is complete
 * once walked; the checkpoint moves to it when the day held work or is the last complete day (empty
 * days in between cost one Query to re-walk after a crash, not a write each). With no checkpoint
 * the walk starts `lookbackDays` back. A page handler that throws stops the walk, leaving the
 * checkpoint before that day: the next run resumes there.
 */
export async function walkDueBuckets(
  index: RetentionIndex,
  options: WalkOptions & { job: string; prefix: string; now: Date; lookbackDays: number },
  handlePage: (items: DueItem[]) => Promise<void>,
): Promise<{ bucketsVisited: number }> {
  const pageSize = options.pageSize ?? DEFAULTS.pageSize;
  const nowEpoch = epochSeconds(options.now);
  const today = dayOf(options.now);
  const lastComplete = addDays(today, -1);
  const checkpoint = await index.checkpoint(options.job);
  // A checkpoint ahead of today (the clock was moved back) starts the walk at today.
  let day = checkpoint ?? addDays(today, -options.lookbackDays);
  if (day > today) day = today;
  let bucketsVisited = 0;
  for (; day <= today; day = addDays(day, 1)) {
    bucketsVisited++;
    let found = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await index.duePage(`${options.prefix}${day}`, nowEpoch, { limit: pageSize, start });
      found += page.items.length;
      if (page.items.length > 0) await handlePage(page.items);
      start = page.next;
    } while (start);
    const complete = day < today;
    if (complete && (!checkpoint || day > checkpoint) && (found > 0 || day === lastComplete)) {
      await index.saveCheckpoint(options.job, day, options.now);
    }
  }
  return { bucketsVisited };
}

/** Runs `fn` over `items` with at most `limit` in flight; rethrows the first failure once all settled. */
export async function inParallel<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < items.length && !failure) {
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}
