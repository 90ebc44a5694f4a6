/**
 * The order-area ports wired to in-memory fakes: use-case tests run in milliseconds with no DynamoDB,
 * while test/integration proves the real adapters behave the same.
 */
import { ManualClock } from '../../../shared/adapters/clock';
import type { AppConfig } from '../../../shared/config';
import { loadConfig } from '../../../shared/config';
import type { OrderPorts } from '../../../shared/ports';
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

export interface MemoryOrderWorld extends OrderPorts {
  readonly config: AppConfig;
  readonly clock: ManualClock;
  readonly audit: MemoryAuditLog;
  readonly uow: MemoryUnitOfWork;
  readonly events: RecordingEvents;
  readonly orders: MemoryOrders;
  readonly idempotency: MemoryIdempotency;
  readonly shipments: MemoryShipments;
  readonly refunds: MemoryRefunds;
  readonly disclosures: MemoryDisclosures;
  readonly notifications: MemoryNotifications;
  /** Subjects who restricted processing. */
  readonly restricted: Set<string>;
}

export function memoryOrderWorld(options: { start?: Date; carrierSecret?: string } = {}): MemoryOrderWorld {
  const clock = new ManualClock(options.start ?? new Date('2026-06-01T12:00:00.000Z'));
  const audit = new MemoryAuditLog(clock);
  const restricted = new Set<string>();
  const secret = options.carrierSecret ?? 'memory-carrier-secret';
  return {
    config: loadConfig({}, {}),
    clock,
    audit,
    uow: new MemoryUnitOfWork(audit),
    events: new RecordingEvents(),
    orders: new MemoryOrders({ audit, restricted }),
    idempotency: new MemoryIdempotency(clock),
    shipments: new MemoryShipments(),
    refunds: new MemoryRefunds(),
    disclosures: new MemoryDisclosures(),
    notifications: new MemoryNotifications(),
    carrierWebhookSecret: { value: async () => secret },
    restricted,
  };
}
