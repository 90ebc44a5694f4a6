/**
 * The auditor's view of the trail: records by subject or by time (never personal values — records
 * hold field names and purposes only) and hash-chain verification, on demand and as a daily job.
 */
import type { AuditRecord, ChainVerification } from '../domain/audit';
import { UnprocessableError } from '../domain/errors';
import { addDays, addDaysToDay, dayOf } from '../domain/time';
import type { Ports } from '../ports';

type Deps = Pick<Ports, 'audit' | 'clock'>;

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

export async function auditRecords(
  deps: Deps,
  query: { subjectId?: string | undefined; from?: string | undefined; to?: string | undefined; limit: number },
): Promise<{ records: AuditRecord[] }> {
  const to = query.to ? new Date(query.to) : deps.clock.now();
  const from = query.from ? new Date(query.from) : addDays(to, -1);
  if (from > to)
    throw new UnprocessableError('`from` must not be after `to`.', [{ path: 'query.from', message: 'After to' }]);
  const range = { from: from.toISOString(), to: to.toISOString() };
  if (query.subjectId) {
    const records: AuditRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await deps.audit.list(query.subjectId, { limit: 100, cursor });
      records.push(...page.records.filter((r) => r.at >= range.from && r.at <= range.to));
      cursor = page.records.some((r) => r.at < range.from) ? undefined : page.cursor;
    } while (cursor && records.length < query.limit);
    return { records: records.slice(0, query.limit) };
  }
  const span = daysBetween(from, to);
  if (span.length > MAX_RANGE_DAYS) {
    throw new UnprocessableError(`Ask for at most ${MAX_RANGE_DAYS} days at a time, or name a subject.`, [
      { path: 'query.from', message: 'Range too long' },
    ]);
  }
  const records: AuditRecord[] = [];
  for (const day of span) {
    if (records.length >= query.limit) break;
    const page = await deps.audit.listDay(day, range, { limit: query.limit - records.length });
    records.push(...page.records);
  }
  return { records };
}

export interface VerificationSummary {
  readonly valid: boolean;
  readonly chainsVerified: number;
  readonly recordsVerified: number;
  readonly invalid: readonly ChainVerification[];
  readonly verifiedAt: string;
}

/** Verifies one chain, or every chain that changed since yesterday (the system chain included). */
export async function verifyAudit(deps: Deps, subjectId?: string): Promise<VerificationSummary> {
  const now = deps.clock.now();
  const chains = subjectId
    ? [subjectId]
    : [
        ...new Set([
          ...(await deps.audit.chainsTouched(dayOf(addDays(now, -1)))),
          ...(await deps.audit.chainsTouched(dayOf(now))),
        ]),
      ];
  const results: ChainVerification[] = [];
  for (const chain of chains) results.push(await deps.audit.verify(chain));
  const invalid = results.filter((r) => !r.valid);
  return {
    valid: invalid.length === 0,
    chainsVerified: results.length,
    recordsVerified: results.reduce((n, r) => n + r.records, 0),
    invalid,
    verifiedAt: now.toISOString(),
  };
}
