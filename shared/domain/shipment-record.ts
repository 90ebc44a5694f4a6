/** The shipment entity: one per order, identified to its carrier by a tracking number. No personal data. */
import type { ShipmentStatus } from './shipment';

export interface ShipmentEvent {
  readonly status: ShipmentStatus;
  readonly occurredAt: string;
  readonly location?: string | undefined;
}

export interface Shipment {
  readonly shipmentId: string;
  readonly orderId: string;
  readonly subjectId: string;
  readonly carrier: string;
  readonly service: string;
  readonly trackingNumber: string;
  readonly status: ShipmentStatus;
  readonly events: readonly ShipmentEvent[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * A shipment's events as kept once its order's personal details are gone (retention or erasure):
 * statuses and times stay, the carriers' free-text locations (a depot, a street, a neighbour) go.
 */
export const withoutLocations = (events: readonly ShipmentEvent[]): ShipmentEvent[] =>
  events.map(({ status, occurredAt }) => ({ status, occurredAt }));
