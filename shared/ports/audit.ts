/**
 * The audit trail as use cases see it: appending a read before data leaves, reading chains back,
 * and the three stores of proving it (docs/decisions/0030): the chains themselves, the signed
 * digests that anchor them, and the key that signs digests.
 */
import type { AuditEvent, AuditRecord, ChainHead, ChainVerification, StoredChain } from '../domain/audit';
import type { DigestEntry, SignedDigest, SignedPosition, VerificationRecord } from '../domain/audit-digest';
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
  /**
   * One chain as stored, read consistently: its head, its retention floor and its records in sequence
   * order — all of them, or only those after `afterSeq` (incremental verification).
   */
  chain(subjectId: string, options?: { readonly afterSeq?: number }): Promise<StoredChain>;
  /** Re-hashes one chain as stored (no digest involved): links, gaps, head and retention floor. */
  verify(subjectId: string): Promise<ChainVerification>;
  /** The chains that gained a record stamped within the window (what a digest lists). */
  chainsAppended(window: { readonly from: Date; readonly through: Date }): Promise<string[]>;
  /** The current heads of these chains, read consistently; a chain without a head is left out. */
  heads(subjectIds: readonly string[]): Promise<Map<string, ChainHead>>;
}

/** The end of the audit retention period: the only removal of audit records there is. */
export interface AuditExpiry {
  /** The last UTC day whose records were all removed, if any. */
  checkpoint(): Promise<string | undefined>;
  saveCheckpoint(day: string, at: Date): Promise<void>;
  /** The first UTC day from `fromDay` through `throughDay` on which any record was stamped, if any was. */
  firstDayWithRecords(fromDay: string, throughDay: string): Promise<string | undefined>;
  /** Every record stamped on a UTC day (`yyyy-mm-dd`), across chains. */
  recordsOfDay(day: string): Promise<AuditRecord[]>;
  /**
   * Keeps `record` (the last one about to be removed from its chain) as the chain's retention floor,
   * so the verifier can tell expiry from removal. Never moves a floor back.
   */
  keepFloor(record: AuditRecord): Promise<void>;
  /** Removes these records of one chain, each only if stamped before `before`. Returns how many went. */
  remove(subjectId: string, seqs: readonly number[], before: Date): Promise<number>;
}

/** A chain's latest signed position, with what proves a digest signed it. */
export interface SignedChainPosition {
  readonly entry: DigestEntry;
  /** The digest that listed it. */
  readonly digest: number;
  /** Where the entry sits in its digest's Merkle tree. */
  readonly proof: { readonly index: number; readonly size: number; readonly path: readonly string[] };
}

/**
 * Where digests live: a store audit writers cannot change or delete (decision 0031). Everything is
 * written once and never updated.
 */
export interface DigestStore {
  /** The newest digest, and whether its chain index is complete. */
  latest(): Promise<{ digest: SignedDigest; indexed: boolean } | undefined>;
  get(seq: number): Promise<SignedDigest | undefined>;
  /** Digests after `seq`, oldest first, at most `limit`. */
  after(seq: number, limit: number): Promise<SignedDigest[]>;
  /** The entries a digest signed, in tree order. */
  entries(digest: SignedDigest): Promise<DigestEntry[]>;
  /** The chain's latest signed position and its inclusion proof; undefined if no digest listed it. */
  signedPosition(subjectId: string): Promise<SignedChainPosition | undefined>;
  /** The chains' latest signed positions (for a digest's `previous` pointers). */
  signedPositions(subjectIds: readonly string[]): Promise<Map<string, SignedPosition>>;
  /**
   * Stores a signed digest with its entries. The entries land first; the digest appears only once all
   * of them are stored, and only if no digest with its sequence number exists (else `DigestExists`, from the domain).
   */
  append(digest: SignedDigest, entries: readonly DigestEntry[]): Promise<void>;
  /** Writes each entry's chain index item with its proof, then marks the digest indexed (idempotent). */
  index(digest: SignedDigest, entries: readonly DigestEntry[]): Promise<void>;
  recordVerification(result: VerificationRecord): Promise<void>;
  /** The newest verification run, or the newest that found problems. */
  latestVerification(options?: { readonly failedOnly?: boolean }): Promise<VerificationRecord | undefined>;
}

/** The asymmetric key digests are signed with (KMS; only the digest job may sign). */
export interface DigestSigner {
  /** The key's ARN, recorded in each digest. */
  keyId(): Promise<string>;
  /** A DER ECDSA signature over `message` (SHA-256), base64. */
  sign(message: Buffer): Promise<string>;
}

/** The public half of the digest key: all a verifier needs. */
export interface DigestPublicKey {
  /** SubjectPublicKeyInfo, DER. */
  publicKey(): Promise<Buffer>;
}

export interface AuditProofPorts {
  readonly digests: DigestStore;
  readonly digestSigner: DigestSigner;
  readonly digestKey: DigestPublicKey;
  readonly auditExpiry: AuditExpiry;
}
