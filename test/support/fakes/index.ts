/**
 * The order and account ports wired to in-memory fakes: use-case tests run in milliseconds with no
 * DynamoDB, while test/integration proves the real adapters behave the same.
 */
import { ManualClock } from '../../../shared/adapters/clock';
import type { AppConfig } from '../../../shared/config';
import { loadConfig } from '../../../shared/config';
import type { OrderPorts } from '../../../shared/ports';
import type { AccountPorts } from '../../../shared/ports/accounts';
import { MemoryConsents, MemoryEngagement, MemoryPolicies, MemoryProfiles } from './accounts';
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
  /** Subjects who restricted processing. */
  readonly restricted: Set<string>;
}

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
    carrierWebhookSecret: { value: async () => secret },
    restricted,
  };
}
