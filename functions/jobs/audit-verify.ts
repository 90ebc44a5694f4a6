/**
 * `audit-verify` job (daily): re-hashes every audit chain that changed since yesterday. A broken
 * chain is logged as an error naming the chain and the problem (never a personal value).
 */
import { appDependencies } from '../../shared/adapters/dependencies';
import { logger } from '../../shared/adapters/logger';
import { verifyAudit } from '../../shared/usecases/audit';
import { jobs } from './index';

const deps = appDependencies(jobs['audit-verify'].access);

export const run = () => verifyAudit(deps);

export async function handler() {
  const summary = await run();
  if (summary.valid)
    logger.info('Audit chains verified', { chains: summary.chainsVerified, records: summary.recordsVerified });
  else logger.error('Audit chain verification failed', { invalid: summary.invalid });
  return summary;
}
