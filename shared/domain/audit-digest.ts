/**
 * Signed audit digests: what anchors the hash chains outside the reach of anyone who can write the
 * audit table (docs/decisions/0030). Every hour a digest lists each chain head that moved since the
 * previous digest, commits to that list with a Merkle root (RFC 6962 tree hash), names the previous
 * digest by sequence and hash, and is signed with an asymmetric key only the digest job may use.
 * Anyone with the public key can check a digest, the list it commits to, and — with one inclusion
 * proof — that a single chain's head was signed. Pure: the signature is made elsewhere (KMS), only
 * checked here.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import { CHAIN_PROBLEMS, type ChainHead, type ChainProblemKind, canonicalJson } from './audit';
import { addDays } from './time';

export const DIGEST_FORMAT = 'privacy-orders-audit-digest/1';
/** The KMS signing algorithm digests use (an ECC_NIST_P256 key); Node's `sha256` with a DER signature. */
export const DIGEST_SIGNING_ALGORITHM = 'ECDSA_SHA_256';

/** A chain's signed position and the digest that signed it. */
export interface SignedPosition extends ChainHead {
  readonly digest: number;
}

/**
 * One chain that moved: its head now, and where the previous digest that listed it left it (absent
 * the first time). Signed with the rest, `previous` lets a verifier check just the records in between.
 */
export interface DigestEntry {
  readonly chain: string;
  readonly seq: number;
  readonly hash: string;
  readonly previous?: SignedPosition | undefined;
}

/**
 * Digests are kept a month longer than the records they sign (every record is signed after it was
 * written, so its digest outlives it), then expire.
 */
export const DIGEST_RETENTION_MARGIN_DAYS = 31;

/** Digests made before this instant may have expired. */
export const digestRetentionFloor = (now: Date, auditRetentionDays: number): Date =>
  addDays(now, -(auditRetentionDays + DIGEST_RETENTION_MARGIN_DAYS));

/** What is signed. Its hash (SHA-256 of the canonical JSON) is what the next digest names. */
export interface DigestPayload {
  readonly format: typeof DIGEST_FORMAT;
  readonly seq: number;
  /** When the digest was made. */
  readonly at: string;
  /** Chains with a record appended in [from, through] are listed (the window overlaps the previous one). */
  readonly window: { readonly from: string; readonly through: string };
  /** The previous digest, or null for the first. */
  readonly previous: { readonly seq: number; readonly hash: string } | null;
  /** RFC 6962 Merkle tree hash over the entries in chain order. */
  readonly root: string;
  readonly entries: number;
  readonly keyId: string;
  readonly algorithm: typeof DIGEST_SIGNING_ALGORITHM;
}

export interface SignedDigest extends DigestPayload {
  /** Base64 DER ECDSA signature over `digestBytes(payload)`. */
  readonly signature: string;
}

/** The bytes signed and hashed: the canonical JSON of the payload. */
export const digestBytes = (payload: DigestPayload): Buffer => Buffer.from(canonicalJson(payload), 'utf8');

/** The payload part of a stored digest (drops the signature and anything a store added). */
export function payloadOf(digest: DigestPayload): DigestPayload {
  const { format, seq, at, window, previous, root, entries, keyId, algorithm } = digest;
  return { format, seq, at, window, previous, root, entries, keyId, algorithm };
}

export const digestHash = (digest: DigestPayload): string =>
  createHash('sha256')
    .update(digestBytes(payloadOf(digest)))
    .digest('hex');

/** Entries in tree order: by chain id, code-unit order, so every verifier builds the same tree. */
export const sortEntries = (entries: readonly DigestEntry[]): DigestEntry[] =>
  [...entries].sort((a, b) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0));

const sha256 = (...parts: Buffer[]): Buffer => {
  const h = createHash('sha256');
  for (const part of parts) h.update(part);
  return h.digest();
};
const LEAF = Buffer.of(0);
const NODE = Buffer.of(1);

/** RFC 6962 leaf hash of an entry: SHA-256(0x00 ‖ canonical JSON). */
export const leafHash = (entry: DigestEntry): Buffer =>
  sha256(
    LEAF,
    Buffer.from(
      canonicalJson({ chain: entry.chain, seq: entry.seq, hash: entry.hash, previous: entry.previous }),
      'utf8',
    ),
  );

/**
 * The levels of the RFC 6962 tree, leaves first. Pairing bottom-up and carrying an odd last node up
 * unchanged builds exactly the tree of the RFC's split at the largest power of two.
 */
function levels(leaves: readonly Buffer[]): Buffer[][] {
  const all: Buffer[][] = [[...leaves]];
  for (let level = all[0] as Buffer[]; level.length > 1; ) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i] as Buffer;
      const right = level[i + 1];
      next.push(right ? sha256(NODE, left, right) : left);
    }
    all.push(next);
    level = next;
  }
  return all;
}

/** The tree of a digest's entries (sorted first): its root and each entry's inclusion proof. */
export class MerkleTree {
  readonly entries: readonly DigestEntry[];
  private readonly levels: Buffer[][];

  constructor(entries: readonly DigestEntry[]) {
    this.entries = sortEntries(entries);
    this.levels = levels(this.entries.map(leafHash));
  }

  /** Hex root; SHA-256 of nothing for an empty digest, as in RFC 6962. */
  get root(): string {
    const top = this.levels.at(-1)?.[0];
    return (top ?? sha256()).toString('hex');
  }

  /** The sibling hashes from the leaf at `index` up to the root (hex). */
  proof(index: number): string[] {
    const path: string[] = [];
    let i = index;
    for (const level of this.levels.slice(0, -1)) {
      const sibling = level[i % 2 === 0 ? i + 1 : i - 1];
      if (sibling) path.push(sibling.toString('hex'));
      i = Math.floor(i / 2);
    }
    return path;
  }
}

