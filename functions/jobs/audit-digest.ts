/**
 * Job `audit-digest` (hourly, EventBridge Scheduler): signs a digest of every audit chain head that
 * moved since the previous digest (docs/decisions/0030). `run()` is what
 * `npm run -s job -- audit-digest` calls.
 */

import { logger } from '../../shared/adapters/logger';
import { audit, digestSigner, digests } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { type DigestSummary, writeDigest } from '../../shared/usecases/audit-digests';
import { jobs } from './index';

export const run = (): Promise<DigestSummary> =>
  writeDigest(appDependencies(jobs['audit-digest'].access, { audit, digestSigner, digests }));

export const handler = async (): Promise<DigestSummary> => {
  const summary = await run();
  logger.info('Audit digest written', { summary });
  return summary;
};
