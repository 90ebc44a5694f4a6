/**
 * The auditor's view of the trail: records by subject or by time (never personal values — records
 * hold field names and purposes only) and hash-chain verification, on demand and as a daily job.
 */
import type { AppDependencies } from '../adapters/dependencies';
import type { AuditRecord, ChainVerification } from '../domain/audit';
import { UnprocessableError } from '../domain/errors';

type Deps = Pick<AppDependencies, 'audit' | 'clock'>;

const DAY_MS = 86_400_000;
/** One query per day: an unbounded range would make one request cost unbounded reads. */
const MAX_RANGE_DAYS = 31;

const days = (from: Date, to: Date): string[] => {
  const list: string[] = [];
  for (
    let t = Date.parse(to.toISOString().slice(0, 10));
    t >= Date.parse(from.toISOString().slice(0, 10));
    t -= DAY_MS
  ) {
    list.push(new Date(t).toISOString().slice(0, 10));
  }
  return list;
};

export async function auditRecords(
  deps: Deps,
  query: { subjectId?: string | undefined; from?: string | undefined; to?: string | undefined; limit: number },
): Promise<{ records: AuditRecord[] }> {
  const to = query.to ? new Date(query.to) : deps.clock.now();
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - DAY_MS);
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
  const span = days(from, to);
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
          ...(await deps.audit.chainsTouched(new Date(now.getTime() - DAY_MS).toISOString().slice(0, 10))),
          ...(await deps.audit.chainsTouched(now.toISOString().slice(0, 10))),
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
