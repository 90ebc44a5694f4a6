/** Shipments: the carrier tracking lifecycle and the tracking events carriers send us. */
import * as z from 'zod';

export const SHIPMENT_STATUSES = [
  'label_created',
  'in_transit',
  'out_for_delivery',
  'delivered',
  'exception',
  'returned_to_sender',
  'lost',
] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

const NEXT: Record<ShipmentStatus, readonly ShipmentStatus[]> = {
  label_created: ['in_transit', 'exception', 'lost'],
  in_transit: ['out_for_delivery', 'delivered', 'exception', 'returned_to_sender', 'lost'],
  // A failed delivery attempt sends the parcel back to the depot.
  out_for_delivery: ['delivered', 'exception', 'in_transit', 'returned_to_sender', 'lost'],
  exception: ['in_transit', 'returned_to_sender', 'delivered', 'lost'],
  delivered: [],
  returned_to_sender: [],
  lost: [],
};

/** Where a parcel's journey ends; the order ends with it. */
export const FINAL_SHIPMENT_STATUSES = [
  'delivered',
  'returned_to_sender',
  'lost',
] as const satisfies readonly ShipmentStatus[];
export type FinalShipmentStatus = (typeof FINAL_SHIPMENT_STATUSES)[number];

export const isFinal = (status: ShipmentStatus): status is FinalShipmentStatus =>
  (FINAL_SHIPMENT_STATUSES as readonly ShipmentStatus[]).includes(status);

/**
 * True when a shipment may move from `from` to `to`. Repeated statuses (a carrier re-sending
 * "in transit" at every hub) are not advances; callers treat them as no-ops.
 */
export function canAdvance(from: ShipmentStatus, to: ShipmentStatus): boolean {
  return NEXT[from].includes(to);
}

/** The order status a shipment status implies: a final one ends the order the same way; any other keeps it shipped. */
export function orderStatusFor(s: ShipmentStatus): 'shipped' | FinalShipmentStatus {
  return isFinal(s) ? s : 'shipped';
}

/** A tracking event from a carrier webhook. `location` is depot or city level, never a person's address. */
export const carrierEventSchema = z.strictObject({
  eventId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'Carrier event id'),
  trackingNumber: z.string().regex(/^[A-Z0-9]{6,40}$/, 'Tracking number: 6–40 capital letters or digits'),
  status: z.enum(SHIPMENT_STATUSES),
  occurredAt: z.iso.datetime(),
  location: z.string().trim().max(100).optional(),
});
export type CarrierEvent = z.infer<typeof carrierEventSchema>;

/** How far ahead of our clock a carrier's clock may run before its `occurredAt` is pulled back. */
export const OCCURRED_AT_FUTURE_TOLERANCE_SECONDS = 300;

/**
 * A carrier's `occurredAt`, clamped to what can be true: not before the shipment was created, not
 * more than a few minutes past `now`. A delivery dated 2099 would otherwise hold the return window
 * (and the order's personal details) open for ever; one dated before the label existed would close
 * it before the parcel left.
 */
export function clampOccurredAt(reported: Date, shippedAt: Date, now: Date): Date {
  const latest = now.getTime() + OCCURRED_AT_FUTURE_TOLERANCE_SECONDS * 1000;
  return new Date(Math.min(Math.max(reported.getTime(), shippedAt.getTime()), latest));
}
