/**
 * The outbox in the data table: one item per staged event (`OUTBOX#<shard>` / `<eventId>`), written
 * in the transaction of the change that caused it. In AWS the table's stream carries each new item
 * to the publisher function; locally a poller reads pending items, hands them to the same function
 * and deletes them. Items expire after OUTBOX_TTL_DAYS either way. Events hold ids, states and
 * amounts only (decision 0011), so the outbox holds no personal value.
 */
import { createHash } from 'node:crypto';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { shardCounts } from '../../config/scale';
import { type DomainEvent, domainEventSchema } from '../../domain/events';
import { newId } from '../../domain/ids';
import { daysInSeconds, epochSeconds } from '../../domain/time';
import type { EventPublisher, Outbox, StagedEvent } from '../../ports/events';
import type { Write } from '../../ports/unit-of-work';
import { type DynamoDeps, queryAll } from './client';
import { decodeItem } from './decode';
import { dynamoWrite } from './unit-of-work';

/**
 * Staged events spread over this many partitions, so no single key takes every write (decision 0060):
 * the stage's count (shared/config/scale.ts), read when used. Writers use `writes`, the poller `reads`.
 */
export const outboxShards = () => shardCounts().outbox;
/** An event not drained within this long is gone: the drainer's alarm fires long before. */
export const OUTBOX_TTL_DAYS = 7;
/** The item type the stream filter selects. */
export const OUTBOX_ITEM_TYPE = 'outbox';

const outboxPk = (shard: number): string => `OUTBOX#${shard}`;
const shardOf = (eventId: string): number =>
  createHash('sha256').update(eventId).digest().readUInt32BE(0) % outboxShards().writes;
/** The partition an event's outbox item goes to (the scale simulation replays it). */
export const outboxPartition = (eventId: string): string => outboxPk(shardOf(eventId));

const outboxItem = z.object({
  pk: z.string(),
  sk: z.string(),
  eventId: z.string(),
  event: domainEventSchema,
});

/** A staged event as its item, for the drainer (a stream record's new image, or a polled item). */
export function stagedEventOf(item: Record<string, unknown>): StagedEvent & { key: { pk: string; sk: string } } {
  const { pk, sk, eventId, event } = decodeItem(outboxItem, item, 'outbox event');
  return { key: { pk, sk }, eventId, event };
}

export class DynamoOutbox implements Outbox {
  constructor(private readonly deps: DynamoDeps) {}

  stage(events: readonly DomainEvent[], at: Date): Write {
    return dynamoWrite(
      'outbox.stage',
      ...events.map((event) => {
        const eventId = newId(at);
        return {
          Put: {
            TableName: this.deps.table,
            Item: {
              pk: outboxPartition(eventId),
              sk: eventId,
              type: OUTBOX_ITEM_TYPE,
              eventId,
              event,
              stagedAt: at.toISOString(),
              expiresAt: epochSeconds(at) + daysInSeconds(OUTBOX_TTL_DAYS),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        };
      }),
    );
  }

  /** Items still in the outbox, oldest first per shard (the local poller's source). */
  async pending(): Promise<Record<string, unknown>[]> {
    const shards = await Promise.all(
      Array.from({ length: outboxShards().reads }, (_, shard) =>
        queryAll(
          this.deps.ddb,
          {
            TableName: this.deps.table,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': outboxPk(shard) },
            ConsistentRead: true,
          },
          'The outbox',
        ),
      ),
    );
    return shards.flat();
  }

  /** Removes a drained item (locally; in AWS its TTL does). */
  async remove(key: { pk: string; sk: string }): Promise<void> {
    await this.deps.ddb.send(new DeleteCommand({ TableName: this.deps.table, Key: key }));
  }
}

/**
 * Publishes what the outbox holds and removes each item once its event is on the bus — the local
 * stand-in for the table's stream and the publisher function. Returns what it published. An item
 * whose publication fails stays for the next pass.
 */
export async function drainOutbox(outbox: DynamoOutbox, publisher: EventPublisher): Promise<StagedEvent[]> {
  const published: StagedEvent[] = [];
  for (const item of await outbox.pending()) {
    const { key, ...staged } = stagedEventOf(item);
    await publisher.publish([staged]);
    await outbox.remove(key);
    published.push(staged);
  }
  return published;
}
