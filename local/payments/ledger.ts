// The local processor's state and rules: PaymentIntents (manual or automatic capture), their capture,
// cancellation and refunds, and Stripe's documented test payment methods. Answers are shaped like
// Stripe's (the subset of fields the official SDK and this project read), errors carry Stripe's
// types and codes. Pure state: the HTTP service (./server.ts) adds encoding, keys and idempotency.
import { randomBytes } from 'node:crypto';

export interface TestCard {
  readonly brand: string;
  readonly last4: string;
  /** What the issuer answers: approve, or decline with Stripe's code and decline code. */
  readonly outcome:
    | { readonly approve: true }
    | { readonly approve: false; readonly code: string; readonly declineCode?: string; readonly message: string };
}

const approve = { approve: true } as const;
const declined = (declineCode: string, message = 'Your card was declined.') =>
  ({ approve: false, code: 'card_declined', declineCode, message }) as const;

/** Stripe's test PaymentMethods (docs.stripe.com/testing#cards and #declined-payments). */
export const TEST_PAYMENT_METHODS: Readonly<Record<string, TestCard>> = {
  pm_card_visa: { brand: 'visa', last4: '4242', outcome: approve },
  pm_card_visa_debit: { brand: 'visa', last4: '5556', outcome: approve },
  pm_card_mastercard: { brand: 'mastercard', last4: '4444', outcome: approve },
  pm_card_mastercard_debit: { brand: 'mastercard', last4: '8210', outcome: approve },
  pm_card_amex: { brand: 'amex', last4: '8431', outcome: approve },
  pm_card_discover: { brand: 'discover', last4: '1117', outcome: approve },
  pm_card_jcb: { brand: 'jcb', last4: '0505', outcome: approve },
  pm_card_unionpay: { brand: 'unionpay', last4: '0005', outcome: approve },
  pm_card_chargeDeclined: { brand: 'visa', last4: '0002', outcome: declined('generic_decline') },
  pm_card_chargeDeclinedInsufficientFunds: {
    brand: 'visa',
    last4: '9995',
    outcome: declined('insufficient_funds', 'Your card has insufficient funds.'),
  },
  pm_card_chargeDeclinedLostCard: { brand: 'visa', last4: '9987', outcome: declined('lost_card') },
  pm_card_chargeDeclinedStolenCard: { brand: 'visa', last4: '9979', outcome: declined('stolen_card') },
  pm_card_chargeDeclinedExpiredCard: {
    brand: 'visa',
    last4: '0069',
    outcome: { approve: false, code: 'expired_card', message: 'Your card has expired.' },
  },
  pm_card_chargeDeclinedIncorrectCvc: {
    brand: 'visa',
    last4: '0127',
    outcome: { approve: false, code: 'incorrect_cvc', message: "Your card's security code is incorrect." },
  },
  pm_card_chargeDeclinedProcessingError: {
    brand: 'visa',
    last4: '0119',
    outcome: { approve: false, code: 'processing_error', message: 'An error occurred while processing your card.' },
  },
  // 3-D Secure required: with `error_on_requires_action` the confirmation fails instead of waiting.
  pm_card_authenticationRequired: {
    brand: 'visa',
    last4: '3184',
    outcome: { approve: false, code: 'authentication_required', message: 'Your card requires authentication.' },
  },
};

/** Stripe's smallest charge is about 0.50 USD; in every currency we sell in it is at least 50 minor units. */
const MINIMUM_AMOUNT = 50;
const CURRENCIES = new Set(['eur', 'gbp', 'usd', 'jpy', 'chf', 'sek', 'dkk', 'nok', 'pln', 'cad', 'aud']);

export type IntentStatus = 'requires_payment_method' | 'requires_capture' | 'succeeded' | 'canceled';

export interface PaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_capturable: number;
  amount_received: number;
  currency: string;
  status: IntentStatus;
  capture_method: 'manual' | 'automatic' | 'automatic_async';
  created: number;
  livemode: false;
  metadata: Record<string, string>;
  payment_method: string | null;
  latest_charge: string | null;
  canceled_at: number | null;
  cancellation_reason: string | null;
}

