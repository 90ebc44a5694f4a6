/**
 * The retention sweep: anonymises order personal details past ORDER_PERSONAL_DATA_DAYS **in place**
 * (the customer keeps a valid order history, for ORDER_RECORD_DAYS; only erasure unlinks orders from
 * their subject), deletes short-lived service data the index marks as due, and deletes what was
 * collected under a consent since withdrawn. It finds work only through the retention
 * queue, walking what fell due from its checkpoint day to now in bounded pages, and records
 * the last completed day, so it resumes after a crash and its cost follows the work due, not the table
 * size. Each anonymisation, and each deletion of a subject's data, commits with its audit record
 * (actor `retention-sweep`, the run's id). See docs/retention.md.
 */
import { type AuditContext, auditEvent, systemContext } from '../domain/audit';
import { newId } from '../domain/ids';
import { PERSONAL_ORDER_FIELDS } from '../domain/order-record';
import { addDays, addDaysToDay, dayOf } from '../domain/time';
import type { Ports } from '../ports';
import type { Page } from '../ports/page';
import type {
  DueConsentPurge,
  DueDeletion,
  DueOrder,
  DuePage,
  RetentionQueue,
  RetentionWork,
} from '../ports/retention';

export const RETENTION_SWEEP_JOB = 'retention-sweep';

export interface RetentionSweepSummary {
  readonly ordersAnonymised: number;
  /** Orders of subjects who restricted processing: kept, looked at again RESTRICTED_RETENTION_RECHECK_DAYS later. */
  readonly ordersHeldByRestriction: number;
  /** Orders with a refund still awaiting a decision: kept, looked at again as restricted ones are. */
  readonly ordersHeldByPendingRefund: number;
  readonly itemsDeleted: number;
  /** Items collected under a consent since withdrawn, deleted. */
  readonly consentDataPurged: number;
  /** Due items the sweep has no action for (left alone, reported so they get noticed). */
  readonly itemsSkipped: number;
  readonly bucketsVisited: number;
}

export interface WalkOptions {
  /** Items per page. */
  readonly pageSize?: number;
  /** Writes in flight at once within a page. */
  readonly concurrency?: number;
}

type Deps = Pick<Ports, 'clock' | 'config' | 'retention' | 'uow'>;

/** Why the sweep processes what it touches (GDPR Art. 5(1)(e)). */
const PURPOSE = 'storage_limitation';

/** The item was no longer due when its write ran (another run, a change in between): nothing to count. */
class NoLongerDue extends Error {}

const DEFAULTS = { pageSize: 100, concurrency: 16 };

export async function sweepRetention(deps: Deps, options: WalkOptions = {}): Promise<RetentionSweepSummary> {
  const now = deps.clock.now();
  const queue = deps.retention;
  const run = systemContext(RETENTION_SWEEP_JOB, PURPOSE, newId(now));
  const { RETENTION_SWEEP_LOOKBACK_DAYS, RESTRICTED_RETENTION_RECHECK_DAYS, ORDER_RECORD_DAYS } = deps.config.retention;
  const recheckAt = addDays(now, RESTRICTED_RETENTION_RECHECK_DAYS);
  const keepRecordUntil = addDays(now, ORDER_RECORD_DAYS);
  const concurrency = options.concurrency ?? DEFAULTS.concurrency;
  const counts = {
    ordersAnonymised: 0,
    ordersHeldByRestriction: 0,
    ordersHeldByPendingRefund: 0,
    itemsDeleted: 0,
    consentDataPurged: 0,
    itemsSkipped: 0,
  };
  const { bucketsVisited } = await walkDueBuckets(
    queue,
    {
      job: RETENTION_SWEEP_JOB,
      now,
      lookbackDays: RETENTION_SWEEP_LOOKBACK_DAYS,
      due: (day, page) => queue.dueRetentionWork(day, now, page),
      ...options,
    },
    async (items) => {
      // A restriction may exist to preserve exactly these details (a legal claim): one read per page.
      const restricted = await queue.restrictedSubjects(
        items.flatMap((item) => (item.kind === 'anonymise-order' ? [item.subjectId] : [])),
      );
      await inParallel(items, concurrency, async (item: RetentionWork) => {
        switch (item.kind) {
          case 'delete':
            if (await deleteItem(deps, run, item, now)) counts.itemsDeleted++;
            return;
          case 'unknown':
            counts.itemsSkipped++;
            return;
          case 'purge-consent-data':
            counts.consentDataPurged += await purgeConsentData(deps, run, item, now);
            return;
          case 'anonymise-order':
            if (restricted.has(item.subjectId)) {
              if (await queue.postpone(item, now, recheckAt)) counts.ordersHeldByRestriction++;
              return;
            }
            switch (await queue.clearOrderSurroundings(item, keepRecordUntil)) {
              case 'cleared':
                if (await anonymiseOrder(deps, run, item, now, keepRecordUntil)) counts.ordersAnonymised++;
                return;
              case 'refund-pending':
                if (await queue.postpone(item, now, recheckAt)) counts.ordersHeldByPendingRefund++;
                return;
            }
        }
      });
    },
  );
  return { ...counts, bucketsVisited };
}

