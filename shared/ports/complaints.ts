/**
 * Ports of the complaint area: complaints and the privacy officers' inbox of deadline notices, which
 * the deadline monitor fills from the privacy-request and complaint queues. TRANSITIONAL: complaints
 * are typed by the adapter class until they are converted to a port interface.
 */
import type { ComplaintRepository } from '../adapters/dynamodb/complaint-repository';
import type { OpenComplaintStatus } from '../domain/complaint';
import type { OPEN_REQUEST_STATUSES } from '../domain/privacy-request';
import type { Page } from './page';

/** The statuses in which an item of each kind still has a deadline to meet: the queues the monitor walks. */
export interface OpenStatuses {
  readonly 'privacy-request': (typeof OPEN_REQUEST_STATUSES)[number];
  readonly complaint: OpenComplaintStatus;
}
export type DeadlineKind = keyof OpenStatuses;
export type DeadlineState = 'due-soon' | 'overdue';

/** One item waiting in a work queue: only its id and due date are read. */
export interface DeadlineEntry {
  readonly id: string;
  readonly dueAt: string;
}

/** A reminder for the officers: ids, kinds, statuses and dates, never a personal value. */
export interface OfficerNotice {
  readonly kind: DeadlineKind;
  readonly id: string;
  /** The item's status when the notice was written. */
  readonly status: OpenStatuses[DeadlineKind];
  readonly dueAt: string;
  readonly state: DeadlineState;
  /** The day (`yyyy-mm-dd`, UTC) the notice is for: at most one per item per day. */
  readonly day: string;
  readonly at: string;
}

export interface OfficerInbox {
  /** Items of `kind` in `status` due at or before `by`, soonest first, every page, never by a Scan. */
  dueBy<K extends DeadlineKind>(kind: K, status: OpenStatuses[K], by: Date): AsyncIterable<DeadlineEntry>;
  /**
   * Posts the notice unless the one for this item and day exists (a rerun writes nothing); true when
   * it was written. It is kept until `expiresAt`, then deleted.
   */
  post(notice: OfficerNotice, expiresAt: Date): Promise<boolean>;
  /** Notices, soonest due first. */
  list(page: Page): Promise<{ notices: OfficerNotice[]; cursor?: string | undefined }>;
}

export interface ComplaintPorts {
  readonly complaints: ComplaintRepository;
  readonly officerInbox: OfficerInbox;
}