/** Checks that `entry` sits at `index` of a tree of `size` leaves with this `root` (RFC 9162 §2.1.3.2). */
export function verifyInclusion(
  entry: DigestEntry,
  proof: { readonly index: number; readonly size: number; readonly path: readonly string[] },
  root: string,
): boolean {
  if (proof.index < 0 || proof.index >= proof.size) return false;
  let hash = leafHash(entry);
  let index = proof.index;
  let size = proof.size;
  let used = 0;
  while (size > 1) {
    const isRight = index % 2 === 1;
    if (isRight || index + 1 < size) {
      const sibling = proof.path[used++];
      if (sibling === undefined) return false;
      const other = Buffer.from(sibling, 'hex');
      hash = isRight ? sha256(NODE, other, hash) : sha256(NODE, hash, other);
    }
    index = Math.floor(index / 2);
    size = Math.ceil(size / 2);
  }
  return used === proof.path.length && hash.toString('hex') === root;
}

/** Whether `digest` carries a valid signature by the key whose SPKI DER or PEM is `publicKey`. */
export function signatureValid(digest: SignedDigest, publicKey: string | Buffer): boolean {
  try {
    const key =
      typeof publicKey === 'string'
        ? createPublicKey(publicKey)
        : createPublicKey({ key: publicKey, format: 'der', type: 'spki' });
    return verify('sha256', digestBytes(payloadOf(digest)), key, Buffer.from(digest.signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * What can be wrong with the digests themselves, each named at a digest sequence number:
 * - `signature-invalid`: not signed by the digest key (forged, or altered after signing);
 * - `root-mismatch`: the entries stored with the digest are not the ones it signed;
 * - `sequence-gap`: digests are missing between two that remain;
 * - `broken-link`: a digest does not name the hash of the one before it (one of them was replaced);
 * - `missing`: the newest digest is older than two digest intervals, or a digest verified earlier is
 *   gone or changed (removed digests, or a digest job that stopped).
 */
export const DIGEST_PROBLEMS = {
  'signature-invalid': 'the digest is not signed by the audit digest key: it was forged or altered',
  'root-mismatch': 'the entries stored with the digest are not the ones it signed',
  'sequence-gap': 'digests are missing from the sequence',
  'broken-link': 'the digest does not name the hash of the digest before it: one of them was replaced',
  missing: 'a digest that should exist is gone, or no digest was written for too long',
} as const;

export type DigestProblemKind = keyof typeof DIGEST_PROBLEMS;

export interface DigestProblem {
  readonly digest: number;
  readonly problem: DigestProblemKind;
}

/**
 * Checks consecutive digests (ascending, as stored) and the entries stored with each: signatures,
 * roots, links and sequence. `before` is the last digest already verified (the checkpoint), whose
 * hash the first one must name; without it, the first must be digest 1 unless its predecessors
 * expired (`expiredBefore`: digests made before that instant may be gone).
 */
export function verifyDigests(
  digests: readonly { readonly digest: SignedDigest; readonly entries: readonly DigestEntry[] }[],
  publicKey: string | Buffer,
  options: { readonly before?: { seq: number; hash: string } | undefined; readonly expiredBefore: Date },
): DigestProblem[] {
  const problems: DigestProblem[] = [];
  let previous = options.before;
  for (const { digest, entries } of digests) {
    const found = (problem: DigestProblemKind) => problems.push({ digest: digest.seq, problem });
    if (!signatureValid(digest, publicKey)) found('signature-invalid');
    if (new MerkleTree(entries).root !== digest.root || entries.length !== digest.entries) found('root-mismatch');
    if (previous) {
      if (digest.seq !== previous.seq + 1) found('sequence-gap');
      else if (digest.previous?.hash !== previous.hash) found('broken-link');
    } else if (digest.seq !== 1 && new Date(digest.window.from) >= options.expiredBefore) {
      // The oldest digest left: its predecessor (made when this window opened) cannot have expired yet.
      found('sequence-gap');
    }
    previous = { seq: digest.seq, hash: digestHash(digest) };
  }
  return problems;
}

/** Another run stored a digest with this sequence number first. */
export class DigestExists extends Error {
  override readonly name = 'DigestExists';
  constructor(readonly seq: number) {
    super(`Digest ${seq} exists already`);
  }
}

/** The stored result of one verification run (the incremental pass's checkpoint, and the auditor's view). */
export interface VerificationRecord {
  readonly runId: string;
  readonly mode: 'incremental' | 'full';
  readonly at: string;
  readonly valid: boolean;
  /** The newest digest verified, by sequence and hash: where the next incremental pass resumes. */
  readonly through: { readonly seq: number; readonly hash: string } | null;
  readonly digestsVerified: number;
  readonly chainsVerified: number;
  readonly recordsVerified: number;
  /** Every problem found, up to a bound (`problemsFound` counts them all). */
  readonly problems: readonly VerificationFinding[];
  readonly problemsFound: number;
}

/** One problem: where (a chain and sequence number, or a digest) and what. */
export type VerificationFinding =
  | { readonly chain: string; readonly seq: number; readonly problem: ChainProblemKind }
  | { readonly digest: number; readonly problem: DigestProblemKind };

/** One finding as a sentence: where, then what (for logs, the CLI and the runbook). */
export function describeFinding(finding: VerificationFinding): string {
  if ('chain' in finding) return `chain ${finding.chain}, record ${finding.seq}: ${CHAIN_PROBLEMS[finding.problem]}`;
  return `digest ${finding.digest}: ${DIGEST_PROBLEMS[finding.problem]}`;
}
