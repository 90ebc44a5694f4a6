/**
 * Support views: a customer's profile and an order, desensitised. The full record is read (and the
 * read audited with the named purpose, visible to the customer) and only masked values leave.
 */
import type { AccessContext } from '../domain/access';
import { NotFoundError } from '../domain/errors';
import { maskAddress, maskEmail, maskName, maskPhone } from '../domain/masking';
import type { OrderPersonalData } from '../domain/order-record';
import type { Ports } from '../ports';

type Deps = Pick<Ports, 'profiles' | 'orders'>;

export async function customerForSupport(deps: Deps, subjectId: string, access: AccessContext) {
  const profile = await deps.profiles.read(subjectId, access);
  if (!profile) throw new NotFoundError('No such customer.');
  const recent = await deps.orders.list(subjectId, { limit: 10 });
  return {
    subjectId,
    name: maskName(profile.name),
    email: maskEmail(profile.email),
    ...(profile.phone && { phone: maskPhone(profile.phone) }),
    addresses: profile.addresses.map(maskAddress),
    acceptedPolicyVersion: profile.acceptedPolicyVersion,
    createdAt: profile.createdAt,
    recentOrders: recent.orders.map((o) => ({
      orderId: o.orderId,
      status: o.status,
      total: o.total,
      currency: o.currency,
      createdAt: o.createdAt,
    })),
  };
}

export async function orderForSupport(deps: Deps, orderId: string, access: AccessContext) {
  const owner = await deps.orders.ownerOf(orderId);
  const order = owner ? await deps.orders.read(owner, orderId, access) : undefined;
  if (!owner || !order) throw new NotFoundError('No such order.');
  return {
    orderId,
    subjectId: owner,
    status: order.status,
    currency: order.currency,
    subtotal: order.subtotal,
    shippingFee: order.shippingFee,
    total: order.total,
    refundedTotal: order.refundedTotal,
    paymentStatus: order.payment.status,
    delivery: order.delivery,
    items: order.lines,
    ...maskedPersonal(order.personal),
    statusHistory: order.statusHistory,
    createdAt: order.createdAt,
    ...(order.deliveredAt && { deliveredAt: order.deliveredAt }),
  };
}

/** Masked personal details in each state; an anonymised order has none left and says when they went. */
function maskedPersonal(p: OrderPersonalData) {
  if (p.state === 'removed') return { personalData: 'removed' as const, personalDataRemovedAt: p.removedAt };
  return {
    personalData: p.state,
    shippingAddress: { recipient: maskName(p.shippingAddress.recipient), ...maskAddress(p.shippingAddress) },
    ...(p.state === 'held' && {
      ...(p.billingAddress && { billingAddress: maskAddress(p.billingAddress) }),
      payment: { processor: p.card.processor, brand: p.card.brand, last4: p.card.last4 },
    }),
    ...(p.contactPhone && { contactPhone: maskPhone(p.contactPhone) }),
  };
}
