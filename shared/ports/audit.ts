/** The audit trail as use cases see it: appending a read before data leaves, and reading chains back. */
import type { AuditEvent, AuditRecord, ChainVerification } from '../domain/audit';
import type { Page } from './page';

export interface AuditLog {
  /** Appends one record on its own (a staff read, before the data is returned). Fails closed. */
  append(event: AuditEvent): Promise<AuditRecord>;
  /** One subject's records, newest first (the access log, exports, the auditor). */
  list(subjectId: string, page: Page): Promise<{ records: AuditRecord[]; cursor?: string | undefined }>;
  /** Records of one UTC day (`yyyy-mm-dd`) across all chains between two instants, newest first. */
  listDay(
    day: string,
    range: { from: string; to: string },
    page: Page,
  ): Promise<{ records: AuditRecord[]; cursor?: string | undefined }>;
  /** The chains (subject ids) that gained a record on a UTC day. */
  chainsTouched(day: string): Promise<string[]>;
  /** Re-hashes one subject's chain and checks every link and the head. */
  verify(subjectId: string): Promise<ChainVerification>;
}
