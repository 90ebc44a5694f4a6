/**
 * Job `payment-reconciliation` (every 15 minutes, EventBridge Scheduler): voids authorisations no
 * order holds (a request that died between authorisation and commit), releases the holds of orders
 * cancelled by erasure and retries approved refunds the processor has not confirmed. Idempotent:
 * every processor call carries a key derived from ours. `run()` is what `npm run -s job --
 * payment-reconciliation` calls.
 */

import { logger } from '../../shared/adapters/logger';
import {
  disclosures,
  idempotency,
  orders,
  payments,
  products,
  reconciliation,
  refunds,
  uow,
} from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { type ReconciliationSummary, reconcilePayments } from '../../shared/usecases/payment-reconciliation';
import { jobs } from './index';

export const run = (): Promise<ReconciliationSummary> =>
  reconcilePayments(
    appDependencies(jobs['payment-reconciliation'].access, {
      disclosures,
      idempotency,
      orders,
      payments,
      products,
      reconciliation,
      refunds,
      uow,
    }),
  );

export const handler = async (): Promise<ReconciliationSummary> => {
  const summary = await run();
  logger.info('Payment reconciliation finished', { summary });
  return summary;
};
