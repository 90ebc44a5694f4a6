/** Refunds: what a customer may ask back, how much that is, and when asking is still possible. */
import * as z from 'zod';
import { ConflictError, UnprocessableError } from './errors';
import { type OrderLine, orderTotal, skuSchema } from './money';
import type { OrderSummary } from './order-record';
import { addDays } from './time';

/** Refund this many units of one SKU. */
export interface RefundLineRequest {
  readonly sku: string;
  readonly quantity: number;
}

/** A refund request; without `lines` it asks for everything not yet refunded. */
export const refundRequestSchema = z.strictObject({
  reason: z.string().trim().min(1).max(1000),
  lines: z
    .array(z.strictObject({ sku: skuSchema, quantity: z.number().int().min(1).max(100) }))
    .min(1)
    .max(50)
    .optional(),
});
export type RefundRequest = z.infer<typeof refundRequestSchema>;

/** Sum of quantities per SKU, in first-seen order. */
function quantities(lines: readonly RefundLineRequest[]): Map<string, number> {
  const bySku = new Map<string, number>();
  for (const line of lines) bySku.set(line.sku, (bySku.get(line.sku) ?? 0) + line.quantity);
  return bySku;
}

/**
 * The amount (minor units) and lines of a refund. No `requested` means everything not yet refunded;
 * a SKU requested twice counts once with the quantities added. Throws UnprocessableError for a SKU
 * not on the order or more units than remain, ConflictError when nothing is left to refund.
 * Order lines carry each SKU once (placeOrderSchema guarantees it).
 */
export function refundAmount(
  orderLines: readonly OrderLine[],
  requested: readonly RefundLineRequest[] | undefined,
  alreadyRefunded: readonly RefundLineRequest[],
): { amount: number; lines: RefundLineRequest[] } {
  const refunded = quantities(alreadyRefunded);
  const remaining = new Map(
    orderLines.map((line) => [line.sku, Math.max(0, line.quantity - (refunded.get(line.sku) ?? 0))] as const),
  );
  if ([...remaining.values()].every((left) => left === 0)) {
    throw new ConflictError('Everything on this order has already been refunded.');
  }

  let lines: RefundLineRequest[];
  if (requested === undefined) {
    lines = [...remaining].filter(([, left]) => left > 0).map(([sku, quantity]) => ({ sku, quantity }));
  } else {
    lines = [...quantities(requested)].map(([sku, quantity]) => ({ sku, quantity }));
    for (const { sku, quantity } of lines) {
      const left = remaining.get(sku);
      if (left === undefined) throw new UnprocessableError(`SKU ${sku} is not on this order.`);
      if (!Number.isInteger(quantity) || quantity < 1) {
        throw new UnprocessableError(`Refund quantities must be whole numbers of at least 1 (SKU ${sku}).`);
      }
      if (quantity > left) {
        throw new UnprocessableError(
          left === 0
            ? `SKU ${sku} has already been refunded in full.`
            : `Only ${left} of SKU ${sku} can still be refunded.`,
        );
      }
    }
  }

  const priceOf = new Map(orderLines.map((line) => [line.sku, line.unitPrice] as const));
  const amount = orderTotal(
    lines.map(({ sku, quantity }) => ({ sku, name: sku, quantity, unitPrice: priceOf.get(sku) ?? 0 })),
  );
  return { amount, lines };
}

/**
 * When the return window of an order opens: at delivery, or when the carrier reported the parcel
 * returned to us or lost. Undefined while the parcel has not reached one of those ends.
 */
export function returnWindowOpensAt(
  order: Pick<OrderSummary, 'status' | 'deliveredAt' | 'completedAt'>,
): Date | undefined {
  const at =
    order.status === 'delivered'
      ? order.deliveredAt
      : order.status === 'returned_to_sender' || order.status === 'lost'
        ? order.completedAt
        : undefined;
  return at === undefined ? undefined : new Date(at);
}

/**
 * Throws ConflictError unless a refund may be requested at `now`: the window must have opened
 * (`opensAt`, see returnWindowOpensAt), and `now` be no later than `windowDays` after that (the
 * closing instant itself still counts).
 */
export function assertWithinReturnWindow(opensAt: Date | undefined, now: Date, windowDays: number): void {
  if (opensAt === undefined) {
    throw new ConflictError('Refunds can be requested once the parcel is delivered, returned to us or reported lost.');
  }
  const closesAt = addDays(opensAt, windowDays);
  if (now.getTime() > closesAt.getTime()) {
    throw new ConflictError(`The return window closed on ${closesAt.toISOString().slice(0, 10)}.`);
  }
}

/** Throws ConflictError when approving `amount` would refund more than was captured from the customer. */
export function assertRefundWithinPaid(captured: number, approvedSoFar: number, amount: number): void {
  if (approvedSoFar + amount > captured) {
    throw new ConflictError(
      `Refunds cannot exceed the amount paid: ${Math.max(0, captured - approvedSoFar)} minor units remain refundable.`,
    );
  }
}
