/**
 * Job `deadline-monitor` (hourly, EventBridge Scheduler): warns the privacy officers of privacy
 * requests and complaints due within DEADLINE_WARNING_DAYS or overdue, one inbox notice per item
 * per day, and publishes the counts as CloudWatch metrics (EMF), with the privacy-request backlog
 * by type and age for the dashboard. Idempotent: a rerun the same day writes nothing new. `run()` is
 * what `npm run -s job -- deadline-monitor` calls.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger } from '../../shared/adapters/logger';
import { complaints, officerInbox } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import {
  BACKLOG_METRICS,
  type DeadlineSummary,
  monitorDeadlines,
  type PrivacyRequestBacklog,
  privacyRequestBacklog,
} from '../../shared/usecases/deadlines';
import { jobs } from './index';

/** Namespace from POWERTOOLS_METRICS_NAMESPACE, service from POWERTOOLS_SERVICE_NAME. */
const metrics = new Metrics();

export interface DeadlineMonitorSummary extends DeadlineSummary {
  readonly backlog: PrivacyRequestBacklog;
}

export async function run(): Promise<DeadlineMonitorSummary> {
  const deps = appDependencies(jobs['deadline-monitor'].access, { complaints, officerInbox });
  try {
    const summary = await monitorDeadlines(deps, metrics);
    const backlog = await privacyRequestBacklog(deps);
    for (const [type, { open, oldestAgeDays }] of Object.entries(backlog)) {
      // One data point per type and metric, the type as its dimension (a single metric is written at once).
      for (const [name, value, unit] of [
        [BACKLOG_METRICS.open, open, MetricUnit.Count],
        [BACKLOG_METRICS.oldestAgeDays, oldestAgeDays, MetricUnit.NoUnit],
      ] as const) {
        const single = metrics.singleMetric();
        single.addDimension(BACKLOG_METRICS.dimension, type);
        single.addMetric(name, unit, value);
      }
    }
    return { ...summary, backlog };
  } finally {
    metrics.publishStoredMetrics();
  }
}

export const handler = async (): Promise<DeadlineMonitorSummary> => {
  const summary = await run();
  logger.info('Deadline monitor finished', { summary });
  return summary;
};
