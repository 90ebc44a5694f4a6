/**
 * Publishes staged domain events to EventBridge (locally the same SDK talks to the local event
 * service). Used only by the outbox drainer: a refused entry is an error, so the drainer's source
 * (the stream, the local poller) delivers the event again. The detail carries the event id.
 */
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { EVENT_SOURCE } from '../config/resources';
import type { EventPublisher, StagedEvent } from '../ports/events';

/** PutEvents takes at most this many entries. */
const PUT_EVENTS_LIMIT = 10;

export class EventBridgePublisher implements EventPublisher {
  /** `client`: loaded on first use (shared/adapters/lazy-client.ts). */
  constructor(private readonly deps: { client: () => Promise<EventBridgeClient>; busName: string }) {}

  async publish(events: readonly StagedEvent[]): Promise<void> {
    const [client, { PutEventsCommand }] = await Promise.all([
      this.deps.client(),
      import('@aws-sdk/client-eventbridge'),
    ]);
    for (let i = 0; i < events.length; i += PUT_EVENTS_LIMIT) {
      const batch = events.slice(i, i + PUT_EVENTS_LIMIT);
      const result = await client.send(
        new PutEventsCommand({
          Entries: batch.map(({ eventId, event: { type, ...detail } }) => ({
            EventBusName: this.deps.busName,
            Source: EVENT_SOURCE,
            DetailType: type,
            Detail: JSON.stringify({ eventId, ...detail }),
          })),
        }),
      );
      if (result.FailedEntryCount) throw new Error(`${result.FailedEntryCount} of ${batch.length} events refused`);
    }
  }
}
