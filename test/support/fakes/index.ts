/**
 * The order and account ports wired to in-memory fakes: use-case tests run in milliseconds with no
 * DynamoDB, while test/integration proves the real adapters behave the same.
 */

import { DEMO_CATALOGUE } from '../../../local/demo-catalogue';
import { ManualClock } from '../../../shared/adapters/clock';
import type { AppConfig } from '../../../shared/config';
import { loadConfig } from '../../../shared/config';
import { isCarrierId, serviceOf } from '../../../shared/config/carriers';
import { type PlaceOrder, placeOrderSchema } from '../../../shared/domain/order';
import { type Order, placedOrder } from '../../../shared/domain/order-record';
import { authorisedPayment } from '../../../shared/domain/payment';
import { priceOrder } from '../../../shared/domain/pricing';
import { productFrom } from '../../../shared/domain/product';
import type { OrderPorts } from '../../../shared/ports';
import type { AccountPorts } from '../../../shared/ports/accounts';
import { MemoryConsents, MemoryEngagement, MemoryPolicies, MemoryProfiles } from './accounts';
import { FakePaymentProcessor, MemoryProducts, MemoryReconciliationLog } from './catalogue';
import {
  MemoryDisclosures,
  MemoryIdempotency,
  MemoryNotifications,
  MemoryOrders,
  MemoryRefunds,
  MemoryShipments,
  RecordingEvents,
} from './orders';
import { MemoryAuditLog, MemoryUnitOfWork } from './unit-of-work';

export interface MemoryWorld extends OrderPorts, AccountPorts {
  readonly config: AppConfig;
  readonly clock: ManualClock;
  readonly audit: MemoryAuditLog;
  readonly uow: MemoryUnitOfWork;
  readonly events: RecordingEvents;
  readonly outbox: RecordingEvents;
  readonly orders: MemoryOrders;
  readonly idempotency: MemoryIdempotency;
  readonly shipments: MemoryShipments;
  readonly refunds: MemoryRefunds;
  readonly disclosures: MemoryDisclosures;
  readonly notifications: MemoryNotifications;
  readonly profiles: MemoryProfiles;
  readonly consents: MemoryConsents;
  readonly policies: MemoryPolicies;
  readonly engagement: MemoryEngagement;
  readonly products: MemoryProducts;
  readonly payments: FakePaymentProcessor;
  readonly reconciliation: MemoryReconciliationLog;
  /** Subjects who restricted processing. */
  readonly restricted: Set<string>;
}

/** Every carrier signs with `carrierSecret` here: the carrier binding is in the signed text itself. */
export function memoryWorld(options: { start?: Date; carrierSecret?: string } = {}): MemoryWorld {
  const clock = new ManualClock(options.start ?? new Date('2026-06-01T12:00:00.000Z'));
  const audit = new MemoryAuditLog(clock);
  const restricted = new Set<string>();
  const orders = new MemoryOrders({ audit, restricted });
  const events = new RecordingEvents();
  const secret = options.carrierSecret ?? 'memory-carrier-secret';
  return {
    config: loadConfig({}, {}),
    clock,
    audit,
    uow: new MemoryUnitOfWork(audit),
    events,
    outbox: events,
    orders,
    profiles: new MemoryProfiles({ audit, restricted, keys: orders.keys }),
    consents: new MemoryConsents(),
    policies: new MemoryPolicies(),
    engagement: new MemoryEngagement(),
    idempotency: new MemoryIdempotency(clock),
    shipments: new MemoryShipments(),
    refunds: new MemoryRefunds(),
    disclosures: new MemoryDisclosures(),
    notifications: new MemoryNotifications(),
    carrierWebhookSecrets: { forCarrier: async () => secret },
    products: new MemoryProducts(),
    payments: new FakePaymentProcessor(clock),
    reconciliation: new MemoryReconciliationLog(),
    restricted,
  };
}

/** The demo catalogue (local/demo-catalogue.ts) in the world's product store, as `npm start` seeds it. */
export function stockDemoCatalogue(world: MemoryWorld): void {
  for (const [sku, input] of Object.entries(DEMO_CATALOGUE)) {
    world.products.products.set(sku, productFrom(sku, input, 1, world.clock.now()));
  }
}

/**
 * A placed order straight into the fake stores — priced from the world's catalogue, its payment
 * authorised by the fake processor, its stock taken — for use cases that start after placement.
 */
export async function seedPlacedOrder(
  world: MemoryWorld,
  subjectId: string,
  orderId: string,
  body: unknown,
): Promise<Order> {
  const input: PlaceOrder = placeOrderSchema.parse(body);
  const { carrier, service: serviceId } = input.delivery;
  const service = isCarrierId(carrier) ? serviceOf(carrier, serviceId) : undefined;
  if (!service) throw new Error('The body books no known service');
  const priced = priceOrder(
    input.items,
    await world.products.many(input.items.map((i) => i.sku)),
    input.currency,
    service,
  );
  const authorisation = await world.payments.authorise({
    reference: orderId,
    amount: priced.total,
    currency: input.currency,
    paymentMethod: input.billing.payment.paymentMethod,
    idempotencyKey: `seed-${orderId}`,
  });
  const order = placedOrder(
    input,
    priced,
    authorisedPayment('stripe', authorisation),
    { subjectId, orderId },
    world.clock.now(),
  );
  world.orders.orders.set(orderId, order);
  world.orders.queued.add(orderId);
  for (const line of priced.lines)
    world.products
      .reserve(
        line.sku,
        line.quantity,
        {
          currency: input.currency,
          unitPrice: line.unitPrice,
          shippingProfile: priced.shippingProfiles[line.sku] ?? 'parcel',
        },
        world.clock.now(),
      )
      .apply();
  return order;
}