/**
 * The order's personal details removed, and the record of it on the customer's chain, in one
 * transaction; the record names what went before it too (refunds, carrier locations).
 */
function anonymiseOrder(
  deps: Deps,
  run: AuditContext,
  order: DueOrder,
  now: Date,
  keepRecordUntil: Date,
): Promise<boolean> {
  return stillDue(
    deps.uow.commit(
      [deps.retention.anonymiseOrder(order, now, keepRecordUntil)],
      [
        auditEvent(run, {
          action: 'order.anonymise',
          subjectId: order.subjectId,
          resource: `order/${order.orderId}`,
          fields: [...PERSONAL_ORDER_FIELDS, 'refunds', 'shipment.locations'],
        }),
      ],
      { 'order.retention-anonymise': () => new NoLongerDue() },
    ),
  );
}

/** A subject's item is deleted with the record of it on their chain; service data of no one, without. */
function deleteItem(deps: Deps, run: AuditContext, item: DueDeletion, now: Date): Promise<boolean> {
  const audit = item.subjectId
    ? [auditEvent(run, { action: 'retention.delete', subjectId: item.subjectId, resource: item.resource })]
    : [];
  return stillDue(
    deps.uow.commit([deps.retention.delete(item, now)], audit, { 'retention.delete': () => new NoLongerDue() }),
  );
}

/**
 * What was collected under a withdrawn consent is deleted, then the purge order goes with the
 * record of it on the subject's chain. Returns how many items went (0 when another run finished it).
 */
async function purgeConsentData(deps: Deps, run: AuditContext, purge: DueConsentPurge, now: Date): Promise<number> {
  const deleted = await deps.retention.deleteConsentData(purge);
  const audit = auditEvent(run, {
    action: 'consent.data-purge',
    subjectId: purge.subjectId,
    resource: `consent/${purge.purpose}`,
    details: { itemsDeleted: deleted, collectedUpTo: purge.withdrawnAt },
  });
  const finished = await stillDue(
    deps.uow.commit([deps.retention.finishConsentPurge(purge, now)], [audit], {
      'retention.consent-purge': () => new NoLongerDue(),
    }),
  );
  return finished ? deleted : 0;
}

/** True once the commit landed, false when the item was no longer due. */
async function stillDue(commit: Promise<unknown>): Promise<boolean> {
  try {
    await commit;
    return true;
  } catch (e) {
    if (e instanceof NoLongerDue) return false;
    throw e;
  }
}

export interface BucketWalk<T> extends WalkOptions {
  readonly job: string;
  readonly now: Date;
  /** With no checkpoint, the walk starts this many days back. */
  readonly lookbackDays: number;
  /** One page of the job's work due from the start of `fromDay` through `now`. */
  readonly due: (fromDay: string, page: Page) => Promise<DuePage<T>>;
}

/**
 * Walks the job's work due from its checkpoint day (revisited: it catches anything written late
 * into it) through now, calling `handlePage` with every page (at most `pageSize`), earliest first.
 * The queue reads every shard of the job's partition at once for the whole span, so a walk costs
 * the same whether it spans one day or a year (docs/decisions/0060). Once the walk is through, the
 * checkpoint moves to the last complete day (yesterday). With no checkpoint the walk starts
 * `lookbackDays` back. A page handler that throws stops the walk, leaving the checkpoint where it
 * was: the next run resumes there, and finds only what is still due.
 *
 * `bucketsVisited` counts the days the walk spanned.
 */
export async function walkDueBuckets<T>(
  checkpoints: Pick<RetentionQueue, 'checkpoint' | 'saveCheckpoint'>,
  walk: BucketWalk<T>,
  handlePage: (items: T[]) => Promise<void>,
): Promise<{ bucketsVisited: number }> {
  const pageSize = walk.pageSize ?? DEFAULTS.pageSize;
  const today = dayOf(walk.now);
  const lastComplete = addDaysToDay(today, -1);
  const checkpoint = await checkpoints.checkpoint(walk.job);
  // A checkpoint ahead of today (the clock was moved back) starts the walk at today.
  let from = checkpoint ?? addDaysToDay(today, -walk.lookbackDays);
  if (from > today) from = today;
  let cursor: string | undefined;
  do {
    const page = await walk.due(from, { limit: pageSize, cursor });
    if (page.items.length > 0) await handlePage(page.items);
    cursor = page.cursor;
  } while (cursor);
  if (!checkpoint || lastComplete > checkpoint) await checkpoints.saveCheckpoint(walk.job, lastComplete, walk.now);
  let bucketsVisited = 0;
  for (let day = from; day <= today; day = addDaysToDay(day, 1)) bucketsVisited++;
  return { bucketsVisited };
}

/** Runs `fn` over `items` with at most `limit` in flight; rethrows the first failure once all settled. */
export async function inParallel<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  // One iterator shared by all workers: each takes the next item when it is free.
  const pending = items.values();
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    for (const item of pending) {
      if (failure) return;
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
