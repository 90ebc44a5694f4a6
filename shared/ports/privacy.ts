/**
 * Ports of the privacy-request area: the requests themselves, export documents, everything stored
 * about a subject (for exports and erasure), the identity provider's
 * account and the subject's data key. Methods that prepare a change return a named `Write` for the
 * unit of work; the names are listed with each method.
 */
import type {
  ExportDocument,
  ExportSection,
  PrivacyRequest,
  PrivacyRequestStatus,
  RequestChange,
} from '../domain/privacy-request';
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

/** Writes one export document as it is produced. */
export interface ExportWriter {
  /** Appends text to the document; each part is sealed and stored on its own as soon as it is full. */
  append(text: string): Promise<void>;
  /** Stores what is left; the document exists for readers once the result is recorded on the request. */
  finish(): Promise<ExportDocument>;
  /** Deletes the parts written so far: the document will not be recorded (another run's was). */
  discard(): Promise<void>;
}

/** One part of an export's download: bounded in size, so no response limit caps the document. */
export interface ExportDownloadPart {
  /** 1-based. */
  readonly part: number;
  readonly parts: number;
  /** This part's text; the parts' texts in order make the JSON document. */
  readonly text: string;
}

export interface ExportStore {
  /**
   * A new document for the request, stored part by part as it is written, each part its own write
   * (no transaction or item limit caps the size), sealed with the subject's key and expiring at
   * `expiresAt`. Nothing refers to the parts until the finished document is recorded on the
   * request: a run that loses the race to record its document discards it, and the parts of a run
   * that dies midway expire unread (an erasure removes them with the rest).
   */
  writer(subjectId: string, requestId: string, expiresAt: Date): ExportWriter;
  /** Download part `part` of `document`, opened; GoneError once the document expired (even before the store deletes it). */
  read(
    subjectId: string,
    requestId: string,
    document: ExportDocument,
    part: number,
    now: Date,
  ): Promise<ExportDownloadPart>;
}

/** One stored record as its subject may read it: sealed attributes opened, keys and index attributes left out. */
export type ExportRecord = Readonly<Record<string, unknown>>;

/** A page of one section's records. */
export interface SubjectRecordsPage {
  readonly section: ExportSection;
  readonly records: readonly ExportRecord[];
}

/** Everything stored about one subject, found without scanning: the basis of exports and erasure. */
export interface SubjectData {
  /**
   * Every record of the subject, section by section in the document's order (EXPORT_SECTIONS),
   * each section at least one page (empty if it holds nothing), a page at a time, so memory does not
   * grow with what the subject holds. Sealed attributes are opened; what is never shown back (the
   * payment token) is left out; consent-bound data appears only while its consent is granted (the
   * consent gate).
   */
  records(subjectId: string): AsyncIterable<SubjectRecordsPage>;
  /**
   * `subject-data.delete` writes, one per stored record: everything stored about the subject except
   * their privacy requests (kept, with their receipts, as proof), their export documents included.
   * Each is idempotent; none is left once they have all landed.
   */
  erasureWrites(subjectId: string): Promise<Write[]>;
}

/** The subject's sign-in account at the identity provider, found by the subject id (not necessarily its username). */
export interface IdentityDirectory {
  /**
   * Signs the subject out everywhere: refresh tokens stop working. ID tokens already issued stay
   * valid until they expire (the API checks signatures, not revocation): the erasure tombstone
   * refuses their writes. No account is `absent`.
   */
  signOut(subjectId: string): Promise<'signed-out' | 'absent' | 'recorded'>;
  /** Signs the subject out everywhere, then removes the account; an account already gone counts as removed. */
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
