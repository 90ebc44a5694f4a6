/**
 * The auditor's view of the trail: records by subject or by time (never personal values — records
 * hold field names and purposes only), one chain checked against what the digests signed, and the
 * latest digest with the latest verification. Every auditor read is itself recorded before anything
 * is returned: on the subject's chain when it reads one subject's records, otherwise on the system
 * chain (a tampered chain may refuse appends, and a check of it must still run).
 */
import type { AccessContext } from '../domain/access';
import {
  type AuditRecord,
  auditEvent,
  type ChainProblem,
  retentionFloor,
  SYSTEM_CHAIN,
  verifyChain,
} from '../domain/audit';
import {
  type DigestProblemKind,
  digestHash,
  signatureValid,
  type VerificationRecord,
  verifyInclusion,
} from '../domain/audit-digest';
import { UnprocessableError } from '../domain/errors';
import { addDays, addDaysToDay, dayOf } from '../domain/time';
import type { Ports } from '../ports';
import type { Page } from '../ports/page';

/** One query per day: an unbounded range would make one request cost unbounded reads. */
const MAX_RANGE_DAYS = 31;

/**
 * The UTC days from `to` back to `from`, newest first (the order records are listed in); at most
 * one more than MAX_RANGE_DAYS, enough to tell a range is too long without walking all of it.
 */
function daysBetween(from: Date, to: Date): string[] {
  const days: string[] = [];
  for (let day = dayOf(to); day >= dayOf(from) && days.length <= MAX_RANGE_DAYS; day = addDaysToDay(day, -1)) {
    days.push(day);
  }
  return days;
}

/** How far a subject's records are signed: by which digest, up to which sequence number. */
export interface SignedThrough {
  readonly digest: number;
  readonly seq: number;
}

/**
 * One page of a subject's records, newest first, and how far a digest signed their chain: the one
 * read behind both the customer's access log and the auditor's view of a subject, so both show the
 * same records with the same proof.
 */
export async function subjectTrail(
  deps: Pick<Ports, 'audit' | 'digests'>,
  subjectId: string,
  page: Page,
): Promise<{ records: AuditRecord[]; cursor?: string | undefined; signedThrough: SignedThrough | null }> {
  const [{ records, cursor }, position] = await Promise.all([
    deps.audit.list(subjectId, page),
    deps.digests.signedPosition(subjectId),
  ]);
  return {
    records,
    ...(cursor && { cursor }),
    signedThrough: position ? { digest: position.digest, seq: position.entry.seq } : null,
  };
}

export async function auditRecords(
  deps: Pick<Ports, 'audit' | 'digests' | 'clock'>,
  query: { subjectId?: string | undefined; from?: string | undefined; to?: string | undefined; limit: number },
  access: AccessContext,
): Promise<{ records: AuditRecord[]; signedThrough?: SignedThrough | null }> {
  const to = query.to ? new Date(query.to) : deps.clock.now();
  const from = query.from ? new Date(query.from) : addDays(to, -1);
  if (from > to)
    throw new UnprocessableError('`from` must not be after `to`.', [{ path: 'query.from', message: 'After to' }]);
  const range = { from: from.toISOString(), to: to.toISOString() };
  if (query.subjectId) return subjectRecords(deps, query.subjectId, range, query.limit, access);

  const span = daysBetween(from, to);
  if (span.length > MAX_RANGE_DAYS) {
    throw new UnprocessableError(`Ask for at most ${MAX_RANGE_DAYS} days at a time, or name a subject.`, [
      { path: 'query.from', message: 'Range too long' },
    ]);
  }
  await deps.audit.append(
    auditEvent(access, { action: 'audit.list', subjectId: SYSTEM_CHAIN, resource: 'audit-trail', details: range }),
  );
  const records: AuditRecord[] = [];
  for (const day of span) {
    if (records.length >= query.limit) break;
    const page = await deps.audit.listDay(day, range, { limit: query.limit - records.length });
    records.push(...page.records);
  }
  return { records };
}

