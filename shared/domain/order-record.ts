/**
 * The order entity: what is stored and returned. Which attributes are personal (sealed with the
 * subject's key) is declared here once; the rules for changing an order live in ./order.
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

export interface Order {
  readonly orderId: string;
  readonly subjectId: string;
  readonly status: OrderStatus;
  readonly currency: Currency;
  readonly lines: readonly OrderLine[];
  /** Computed on the server from the lines, in minor units. */
  readonly total: number;
  /** Sum of approved refunds; never above `total`. */
  readonly refundedTotal: number;
  readonly shippingAddress: ShippingAddress;
  readonly billingAddress?: Address | undefined;
  readonly payment: Payment;
  readonly contactPhone?: string | undefined;
  readonly statusHistory: readonly { readonly status: OrderStatus; readonly at: string }[];
  readonly createdAt: string;
  readonly updatedAt: string;
  /** When the order completed (delivered or cancelled); starts the retention clock. */
  readonly completedAt?: string | undefined;
  readonly deliveredAt?: string | undefined;
  /** Personal details are anonymised after this instant; unset until the order completes. */
  readonly personalDataRetainedUntil?: string | undefined;
  /** Set once the personal details were removed and the order unlinked from its subject. */
  readonly anonymisedAt?: string | undefined;
}

/** Attributes of an order item that hold personal data, sealed with the subject's key. */
export const PERSONAL_ORDER_FIELDS = ['shippingAddress', 'billingAddress', 'payment', 'contactPhone'] as const;
export type PersonalOrderField = (typeof PERSONAL_ORDER_FIELDS)[number];

/** An order without its personal details: for lists, queues and events. */
export type OrderSummary = Omit<Order, PersonalOrderField>;

/** A new order from a validated request: totals computed here, never taken from the client. */
export function placedOrder(input: PlaceOrder, subjectId: string, orderId: string, at: Date): Order {
  const iso = at.toISOString();
  return {
    orderId,
    subjectId,
    status: 'placed',
    currency: input.currency,
    lines: input.items,
    total: orderTotal(input.items),
    refundedTotal: 0,
    shippingAddress: input.shippingAddress,
    billingAddress: input.billing.address,
    payment: input.billing.payment,
    contactPhone: input.contactPhone,
    statusHistory: [{ status: 'placed', at: iso }],
    createdAt: iso,
    updatedAt: iso,
  };
}
