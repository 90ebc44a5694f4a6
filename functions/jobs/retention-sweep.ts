/**
 * Job `retention-sweep` (daily, EventBridge Scheduler): anonymises order personal details past
 * their retention period in place and deletes expired service data the retention index marks as
 * due, walking the `RETENTION#<day>` buckets from its checkpoint (never a Scan). Idempotent and
 * resumable. `run()` is what `npm run -s job -- retention-sweep` calls.
 */

import { logger } from '../../shared/adapters/logger';
import { retention, uow } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { type RetentionSweepSummary, sweepRetention } from '../../shared/usecases/retention';
import { jobs } from './index';

export const run = (): Promise<RetentionSweepSummary> =>
  sweepRetention(appDependencies(jobs['retention-sweep'].access, { retention, uow }));

export const handler = async (): Promise<RetentionSweepSummary> => {
  const summary = await run();
  logger.info('Retention sweep finished', { summary });
  return summary;
};
