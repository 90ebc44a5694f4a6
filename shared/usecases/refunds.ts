/**
 * Returns and refunds: a customer asks for a refund within the return window (it opens when the
 * parcel is delivered, returned to us or reported lost), in whole or by lines; support approves or
 * rejects with a reason; approved refunds never sum past what was captured (checked here and
 * enforced by a condition on the order); the customer is notified. An approval commits first and
 * the money follows: the processor refund is attempted at once and, if the processor cannot be
 * reached, retried by the payment-reconciliation job until it settles (docs/decisions/0027).
 */

import type { AccessContext } from '../domain/access';
import { type AuditContext, auditEvent } from '../domain/audit';
import { ConflictError, NotFoundError, PaymentDeclinedError, PaymentUnavailableError } from '../domain/errors';
import { newId } from '../domain/ids';
import { formatMinor } from '../domain/money';
import { processorKeys } from '../domain/payment';
import {
  assertRefundWithinPaid,
  assertWithinReturnWindow,
  type RefundRequest,
  refundAmount,
  returnWindowOpensAt,
} from '../domain/refund';
import type { ProcessorRefund, Refund } from '../domain/refund-record';
import type { Ports } from '../ports';

type Deps = Pick<
  Ports,
  'clock' | 'config' | 'orders' | 'refunds' | 'notifications' | 'uow' | 'outbox' | 'payments' | 'disclosures'
>;

const refundAudit = (access: AuditContext, subjectId: string, action: string, refund: Refund, fields: string[]) =>
  auditEvent(access, {
    action,
    subjectId,
    resource: `order/${refund.orderId}/refund/${refund.refundId}`,
    fields,
    details: { amount: refund.amount },
  });

export async function requestRefund(
  deps: Omit<Deps, 'payments'>,
  orderId: string,
  request: RefundRequest,
  access: AccessContext,
): Promise<Refund> {
  const subjectId = access.actor.id;
  const order = await deps.orders.summary(subjectId, orderId);
  if (!order) throw new NotFoundError('No such order.');
  const now = deps.clock.now();
  assertWithinReturnWindow(returnWindowOpensAt(order), now, deps.config.retention.RETURN_WINDOW_DAYS);
  const existing = await deps.refunds.forOrder(subjectId, orderId);
  if (existing.some((r) => r.status === 'requested')) {
    throw new ConflictError('A refund request for this order is already waiting for a decision.');
  }
  const counted = existing.filter((r) => r.status === 'approved').flatMap((r) => r.lines);
  const { amount, lines } = refundAmount(order.lines, request.lines, counted);
  const refund: Refund = {
    refundId: newId(now),
    orderId,
    subjectId,
    lines,
    amount,
    currency: order.currency,
    status: 'requested',
    requestedAt: now.toISOString(),
  };
  await deps.uow.commit(
    [
      await deps.refunds.create(refund, request.reason),
      deps.outbox.stage(
        [
          {
            type: 'RefundRequested',
            orderId,
            refundId: refund.refundId,
            amount,
            currency: order.currency,
            at: refund.requestedAt,
          },
        ],
        now,
      ),
    ],
    [refundAudit(access, subjectId, 'refund.request', refund, ['reason'])],
  );
  return refund;
}

export async function decideRefund(
  deps: Deps,
  orderId: string,
  decision: { action: 'approve' | 'reject'; reason: string },
  access: AccessContext,
): Promise<Refund> {
  const owner = await deps.orders.ownerOf(orderId);
  const order = owner ? await deps.orders.summary(owner, orderId) : undefined;
  if (!owner || !order) throw new NotFoundError('No such order.');
  const pending = (await deps.refunds.forOrder(owner, orderId)).find((r) => r.status === 'requested');
  if (!pending) throw new ConflictError('No refund request on this order is waiting for a decision.');
  const now = deps.clock.now();
  const status = decision.action === 'approve' ? 'approved' : 'rejected';
  if (status === 'approved') assertRefundWithinPaid(order.payment.capturedAmount, order.refundedTotal, pending.amount);
  const decided: Refund = {
    ...pending,
    status,
    decidedAt: now.toISOString(),
    ...(status === 'approved' && { processorRefund: { status: 'pending' } }),
  };
  const amountText = formatMinor(pending.amount, pending.currency);
  await deps.uow.commit(
    [
      await deps.refunds.decide(pending, status, decision.reason, now),
      ...(status === 'approved' ? [deps.orders.addRefund(order, pending.amount, now)] : []),
      deps.notifications.notify(owner, {
        id: newId(now),
        type: `refund.${status}`,
        message:
          status === 'approved'
            ? `Your refund of ${amountText} for order ${orderId} was approved; the money goes back to the card you paid with.`
            : `Your refund request for order ${orderId} was not approved. Contact support to discuss it.`,
        resource: `order/${orderId}/refund/${pending.refundId}`,
        at: now.toISOString(),
      }),
      deps.outbox.stage(
        [
          {
            type: 'RefundDecided',
            orderId,
            refundId: pending.refundId,
            decision: status,
            amount: pending.amount,
            at: now.toISOString(),
          },
        ],
        now,
      ),
    ],
    [refundAudit(access, owner, `refund.${status === 'approved' ? 'approve' : 'reject'}`, pending, ['decisionReason'])],
    {
      'refund.decide': () => new ConflictError('The refund was decided meanwhile; reload it.'),
      'order.refund': () =>
        new ConflictError('Approved refunds would exceed what was paid for this order; reload and decide again.'),
    },
  );
  if (status !== 'approved') return decided;
  return { ...decided, processorRefund: await settleRefund(deps, decided, order.payment.paymentId, access) };
}

/**
 * Sends an approved refund to the processor (idempotency key and reference: the refund id, so it is
 * refunded once however often this runs) and records the answer with its disclosure. An unreachable
 * processor leaves it pending for the next attempt; a refusal is recorded as failed, for support.
 */
export async function settleRefund(
  deps: Pick<Deps, 'clock' | 'refunds' | 'uow' | 'payments' | 'disclosures'>,
  refund: Refund,
  paymentId: string,
  context: AuditContext,
): Promise<ProcessorRefund> {
  let outcome: Exclude<ProcessorRefund, { status: 'pending' }>;
  try {
    const { refundId } = await deps.payments.refund(
      paymentId,
      refund.amount,
      refund.refundId,
      processorKeys.refund(refund.refundId),
    );
    outcome = { status: 'succeeded', refundId };
  } catch (e) {
    if (e instanceof PaymentUnavailableError) return { status: 'pending' };
    if (!(e instanceof PaymentDeclinedError)) throw e;
    outcome = { status: 'failed', reason: String(e.extensions.declineCode ?? 'refused') };
  }
  const now = deps.clock.now();
  await deps.uow
    .commit(
      [
        deps.refunds.settle(refund, outcome, now),
        ...(outcome.status === 'succeeded'
          ? [
              deps.disclosures.record(refund.subjectId, {
                id: newId(now),
                recipient: deps.payments.name,
                recipientType: 'payment-processor',
                purpose: 'refund',
                fields: ['amount'],
                orderId: refund.orderId,
                at: now.toISOString(),
              }),
            ]
          : []),
      ],
      [refundAudit(context, refund.subjectId, `refund.${outcome.status === 'succeeded' ? 'pay' : 'fail'}`, refund, [])],
      // Settled meanwhile (the job and the approval raced): the first answer stands.
      { 'refund.settle': () => new SettledMeanwhile() },
    )
    .catch((e: unknown) => {
      if (!(e instanceof SettledMeanwhile)) throw e;
    });
  return outcome;
}

class SettledMeanwhile extends Error {}
