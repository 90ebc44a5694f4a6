/** Orders: the status lifecycle, what a customer sends to place one, and how long its personal details live. */
import * as z from 'zod';
import { ConflictError } from './errors';
import { CURRENCIES, MAX_ORDER_LINES, orderLineSchema } from './money';
import { addressSchema } from './profile';
import { addDays } from './time';

export const ORDER_STATUSES = ['placed', 'cancelled', 'shipped', 'delivered'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  placed: ['cancelled', 'shipped'],
  shipped: ['delivered'],
  cancelled: [],
  delivered: [],
};

/** True when an order may move from `from` to `to`. No self-transitions: repeating one is a conflict. */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return NEXT[from].includes(to);
}

function refusal(from: OrderStatus, to: OrderStatus): string {
  if (from === to) return `The order is already ${from}.`;
  if (to === 'cancelled') return `An order that is ${from} can no longer be cancelled.`;
  if (from === 'cancelled') return `A cancelled order cannot be ${to}.`;
  if (to === 'placed') return `An order that is ${from} cannot go back to placed.`;
  if (from === 'placed' && to === 'delivered') return 'An order must be shipped before it can be delivered.';
  return `An order that is ${from} cannot become ${to}.`;
}

/** Throws ConflictError, with a detail the customer can read, unless `from` → `to` is allowed. */
export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) throw new ConflictError(refusal(from, to));
}

/** A change of an order's status that one conditional write applies (it fails if the order left `from`). */
export interface StatusChange {
  readonly from: OrderStatus;
  readonly to: OrderStatus;
  readonly at: Date;
  /** Set when the order completes: personal details are kept until then. */
  readonly personalDataDue?: Date | undefined;
  readonly deliveredAt?: Date | undefined;
}

// 13–19 digits, optionally grouped by spaces or dashes: the shape of a primary account number.
const CARD_NUMBER = /^(?:\d[ -]?){12,18}\d$/;

/**
 * The payment as the processor returned it to the client. We keep a token and display hints only;
 * a raw card number would put us in PCI scope, so anything shaped like one is refused.
 */
export const paymentSchema = z.strictObject({
  processor: z.enum(['stripe', 'adyen', 'paypal', 'braintree']),
  token: z
    .string()
    .regex(/^[A-Za-z0-9_\-:.]{8,200}$/, 'Payment processor token')
    .refine((token) => !CARD_NUMBER.test(token), 'Send a payment processor token, never a card number'),
  brand: z.enum(['visa', 'mastercard', 'amex', 'discover', 'jcb', 'unionpay', 'paypal', 'other']),
  last4: z.string().regex(/^\d{4}$/, 'Last four digits'),
});

/** Where the parcel goes: a profile address, but a carrier needs someone to hand it to. */
export const shippingAddressSchema = addressSchema.extend({
  recipient: z.string().trim().min(1).max(200),
});

export const placeOrderSchema = z
  .strictObject({
    currency: z.enum(CURRENCIES),
    items: z.array(orderLineSchema).min(1).max(MAX_ORDER_LINES),
    shippingAddress: shippingAddressSchema,
    billing: z.strictObject({ address: addressSchema.optional(), payment: paymentSchema }),
    contactPhone: z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, 'E.164 phone number, e.g. +441632960000')
      .optional(),
  })
  .refine((order) => new Set(order.items.map((item) => item.sku)).size === order.items.length, {
    message: 'Each SKU once per order',
    path: ['items'],
  });
export type PlaceOrder = z.infer<typeof placeOrderSchema>;

/** When a completed (delivered or cancelled) order's personal details are due for erasure. */
export const personalDataExpiry = (completedAt: Date, retentionDays: number): Date =>
  addDays(completedAt, retentionDays);
