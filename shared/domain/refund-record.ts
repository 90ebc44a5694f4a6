/** A refund request on a delivered order and its decision. The free-text reasons are personal data. */
import type { RefundLineRequest } from './refund';

export type RefundStatus = 'requested' | 'approved' | 'rejected';

/**
 * The money's way back, once a refund is approved: `pending` until the processor confirmed the
 * refund (retried by the payment-reconciliation job), then `succeeded` with the processor's id, or
 * `failed` when the processor refused it (support settles it another way).
 */
export type ProcessorRefund =
  | { readonly status: 'pending' }
  | { readonly status: 'succeeded'; readonly refundId: string }
  | { readonly status: 'failed'; readonly reason: string };

export interface Refund {
  readonly refundId: string;
  readonly orderId: string;
  readonly subjectId: string;
  readonly lines: readonly RefundLineRequest[];
  /** Minor units, in the order's currency. */
  readonly amount: number;
  readonly currency: string;
  readonly status: RefundStatus;
  readonly requestedAt: string;
  readonly decidedAt?: string | undefined;
  /** Set when approved. */
  readonly processorRefund?: ProcessorRefund | undefined;
}

export const PERSONAL_REFUND_FIELDS = ['reason', 'decisionReason'] as const;
