/**
 * The order entity: what is stored and returned, in every state it can be in. An order's personal
 * details live through three states — held (while it is being fulfilled and for the retention
 * period after), delivery-only (its subject was erased while the parcel was in transit: only what
 * delivery needs stays), removed (anonymised by the retention sweep or by erasure). Each state's
 * type holds exactly what exists in it, so a view cannot read an address that was removed.
 */
import type { Currency, OrderLine } from './money';
import type { DeliveryChoice, OrderStatus, PlaceOrder } from './order';
import type { OrderPayment, PaymentCard } from './payment';
import type { PricedOrder } from './pricing';
import type { Address } from './profile';

export type ShippingAddress = Address & { readonly recipient: string };

export interface StatusEntry {
  readonly status: OrderStatus;
  readonly at: string;
}

/** An order without its personal details: for lists, queues, events and every anonymised order. */
export interface OrderSummary {
  readonly orderId: string;
  readonly subjectId: string;
  readonly status: OrderStatus;
  readonly currency: Currency;
  /** As placed: names and unit prices copied from the catalogue at that moment. */
  readonly lines: readonly OrderLine[];
  /** The carrier service booked at checkout; the parcel travels with it. */
  readonly delivery: DeliveryChoice;
  /** Σ unit price × quantity, in minor units. */
  readonly subtotal: number;
  /** The booked service's fee. */
  readonly shippingFee: number;
  /** subtotal + shippingFee, computed on the server: what was authorised. */
  readonly total: number;
  /** Sum of approved refunds; never above what was captured. */
  readonly refundedTotal: number;
  readonly payment: OrderPayment;
  readonly statusHistory: readonly StatusEntry[];
  readonly createdAt: string;
  readonly updatedAt: string;
  /** When the order reached a terminal status; starts the retention clock. */
  readonly completedAt?: string | undefined;
  readonly deliveredAt?: string | undefined;
  /**
   * Personal details are anonymised after this instant: set when the order completes, and at
   * shipment as a backstop for a parcel no carrier ever reports on again. Unset while placed.
   */
  readonly personalDataRetainedUntil?: string | undefined;
  /** Set once the personal details were removed (retention or erasure). */
  readonly anonymisedAt?: string | undefined;
}

/** All personal details, as placed (and rectified). */
export interface HeldPersonalData {
  readonly state: 'held';
  readonly shippingAddress: ShippingAddress;
  readonly billingAddress?: Address | undefined;
  /** The card paid with: brand and last four digits as the processor reported them. */
  readonly card: PaymentCard;
  readonly contactPhone?: string | undefined;
}

/** Its subject was erased while the parcel was in transit: only what delivery needs, until it arrives. */
export interface DeliveryOnlyPersonalData {
  readonly state: 'delivery-only';
  readonly shippingAddress: ShippingAddress;
  readonly contactPhone?: string | undefined;
}

/** Anonymised: nothing personal is left. */
export interface RemovedPersonalData {
  readonly state: 'removed';
  readonly removedAt: string;
}

export type OrderPersonalData = HeldPersonalData | DeliveryOnlyPersonalData | RemovedPersonalData;

/** An order with its personal details, in whichever state they are. */
export interface Order extends OrderSummary {
  readonly personal: OrderPersonalData;
}

/** What delivering a parcel needs: the address, and the phone only where the carrier asks for one. */
export interface DeliveryDetails {
  readonly shippingAddress: ShippingAddress;
  readonly contactPhone?: string | undefined;
}

/** An order with only its delivery details opened; none once anonymised (nothing left to deliver to). */
export interface OrderForDelivery extends OrderSummary {
  readonly deliveryDetails: DeliveryDetails | undefined;
}

/** Attributes of an order item that hold personal data, sealed with the subject's key. */
export const PERSONAL_ORDER_FIELDS = ['shippingAddress', 'billingAddress', 'card', 'contactPhone'] as const;
export type PersonalOrderField = (typeof PERSONAL_ORDER_FIELDS)[number];

/** The personal attributes present in a state (for audit records: names, never values). */
export const personalFieldsOf = (personal: OrderPersonalData): PersonalOrderField[] =>
  personal.state === 'removed'
    ? []
    : PERSONAL_ORDER_FIELDS.filter((f) => (personal as Partial<Record<PersonalOrderField, unknown>>)[f] !== undefined);

/** What the processor said when it authorised an order's payment. */
export interface AuthorisedPayment {
  readonly payment: OrderPayment;
  readonly card: PaymentCard;
}

/** A new order: lines and totals priced on the server, the payment as the processor authorised it. */
export function placedOrder(
  input: PlaceOrder,
  priced: PricedOrder,
  authorised: AuthorisedPayment,
  ids: { readonly subjectId: string; readonly orderId: string },
  at: Date,
): Order & {
  readonly personal: HeldPersonalData;
} {
  const iso = at.toISOString();
  return {
    orderId: ids.orderId,
    subjectId: ids.subjectId,
    status: 'placed',
    currency: input.currency,
    lines: priced.lines,
    delivery: input.delivery,
    subtotal: priced.subtotal,
    shippingFee: priced.shippingFee,
    total: priced.total,
    refundedTotal: 0,
    payment: authorised.payment,
    personal: {
      state: 'held',
      shippingAddress: input.shippingAddress,
      billingAddress: input.billing.address,
      card: authorised.card,
      contactPhone: input.contactPhone,
    },
    statusHistory: [{ status: 'placed', at: iso }],
    createdAt: iso,
    updatedAt: iso,
  };
}

/** The order without its personal details. */
export function summaryOf(order: Order): OrderSummary {
  const { personal: _personal, ...summary } = order;
  return summary;
}
