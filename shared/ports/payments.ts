/**
 * The payment processor port (one adapter: Stripe, shared/adapters/payments) and the state the
 * payment-reconciliation job keeps. Every call that changes money carries an idempotency key derived
 * from ours (shared/domain/payment.ts `processorKeys`), so a retry is applied once.
 *
 * Errors: PaymentDeclinedError (402) when the processor refuses the card, PaymentUnavailableError
 * (503) when it cannot be reached or fails, UnprocessableError when it refuses the request itself
 * (an idempotency key reused with other parameters, an amount below its minimum).
 */
import type { Currency } from '../domain/money';
import type { PaymentCard, PaymentProcessorName } from '../domain/payment';

export interface AuthorisationRequest {
  /**
   * Our order request's idempotency record id, kept by the processor with the payment. The same for
   * every retry of one request (so the processor sees identical parameters and answers with the same
   * authorisation); the record maps it to the order that committed, if one did.
   */
  readonly reference: string;
  readonly amount: number;
  readonly currency: Currency;
  /** The payment method the client obtained from the processor (`pm_…`). */
  readonly paymentMethod: string;
  readonly idempotencyKey: string;
}

export interface Authorisation {
  readonly paymentId: string;
  readonly amount: number;
  /** Brand and last four digits as the processor reports them. */
  readonly card: Omit<PaymentCard, 'processor'>;
  /** When the processor created it: earlier than now when the answer is a replay. */
  readonly createdAt: Date;
  /** The processor answered an idempotency key it had seen: the authorisation of an earlier attempt. */
  readonly replayed: boolean;
  /** It still holds the money: false only for a replay whose hold was voided or captured since. */
  readonly held: boolean;
}

/** An authorisation still holding money on a card (not captured, not voided). */
export interface OpenAuthorisation {
  readonly paymentId: string;
  /** Our idempotency record id, as sent at authorisation. */
  readonly reference: string;
  readonly amount: number;
  readonly createdAt: Date;
}

export interface PaymentProcessor {
  readonly name: PaymentProcessorName;
  /** Holds `amount` on the payment method (manual capture): the card is charged only at capture. */
  authorise(request: AuthorisationRequest): Promise<Authorisation>;
  /**
   * Takes `amount` of an authorised payment. `not-capturable` when the authorisation was voided or
   * expired (or the issuer refused the capture): no money moved.
   */
  capture(paymentId: string, amount: number, idempotencyKey: string): Promise<'captured' | 'not-capturable'>;
  /** Releases the hold. `already-captured` when the money was taken first: nothing was voided. */
  void(paymentId: string, idempotencyKey: string): Promise<'voided' | 'already-captured'>;
  /** Returns `amount` of a captured payment to the card; `reference` is our refund id. */
  refund(paymentId: string, amount: number, reference: string, idempotencyKey: string): Promise<{ refundId: string }>;
  /** Authorisations created in [from, to) that still hold money, oldest first. */
  openAuthorisations(from: Date, to: Date): AsyncIterable<OpenAuthorisation>;
}

/** Where the payment-reconciliation job resumes: processor authorisations before this were examined. */
export interface ReconciliationLog {
  checkpoint(): Promise<Date | undefined>;
  /** Moves the checkpoint forward (never back: a concurrent run that got further wins). */
  saveCheckpoint(examinedUntil: Date, at: Date): Promise<void>;
}
