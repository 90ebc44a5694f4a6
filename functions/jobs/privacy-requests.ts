/**
 * `privacy-requests` job: carries out privacy requests. From SQS (fed by `PrivacyRequestReceived`
 * events) it processes the named requests and reports the ones that failed, so only those are
 * retried; on its schedule, or run locally, it processes every open request.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { logger } from '../../shared/adapters/logger';
import {
  audit,
  exports,
  identity,
  keyring,
  notifications,
  orders,
  outbox,
  privacyRequests,
  profiles,
  refunds,
  subjectData,
  uow,
} from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { type ProcessSummary, processOpenRequests, processRequest } from '../../shared/usecases/privacy-processor';
import { jobs } from './index';

const deps = appDependencies(jobs['privacy-requests'].access, {
  audit,
  exports,
  identity,
  keyring,
  notifications,
  orders,
  outbox,
  privacyRequests,
  profiles,
  refunds,
  subjectData,
  uow,
});
const processor = new BatchProcessor(EventType.SQS);

/** The queue's message body is the whole EventBridge event; its request id makes it ours. */
const trigger = z.object({ detail: z.object({ requestId: z.string() }) });

/** What the schedule sends (`{ "job": "privacy-requests" }`): always an object, never a batch. */
type ScheduledRun = Readonly<Record<string, unknown>>;

export const run = (): Promise<ProcessSummary> => processOpenRequests(deps);

export async function handler(event: SQSEvent): Promise<SQSBatchResponse>;
export async function handler(event: ScheduledRun): Promise<ProcessSummary>;
export async function handler(event: SQSEvent | ScheduledRun): Promise<SQSBatchResponse | ProcessSummary> {
  if (!isBatch(event)) {
    const summary = await run();
    logger.info('Privacy requests processed', { summary });
    return summary;
  }
  return processPartialResponse(event, processMessage, processor, {
    // One request at a time, as the scheduled run goes: an erasure may move thousands of items, and
    // requests processed side by side would only compete for the same table and key service.
    processInParallel: false,
    // A batch that failed whole is still reported message by message, each retried through the
    // queue towards its own dead-letter limit: a dependency being down is not a fault of this code.
    throwOnFullBatchFailure: false,
  });
}

const isBatch = (event: SQSEvent | ScheduledRun): event is SQSEvent =>
  'Records' in event && Array.isArray(event.Records);

/** Processes the request a message names; a throw reports the message as failed, to be retried. */
async function processMessage(record: SQSRecord): Promise<void> {
  try {
    const body: unknown = JSON.parse(record.body);
    const message = trigger.safeParse(body);
    if (!message.success) return; // not ours to process: drop rather than retry forever
    const { requestId } = message.data.detail;
    const request = await deps.privacyRequests.byId(requestId);
    // The index may lag the write by a moment: retry through the queue.
    if (!request) throw new Error('request not visible yet');
    const outcome = await processRequest(deps, request);
    logger.info('Privacy request processed', { requestId, result: outcome.result });
  } catch (e) {
    logger.warn('Privacy request will be retried', {
      messageId: record.messageId,
      errorName: e instanceof Error ? e.name : 'Error',
    });
    throw e;
  }
}