/** A subject's records in the range, newest first, after recording the read on the subject's chain. */
async function subjectRecords(
  deps: Pick<Ports, 'audit' | 'digests'>,
  subjectId: string,
  range: { from: string; to: string },
  limit: number,
  access: AccessContext,
): Promise<{ records: AuditRecord[]; signedThrough: SignedThrough | null }> {
  await deps.audit.append(
    auditEvent(access, { action: 'audit.read', subjectId, resource: 'audit-trail', details: range }),
  );
  const records: AuditRecord[] = [];
  let signedThrough: SignedThrough | null = null;
  let cursor: string | undefined;
  do {
    const page = await subjectTrail(deps, subjectId, { limit: 100, cursor });
    signedThrough = page.signedThrough;
    records.push(...page.records.filter((r) => r.at >= range.from && r.at <= range.to));
    cursor = page.records.some((r) => r.at < range.from) ? undefined : page.cursor;
  } while (cursor && records.length < limit);
  return { records: records.slice(0, limit), signedThrough };
}

/** One chain checked on demand: as stored, and against the newest digest that signed it. */
export interface ChainReport {
  readonly subjectId: string;
  readonly valid: boolean;
  readonly records: number;
  readonly problems: readonly ChainProblem[];
  /** The signed position the chain was checked against, or null when no digest lists it yet. */
  readonly signed: { readonly digest: number; readonly seq: number; readonly at: string } | null;
  /** Problems with that digest itself (its signature, or the proof that it lists the chain). */
  readonly digestProblems: readonly DigestProblemKind[];
  readonly verifiedAt: string;
}

type CheckDeps = Pick<Ports, 'audit' | 'digests' | 'digestKey' | 'clock' | 'config'>;

/** The auditor's check of one chain, recorded first (on the system chain: a tampered chain may refuse appends). */
export async function verifyAuditChain(
  deps: CheckDeps,
  subjectId: string,
  access: AccessContext,
): Promise<ChainReport> {
  await deps.audit.append(
    auditEvent(access, { action: 'audit.verify', subjectId: SYSTEM_CHAIN, resource: `audit-trail/${subjectId}` }),
  );
  return checkChain(deps, subjectId);
}

/** One chain checked, reading only (also what `npm run audit:verify -- --chain` runs from outside). */
export async function checkChain(deps: CheckDeps, subjectId: string): Promise<ChainReport> {
  const now = deps.clock.now();
  const position = await deps.digests.signedPosition(subjectId);
  const digest = position && (await deps.digests.get(position.digest));
  const digestProblems: DigestProblemKind[] = [];
  if (position && !digest) digestProblems.push('missing');
  if (digest) {
    if (!signatureValid(digest, await deps.digestKey.publicKey())) digestProblems.push('signature-invalid');
    if (!verifyInclusion(position.entry, position.proof, digest.root)) digestProblems.push('root-mismatch');
  }
  const result = verifyChain(await deps.audit.chain(subjectId), {
    signed: position?.entry,
    retentionFloor: retentionFloor(now, deps.config.retention.AUDIT_RETENTION_DAYS),
  });
  return {
    ...result,
    valid: result.valid && digestProblems.length === 0,
    signed: position && digest ? { digest: digest.seq, seq: position.entry.seq, at: digest.at } : null,
    digestProblems,
    verifiedAt: now.toISOString(),
  };
}

/** The newest digest (checked against the public key) and the newest verification run, and the last that failed. */
export interface AuditStatus {
  readonly latestDigest: {
    readonly seq: number;
    readonly at: string;
    readonly entries: number;
    readonly root: string;
    readonly hash: string;
    readonly signatureValid: boolean;
  } | null;
  readonly latestVerification: VerificationRecord | null;
  readonly latestFailedVerification: VerificationRecord | null;
}

export async function auditStatus(
  deps: Pick<Ports, 'audit' | 'digests' | 'digestKey'>,
  access: AccessContext,
): Promise<AuditStatus> {
  await deps.audit.append(
    auditEvent(access, { action: 'audit.status', subjectId: SYSTEM_CHAIN, resource: 'audit-trail' }),
  );
  const [latest, verification, failed] = await Promise.all([
    deps.digests.latest(),
    deps.digests.latestVerification(),
    deps.digests.latestVerification({ failedOnly: true }),
  ]);
  const digest = latest?.digest;
  return {
    latestDigest: digest
      ? {
          seq: digest.seq,
          at: digest.at,
          entries: digest.entries,
          root: digest.root,
          hash: digestHash(digest),
          signatureValid: signatureValid(digest, await deps.digestKey.publicKey()),
        }
      : null,
    latestVerification: verification ?? null,
    latestFailedVerification: failed ?? null,
  };
}
