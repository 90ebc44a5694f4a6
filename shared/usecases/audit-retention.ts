/**
 * The end of the audit retention period (daily): records older than AUDIT_RETENTION_DAYS are removed,
 * one UTC day at a time from a checkpoint, by the only role that may delete audit records. The audit
 * table has no TTL: a writer who could set an expiry could delete any record (docs/decisions/0032).
 * Before a chain's oldest records go, the newest of them is kept whole as the chain's retention
 * floor, so the verifier can tell expiry at the old end from a removal anywhere.
 */
import { type AuditRecord, retentionFloor } from '../domain/audit';
import { addDaysToDay, dayOf } from '../domain/time';
import type { Ports } from '../ports';
import { inParallel } from './retention';

type Deps = Pick<Ports, 'auditExpiry' | 'clock' | 'config'>;

export interface AuditRetentionSummary {
  /** Days walked (each completely past the retention period). */
  readonly days: number;
  readonly chains: number;
  readonly recordsRemoved: number;
  /** Records no longer there or not yet expired when their removal was tried (another run, a clock change). */
  readonly recordsKept: number;
}

export async function expireAuditRecords(deps: Deps): Promise<AuditRetentionSummary> {
  const floor = retentionFloor(deps.clock.now(), deps.config.retention.AUDIT_RETENTION_DAYS);
  // Only whole days before the floor's day: every record of them is past the period.
  const lastDay = addDaysToDay(dayOf(floor), -1);
  const checkpoint = await deps.auditExpiry.checkpoint();
  let day = checkpoint
    ? addDaysToDay(checkpoint, 1)
    : addDaysToDay(lastDay, -deps.config.retention.RETENTION_SWEEP_LOOKBACK_DAYS);
  const counts = { days: 0, chains: 0, recordsRemoved: 0, recordsKept: 0 };
  // Days without records are skipped: the audit index is sharded, so reading one costs a Query per shard.
  for (;;) {
    const next = day <= lastDay ? await deps.auditExpiry.firstDayWithRecords(day, lastDay) : undefined;
    if (!next) break;
    day = next;
    const byChain = new Map<string, AuditRecord[]>();
    for (const record of await deps.auditExpiry.recordsOfDay(day)) {
      byChain.set(record.subjectId, [...(byChain.get(record.subjectId) ?? []), record]);
    }
    await inParallel([...byChain.values()], 8, async (records) => {
      const removed = await expireOldest(deps, records, floor);
      counts.chains++;
      counts.recordsRemoved += removed;
      counts.recordsKept += records.length - removed;
    });
    await deps.auditExpiry.saveCheckpoint(day, deps.clock.now());
    counts.days++;
    day = addDaysToDay(day, 1);
  }
  // Every day through lastDay is done (no record is ever stamped in the past).
  if (!checkpoint || lastDay > checkpoint) await deps.auditExpiry.saveCheckpoint(lastDay, deps.clock.now());
  return counts;
}

/** The floor first, then the records: a run that dies in between leaves records the floor already explains. */
async function expireOldest(deps: Deps, records: readonly AuditRecord[], floor: Date): Promise<number> {
  const newest = records.reduce((a, b) => (b.seq > a.seq ? b : a));
  await deps.auditExpiry.keepFloor(newest);
  return deps.auditExpiry.remove(
    newest.subjectId,
    records.map((r) => r.seq),
    floor,
  );
}
