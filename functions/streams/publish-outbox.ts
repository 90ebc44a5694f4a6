/**
 * `outbox-publisher`: the data table's stream delivers each new outbox item; its event goes to
 * EventBridge with its id. A record that fails is reported alone (partial batch response) and
 * retried by the stream; events reach the bus at least once, and consumers deduplicate by id.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { CorruptItemError } from '../../shared/adapters/dynamodb/decode';
import { OUTBOX_ITEM_TYPE, stagedEventOf } from '../../shared/adapters/dynamodb/outbox';
import { logger } from '../../shared/adapters/logger';
import { events } from '../../shared/adapters/providers';
import { appDependencies } from '../../shared/adapters/wiring';
import { streams } from './index';

const deps = appDependencies(streams['outbox-publisher'].access, { events });
const processor = new BatchProcessor(EventType.DynamoDBStreams);

async function publish(record: DynamoDBRecord): Promise<void> {
  const image = record.dynamodb?.NewImage;
  // The event source filters on INSERTs of outbox items; anything else (records handed over by hand
  // when an operator re-publishes, docs/runbook.md) has nothing to publish.
  if (record.eventName !== 'INSERT' || image?.type?.S !== OUTBOX_ITEM_TYPE) return;
  try {
    const { key: _key, ...staged } = stagedEventOf(unmarshall(image as Record<string, AttributeValue>));
    await deps.events.publish([staged]);
  } catch (error) {
    // One line per failed record, for the operator who re-publishes it (docs/runbook.md). A decoding
    // error names attributes, never values; other messages may quote data: name and frames only.
    logger.error('Outbox event not published; the stream retries it', {
      sequenceNumber: record.dynamodb?.SequenceNumber,
      eventId: image?.eventId?.S,
      errorName: (error as Error).name,
      ...(error instanceof CorruptItemError
        ? { detail: error.message }
        : { frames: (error as Error).stack?.split('\n').slice(1, 4).join('\n') }),
    });
    throw error;
  }
}

export const handler = (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> =>
  processPartialResponse(event, publish, processor, { context });
