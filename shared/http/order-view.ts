/** Orders as their owner sees them: everything except the payment token, which only the processor needs. */
import type { Order, OrderSummary } from '../domain/order-record';

export const orderSummaryView = (o: OrderSummary) => ({
  orderId: o.orderId,
  status: o.status,
  currency: o.currency,
  total: o.total,
  refundedTotal: o.refundedTotal,
  itemCount: o.lines.reduce((n, l) => n + l.quantity, 0),
  createdAt: o.createdAt,
  updatedAt: o.updatedAt,
  personalDataRetainedUntil: o.personalDataRetainedUntil ?? null,
});

export const orderView = (o: Order) => ({
  ...orderSummaryView(o),
  items: o.lines,
  shippingAddress: o.shippingAddress,
  ...(o.billingAddress && { billingAddress: o.billingAddress }),
  payment: { processor: o.payment.processor, brand: o.payment.brand, last4: o.payment.last4 },
  ...(o.contactPhone && { contactPhone: o.contactPhone }),
  statusHistory: o.statusHistory,
  ...(o.deliveredAt && { deliveredAt: o.deliveredAt }),
});
