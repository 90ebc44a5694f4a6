/**
 * The order entity: what is stored and returned, in every state it can be in. An order's personal
 * details live through three states — held (while it is being fulfilled and for the retention
 * period after), delivery-only (its subject was erased while the parcel was in transit: only what
 * delivery needs stays), removed (anonymised by the retention sweep or by erasure). Each state's
 * type holds exactly what exists in it, so a view cannot read an address that was removed.
 */
import { type Currency, type OrderLine, orderTotal } from './money';
import type { OrderStatus, PlaceOrder } from './order';
import type { Address } from './profile';

export type ShippingAddress = Address & { readonly recipient: string };

export interface Payment {
  readonly processor: string;
  /** The payment processor's token: settles the payment, never shown back to anyone. */
  readonly token: string;
  readonly brand: string;
  readonly last4: string;
}

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
  readonly lines: readonly OrderLine[];
  /** Computed on the server from the lines, in minor units. */
  readonly total: number;
  /** Sum of approved refunds; never above `total`. */
  readonly refundedTotal: number;
  readonly statusHistory: readonly StatusEntry[];
  readonly createdAt: string;
  readonly updatedAt: string;
  /** When the order completed (delivered or cancelled); starts the retention clock. */
  readonly completedAt?: string | undefined;
  readonly deliveredAt?: string | undefined;
  /** Personal details are anonymised after this instant; unset until the order completes. */
  readonly personalDataRetainedUntil?: string | undefined;
  /** Set once the personal details were removed (retention or erasure). */
  readonly anonymisedAt?: string | undefined;
  /** Which processor settled the payment (not personal: kept for the books after anonymisation). */
  readonly paymentProcessor?: string | undefined;
}

/** All personal details, as placed (and rectified). */
export interface HeldPersonalData {
  readonly state: 'held';
  readonly shippingAddress: ShippingAddress;
  readonly billingAddress?: Address | undefined;
  readonly payment: Payment;
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

/** An order whose delivery details still exist (held or delivery-only). */
export type DeliverableOrder = Order & { readonly personal: HeldPersonalData | DeliveryOnlyPersonalData };

export const isDeliverable = (order: Order): order is DeliverableOrder => order.personal.state !== 'removed';

/** Attributes of an order item that hold personal data, sealed with the subject's key. */
export const PERSONAL_ORDER_FIELDS = ['shippingAddress', 'billingAddress', 'payment', 'contactPhone'] as const;
export type PersonalOrderField = (typeof PERSONAL_ORDER_FIELDS)[number];

/** The personal attributes present in a state (for audit records: names, never values). */
export const personalFieldsOf = (personal: OrderPersonalData): PersonalOrderField[] =>
  personal.state === 'removed'
    ? []
    : PERSONAL_ORDER_FIELDS.filter((f) => (personal as Partial<Record<PersonalOrderField, unknown>>)[f] !== undefined);

/** A new order from a validated request: totals computed here, never taken from the client. */
export function placedOrder(
  input: PlaceOrder,
  subjectId: string,
  orderId: string,
  at: Date,
): Order & {
  readonly personal: HeldPersonalData;
} {
  const iso = at.toISOString();
  return {
    orderId,
    subjectId,
    status: 'placed',
    currency: input.currency,
    lines: input.items,
    total: orderTotal(input.items),
    refundedTotal: 0,
    personal: {
      state: 'held',
      shippingAddress: input.shippingAddress,
      billingAddress: input.billing.address,
      payment: input.billing.payment,
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
