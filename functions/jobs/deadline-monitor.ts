/**
 * Job `deadline-monitor` (daily, EventBridge Scheduler): warns the privacy officers of privacy
 * requests and complaints due within DEADLINE_WARNING_DAYS or overdue, one inbox notice per item
 * per day, and publishes the counts as CloudWatch metrics (EMF). Idempotent: a rerun the same day
 * writes nothing new. `run()` is what `npm run -s job -- deadline-monitor` calls.
 */
import { Metrics } from '@aws-lambda-powertools/metrics';
import { appDependencies } from '../../shared/adapters/dependencies';
import { logger } from '../../shared/adapters/logger';
import { type DeadlineSummary, monitorDeadlines } from '../../shared/usecases/deadlines';
import { jobs } from './index';

/** Namespace from POWERTOOLS_METRICS_NAMESPACE, service from POWERTOOLS_SERVICE_NAME. */
const metrics = new Metrics();

export async function run(): Promise<DeadlineSummary> {
  const deps = appDependencies(jobs['deadline-monitor'].access);
  try {
    return await monitorDeadlines(deps, metrics);
  } finally {
    metrics.publishStoredMetrics();
  }
}

export const handler = async (): Promise<DeadlineSummary> => {
  const summary = await run();
  logger.info('Deadline monitor finished', { summary });
  return summary;
};
