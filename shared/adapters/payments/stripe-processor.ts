/**
 * The payment port on the official Stripe SDK: a PaymentIntent per order with manual capture,
 * confirmed at placement with the payment method the client obtained from Stripe, captured at
 * shipment, cancelled (voided) at cancellation, refunded through Stripe's refunds. Every request that
 * changes money carries our idempotency key. Locally `STRIPE_API_URL` points the same SDK at the
 * Stripe-compatible service `npm start` runs (host, port and protocol, as the key service is
 * reached through AWS_ENDPOINT_URL_KMS). Nothing here logs or returns a card detail beyond brand
 * and last four digits, and no Stripe error message reaches a client (they may quote parameters).
 *
 * The SDK is loaded on first use (`import('stripe')`): only functions that declare the payment
 * processor bundle it (infra/constructs/house-function.ts), the others never reach that import.
 */
import type Stripe from 'stripe';
import { PaymentDeclinedError, PaymentUnavailableError, UnprocessableError } from '../../domain/errors';
import { epochSeconds } from '../../domain/time';
import type { Authorisation, AuthorisationRequest, OpenAuthorisation, PaymentProcessor } from '../../ports/payments';

export interface StripeSettings {
  /** The secret API key (cached by its source: a rotation reaches warm functions within minutes). */
  readonly apiKey: () => Promise<string>;
  /** Another host, port and protocol than api.stripe.com (the local processor service). */
  readonly apiUrl?: URL | undefined;
  /** Per attempt. Lambda's API timeout (29 s) bounds the retries too. @default 8000 */
  readonly timeoutMs?: number;
  /** Retries of failed connections and 5xx answers, with the same idempotency key. @default 2 */
  readonly maxNetworkRetries?: number;
}

/** The key under which our order request's reference (its idempotency record id) rides with each PaymentIntent. */
const ORDER_REFERENCE = 'orderRequest';
/** ...and our refund id with each Stripe refund. */
const REFUND_REFERENCE = 'refundId';

type StripeErrors = typeof Stripe.errors;

export class StripeProcessor implements PaymentProcessor {
  readonly name = 'stripe' as const;
  private client?: { readonly key: string; readonly stripe: Stripe };
  private errors?: StripeErrors;

  constructor(private readonly settings: StripeSettings) {}

  async authorise(request: AuthorisationRequest): Promise<Authorisation> {
    const stripe = await this.stripe();
    let intent: Stripe.Response<Stripe.PaymentIntent>;
    try {
      intent = await stripe.paymentIntents.create(
        {
          amount: request.amount,
          currency: request.currency.toLowerCase(),
          payment_method: request.paymentMethod,
          allowed_payment_method_types: ['card'],
          capture_method: 'manual',
          confirm: true,
          // This server-side confirmation cannot show the customer a 3-D Secure challenge: such a
          // card fails now (a decline, `authentication_required`) instead of waiting for an action.
          error_on_requires_action: true,
          metadata: { [ORDER_REFERENCE]: request.reference },
          expand: ['payment_method'],
        },
        { idempotencyKey: request.idempotencyKey },
      );
    } catch (e) {
      throw authorisationError(await this.sdkErrors(), e);
    }
    if (intent.status !== 'requires_capture') {
      // Anything but a hold on the card (the processor's answer outranks the request flags): nothing is held.
      throw new PaymentDeclinedError(
        'The card issuer asks the customer to authenticate this payment; confirm it with the processor on the checkout page first.',
        'authentication_required',
      );
    }
    // A replay is Stripe's saved answer, as of the earlier attempt: whether it still holds the money
    // is asked afresh.
    const replayed = intent.lastResponse?.headers?.['idempotent-replayed'] === 'true';
    const held = !replayed || (await this.status(intent.id)) === 'requires_capture';
    const card = typeof intent.payment_method === 'object' ? intent.payment_method?.card : undefined;
    return {
      paymentId: intent.id,
      createdAt: new Date(intent.created * 1000),
      replayed,
      held,
      amount: intent.amount,
      card: { brand: card?.brand ?? 'unknown', last4: card?.last4 ?? '0000' },
    };
  }

  async capture(paymentId: string, amount: number, idempotencyKey: string): Promise<'captured' | 'not-capturable'> {
    const stripe = await this.stripe();
    try {
      const intent = await stripe.paymentIntents.capture(paymentId, { amount_to_capture: amount }, { idempotencyKey });
      return intent.status === 'succeeded' ? 'captured' : 'not-capturable';
    } catch (e) {
      const errors = await this.sdkErrors();
      if (e instanceof errors.StripeCardError) return 'not-capturable';
      if (!isUnexpectedState(errors, e)) throw unavailable(errors, e);
    }
    // Captured or cancelled before (a retry after Stripe forgot the key): the intent says which.
    const status = await this.status(paymentId);
    return status === 'succeeded' ? 'captured' : 'not-capturable';
  }

  async void(paymentId: string, idempotencyKey: string): Promise<'voided' | 'already-captured'> {
    const stripe = await this.stripe();
    try {
      await stripe.paymentIntents.cancel(paymentId, {}, { idempotencyKey });
      return 'voided';
    } catch (e) {
      const errors = await this.sdkErrors();
      if (!isUnexpectedState(errors, e)) throw unavailable(errors, e);
    }
    const status = await this.status(paymentId);
    if (status === 'succeeded') return 'already-captured';
    if (status === 'canceled') return 'voided';
    throw new PaymentUnavailableError(`The processor reports the payment as ${status}; it could not be voided now.`);
  }

