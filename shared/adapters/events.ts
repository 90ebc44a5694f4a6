/**
 * Publishes domain events to EventBridge (locally the same SDK talks to the local event service).
 * Events are published after the change commits; a failed publish is logged with the event type and
 * order id and does not undo the change (see docs/decisions/0011-orders-idempotency-and-events.md).
 */
import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { EVENT_SOURCE } from '../config/resources';
import type { DomainEvent } from '../domain/events';
import { logger } from './logger';

export interface EventPublisher {
  publish(events: readonly DomainEvent[]): Promise<void>;
}

export class EventBridgePublisher implements EventPublisher {
  constructor(private readonly deps: { client: EventBridgeClient; busName: string }) {}

  async publish(events: readonly DomainEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += 10) {
      const batch = events.slice(i, i + 10);
      try {
        const result = await this.deps.client.send(
          new PutEventsCommand({
            Entries: batch.map(({ type, ...detail }) => ({
              EventBusName: this.deps.busName,
              Source: EVENT_SOURCE,
              DetailType: type,
              Detail: JSON.stringify(detail),
            })),
          }),
        );
        if (result.FailedEntryCount) throw new Error(`${result.FailedEntryCount} entries rejected`);
      } catch (e) {
        logger.error('Domain events not published', {
          eventTypes: batch.map((ev) => ev.type),
          ids: batch.map((ev) =>
            'orderId' in ev ? ev.orderId : 'requestId' in ev ? ev.requestId : `policy/${ev.version}`,
          ),
          errorName: e instanceof Error ? e.name : 'unknown',
        });
      }
    }
  }
}