export interface Refund {
  id: string;
  object: 'refund';
  amount: number;
  currency: string;
  payment_intent: string;
  status: 'succeeded';
  created: number;
  metadata: Record<string, string>;
}

/** A Stripe error: HTTP status and the `error` object of the body. */
export class StripeFailure extends Error {
  constructor(
    readonly status: number,
    readonly error: Record<string, unknown>,
  ) {
    super(String(error.message));
  }
}

const invalid = (message: string, extra: Record<string, unknown> = {}) =>
  new StripeFailure(400, { type: 'invalid_request_error', message, ...extra });

const id = (prefix: string): string => `${prefix}_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;

export interface LedgerState {
  intents: PaymentIntent[];
  refunds: Refund[];
}

export class PaymentsLedger {
  private readonly intents = new Map<string, PaymentIntent>();
  private readonly refunds = new Map<string, Refund>();

  constructor(
    private readonly now: () => number,
    state?: LedgerState,
  ) {
    for (const intent of state?.intents ?? []) this.intents.set(intent.id, intent);
    for (const refund of state?.refunds ?? []) this.refunds.set(refund.id, refund);
  }

  state(): LedgerState {
    return { intents: [...this.intents.values()], refunds: [...this.refunds.values()] };
  }

  createIntent(params: Record<string, unknown>): PaymentIntent {
    const amount = positiveInteger(params.amount, 'amount');
    const currency = String(params.currency ?? '').toLowerCase();
    if (!CURRENCIES.has(currency)) throw invalid(`Invalid currency: ${currency.slice(0, 10)}.`, { param: 'currency' });
    if (amount < MINIMUM_AMOUNT) {
      throw invalid('Amount must be at least 50 minor units.', { code: 'amount_too_small', param: 'amount' });
    }
    const captureMethod = params.capture_method ?? 'automatic_async';
    if (captureMethod !== 'manual' && captureMethod !== 'automatic' && captureMethod !== 'automatic_async') {
      throw invalid('Invalid capture_method.', { param: 'capture_method' });
    }
    const paymentMethod = typeof params.payment_method === 'string' ? params.payment_method : null;
    if (paymentMethod && !TEST_PAYMENT_METHODS[paymentMethod]) {
      throw invalid(`No such PaymentMethod: '${paymentMethod.slice(0, 60)}'`, {
        code: 'resource_missing',
        param: 'payment_method',
      });
    }
    const intent: PaymentIntent = {
      id: id('pi'),
      object: 'payment_intent',
      amount,
      amount_capturable: 0,
      amount_received: 0,
      currency,
      status: 'requires_payment_method',
      capture_method: captureMethod,
      created: Math.floor(this.now() / 1000),
      livemode: false,
      metadata: metadataOf(params.metadata),
      payment_method: paymentMethod,
      latest_charge: null,
      canceled_at: null,
      cancellation_reason: null,
    };
    this.intents.set(intent.id, intent);
    if (params.confirm === 'true') this.confirm(intent);
    return intent;
  }

  retrieve(intentId: string): PaymentIntent {
    const intent = this.intents.get(intentId);
    if (!intent) throw invalid(`No such payment_intent: '${intentId.slice(0, 60)}'`, { code: 'resource_missing' });
    return intent;
  }

  /** PaymentIntents newest first, as Stripe lists them, filtered by `created`. */
  listIntents(created: { gte?: number; gt?: number; lte?: number; lt?: number }): PaymentIntent[] {
    return [...this.intents.values()]
      .filter(
        (i) =>
          (created.gte === undefined || i.created >= created.gte) &&
          (created.gt === undefined || i.created > created.gt) &&
          (created.lte === undefined || i.created <= created.lte) &&
          (created.lt === undefined || i.created < created.lt),
      )
      .reverse();
  }

  capture(intentId: string, params: Record<string, unknown>): PaymentIntent {
    const intent = this.retrieve(intentId);
    if (intent.status !== 'requires_capture') throw unexpectedState(intent, 'captured');
    const amount =
      params.amount_to_capture === undefined
        ? intent.amount_capturable
        : positiveInteger(params.amount_to_capture, 'amount_to_capture');
    if (amount > intent.amount_capturable) {
      throw invalid('The amount to capture exceeds the amount capturable.', {
        code: 'amount_too_large',
        param: 'amount_to_capture',
      });
    }
    intent.status = 'succeeded';
    intent.amount_received = amount;
    intent.amount_capturable = 0;
    return intent;
  }

  cancel(intentId: string, params: Record<string, unknown>): PaymentIntent {
    const intent = this.retrieve(intentId);
    if (intent.status === 'succeeded' || intent.status === 'canceled') throw unexpectedState(intent, 'canceled');
    intent.status = 'canceled';
    intent.amount_capturable = 0;
    intent.canceled_at = Math.floor(this.now() / 1000);
    intent.cancellation_reason = typeof params.cancellation_reason === 'string' ? params.cancellation_reason : null;
    return intent;
  }

  createRefund(params: Record<string, unknown>): Refund {
    const intent = this.retrieve(String(params.payment_intent ?? ''));
    if (intent.status !== 'succeeded') {
      throw invalid('This PaymentIntent does not have a successful charge to refund.', {
        code: 'charge_not_refundable',
        param: 'payment_intent',
      });
    }
    // Stripe keeps refunds on the charge; here they are summed from the refunds of the intent.
    const refunded = this.listRefunds(intent.id).reduce((sum, r) => sum + r.amount, 0);
    const left = intent.amount_received - refunded;
    if (left === 0) throw invalid('The charge has already been refunded.', { code: 'charge_already_refunded' });
    const amount = params.amount === undefined ? left : positiveInteger(params.amount, 'amount');
    if (amount > left) {
      throw invalid(`Refund amount (${amount}) is greater than unrefunded amount on charge (${left}).`, {
        code: 'amount_too_large',
        param: 'amount',
      });
    }
    const refund: Refund = {
      id: id('re'),
      object: 'refund',
      amount,
      currency: intent.currency,
      payment_intent: intent.id,
      status: 'succeeded',
      created: Math.floor(this.now() / 1000),
      metadata: metadataOf(params.metadata),
    };
    this.refunds.set(refund.id, refund);
    return refund;
  }

  /** Refunds newest first, optionally of one PaymentIntent. */
  listRefunds(paymentIntent: string | undefined): Refund[] {
    return [...this.refunds.values()].filter((r) => !paymentIntent || r.payment_intent === paymentIntent).reverse();
  }

  /** The test card behind a payment method, for `expand[]=payment_method`. */
  paymentMethod(paymentMethodId: string) {
    const card = TEST_PAYMENT_METHODS[paymentMethodId];
    if (!card) return null;
    return {
      id: paymentMethodId,
      object: 'payment_method',
      type: 'card',
      card: { brand: card.brand, last4: card.last4, exp_month: 12, exp_year: 2034, funding: 'credit', country: 'US' },
      livemode: false,
    };
  }

  /** The issuer's answer: a hold (manual capture) or a charge; a decline leaves the intent needing a new method. */
  private confirm(intent: PaymentIntent): void {
    const card = intent.payment_method ? TEST_PAYMENT_METHODS[intent.payment_method] : undefined;
    if (!card)
      throw invalid('You must provide a payment_method to confirm this PaymentIntent.', { param: 'payment_method' });
    intent.latest_charge = id('ch');
    if (!card.outcome.approve) {
      throw new StripeFailure(402, {
        type: 'card_error',
        code: card.outcome.code,
        ...(card.outcome.declineCode && { decline_code: card.outcome.declineCode }),
        message: card.outcome.message,
        payment_intent: { ...intent },
      });
    }
    if (intent.capture_method === 'manual') {
      intent.status = 'requires_capture';
      intent.amount_capturable = intent.amount;
    } else {
      intent.status = 'succeeded';
      intent.amount_received = intent.amount;
    }
  }
}

function unexpectedState(intent: PaymentIntent, verb: string): StripeFailure {
  return invalid(`This PaymentIntent could not be ${verb} because it has a status of ${intent.status}.`, {
    code: 'payment_intent_unexpected_state',
    payment_intent: { ...intent },
  });
}

function positiveInteger(value: unknown, param: string): number {
  const n = typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw invalid(`Invalid positive integer: ${param}`, { param });
  return n;
}

function metadataOf(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid('Invalid metadata.', { param: 'metadata' });
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}
