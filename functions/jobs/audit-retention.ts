/**
 * Job `audit-retention` (daily): removes audit records past AUDIT_RETENTION_DAYS, keeping each chain's
 * retention floor, a day at a time from its checkpoint (docs/decisions/0032). `run()` is what
 * `npm run -s job -- audit-retention` calls.
 */

import { logger } from '../../shared/adapters/logger';
import { auditExpiry } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { type AuditRetentionSummary, expireAuditRecords } from '../../shared/usecases/audit-retention';
import { jobs } from './index';

export const run = (): Promise<AuditRetentionSummary> =>
  expireAuditRecords(appDependencies(jobs['audit-retention'].access, { auditExpiry }));

export const handler = async (): Promise<AuditRetentionSummary> => {
  const summary = await run();
  logger.info('Audit retention finished', { summary });
  return summary;
};
