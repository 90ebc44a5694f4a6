/**
 * The payment-reconciliation job: no money is left held or owed because a request died halfway.
 *
 * 1. Orphaned authorisations: an order's payment is authorised before its transaction commits; when
 *    the outcome of that commit is unknown (a timeout, a crash) no one can tell at once whether the
 *    order exists. Every authorisation older than ORPHAN_GRACE_MINUTES is examined once, by walking
 *    the processor's authorisations from a checkpoint: one that no order holds is voided. Each
 *    carries its order request's idempotency record id, and that record (committed with the order)
 *    names the order — so only authorisations younger than the record's lifetime can be judged; the
 *    walk never looks further back than that.
 * 2. Orders cancelled by erasure: the payment's hold is released (or, if a packer captured it first,
 *    the capture returned in full) and the reserved stock given back, one order per transaction.
 * 3. Approved refunds the processor has not confirmed: sent again (same key: refunded once).
 *
 * A processor that cannot be reached defers an item to the next run; the run goes on with the rest.
 * See docs/decisions/0027.
 */
import { type AuditContext, auditEvent, systemContext } from '../domain/audit';
import { PaymentUnavailableError } from '../domain/errors';
import { newId } from '../domain/ids';
import type { OrderSummary } from '../domain/order-record';
import { ORPHAN_GRACE_MINUTES, processorKeys } from '../domain/payment';
import type { Ports } from '../ports';
import type { Release } from '../ports/orders';
import type { OpenAuthorisation } from '../ports/payments';
import { releaseStock } from './orders';
import { settleRefund } from './refunds';

export const PAYMENT_RECONCILIATION_JOB = 'payment-reconciliation';
const PURPOSE = 'payment_reconciliation';

export { ORPHAN_GRACE_MINUTES };

const PAGE = { limit: 100 };

type Deps = Pick<
  Ports,
  | 'clock'
  | 'config'
  | 'orders'
  | 'idempotency'
  | 'refunds'
  | 'uow'
  | 'payments'
  | 'products'
  | 'disclosures'
  | 'reconciliation'
>;

export interface ReconciliationSummary {
  /** Where the walk over the processor's authorisations started and ended (creation times). */
  readonly examinedFrom?: string;
  readonly examinedUntil?: string;
  readonly authorisationsExamined: number;
  readonly orphansVoided: number;
  readonly paymentsReleased: number;
  readonly refundsSettled: number;
  readonly refundsFailed: number;
  /** Items left for the next run because the processor could not be reached. */
  readonly deferred: number;
}

export async function reconcilePayments(deps: Deps): Promise<ReconciliationSummary> {
  const now = deps.clock.now();
  const run = systemContext(PAYMENT_RECONCILIATION_JOB, PURPOSE, newId(now));
  const counts: Counts = {
    authorisationsExamined: 0,
    orphansVoided: 0,
    paymentsReleased: 0,
    refundsSettled: 0,
    refundsFailed: 0,
    deferred: 0,
  };
  // An outage stops the walk where it is: the checkpoint stays, the next run examines the rest again.
  await deferredOnOutage(() => voidOrphans(deps, now, counts), counts);
  await releaseCancelled(deps, run, counts);
  await settlePendingRefunds(deps, run, counts);
  return counts;
}

type Counts = { -readonly [K in keyof ReconciliationSummary]: ReconciliationSummary[K] };

async function voidOrphans(deps: Deps, now: Date, counts: Counts): Promise<void> {
  const grace = ORPHAN_GRACE_MINUTES * 60_000;
  const until = new Date(now.getTime() - grace);
  // Older authorisations outlived their idempotency record: whether an order holds one can no longer
  // be told, so they are not judged (the processor lets an uncaptured authorisation lapse in 7 days).
  const earliest = new Date(now.getTime() - deps.config.retention.IDEMPOTENCY_TTL_SECONDS * 1000 + grace);
  const checkpoint = await deps.reconciliation.checkpoint();
  const from = checkpoint && checkpoint > earliest ? checkpoint : earliest;
  if (from >= until) return;
  counts.examinedFrom = from.toISOString();
  counts.examinedUntil = until.toISOString();
  for await (const authorisation of deps.payments.openAuthorisations(from, until)) {
    counts.authorisationsExamined++;
    if (await heldByOrder(deps, authorisation)) continue;
    await deps.payments.void(authorisation.paymentId, processorKeys.voidOrphan(authorisation.paymentId));
    counts.orphansVoided++;
  }
  await deps.reconciliation.saveCheckpoint(until, now);
}

