/**
 * `privacy-requests` job: carries out privacy requests. From SQS (fed by `PrivacyRequestReceived`
 * events) it processes the named requests and reports the ones that failed, so only those are
 * retried; on its schedule, or run locally, it processes every open request.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { appDependencies } from '../../shared/adapters/dependencies';
import { logger } from '../../shared/adapters/logger';
import { processOpenRequests, processRequest } from '../../shared/usecases/privacy-processor';
import { jobs } from './index';

const deps = appDependencies(jobs['privacy-requests'].access);

export const run = () => processOpenRequests(deps);

export async function handler(event: SQSEvent | Record<string, unknown>): Promise<SQSBatchResponse | unknown> {
  if (!('Records' in event) || !Array.isArray(event.Records)) {
    const summary = await run();
    logger.info('Privacy requests processed', { summary });
    return summary;
  }
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of (event as SQSEvent).Records) {
    try {
      const detail = (JSON.parse(record.body) as { detail?: { requestId?: unknown } }).detail;
      const requestId = typeof detail?.requestId === 'string' ? detail.requestId : undefined;
      if (!requestId) continue; // not ours to process: drop rather than retry forever
      const request = await deps.privacyRequests.byId(requestId);
      // The index may lag the write by a moment: retry through the queue.
      if (!request) throw new Error('request not visible yet');
      const outcome = await processRequest(deps, request);
      logger.info('Privacy request processed', { requestId, result: outcome.result });
    } catch (e) {
      logger.warn('Privacy request will be retried', { messageId: record.messageId, errorName: (e as Error).name });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
