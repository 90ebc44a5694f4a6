/**
 * Job `audit-verify` (daily): verifies the digests written since its last run and every chain they
 * list, from where each was signed before (an incremental pass; invoke with `{ "mode": "full" }` for
 * every digest and chain). Stores the run, logs each problem with its chain and sequence number (or
 * digest) as an error, and publishes `AuditVerificationProblems` and `AuditVerificationRuns`: the
 * officers' alarms fire on a problem, and on a day without a completed run.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger } from '../../shared/adapters/logger';
import { audit, digestKey, digests } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { describeFinding, type VerificationRecord } from '../../shared/domain/audit-digest';
import { AUDIT_VERIFICATION_METRICS, verifyAuditTrail } from '../../shared/usecases/audit-verification';
import { jobs } from './index';

/** Namespace from POWERTOOLS_METRICS_NAMESPACE, service from POWERTOOLS_SERVICE_NAME. */
const metrics = new Metrics();

export async function run(mode: 'incremental' | 'full' = 'incremental'): Promise<VerificationRecord> {
  const deps = appDependencies(jobs['audit-verify'].access, { audit, digestKey, digests });
  try {
    const result = await verifyAuditTrail(deps, { mode });
    metrics.addMetric(AUDIT_VERIFICATION_METRICS.problems, MetricUnit.Count, result.problemsFound);
    metrics.addMetric(AUDIT_VERIFICATION_METRICS.runs, MetricUnit.Count, 1);
    return result;
  } finally {
    metrics.publishStoredMetrics();
  }
}

export async function handler(event: { mode?: unknown } = {}): Promise<VerificationRecord> {
  const result = await run(event.mode === 'full' ? 'full' : 'incremental');
  const { problems, ...summary } = result;
  if (result.valid) logger.info('Audit trail verified', { summary });
  else logger.error('Audit trail verification found problems', { summary, problems: problems.map(describeFinding) });
  return result;
}
