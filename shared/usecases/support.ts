/**
 * Support views: a customer's profile and an order, desensitised. The full record is read (and the
 * read audited with the named purpose, visible to the customer) and only masked values leave.
 */
import type { AppDependencies } from '../adapters/dependencies';
import type { AccessContext } from '../adapters/dynamodb/access';
import { NotFoundError } from '../domain/errors';
import { maskAddress, maskEmail, maskName, maskPhone } from '../domain/masking';

type Deps = Pick<AppDependencies, 'profiles' | 'orders'>;

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
    total: order.total,
    refundedTotal: order.refundedTotal,
    items: order.lines,
    // An anonymised order (erasure or retention) has no personal details left to mask.
    ...(order.shippingAddress && {
      shippingAddress: { recipient: maskName(order.shippingAddress.recipient), ...maskAddress(order.shippingAddress) },
    }),
    ...(order.billingAddress && { billingAddress: maskAddress(order.billingAddress) }),
    ...(order.payment && {
      payment: { processor: order.payment.processor, brand: order.payment.brand, last4: order.payment.last4 },
    }),
    ...(order.anonymisedAt && { anonymisedAt: order.anonymisedAt }),
    ...(order.contactPhone && { contactPhone: maskPhone(order.contactPhone) }),
    statusHistory: order.statusHistory,
    createdAt: order.createdAt,
    ...(order.deliveredAt && { deliveredAt: order.deliveredAt }),
  };
}
