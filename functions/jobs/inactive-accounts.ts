/**
 * Job `inactive-accounts` (daily, EventBridge Scheduler): sends the inactivity notice to accounts
 * with no sign-in, order or request for INACTIVE_ACCOUNT_DAYS and, INACTIVE_NOTICE_DAYS later,
 * submits an erasure request for those still inactive (carried out by the privacy-requests job).
 * Finds accounts through the `INACTIVE#<day>` buckets of the retention index, never a Scan.
 * `run()` is what `npm run -s job -- inactive-accounts` calls.
 */

import { logger } from '../../shared/adapters/logger';
import { mail, notifications, outbox, privacyRequests, retention, uow } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { type InactiveAccountsSummary, sweepInactiveAccounts } from '../../shared/usecases/inactive-accounts';
import { jobs } from './index';

export const run = (): Promise<InactiveAccountsSummary> =>
  sweepInactiveAccounts(
    appDependencies(jobs['inactive-accounts'].access, { mail, notifications, outbox, privacyRequests, retention, uow }),
  );

export const handler = async (): Promise<InactiveAccountsSummary> => {
  const summary = await run();
  logger.info('Inactive-accounts sweep finished', { summary });
  return summary;
};
