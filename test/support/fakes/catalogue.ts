/** In-memory fakes of the catalogue and payment ports, with the conditions and answers the real adapters give. */
import { PaymentDeclinedError, PaymentUnavailableError, UnprocessableError } from '../../../shared/domain/errors';
import type { Product } from '../../../shared/domain/product';
import type { Offer, ProductStore } from '../../../shared/ports/catalogue';
import type { Clock } from '../../../shared/ports/clock';
import type { Page } from '../../../shared/ports/page';
import type {
  Authorisation,
  AuthorisationRequest,
  OpenAuthorisation,
  PaymentProcessor,
  ReconciliationLog,
} from '../../../shared/ports/payments';
import { pageOf } from './orders';
import { type MemoryWrite, memoryWrite } from './unit-of-work';

export class MemoryProducts implements ProductStore {
  readonly products = new Map<string, Product>();

  async get(sku: string): Promise<Product | undefined> {
    return this.products.get(sku);
  }

  async many(skus: readonly string[]): Promise<ReadonlyMap<string, Product>> {
    return new Map(skus.flatMap((sku) => (this.products.has(sku) ? [[sku, this.products.get(sku) as Product]] : [])));
  }

  /** The fake never serves stale offers: the staleness the real cache allows is tested against DynamoDB. */
  offers(skus: readonly string[]): Promise<ReadonlyMap<string, Product>> {
    return this.many(skus);
  }

  forget(): void {}

  async list(page: Page) {
    const active = [...this.products.values()].filter((p) => p.active).sort((a, b) => (a.sku < b.sku ? -1 : 1));
    const { items, cursor } = pageOf(active, page);
    return { products: items, cursor };
  }

  put(product: Product, expected: number | '*' | undefined): MemoryWrite {
    return memoryWrite(
      'product.put',
      () => {
        const current = this.products.get(product.sku);
        if (expected === undefined) return !current;
        return expected === '*' ? !!current : current?.version === expected;
      },
      () => this.products.set(product.sku, product),
    );
  }

  reserve(sku: string, quantity: number, offer: Offer, at: Date): MemoryWrite {
    return memoryWrite(
      'stock.reserve',
      () => {
        const p = this.products.get(sku);
        return (
          !!p &&
          p.active &&
          p.stock >= quantity &&
          p.prices[offer.currency] === offer.unitPrice &&
          p.shippingProfile === offer.shippingProfile
        );
      },
      () => this.adjust(sku, -quantity, at),
    );
  }

  release(sku: string, quantity: number, at: Date): MemoryWrite {
    return memoryWrite(
      'stock.release',
      () => this.products.has(sku),
      () => this.adjust(sku, quantity, at),
    );
  }

  private adjust(sku: string, delta: number, at: Date): void {
    const p = this.products.get(sku) as Product;
    this.products.set(sku, { ...p, stock: p.stock + delta, version: p.version + 1, updatedAt: at.toISOString() });
  }
}

interface FakePayment {
  readonly paymentId: string;
  readonly reference: string;
  /** The parameters it was created with: a key reused with others is refused, as processors do. */
  readonly fingerprint: string;
  readonly amount: number;
  readonly createdAt: Date;
  status: 'authorised' | 'captured' | 'voided';
  refunded: number;
}

/**
 * A processor in memory: `pm_card_visa` and friends authorise, `pm_card_chargeDeclined` declines,
 * idempotency keys return the first answer, `down` makes every call fail as an outage would.
 */
export class FakePaymentProcessor implements PaymentProcessor {
  readonly name = 'stripe' as const;
  readonly payments = new Map<string, FakePayment>();
  readonly refunds = new Map<string, { refundId: string; paymentId: string; amount: number }>();
  /** Every call, in order (`authorise pi_1`, `void pi_1`…). */
  readonly calls: string[] = [];
  down = false;
  private readonly keys = new Map<string, string>();
  private next = 0;

  constructor(private readonly clock: Clock) {}

