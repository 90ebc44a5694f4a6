/** Orders: the status lifecycle, what a customer sends to place one, and how long its personal details live. */
import * as z from 'zod';
import { ConflictError } from './errors';
import { CURRENCIES, MAX_ORDER_LINES, MAX_ORDER_TOTAL_MINOR, orderLineRequestSchema, refusedField } from './money';
import { type PaymentStatus, paymentRequestSchema } from './payment';
import { addressSchema } from './profile';
import { addDays } from './time';

export const ORDER_STATUSES = ['placed', 'cancelled', 'shipped', 'delivered', 'returned_to_sender', 'lost'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  placed: ['cancelled', 'shipped'],
  // A parcel ends delivered, back with us, or lost: every shipped order reaches one of them.
  shipped: ['delivered', 'returned_to_sender', 'lost'],
  cancelled: [],
  delivered: [],
  returned_to_sender: [],
  lost: [],
};

/** States an order never leaves: its retention clock runs from the moment it reaches one. */
export const TERMINAL_STATUSES = [
  'cancelled',
  'delivered',
  'returned_to_sender',
  'lost',
] as const satisfies readonly OrderStatus[];
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];

export const isTerminal = (status: OrderStatus): status is TerminalStatus =>
  (TERMINAL_STATUSES as readonly OrderStatus[]).includes(status);

/** True when an order may move from `from` to `to`. No self-transitions: repeating one is a conflict. */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return NEXT[from].includes(to);
}

const words = (status: OrderStatus): string => status.replaceAll('_', ' ');

function refusal(from: OrderStatus, to: OrderStatus): string {
  if (from === to) return `The order is already ${words(from)}.`;
  if (to === 'cancelled') return `An order that is ${words(from)} can no longer be cancelled.`;
  if (from === 'cancelled') return `A cancelled order cannot be ${words(to)}.`;
  if (to === 'placed') return `An order that is ${words(from)} cannot go back to placed.`;
  if (from === 'placed') return `An order must be shipped before it can be ${words(to)}.`;
  return `An order that is ${words(from)} cannot become ${words(to)}.`;
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
  /**
   * When the personal details are due for anonymisation: set when the order completes (a terminal
   * status), and at shipment as a backstop in case no carrier ever reports an outcome.
   */
  readonly personalDataDue?: Date | undefined;
  readonly deliveredAt?: Date | undefined;
  /** The payment moved with the order (captured at shipment, voided at cancellation). */
  readonly payment?: { readonly status: PaymentStatus; readonly capturedAmount?: number } | undefined;
}

/** Where the parcel goes: a profile address, but a carrier needs someone to hand it to. */
export const shippingAddressSchema = addressSchema.extend({
  recipient: z.string().trim().min(1).max(200),
});

/** The carrier service the customer books at checkout (checked against shared/config/carriers.ts). */
export const deliveryChoiceSchema = z.strictObject({
  carrier: z.string().regex(/^[a-z0-9-]{1,40}$/, 'Carrier id'),
  service: z.string().regex(/^[a-z0-9-]{1,40}$/, 'Service id'),
});
export type DeliveryChoice = z.infer<typeof deliveryChoiceSchema>;

export const placeOrderSchema = z
  .strictObject({
    currency: z.enum(CURRENCIES),
    items: z.array(orderLineRequestSchema).min(1).max(MAX_ORDER_LINES),
    delivery: deliveryChoiceSchema,
    shippingAddress: shippingAddressSchema,
    billing: z.strictObject({ address: addressSchema.optional(), payment: paymentRequestSchema }),
    contactPhone: z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, 'E.164 phone number, e.g. +441632960000')
      .optional(),
    /** The total the checkout page showed; a different server total is a 409 with the current one. */
    expectedTotal: z.number().int().min(1).max(MAX_ORDER_TOTAL_MINOR).optional(),
    total: refusedField('The total is computed on the server; send expectedTotal to have it checked', 'integer'),
  })
  .refine((order) => new Set(order.items.map((item) => item.sku)).size === order.items.length, {
    message: 'Each SKU once per order',
    path: ['items'],
  });
export type PlaceOrder = z.infer<typeof placeOrderSchema>;

/** When a completed order's personal details are due for anonymisation. */
export const personalDataExpiry = (completedAt: Date, retentionDays: number): Date =>
  addDays(completedAt, retentionDays);
