/**
 * Ports of the complaint area: complaints (the subject's text sealed, the rest in the clear for the
 * officers' queue) and the privacy officers' inbox of deadline notices, which the deadline monitor
 * fills from the privacy-request and complaint queues. Methods that prepare a change return a named
 * `Write` for the unit of work; the names are listed with each method.
 */
import type { AccessContext, StaffRole } from '../domain/access';
import type { Complaint, ComplaintStatus, ComplaintWithText, OpenComplaintStatus } from '../domain/complaint';
import type { OPEN_REQUEST_STATUSES, PrivacyRequestType } from '../domain/privacy-request';
import type { Page } from './page';
import type { Write } from './unit-of-work';

export interface ComplaintStore {
  /** `complaint.create`: the complaint, its description sealed, queued as `open`. Fails if the subject has no key. */
  create(complaint: Complaint, description: string): Promise<Write>;
  /** `complaint.assign`: assigns it to `assignee`, moving it to the `assigned` queue; fails unless it is still open or assigned. */
  assign(complaint: Complaint, assignee: string, at: Date): Write;
  /** `complaint.resolve`: resolves it, the resolution sealed; fails unless it is still open or assigned. */
  resolve(complaint: Complaint, resolution: string, at: Date): Promise<Write>;
  /** The complaint with its text opened; a read by anyone but the subject is audited first. */
  read(subjectId: string, complaintId: string, access: AccessContext): Promise<ComplaintWithText | undefined>;
  /** The complaint without its text: no key, no audit. */
  summary(subjectId: string, complaintId: string): Promise<Complaint | undefined>;
  /** Whose complaint this is, by id alone (officer routes). */
  ownerOf(complaintId: string): Promise<string | undefined>;
  /** The subject's complaints with their text, newest first; reads by anyone but the subject are audited first. */
  list(
    subjectId: string,
    page: Page,
    access: AccessContext,
  ): Promise<{ complaints: ComplaintWithText[]; cursor?: string | undefined }>;
  /**
   * The officers' queue over `statuses`, soonest due first, without any text. With `dueBefore`,
   * only complaints due strictly before it.
   */
  queue(
    statuses: readonly ComplaintStatus[],
    page: Page & { readonly dueBefore?: Date | undefined },
  ): Promise<{ complaints: Complaint[]; cursor?: string | undefined }>;
}

/** The statuses in which an item of each kind still has a deadline to meet: the queues the monitor walks. */
export interface OpenStatuses {
  readonly 'privacy-request': (typeof OPEN_REQUEST_STATUSES)[number];
  readonly complaint: OpenComplaintStatus;
  /** An incident's clock runs until the authority decision is recorded. */
  readonly incident: 'open';
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
  /** Notices, soonest due first; those past their expiry at `now` are left out. */
  list(page: Page, now: Date): Promise<{ notices: OfficerNotice[]; cursor?: string | undefined }>;
  /**
   * Every privacy request waiting in `status`, with only its type and when it was received (for the
   * backlog by type and age): every page of the status's queue, never a Scan, never a subject.
   */
  openPrivacyRequests(status: OpenStatuses['privacy-request']): AsyncIterable<OpenPrivacyRequest>;
}

/** A privacy request still open, as the backlog metrics see it: its type and age, nothing else. */
export interface OpenPrivacyRequest {
  readonly type: PrivacyRequestType;
  readonly receivedAt: string;
}

/** Who holds which staff role: the staff identity pool, read by staff subject id. */
export interface StaffDirectory {
  /** True if `subjectId` is an enabled staff account holding `role`. */
  hasRole(subjectId: string, role: StaffRole): Promise<boolean>;
}

export interface ComplaintPorts {
  readonly complaints: ComplaintStore;
  readonly officerInbox: OfficerInbox;
  readonly staff: StaffDirectory;
}
