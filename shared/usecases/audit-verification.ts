/**
 * The verifier: every digest checked (signature, the entries it signed, its link to the one before,
 * the sequence), and every chain checked against its latest signed position. Two passes:
 * - incremental (the daily job): from the last verified digest (the checkpoint) to the newest, and
 *   for each chain those digests list, only the records after the position signed before — cost
 *   follows what changed, not the size of the trail;
 * - full (on demand, and `npm run audit:verify` from outside): every digest kept and every chain
 *   they list, from its first stored record.
 * Both report each problem with the chain and sequence number (or the digest) where it shows.
 */

import type { ChainHead } from '../domain/audit';
import { retentionFloor, verifyChain } from '../domain/audit';
import {
  type DigestEntry,
  digestHash,
  digestRetentionFloor,
  type VerificationFinding,
  type VerificationRecord,
  verifyDigests,
} from '../domain/audit-digest';
import { newId } from '../domain/ids';
import type { Ports } from '../ports';
import { inParallel } from './retention';

/** The digest job runs hourly; two missed runs in a row (or the newest digests removed) are a problem. */
export const DIGEST_INTERVAL_MS = 60 * 60 * 1000;
export const DIGEST_MAX_AGE_MS = 2 * DIGEST_INTERVAL_MS;

/** What the job publishes after each run: the problems found, and that a run completed. */
export const AUDIT_VERIFICATION_METRICS = {
  problems: 'AuditVerificationProblems',
  runs: 'AuditVerificationRuns',
} as const;

/** A verification record keeps this many problems (it must fit one item); `problemsFound` counts all. */
export const MAX_PROBLEMS_KEPT = 100;

/** Digest headers read per request, and their entries read at once. */
const DIGEST_PAGE = 100;

type Deps = Pick<Ports, 'audit' | 'digests' | 'digestKey' | 'clock' | 'config'>;

export interface VerifyOptions {
  readonly mode: 'incremental' | 'full';
  /** Store the result (the job does; the outside verifier has read access only). @default true */
  readonly record?: boolean;
  /** Chains verified at once. @default 16 */
  readonly concurrency?: number;
}

/** Where each chain's check starts (a position verified before, or genesis) and what it must reach. */
interface ChainSpan {
  readonly from: ChainHead | undefined;
  signed: ChainHead;
}

export async function verifyAuditTrail(deps: Deps, options: VerifyOptions): Promise<VerificationRecord> {
  const now = deps.clock.now();
  const checkpoint =
    options.mode === 'incremental' ? ((await deps.digests.latestVerification())?.through ?? undefined) : undefined;
  // The first incremental run has nothing to start from: it is a full pass.
  const mode = checkpoint ? 'incremental' : 'full';
  const findings: VerificationFinding[] = [];
  const key = await deps.digestKey.publicKey();

  // The newest digest known: the checkpoint's (which must still be there, unchanged), then any after it.
  let newest: { seq: number; at: string } | undefined;
  if (checkpoint) {
    const verified = await deps.digests.get(checkpoint.seq);
    if (verified && digestHash(verified) === checkpoint.hash) newest = { seq: verified.seq, at: verified.at };
    else findings.push({ digest: checkpoint.seq, problem: 'missing' });
  }
  const spans = new Map<string, ChainSpan>();
  const walk = await walkDigests(deps, checkpoint, key, now, (entries) => {
    for (const entry of entries) addToSpan(spans, entry, mode);
  });
  findings.push(...walk.findings);
  newest = walk.newest ?? newest;
  if (!newest || now.getTime() - new Date(newest.at).getTime() > DIGEST_MAX_AGE_MS) {
    // The digest job stopped, or its newest digests were removed.
    findings.push({ digest: (newest?.seq ?? 0) + 1, problem: 'missing' });
  }

  const floor = retentionFloor(now, deps.config.retention.AUDIT_RETENTION_DAYS);
  let records = 0;
  await inParallel([...spans], options.concurrency ?? 16, async ([chain, span]) => {
    const stored = await deps.audit.chain(chain, span.from ? { afterSeq: span.from.seq } : {});
    const result = verifyChain(stored, { from: span.from, signed: span.signed, retentionFloor: floor });
    records += result.records;
    for (const p of result.problems) findings.push({ chain, seq: p.seq, problem: p.problem });
  });

  findings.sort(byPlace);
  const result: VerificationRecord = {
    runId: newId(now),
    mode,
    at: now.toISOString(),
    valid: findings.length === 0,
    through: walk.through ?? checkpoint ?? null,
    digestsVerified: walk.digests,
    chainsVerified: spans.size,
    recordsVerified: records,
    problems: findings.slice(0, MAX_PROBLEMS_KEPT),
    problemsFound: findings.length,
  };
  if (options.record ?? true) await deps.digests.recordVerification(result);
  return result;
}

/**
 * In a full pass a chain is checked from genesis against its latest signed position; in an
 * incremental pass from the position signed before the first new digest that lists it.
 */
function addToSpan(spans: Map<string, ChainSpan>, entry: DigestEntry, mode: 'incremental' | 'full'): void {
  const signed = { seq: entry.seq, hash: entry.hash };
  const span = spans.get(entry.chain);
  if (span) span.signed = signed;
  else spans.set(entry.chain, { from: mode === 'incremental' ? entry.previous : undefined, signed });
}

interface DigestWalk {
  readonly digests: number;
  readonly findings: VerificationFinding[];
  /** The newest digest read, by sequence and hash (where the next incremental pass resumes)... */
  readonly through: { readonly seq: number; readonly hash: string } | undefined;
  /** ...and by sequence and time. */
  readonly newest: { readonly seq: number; readonly at: string } | undefined;
}

/** Reads and checks every digest after `checkpoint` (all of them without one), oldest first. */
async function walkDigests(
  deps: Deps,
  checkpoint: { seq: number; hash: string } | undefined,
  key: Buffer,
  now: Date,
  onDigest: (entries: readonly DigestEntry[]) => void,
): Promise<DigestWalk> {
  const expiredBefore = digestRetentionFloor(now, deps.config.retention.AUDIT_RETENTION_DAYS);
  const findings: VerificationFinding[] = [];
  let before = checkpoint;
  let count = 0;
  let newest: DigestWalk['newest'];
  for (;;) {
    const page = await deps.digests.after(before?.seq ?? 0, DIGEST_PAGE);
    if (page.length === 0) break;
    const entries = new Map<number, DigestEntry[]>();
    await inParallel(page, 8, async (digest) => void entries.set(digest.seq, await deps.digests.entries(digest)));
    for (const digest of page) {
      const listed = entries.get(digest.seq) ?? [];
      for (const p of verifyDigests([{ digest, entries: listed }], key, { before, expiredBefore })) findings.push(p);
      onDigest(listed);
      before = { seq: digest.seq, hash: digestHash(digest) };
      newest = { seq: digest.seq, at: digest.at };
      count++;
    }
    if (page.length < DIGEST_PAGE) break;
  }
  return { digests: count, findings, through: count > 0 ? before : undefined, newest };
}

/** Digest problems first, in sequence order; then chains by id and sequence number. */
function byPlace(a: VerificationFinding, b: VerificationFinding): number {
  if ('digest' in a) return 'digest' in b ? a.digest - b.digest : -1;
  if ('digest' in b) return 1;
  return a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : a.seq - b.seq;
}