/** True when an order holds this payment: shipping or cancelling it decides what happens to the money. */
async function heldByOrder(deps: Deps, authorisation: OpenAuthorisation): Promise<boolean> {
  const orderId = await deps.idempotency.orderOf(authorisation.reference);
  const owner = orderId ? await deps.orders.ownerOf(orderId) : undefined;
  const order = orderId && owner ? await deps.orders.summary(owner, orderId) : undefined;
  return order?.payment.paymentId === authorisation.paymentId;
}

async function releaseCancelled(deps: Deps, run: AuditContext, counts: Counts): Promise<void> {
  let cursor: string | undefined;
  do {
    const page = await deps.orders.awaitingRelease({ ...PAGE, cursor });
    for (const order of page.orders) {
      if (await deferredOnOutage(() => release(deps, order, run), counts)) counts.paymentsReleased++;
    }
    cursor = page.cursor;
  } while (cursor);
}

/**
 * Voids the hold (if a capture won the race, returns the captured amount instead), then gives the
 * stock back and takes the order off the queue in one transaction: a second run finds it gone.
 */
async function release(deps: Deps, order: OrderSummary, run: AuditContext): Promise<void> {
  const { paymentId, authorisedAmount, status } = order.payment;
  let payment: Release = { status: 'voided' };
  if (status !== 'voided') {
    const outcome = await deps.payments.void(paymentId, processorKeys.void(order.orderId));
    if (outcome === 'already-captured') {
      await deps.payments.refund(
        paymentId,
        authorisedAmount,
        `reverse-${order.orderId}`,
        processorKeys.reverse(order.orderId),
      );
      payment = { status: 'captured', returned: authorisedAmount };
    }
  }
  const now = deps.clock.now();
  await deps.uow
    .commit(
      [deps.orders.released(order, payment, now), ...releaseStock(deps, order, now)],
      [
        auditEvent(run, {
          action: 'order.release',
          subjectId: order.subjectId,
          resource: `order/${order.orderId}`,
          details: { payment: payment.status === 'voided' ? 'voided' : 'returned' },
        }),
      ],
      // Another run released it first: nothing left to do.
      { 'order.released': () => new ReleasedMeanwhile() },
    )
    .catch((e: unknown) => {
      if (!(e instanceof ReleasedMeanwhile)) throw e;
    });
}

class ReleasedMeanwhile extends Error {}

async function settlePendingRefunds(deps: Deps, run: AuditContext, counts: Counts): Promise<void> {
  let cursor: string | undefined;
  do {
    const page = await deps.refunds.awaitingProcessor({ ...PAGE, cursor });
    for (const refund of page.refunds) {
      const order = await deps.orders.summary(refund.subjectId, refund.orderId);
      if (!order) continue;
      const outcome = await settleRefund(deps, refund, order.payment.paymentId, run);
      if (outcome.status === 'succeeded') counts.refundsSettled++;
      else if (outcome.status === 'failed') counts.refundsFailed++;
      else counts.deferred++;
    }
    cursor = page.cursor;
  } while (cursor);
}

/** Runs `step`; an unreachable processor defers it (counted) instead of failing the run. */
async function deferredOnOutage(step: () => Promise<void>, counts: Counts): Promise<boolean> {
  try {
    await step();
    return true;
  } catch (e) {
    if (!(e instanceof PaymentUnavailableError)) throw e;
    counts.deferred++;
    return false;
  }
}
