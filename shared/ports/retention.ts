/**
 * Ports of the retention sweeps: the retention index as a queue of work by due time. Each sweep
 * has partitions of its own (`retention-sweep`: order details and expired service data;
 * `inactive-accounts`: profiles due a notice or erasure) and walks them from its checkpoint day.
 * Every action is conditional on the item still being due and takes it out of (or further along)
 * the queue, so a re-run or a concurrent run does nothing twice.
 *
 * The work items a page returns are also handles: pass the very object back to act on it.
 */
import type { ConsentPurpose } from '../domain/access';
import type { Page } from './page';
import type { Write } from './unit-of-work';

/** A completed order whose personal details are past their retention period. */
export interface DueOrder {
  readonly kind: 'anonymise-order';
  readonly subjectId: string;
  readonly orderId: string;
}

/** Short-lived service data marked for deletion, or any item past its TTL. */
export interface DueDeletion {
  readonly kind: 'delete';
  /** The subject whose data it is, when it is a subject's (its deletion is then audited on their chain). */
  readonly subjectId?: string | undefined;
  /** What it is, by kind and key (no personal value), for the audit record. */
  readonly resource: string;
}

/** A consent was withdrawn: what was collected under it up to then is due for deletion. */
export interface DueConsentPurge {
  readonly kind: 'purge-consent-data';
  readonly subjectId: string;
  readonly purpose: ConsentPurpose;
  readonly withdrawnAt: string;
}

/** An item the retention sweep has no action for: left alone, and counted so it gets noticed. */
export interface UnknownWork {
  readonly kind: 'unknown';
}

export type RetentionWork = DueOrder | DueDeletion | DueConsentPurge | UnknownWork;

/** Whether an order due for anonymisation is ready for it. */
export type OrderSurroundings =
  /** Its refunds deleted, its shipment's carrier locations stripped: the details can go. */
  | 'cleared'
  /** A refund of the order still awaits a decision: settling it needs the details; look again later. */
  | 'refund-pending';

/** An account without activity for INACTIVE_ACCOUNT_DAYS: due the inactivity notice. */
export interface DueNotice {
  readonly kind: 'send-notice';
  readonly subjectId: string;
}

/** An account still inactive INACTIVE_NOTICE_DAYS after its notice: due an erasure request. */
export interface DueErasure {
  readonly kind: 'request-erasure';
  readonly subjectId: string;
  /** Processing restricted: the request waits for a privacy officer's decision. */
  readonly restricted: boolean;
}

/** Something in the inactive-accounts buckets with nothing left to do (it changed meanwhile). */
export interface NothingDue {
  readonly kind: 'none';
}

export type InactivityWork = DueNotice | DueErasure | NothingDue;

export interface DuePage<T> {
  readonly items: T[];
  readonly cursor?: string | undefined;
}

export interface RetentionQueue {
  /** The last day (`yyyy-mm-dd`) `job` fully processed, if it ever did. */
  checkpoint(job: string): Promise<string | undefined>;
  /** Moves `job`'s checkpoint forward to `day`; never back (a slower concurrent run loses quietly). */
  saveCheckpoint(job: string, day: string, at: Date): Promise<void>;

  /** One page of the retention sweep's work due from the start of `fromDay` (`yyyy-mm-dd`) through `now`, earliest first. */
  dueRetentionWork(fromDay: string, now: Date, page: Page): Promise<DuePage<RetentionWork>>;
  /** Which of these subjects restricted processing. */
  restrictedSubjects(subjectIds: readonly string[]): Promise<ReadonlySet<string>>;
  /**
   * What goes with an order's details, before they go: its refund records are deleted (the order
   * keeps the refunded total) and its shipment loses the carriers' free-text locations and expires
   * with the order (`keepRecordUntil`). Idempotent. `refund-pending` (nothing changed) while a
   * refund awaits a decision, since settling it needs the details.
   */
  clearOrderSurroundings(order: DueOrder, keepRecordUntil: Date): Promise<OrderSurroundings>;
  /**
   * `order.retention-anonymise`: removes the order's personal details in place; it stays with its
   * subject, amounts, lines, status and history intact, and is kept until `keepRecordUntil` (the
   * bookkeeping period). Fails unless the order is still due.
   */
  anonymiseOrder(order: DueOrder, now: Date, keepRecordUntil: Date): Write;
  /** Moves the order's retention work to `until` (no personal value changes). False if it was no longer due. */
  postpone(order: DueOrder, now: Date, until: Date): Promise<boolean>;
  /** `retention.delete`: deletes the item. Fails unless it is still due. */
  delete(item: DueDeletion, now: Date): Write;
  /** Deletes what the subject's withdrawn consent covered (collected up to the withdrawal); how many items went. Idempotent. */
  deleteConsentData(purge: DueConsentPurge): Promise<number>;
  /** `retention.consent-purge`: removes the purge order once its data is gone. Fails unless it is still due. */
  finishConsentPurge(purge: DueConsentPurge, now: Date): Write;

  /** One page of the inactive-accounts sweep's work due from the start of `fromDay` through `now`, earliest first. */
  dueInactiveAccounts(fromDay: string, now: Date, page: Page): Promise<DuePage<InactivityWork>>;
  /**
   * `profile.inactivity-notice`: the notice is sent; the account is due erasure at `eraseAt`. Fails
   * unless the account is still due the notice (activity or another run got there first).
   */
  inactivityNotice(account: DueNotice, now: Date, eraseAt: Date): Write;
  /**
   * `profile.inactivity-erasure`: erasure request `requestId` stands for the account, which leaves
   * the queue. Fails unless the account is still due erasure.
   */
  inactivityErasure(account: DueErasure, now: Date, requestId: string): Write;
}

export interface RetentionPorts {
  readonly retention: RetentionQueue;
}
