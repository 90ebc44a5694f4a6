/** Shipments: the carrier tracking lifecycle and the tracking events carriers send us. */
import * as z from 'zod';

export const SHIPMENT_STATUSES = [
  'label_created',
  'in_transit',
  'out_for_delivery',
  'delivered',
  'exception',
  'returned',
] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

const NEXT: Record<ShipmentStatus, readonly ShipmentStatus[]> = {
  label_created: ['in_transit', 'exception'],
  in_transit: ['out_for_delivery', 'delivered', 'exception'],
  // A failed delivery attempt sends the parcel back to the depot.
  out_for_delivery: ['delivered', 'exception', 'in_transit'],
  exception: ['in_transit', 'returned', 'delivered'],
  delivered: [],
  returned: [],
};

/**
 * True when a shipment may move from `from` to `to`. Repeated statuses (a carrier re-sending
 * "in transit" at every hub) are not advances; callers treat them as no-ops.
 */
export function canAdvance(from: ShipmentStatus, to: ShipmentStatus): boolean {
  return NEXT[from].includes(to);
}

/** The order status a shipment status implies: only a delivered parcel completes the order. */
export function orderStatusFor(s: ShipmentStatus): 'shipped' | 'delivered' {
  return s === 'delivered' ? 'delivered' : 'shipped';
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
