/**
 * The carriers we ship with: their services, what each service carries and costs the customer, and
 * what each carrier needs from an order. An order books one service at checkout; its fee is part of
 * the order's total and the parcel travels with that carrier (the customer knows who gets their
 * address before paying).
 */
import type { DeliveryService } from '../domain/pricing';

/** What we need to know about a carrier to book a label and recognise its tracking numbers. */
export interface CarrierProfile {
  readonly id: string;
  readonly name: string;
  /** By service id (`express`): what the customer books at checkout. */
  readonly services: Readonly<Record<string, DeliveryService>>;
  /** The carrier requires the recipient's phone number; only then is it passed on. */
  readonly needsPhone: boolean;
  /** Prefix of the tracking numbers this carrier issues. */
  readonly trackingPrefix: string;
}

// Fees are what the customer pays for delivery, in integer minor units, tax included like every
// price (docs/decisions/0025). A currency without a fee is one the service does not deliver for.
export const carriers = {
  dhl: {
    id: 'dhl',
    name: 'DHL',
    services: {
      standard: { name: 'DHL Standard', carries: ['parcel'], fees: { EUR: 599, GBP: 499, USD: 699, CHF: 690 } },
      express: {
        name: 'DHL Express',
        carries: ['parcel', 'bulky'],
        fees: { EUR: 1499, GBP: 1299, USD: 1699, CHF: 1590 },
      },
    },
    needsPhone: true,
    trackingPrefix: 'DH',
  },
  ups: {
    id: 'ups',
    name: 'UPS',
    services: {
      ground: { name: 'UPS Ground', carries: ['parcel', 'bulky'], fees: { EUR: 799, GBP: 699, USD: 899 } },
      express: { name: 'UPS Express', carries: ['parcel'], fees: { EUR: 1699, GBP: 1499, USD: 1899 } },
    },
    needsPhone: false,
    trackingPrefix: 'UP',
  },
  royalmail: {
    id: 'royalmail',
    name: 'Royal Mail',
    services: {
      tracked48: { name: 'Royal Mail Tracked 48', carries: ['parcel'], fees: { GBP: 349, EUR: 449 } },
      tracked24: { name: 'Royal Mail Tracked 24', carries: ['parcel'], fees: { GBP: 449, EUR: 549 } },
    },
    needsPhone: false,
    trackingPrefix: 'RM',
  },
} as const satisfies Record<string, CarrierProfile>;

export type CarrierId = keyof typeof carriers;

export const CARRIER_IDS = Object.keys(carriers) as CarrierId[];

/** True when `v` names a configured carrier (own keys only, so `toString` is not a carrier). */
export const isCarrierId = (v: string): v is CarrierId => Object.hasOwn(carriers, v);

/** The service `serviceId` of `carrier`, if it offers one by that name (own keys only). */
export function serviceOf(carrier: CarrierId, serviceId: string): DeliveryService | undefined {
  const services: Readonly<Record<string, DeliveryService>> = carriers[carrier].services;
  return Object.hasOwn(services, serviceId) ? services[serviceId] : undefined;
}

/** The service ids a carrier offers, for messages. */
export const serviceIdsOf = (carrier: CarrierId): string[] => Object.keys(carriers[carrier].services);

/**
 * The metric the carrier webhook emits for each refused signature (namespace and `service` dimension
 * from the function's Powertools settings), with the carrier as its one other dimension: one alarm per
 * carrier watches it (infra/stacks/operations-stack.ts). A carrier id is public configuration.
 */
export const CARRIER_SIGNATURE_METRIC = { name: 'CarrierSignaturesRejected', dimension: 'carrier' } as const;