  async refund(
    paymentId: string,
    amount: number,
    reference: string,
    idempotencyKey: string,
  ): Promise<{ refundId: string }> {
    const stripe = await this.stripe();
    try {
      // Stripe forgets idempotency keys after 24 hours; the refund's own reference does not expire.
      for await (const existing of stripe.refunds.list({ payment_intent: paymentId, limit: 100 })) {
        if (existing.metadata?.[REFUND_REFERENCE] === reference && existing.status !== 'failed') {
          return { refundId: existing.id };
        }
      }
      const refund = await stripe.refunds.create(
        { payment_intent: paymentId, amount, metadata: { [REFUND_REFERENCE]: reference } },
        { idempotencyKey },
      );
      return { refundId: refund.id };
    } catch (e) {
      const errors = await this.sdkErrors();
      if (e instanceof errors.StripeInvalidRequestError || e instanceof errors.StripeCardError) {
        throw new PaymentDeclinedError('The processor refused the refund.', safeCode(e.code));
      }
      throw unavailable(errors, e);
    }
  }

  async *openAuthorisations(from: Date, to: Date): AsyncIterable<OpenAuthorisation> {
    const stripe = await this.stripe();
    try {
      const listed = stripe.paymentIntents.list({
        created: { gte: epochSeconds(from), lt: epochSeconds(to) },
        limit: 100,
      });
      for await (const intent of listed) {
        const reference = intent.metadata?.[ORDER_REFERENCE];
        if (intent.status !== 'requires_capture' || !reference) continue;
        yield { paymentId: intent.id, reference, amount: intent.amount, createdAt: new Date(intent.created * 1000) };
      }
    } catch (e) {
      throw unavailable(await this.sdkErrors(), e);
    }
  }

  private async status(paymentId: string): Promise<Stripe.PaymentIntent.Status> {
    const stripe = await this.stripe();
    try {
      return (await stripe.paymentIntents.retrieve(paymentId)).status;
    } catch (e) {
      throw unavailable(await this.sdkErrors(), e);
    }
  }

  private async sdkErrors(): Promise<StripeErrors> {
    this.errors ??= (await import('stripe')).default.errors;
    return this.errors;
  }

  /** One SDK client per API key: a rotated key gets a fresh client, the old one is dropped. */
  private async stripe(): Promise<Stripe> {
    const key = await this.settings.apiKey();
    if (this.client?.key !== key) {
      const { default: StripeSdk } = await import('stripe');
      const url = this.settings.apiUrl;
      this.client = {
        key,
        stripe: new StripeSdk(key, {
          maxNetworkRetries: this.settings.maxNetworkRetries ?? 2,
          timeout: this.settings.timeoutMs ?? 8000,
          // Stripe's client telemetry would send request timings to Stripe: nothing we need to share.
          telemetry: false,
          ...(url && {
            host: url.hostname,
            port: Number(url.port || (url.protocol === 'http:' ? 80 : 443)),
            protocol: url.protocol === 'http:' ? 'http' : 'https',
          }),
        }),
      };
    }
    return this.client.stripe;
  }
}

/** A decline, a refused request or an unreachable processor, as the domain's errors. */
function authorisationError(errors: StripeErrors, e: unknown): Error {
  if (e instanceof errors.StripeCardError) {
    return new PaymentDeclinedError(
      'The card was declined; nothing was charged and no order was placed. Try another payment method.',
      // The SDK sets decline_code to '' when the processor sent none: the code is then the reason.
      safeCode(e.decline_code || e.code),
    );
  }
  if (e instanceof errors.StripeIdempotencyError) {
    return new UnprocessableError('This Idempotency-Key was already used with a different request body.', [
      { path: 'headers.idempotency-key', message: 'Reused with a different body' },
    ]);
  }
  if (e instanceof errors.StripeInvalidRequestError) {
    if (e.code === 'amount_too_small') {
      return new UnprocessableError("The order's total is below the smallest amount the processor can charge.");
    }
    if (e.param === 'payment_method' || e.code === 'resource_missing') {
      return new UnprocessableError('The payment method is unknown to the processor.', [
        { path: 'body.billing.payment.paymentMethod', message: 'Unknown payment method' },
      ]);
    }
  }
  return unavailable(errors, e);
}

/**
 * Connection failures, timeouts, rate limits and the processor's own errors: nothing can be said to
 * have happened, so the client retries (the idempotency key makes that safe). A request the
 * processor found invalid is our fault, not an outage: it stays a plain error (500).
 */
function unavailable(errors: StripeErrors, e: unknown): Error {
  if (e instanceof errors.StripeInvalidRequestError || !(e instanceof errors.StripeError)) {
    return new Error(`Payment processor request failed: ${e instanceof Error ? e.name : 'unknown'}`);
  }
  return new PaymentUnavailableError();
}

const isUnexpectedState = (errors: StripeErrors, e: unknown): boolean =>
  e instanceof errors.StripeInvalidRequestError && e.code === 'payment_intent_unexpected_state';

/** Processor codes are short snake_case words (`insufficient_funds`); anything else is not passed on. */
const safeCode = (code: string | undefined): string | undefined =>
  code && /^[a-z_]{1,60}$/.test(code) ? code : undefined;
