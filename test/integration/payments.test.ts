/**
 * The payment adapter on the official Stripe SDK, pointed by host and port at the local
 * Stripe-compatible service `npm start` runs: manual-capture authorisations with Stripe's test
 * payment methods, declines, idempotency keys (a retry gets the same authorisation; another body
 * is refused), capture / void / refund and their "already happened" answers, the listing the
 * reconciliation walks, and outages seen as the SDK sees them (connections refused or dropped).
 */
import { LOCAL_STRIPE_KEY, type PaymentsServerHandle, startPaymentsServer } from '../../local/payments/server';
import { StripeProcessor } from '../../shared/adapters/payments/stripe-processor';
import { PaymentDeclinedError, PaymentUnavailableError, UnprocessableError } from '../../shared/domain/errors';
import type { AuthorisationRequest } from '../../shared/ports/payments';

let server: PaymentsServerHandle;
let stripe: StripeProcessor;
beforeAll(async () => {
  // A service of this file's own: its request counters and outages touch no other test file.
  server = await startPaymentsServer({ port: 0 });
  stripe = processor(LOCAL_STRIPE_KEY);
});
afterAll(() => server.stop());
afterEach(() => server.setOutage('none'));

function processor(key: string): StripeProcessor {
  // No retries: each outage below is seen after exactly one attempt, so the tests stay fast.
  return new StripeProcessor({ apiKey: async () => key, apiUrl: new URL(server.endpoint), maxNetworkRetries: 0 });
}

let n = 0;
const request = (overrides: Partial<AuthorisationRequest> = {}): AuthorisationRequest => ({
  reference: `ref-${++n}`,
  amount: 10_498,
  currency: 'EUR',
  paymentMethod: 'pm_card_visa',
  idempotencyKey: `key-${n}`,
  ...overrides,
});

describe('authorising through the Stripe SDK', () => {
  it('[P-05] holds the amount (manual capture) and reads brand and last4 from the processor', async () => {
    const authorisation = await stripe.authorise(request({ paymentMethod: 'pm_card_mastercard' }));
    expect(authorisation).toMatchObject({
      paymentId: expect.stringMatching(/^pi_/),
      amount: 10_498,
      card: { brand: 'mastercard', last4: '4444' },
      replayed: false,
    });
  });

  it.each([
    ['pm_card_chargeDeclined', 'generic_decline'],
    ['pm_card_chargeDeclinedInsufficientFunds', 'insufficient_funds'],
    ['pm_card_chargeDeclinedExpiredCard', 'expired_card'],
    ['pm_card_authenticationRequired', 'authentication_required'],
  ])('declines %s with a 402 carrying %s and holds nothing', async (paymentMethod, declineCode) => {
    const declined = request({ paymentMethod });
    const refusal = stripe.authorise(declined);
    await expect(refusal).rejects.toBeInstanceOf(PaymentDeclinedError);
    await expect(refusal).rejects.toMatchObject({ status: 402, extensions: { declineCode } });
    const held = [];
    for await (const a of stripe.openAuthorisations(new Date(0), new Date(Date.now() + 60_000))) {
      if (a.reference === declined.reference) held.push(a);
    }
    expect(held).toEqual([]);
  });

  it('answers a retried key with the same authorisation, and a key reused with other parameters with 422', async () => {
    const first = request();
    const a = await stripe.authorise(first);
    const b = await stripe.authorise(first);
    expect(b).toMatchObject({ paymentId: a.paymentId, replayed: true });
    await expect(stripe.authorise({ ...first, amount: 1 + first.amount })).rejects.toBeInstanceOf(UnprocessableError);
  });

  it('refuses an unknown payment method and an amount below the minimum with 422', async () => {
    await expect(stripe.authorise(request({ paymentMethod: 'pm_nope' }))).rejects.toMatchObject({
      status: 422,
      errors: [{ path: 'body.billing.payment.paymentMethod' }],
    });
    await expect(stripe.authorise(request({ amount: 10 }))).rejects.toMatchObject({ status: 422 });
  });

  it('is unavailable (503), not broken, with a wrong API key', async () => {
    await expect(processor('sk_test_wrong').authorise(request())).rejects.toBeInstanceOf(PaymentUnavailableError);
  });
});

describe('capture, void and refund', () => {
  it('captures once; a retried capture is captured, a void after it is too late', async () => {
    const { paymentId } = await stripe.authorise(request());
    expect(await stripe.capture(paymentId, 10_498, `cap-${paymentId}`)).toBe('captured');
    expect(await stripe.capture(paymentId, 10_498, `cap-${paymentId}`)).toBe('captured');
    expect(await stripe.capture(paymentId, 10_498, `another-key-${paymentId}`)).toBe('captured');
    expect(await stripe.void(paymentId, `void-${paymentId}`)).toBe('already-captured');
  });

  it('voids once; a capture after it finds nothing to capture', async () => {
    const { paymentId } = await stripe.authorise(request());
    expect(await stripe.void(paymentId, `void-${paymentId}`)).toBe('voided');
    expect(await stripe.void(paymentId, `void-again-${paymentId}`)).toBe('voided');
    expect(await stripe.capture(paymentId, 10_498, `cap-${paymentId}`)).toBe('not-capturable');
  });

  it('refunds by our reference once, even under a new idempotency key, and never past the capture', async () => {
    const { paymentId } = await stripe.authorise(request());
    await stripe.capture(paymentId, 10_498, `cap-${paymentId}`);
    const first = await stripe.refund(paymentId, 4000, 'refund-1', 'key-a');
    expect(await stripe.refund(paymentId, 4000, 'refund-1', 'key-b')).toEqual(first);
    await expect(stripe.refund(paymentId, 7000, 'refund-2', 'key-c')).rejects.toBeInstanceOf(PaymentDeclinedError);
    expect(await stripe.refund(paymentId, 6498, 'refund-3', 'key-d')).not.toEqual(first);
  });

  it('lists the authorisations still held in a creation window, for reconciliation', async () => {
    const from = new Date(Date.now() - 1000);
    const held = await stripe.authorise(request());
    const voided = await stripe.authorise(request());
    await stripe.void(voided.paymentId, `void-${voided.paymentId}`);
    const listed = [];
    for await (const a of stripe.openAuthorisations(from, new Date(Date.now() + 60_000))) listed.push(a.paymentId);
    expect(listed).toContain(held.paymentId);
    expect(listed).not.toContain(voided.paymentId);
  });
});

describe('an unreachable processor', () => {
  it('is a 503 when connections are refused, and nothing is held', async () => {
    server.setOutage('refuse');
    const refusal = stripe.authorise(request());
    await expect(refusal).rejects.toBeInstanceOf(PaymentUnavailableError);
    await expect(refusal).rejects.toMatchObject({ retryAfterSeconds: 10 });
  });

  it('is a 503 when the answer is lost after the processor acted; the retry gets that same authorisation', async () => {
    const lost = request();
    server.setOutage('lose-responses');
    await expect(stripe.authorise(lost)).rejects.toBeInstanceOf(PaymentUnavailableError);
    server.setOutage('none');
    const retried = await stripe.authorise(lost);
    expect(retried.replayed).toBe(true);
    const listed = [];
    for await (const a of stripe.openAuthorisations(new Date(0), new Date(Date.now() + 60_000))) {
      if (a.reference === lost.reference) listed.push(a.paymentId);
    }
    expect(listed).toEqual([retried.paymentId]);
  });
});
