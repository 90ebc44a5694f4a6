/**
 * `outbox-publisher`: the data table's stream delivers each new outbox item; its event goes to
 * EventBridge with its id. A record that fails is reported alone (partial batch response) and
 * retried by the stream; events reach the bus at least once, and consumers deduplicate by id.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { appDependencies } from '../../shared/adapters/dependencies';
import { stagedEventOf } from '../../shared/adapters/dynamodb/outbox';
import { streams } from './index';

const deps = appDependencies(streams['outbox-publisher'].access);
const processor = new BatchProcessor(EventType.DynamoDBStreams);

async function publish(record: DynamoDBRecord): Promise<void> {
  const image = record.dynamodb?.NewImage;
  // The event source filters on INSERTs of outbox items; anything else has nothing to publish.
  if (record.eventName !== 'INSERT' || !image) return;
  const { key: _key, ...staged } = stagedEventOf(unmarshall(image as Record<string, AttributeValue>));
  await deps.events.publish([staged]);
}

export const handler = (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> =>
  processPartialResponse(event, publish, processor, { context });
