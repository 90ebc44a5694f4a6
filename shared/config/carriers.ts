/** The carriers we ship with, their services and what each needs from an order. */

/** What we need to know about a carrier to book a label and recognise its tracking numbers. */
export interface CarrierProfile {
  readonly id: string;
  readonly name: string;
  readonly services: readonly string[];
  /** The carrier requires the recipient's phone number; only then is it passed on. */
  readonly needsPhone: boolean;
  /** Prefix of the tracking numbers this carrier issues. */
  readonly trackingPrefix: string;
}

export const carriers = {
  dhl: { id: 'dhl', name: 'DHL', services: ['standard', 'express'], needsPhone: true, trackingPrefix: 'DH' },
  ups: { id: 'ups', name: 'UPS', services: ['ground', 'express'], needsPhone: false, trackingPrefix: 'UP' },
  royalmail: {
    id: 'royalmail',
    name: 'Royal Mail',
    services: ['tracked48', 'tracked24'],
    needsPhone: false,
    trackingPrefix: 'RM',
  },
} as const satisfies Record<string, CarrierProfile>;

export type CarrierId = keyof typeof carriers;

/** True when `v` names a configured carrier (own keys only, so `toString` is not a carrier). */
export const isCarrierId = (v: string): v is CarrierId => Object.hasOwn(carriers, v);
