/**
 * Everything a use case may depend on: configuration, the clock, the unit of work, the audit log and
 * one port per store or service. Use cases take `Pick<Ports, …>` of what they use; adapters
 * (shared/adapters/dependencies.ts) wire DynamoDB, KMS and AWS services behind them, tests wire
 * in-memory fakes (test/support/fakes).
 */
import type { AppConfig } from '../config';
import type { AccountPorts } from './accounts';
import type { AuditLog, AuditProofPorts } from './audit';
import type { ProductStore } from './catalogue';
import type { Clock } from './clock';
import type { ComplaintPorts } from './complaints';
import type { EventPublisher, Outbox } from './events';
import type { IncidentPorts } from './incidents';
import type { Mailer } from './mail';
import type {
  CarrierSecrets,
  DisclosureLedger,
  IdempotencyStore,
  NotificationInbox,
  OrderStore,
  RefundStore,
  ShipmentStore,
} from './orders';
import type { PaymentProcessor, ReconciliationLog } from './payments';
import type { PrivacyPorts } from './privacy';
import type { RetentionPorts } from './retention';
import type { UnitOfWork } from './unit-of-work';

export interface CorePorts {
  readonly config: AppConfig;
  readonly clock: Clock;
  readonly uow: UnitOfWork;
  readonly audit: AuditLog;
  /** Where use cases stage their domain events (see ./events). */
  readonly outbox: Outbox;
  /** The event bus, for the outbox's drainer only. */
  readonly events: EventPublisher;
  /** Mail to subjects, by template (see ./mail). */
  readonly mail: Mailer;
}

export interface OrderPorts {
  readonly orders: OrderStore;
  readonly idempotency: IdempotencyStore;
  readonly shipments: ShipmentStore;
  readonly refunds: RefundStore;
  readonly disclosures: DisclosureLedger;
  readonly notifications: NotificationInbox;
  readonly carrierWebhookSecrets: CarrierSecrets;
  readonly products: ProductStore;
  readonly payments: PaymentProcessor;
  readonly reconciliation: ReconciliationLog;
}

export interface Ports
  extends CorePorts,
    OrderPorts,
    AccountPorts,
    PrivacyPorts,
    ComplaintPorts,
    IncidentPorts,
    RetentionPorts,
    AuditProofPorts {}
