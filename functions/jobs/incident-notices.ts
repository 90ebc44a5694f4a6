/**
 * Job `incident-notices`: tells the subjects of every breach incident whose notice run is still
 * `sending` (GDPR Art. 34), each exactly once, in-app and by e-mail. Woken through its queue by
 * `IncidentNoticesRequested` when an officer starts a run, and every five minutes on its schedule,
 * which resumes a run a failed or timed-out invocation left part-way. Every message of a batch asks
 * for the same thing, one pass over every open run, so a batch is one pass: if the pass fails, the
 * batch is retried whole through the queue. `run()` is what `npm run -s job -- incident-notices` calls.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { logger } from '../../shared/adapters/logger';
import { incidents, mail, notifications, uow } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { type NoticeSummary, sendIncidentNotices } from '../../shared/usecases/incident-notices';
import { jobs } from './index';

const deps = appDependencies(jobs['incident-notices'].access, { incidents, mail, notifications, uow });

export const run = (): Promise<NoticeSummary> => sendIncidentNotices(deps);

/** What the schedule sends (`{ "job": "incident-notices" }`): always an object, never a batch. */
type ScheduledRun = Readonly<Record<string, unknown>>;

export async function handler(event: SQSEvent): Promise<SQSBatchResponse>;
export async function handler(event: ScheduledRun): Promise<NoticeSummary>;
export async function handler(event: SQSEvent | ScheduledRun): Promise<SQSBatchResponse | NoticeSummary> {
  const summary = await run();
  logger.info('Incident notices sent', { summary });
  // From the queue: the pass succeeded for every message (a failed pass throws: the batch is retried).
  return 'Records' in event && Array.isArray(event.Records) ? { batchItemFailures: [] } : summary;
}
