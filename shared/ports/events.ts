/**
 * Domain events leave through an outbox: a use case stages its events in the same unit of work as
 * the change that caused them, so a committed change always has its events and a refused one never
 * does. A drainer (a DynamoDB stream in AWS, a poller locally) publishes them afterwards, at least
 * once, each under its own id: consumers deduplicate by `eventId`.
 */
import type { DomainEvent } from '../domain/events';
import type { Write } from './unit-of-work';

/** An event as staged and published: the domain event and the id that makes it unique. */
export interface StagedEvent {
  readonly eventId: string;
  readonly event: DomainEvent;
}

export interface Outbox {
  /** `outbox.stage`: the events, to commit with the change that caused them. */
  stage(events: readonly DomainEvent[], at: Date): Write;
}

export interface EventPublisher {
  /** Publishes to the event bus; throws if any event was refused, so the drainer retries it. */
  publish(events: readonly StagedEvent[]): Promise<void>;
}
