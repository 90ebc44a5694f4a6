/**
 * Returns and refunds: a customer asks for a refund of a delivered order within the return window,
 * in whole or by lines; support approves or rejects with a reason; approved refunds never sum past
 * what was paid (checked here and enforced by a condition on the order); the customer is notified.
 */

import type { AccessContext } from '../domain/access';
import { auditEvent } from '../domain/audit';
import { ConflictError, NotFoundError } from '../domain/errors';
import { newId } from '../domain/ids';
import { formatMinor } from '../domain/money';
import { assertRefundWithinPaid, assertWithinReturnWindow, type RefundRequest, refundAmount } from '../domain/refund';
import type { Refund } from '../domain/refund-record';
import type { Ports } from '../ports';

type Deps = Pick<Ports, 'clock' | 'config' | 'orders' | 'refunds' | 'notifications' | 'uow' | 'outbox'>;

const refundAudit = (access: AccessContext, subjectId: string, action: string, refund: Refund, fields: string[]) =>
  auditEvent(access, {
    action,
    subjectId,
    resource: `order/${refund.orderId}/refund/${refund.refundId}`,
    fields,
    details: { amount: refund.amount },
  });

export async function requestRefund(
  deps: Deps,
  orderId: string,
  request: RefundRequest,
  access: AccessContext,
): Promise<Refund> {
  const subjectId = access.actor.id;
  const order = await deps.orders.summary(subjectId, orderId);
  if (!order) throw new NotFoundError('No such order.');
  const now = deps.clock.now();
  assertWithinReturnWindow(
    order.deliveredAt ? new Date(order.deliveredAt) : undefined,
    now,
    deps.config.retention.RETURN_WINDOW_DAYS,
  );
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
  if (status === 'approved') assertRefundWithinPaid(order.total, order.refundedTotal, pending.amount);
  const decided: Refund = { ...pending, status, decidedAt: now.toISOString() };
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
            ? `Your refund of ${amountText} for order ${orderId} was approved.`
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
  return decided;
}
