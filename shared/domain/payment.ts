/**
 * Payments through a processor: what an order keeps of its payment, what a client may send to pay,
 * and the idempotency keys we send the processor. The card itself never reaches us: the client hands
 * its details to the processor and sends us the processor's payment-method id; brand and last four
 * digits are read from the processor's answer (docs/decisions/0026).
 */
import * as z from 'zod';
import { refusedField } from './money';

export const PAYMENT_PROCESSORS = ['stripe'] as const;
export type PaymentProcessorName = (typeof PAYMENT_PROCESSORS)[number];

/**
 * Where an order's money is: `authorised` (held on the card at placement), `captured` (taken at
 * shipment), `voided` (the hold released: cancelled, payment failed, or abandoned).
 */
export const PAYMENT_STATUSES = ['authorised', 'captured', 'voided'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** An order's payment as the processor reported it: ids and amounts, no card data. Kept for the books. */
export interface OrderPayment {
  readonly processor: PaymentProcessorName;
  /** The processor's id of the payment (a Stripe PaymentIntent, `pi_…`): names a transaction, not a person. */
  readonly paymentId: string;
  readonly status: PaymentStatus;
  /** Held at placement: the order's total. */
  readonly authorisedAmount: number;
  /** Taken at shipment; refunds never exceed it. 0 until then. */
  readonly capturedAmount: number;
}

/** What a customer sees of the card paid with: personal (sealed), read from the processor. */
export interface PaymentCard {
  readonly processor: PaymentProcessorName;
  readonly brand: string;
  readonly last4: string;
}

/** What a new order keeps of a fresh authorisation: the hold (nothing captured yet) and the card it is on. */
export function authorisedPayment(
  processor: PaymentProcessorName,
  authorisation: { readonly paymentId: string; readonly amount: number; readonly card: Omit<PaymentCard, 'processor'> },
): { readonly payment: OrderPayment; readonly card: PaymentCard } {
  return {
    payment: {
      processor,
      paymentId: authorisation.paymentId,
      status: 'authorised',
      authorisedAmount: authorisation.amount,
      capturedAmount: 0,
    },
    card: { processor, ...authorisation.card },
  };
}

const FROM_PROCESSOR = 'Brand and last four digits come from the payment processor, never from the client';

/** The payment part of an order request: the payment method the client obtained from the processor. */
export const paymentRequestSchema = z.strictObject({
  processor: z.enum(PAYMENT_PROCESSORS),
  // A processor's id (`pm_…`), never a card number: nothing shaped like one can pass this pattern.
  paymentMethod: z.string().regex(/^pm_[A-Za-z0-9_]{1,200}$/, 'A payment method id from the processor (pm_…)'),
  brand: refusedField(FROM_PROCESSOR, 'string'),
  last4: refusedField(FROM_PROCESSOR, 'string'),
});

/**
 * How old an authorisation must be before "no order holds it" is final: far longer than any order
 * request can run (API Gateway gives up after 30 seconds, the processor client after its retries).
 */
export const ORPHAN_GRACE_MINUTES = 10;

/**
 * Idempotency keys towards the processor, derived from ours: a retried order (same Idempotency-Key,
 * so the same record id) sends the processor the same key and gets the same authorisation back, and
 * a retried capture, void or refund of one order or refund is applied once.
 */
export const processorKeys = {
  /** `recordId` is the order's idempotency record id (a hash of subject and client key). */
  authorise: (recordId: string) => `order-${recordId}-authorise`,
  capture: (orderId: string) => `order-${orderId}-capture`,
  void: (orderId: string) => `order-${orderId}-void`,
  /** An authorisation no order holds (reconciliation). */
  voidOrphan: (paymentId: string) => `orphan-${paymentId}-void`,
  /** Returning a captured payment of an order that will not ship (reconciliation). */
  reverse: (orderId: string) => `order-${orderId}-reverse`,
  refund: (refundId: string) => `refund-${refundId}`,
} as const;
