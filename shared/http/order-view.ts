/**
 * Orders as their owner sees them. The card appears as the processor described it (brand, last four
 * digits); the processor's own ids stay internal. Every state of the personal details has its
 * shape: an anonymised order still shows its lines, totals, statuses and dates, and says when its
 * personal details were removed.
 */
import type { Order, OrderPersonalData, OrderSummary } from '../domain/order-record';

export const orderSummaryView = (o: OrderSummary) => ({
  orderId: o.orderId,
  status: o.status,
  currency: o.currency,
  subtotal: o.subtotal,
  shippingFee: o.shippingFee,
  total: o.total,
  refundedTotal: o.refundedTotal,
  paymentStatus: o.payment.status,
  delivery: o.delivery,
  itemCount: o.lines.reduce((n, l) => n + l.quantity, 0),
  createdAt: o.createdAt,
  updatedAt: o.updatedAt,
  personalDataRetainedUntil: o.personalDataRetainedUntil ?? null,
  ...(o.anonymisedAt && { personalDataRemovedAt: o.anonymisedAt }),
});

/** The personal details the owner sees in each state, and the state itself (`personalData`). */
function personalView(p: OrderPersonalData) {
  switch (p.state) {
    case 'held':
      return {
        personalData: 'held' as const,
        shippingAddress: p.shippingAddress,
        ...(p.billingAddress && { billingAddress: p.billingAddress }),
        payment: { processor: p.card.processor, brand: p.card.brand, last4: p.card.last4 },
        ...(p.contactPhone && { contactPhone: p.contactPhone }),
      };
    case 'delivery-only':
      return {
        personalData: 'delivery-only' as const,
        shippingAddress: p.shippingAddress,
        ...(p.contactPhone && { contactPhone: p.contactPhone }),
      };
    case 'removed':
      return { personalData: 'removed' as const, personalDataRemovedAt: p.removedAt };
  }
}

export const orderView = (o: Order) => ({
  ...orderSummaryView(o),
  items: o.lines,
  ...personalView(o.personal),
  statusHistory: o.statusHistory,
  ...(o.deliveredAt && { deliveredAt: o.deliveredAt }),
});
