/**
 * Ports of the privacy-request area: the requests themselves, export documents, everything stored
 * about a subject (for exports and erasure), the identity provider's
 * account and the subject's data key. Methods that prepare a change return a named `Write` for the
 * unit of work; the names are listed with each method.
 */
import type { PrivacyRequest, PrivacyRequestStatus, RequestChange } from '../domain/privacy-request';
import type { Page } from './page';
import type { Write } from './unit-of-work';

export interface PrivacyRequestStore {
  /** `privacy-request.create`: the new request, queued by its status; fails if its id is taken. */
  create(request: PrivacyRequest): Write;
  get(subjectId: string, requestId: string): Promise<PrivacyRequest | undefined>;
  /** The request with this id, whoever it belongs to (officer routes, the queue-driven processor). */
  byId(requestId: string): Promise<PrivacyRequest | undefined>;
  /** The subject's requests, newest first. */
  list(subjectId: string, page: Page): Promise<{ requests: PrivacyRequest[]; cursor?: string | undefined }>;
  /**
   * Requests in any of `statuses`, soonest due first; with `dueBefore` (an ISO instant), only those
   * due before then. The cursor is absent on the last page.
   */
  queue(
    statuses: readonly PrivacyRequestStatus[],
    page: Page & { readonly dueBefore?: string | undefined },
  ): Promise<{ requests: PrivacyRequest[]; cursor?: string | undefined }>;
  /**
   * `privacy-request.update`: applies `change` to `request` as it was read. Fails if the request left
   * that status meanwhile, or — when the change records a step — if that step is recorded already,
   * so two runs never both carry out the same step's last write.
   */
  update(request: PrivacyRequest, change: RequestChange, at: Date): Write;
}

export interface ExportStore {
  /**
   * `export.part` writes: the document sealed with the subject's key, in parts, each expiring at
   * `expiresAt`. They belong in one transaction with the step that records the export, so two
   * overlapping runs never leave parts of two documents.
   */
  parts(subjectId: string, requestId: string, document: string, expiresAt: Date): Promise<Write[]>;
  /** The document while it lasts; GoneError once it expired (even before the store deletes it). */
  read(subjectId: string, requestId: string, now: Date): Promise<unknown>;
}

/** One stored record as its subject may read it: sealed attributes opened, keys and index attributes left out. */
export type ExportRecord = Readonly<Record<string, unknown>>;

/** Everything stored about a subject, by kind, in the order the export document lists it. */
export interface SubjectRecords {
  readonly profile?: ExportRecord | undefined;
  readonly consents: readonly ExportRecord[];
  readonly policyAcceptances: readonly ExportRecord[];
  readonly engagementEvents: readonly ExportRecord[];
  readonly orders: readonly ExportRecord[];
  readonly shipments: readonly ExportRecord[];
  readonly refunds: readonly ExportRecord[];
  readonly disclosures: readonly ExportRecord[];
  readonly notifications: readonly ExportRecord[];
  readonly privacyRequests: readonly ExportRecord[];
  readonly complaints: readonly ExportRecord[];
}

/** Everything stored about one subject, found without scanning: the basis of exports and erasure. */
export interface SubjectData {
  /** Every record of the subject, opened for the export document. */
  records(subjectId: string): Promise<SubjectRecords>;
  /**
   * `subject-data.delete` writes, one per stored record: everything stored about the subject except
   * their privacy requests (kept, with their receipts, as proof), their export documents included.
   * Each is idempotent; none is left once they have all landed.
   */
  erasureWrites(subjectId: string): Promise<Write[]>;
}

export interface IdentityDirectory {
  /** Removes the subject's sign-in account; an account already gone counts as removed. */
  deleteAccount(subjectId: string): Promise<'deleted' | 'absent' | 'recorded'>;
}

export interface KeyShredder {
  /**
   * Crypto-shredding: destroys the subject's data key, so everything sealed with it, anywhere,
   * backups included, can no longer be read. Idempotent.
   */
  shred(subjectId: string): Promise<void>;
}

export interface PrivacyPorts {
  readonly privacyRequests: PrivacyRequestStore;
  readonly exports: ExportStore;
  readonly subjectData: SubjectData;
  readonly identity: IdentityDirectory;
  readonly keyring: KeyShredder;
}