  async authorise(request: AuthorisationRequest): Promise<Authorisation> {
    this.reachable();
    const known = this.keys.get(request.idempotencyKey);
    const payment = known ? (this.payments.get(known) as FakePayment) : this.create(request);
    if (known && payment.fingerprint !== fingerprintOf(request)) {
      throw new UnprocessableError('This Idempotency-Key was already used with a different request body.');
    }
    this.calls.push(`authorise ${payment.paymentId}`);
    return {
      paymentId: payment.paymentId,
      amount: payment.amount,
      card: { brand: 'visa', last4: '4242' },
      createdAt: payment.createdAt,
      replayed: !!known,
      held: payment.status === 'authorised',
    };
  }

  /** The processor prunes idempotency keys after a while (Stripe: 24 hours); from now on it knows none. */
  forgetKeys(): void {
    this.keys.clear();
  }

  async capture(paymentId: string, amount: number, key: string): Promise<'captured' | 'not-capturable'> {
    this.reachable();
    this.calls.push(`capture ${paymentId}`);
    const payment = this.payment(paymentId);
    if (payment.status === 'captured') return 'captured';
    if (payment.status === 'voided' || amount > payment.amount) return 'not-capturable';
    this.keys.set(key, paymentId);
    payment.status = 'captured';
    return 'captured';
  }

  async void(paymentId: string): Promise<'voided' | 'already-captured'> {
    this.reachable();
    this.calls.push(`void ${paymentId}`);
    const payment = this.payment(paymentId);
    if (payment.status === 'captured') return 'already-captured';
    payment.status = 'voided';
    return 'voided';
  }

  async refund(paymentId: string, amount: number, reference: string): Promise<{ refundId: string }> {
    this.reachable();
    this.calls.push(`refund ${paymentId} ${amount}`);
    const existing = this.refunds.get(reference);
    if (existing) return { refundId: existing.refundId };
    const payment = this.payment(paymentId);
    if (payment.status !== 'captured' || payment.refunded + amount > payment.amount) {
      throw new PaymentDeclinedError('The processor refused the refund.', 'amount_too_large');
    }
    payment.refunded += amount;
    const refund = { refundId: `re_${++this.next}`, paymentId, amount };
    this.refunds.set(reference, refund);
    return { refundId: refund.refundId };
  }

  async *openAuthorisations(from: Date, to: Date): AsyncIterable<OpenAuthorisation> {
    this.reachable();
    for (const p of this.payments.values()) {
      if (p.status === 'authorised' && p.createdAt >= from && p.createdAt < to) {
        yield { paymentId: p.paymentId, reference: p.reference, amount: p.amount, createdAt: p.createdAt };
      }
    }
  }

  /** Payments still holding money on a card. */
  held(): FakePayment[] {
    return [...this.payments.values()].filter((p) => p.status === 'authorised');
  }

  private create(request: AuthorisationRequest): FakePayment {
    if (request.paymentMethod === 'pm_card_chargeDeclined') {
      throw new PaymentDeclinedError('The card was declined.', 'generic_decline');
    }
    if (!request.paymentMethod.startsWith('pm_card_')) {
      throw new UnprocessableError('The payment method is unknown to the processor.');
    }
    const payment: FakePayment = {
      paymentId: `pi_${++this.next}`,
      reference: request.reference,
      fingerprint: fingerprintOf(request),
      amount: request.amount,
      createdAt: this.clock.now(),
      status: 'authorised',
      refunded: 0,
    };
    this.payments.set(payment.paymentId, payment);
    this.keys.set(request.idempotencyKey, payment.paymentId);
    return payment;
  }

  private payment(paymentId: string): FakePayment {
    const payment = this.payments.get(paymentId);
    if (!payment) throw new Error(`No payment ${paymentId}`);
    return payment;
  }

  private reachable(): void {
    if (this.down) throw new PaymentUnavailableError();
  }
}

const fingerprintOf = (r: AuthorisationRequest): string =>
  JSON.stringify([r.reference, r.amount, r.currency, r.paymentMethod]);

export class MemoryReconciliationLog implements ReconciliationLog {
  examinedUntil: Date | undefined;

  async checkpoint(): Promise<Date | undefined> {
    return this.examinedUntil;
  }

  async saveCheckpoint(until: Date): Promise<void> {
    if (!this.examinedUntil || this.examinedUntil < until) this.examinedUntil = until;
  }
}
