/** A refund request on a delivered order and its decision. The free-text reasons are personal data. */
import type { RefundLineRequest } from './refund';

export type RefundStatus = 'requested' | 'approved' | 'rejected';

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
}

export const PERSONAL_REFUND_FIELDS = ['reason', 'decisionReason'] as const;
