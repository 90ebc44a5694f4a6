/**
 * Wires the adapters once per process: one client per AWS service, one keyring (and so one key
 * cache), one repository of each kind, each built on first use so a function needs configuration
 * only for what it touches. Handlers call `appDependencies(route.access)` at module scope so the
 * configuration is validated at cold start; tests call `buildDependencies` with their own clients.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type AppConfig, ConfigError, loadConfig, tableName } from '../config';
import type { FunctionAccess } from '../config/resources';
import type { Ports } from '../ports';
import type { StaffDirectory } from '../ports/complaints';
import type { EventPublisher } from '../ports/events';
import type { PaymentProcessor } from '../ports/payments';
import type { IdentityDirectory } from '../ports/privacy';
import { type Clock, systemClock } from './clock';
import { KmsDigestKey } from './crypto/digest-signer';
import { DataKeyCache } from './crypto/key-cache';
import { PersonalDataCodec } from './crypto/personal-data-codec';
import { SubjectKeyring } from './crypto/subject-keyring';
import { DynamoAuditExpiry } from './dynamodb/audit-expiry';
import { AuditTrail } from './dynamodb/audit-trail';
import { AuditedReads } from './dynamodb/audited-read';
import { createDocumentClient } from './dynamodb/client';
import { ComplaintRepository } from './dynamodb/complaint-repository';
import { ConsentLedger } from './dynamodb/consent-ledger';
import { DynamoDigestStore } from './dynamodb/digest-store';
import { EngagementRepository } from './dynamodb/engagement-repository';
import { ExportStore } from './dynamodb/export-store';
import { IdempotencyStore } from './dynamodb/idempotency-store';
import { IncidentRepository } from './dynamodb/incident-repository';
import { OfficerInbox } from './dynamodb/officer-inbox';
import { OrderRepository } from './dynamodb/order-repository';
import { DynamoOutbox } from './dynamodb/outbox';
import { PolicyRepository } from './dynamodb/policy-repository';
import { PrivacyRequestRepository } from './dynamodb/privacy-request-repository';
import { ProductRepository } from './dynamodb/product-repository';
import { ProfileRepository } from './dynamodb/profile-repository';
import { DynamoReconciliationLog } from './dynamodb/reconciliation-log';
import { RefundRepository } from './dynamodb/refund-repository';
import { DynamoRetentionQueue } from './dynamodb/retention-index';
import { ShipmentRepository } from './dynamodb/shipment-repository';
import { SubjectCatalogue } from './dynamodb/subject-catalogue';
import { DisclosureLedger, NotificationInbox } from './dynamodb/subject-records';
import { DynamoUnitOfWork } from './dynamodb/unit-of-work';
import { EventBridgePublisher } from './events';
import { CognitoDirectory, CognitoStaffDirectory, RecordingDirectory } from './identity-directory';
import { lazyClient } from './lazy-client';
import { SesMailer } from './mail';
import { StripeProcessor } from './payments/stripe-processor';
import { CarrierSecretSources, SecretSource } from './secrets';
import { traced } from './tracer';

/**
 * The ports, wired to DynamoDB, KMS and the AWS services (see shared/ports), plus two raw handles
 * for tests and benchmarks — never for use cases, which take `Pick<Ports, …>`: the document client
 * (to inject faults or count requests) and the keyring itself (to prove a key was shredded).
 */
export type AppDependencies = Omit<Ports, 'keyring' | 'outbox'> & {
  readonly keyring: SubjectKeyring;
  /** The outbox itself, which the local drainer and tests read back. */
  readonly outbox: DynamoOutbox;
  readonly ddb: DynamoDBDocumentClient;
};

export interface DependencyOverrides {
  readonly dynamodb?: DynamoDBClient;
  readonly kms?: KMSClient;
  readonly clock?: Clock;
  readonly events?: EventPublisher;
  readonly identity?: IdentityDirectory;
  readonly staff?: StaffDirectory;
  /** Another payment processor adapter (fault-injecting tests); by default Stripe, configured from the environment. */
  readonly payments?: PaymentProcessor;
}

/** Memoises `build` so each adapter is created once, on first use. */
const once = <T>(build: () => T): (() => T) => {
  let value: T | undefined;
  return () => {
    value ??= build();
    return value;
  };
};

export function buildDependencies(config: AppConfig, overrides: DependencyOverrides = {}): AppDependencies {
  const clock = overrides.clock ?? systemClock(config.clockOffsetSeconds);
  const now = () => clock.now();
  const ddb = createDocumentClient(overrides.dynamodb ?? traced(new DynamoDBClient({})));
  // Loaded on first use: a function that never unwraps a key or signs a digest never imports KMS.
  const kms = lazyClient(overrides.kms, async () => traced(new (await import('@aws-sdk/client-kms')).KMSClient({})));
  const keyring = once(() => {
    if (!config.kmsKeyId) throw new ConfigError('KMS_KEY_ID is not set: this function did not declare subject keys.');
    return new SubjectKeyring({
      kms,
      ddb,
      keysTable: tableName(config, 'keys'),
      kmsKeyId: config.kmsKeyId,
      cache: new DataKeyCache(config.dataKeyCache),
      now,
    });
  });
  const codec = once(() => new PersonalDataCodec(keyring));
  const audit = once(
    () =>
      new AuditTrail({
        ddb,
        table: tableName(config, 'audit'),
        now,
        retentionDays: config.retention.AUDIT_RETENTION_DAYS,
      }),
  );
  const digests = once(
    () =>
      new DynamoDigestStore({
        ddb,
        table: tableName(config, 'digests'),
        retentionDays: config.retention.AUDIT_RETENTION_DAYS,
      }),
  );
  const digestKey = once(() => {
    if (!config.auditSigningKeyId)
      throw new ConfigError('AUDIT_SIGNING_KEY_ID is not set: this function did not declare the digest key.');
    return new KmsDigestKey({ kms, keyId: config.auditSigningKeyId });
  });
  const auditExpiry = once(() => new DynamoAuditExpiry({ ddb, table: tableName(config, 'audit') }));
  const data = () => tableName(config, 'data');
  const uow = once(() => new DynamoUnitOfWork({ ddb, audit }));
  const reads = once(() => new AuditedReads({ ddb, table: data(), audit }));
  const profiles = once(
    () =>
      new ProfileRepository({
        ddb,
        table: data(),
        codec: codec(),
        reads: reads(),
        inactiveAccountDays: config.retention.INACTIVE_ACCOUNT_DAYS,
      }),
  );
  const consents = once(() => new ConsentLedger({ ddb, table: data() }));
  const policies = once(() => new PolicyRepository({ ddb, table: data(), clock }));
  const engagement = once(
    () =>
      new EngagementRepository({
        ddb,
        table: data(),
        codec: codec(),
        ttlDays: config.retention.ENGAGEMENT_EVENT_TTL_DAYS,
      }),
  );
  const orders = once(
    () =>
      new OrderRepository({
        ddb,
        table: data(),
        codec: codec(),
        reads: reads(),
        orderRecordDays: config.retention.ORDER_RECORD_DAYS,
      }),
  );
  const idempotency = once(
    () =>
      new IdempotencyStore({
        ddb,
        table: tableName(config, 'idempotency'),
        ttlSeconds: config.retention.IDEMPOTENCY_TTL_SECONDS,
        clock,
        codec: codec(),
      }),
  );
  const shipments = once(
    () =>
      new ShipmentRepository({
        ddb,
        table: data(),
        carrierEventMemoryDays: config.retention.CARRIER_EVENT_MEMORY_DAYS,
      }),
  );
  const refunds = once(() => new RefundRepository({ ddb, table: data(), codec: codec() }));
  const disclosures = once(() => new DisclosureLedger({ ddb, table: data() }, config.retention.DISCLOSURE_RECORD_DAYS));
  const notifications = once(
    () => new NotificationInbox({ ddb, table: data() }, config.retention.NOTIFICATION_TTL_DAYS),
  );
  const complaints = once(
    () =>
      new ComplaintRepository({
        ddb,
        table: data(),
        codec: codec(),
        reads: reads(),
        closedCaseDays: config.retention.CLOSED_CASE_RETENTION_DAYS,
      }),
  );
  const incidents = once(
    () =>
      new IncidentRepository({
        ddb,
        table: data(),
        codec: codec(),
        registerDays: config.retention.AUDIT_RETENTION_DAYS,
      }),
  );
  const officerInbox = once(() => new OfficerInbox({ ddb, table: data() }));
  const carrierWebhookSecrets = once(() => {
    if (!config.carrierWebhookSecrets)
      throw new ConfigError('The carrier webhook secrets are not configured for this function.');
    return new CarrierSecretSources(config.carrierWebhookSecrets);
  });
  const products = once(() => new ProductRepository({ ddb, table: data(), clock }));
  const payments = once((): PaymentProcessor => {
    if (overrides.payments) return overrides.payments;
    const settings = config.paymentProcessor;
    if (!settings) throw new ConfigError('The payment processor is not configured for this function.');
    const apiKey = new SecretSource(settings.apiKey, 'payment processor key');
    return new StripeProcessor({ apiKey: () => apiKey.value(), apiUrl: settings.apiUrl });
  });
  const reconciliation = once(() => new DynamoReconciliationLog({ ddb, table: data() }));
  const privacyRequests = once(
    () =>
      new PrivacyRequestRepository({ ddb, table: data(), closedCaseDays: config.retention.CLOSED_CASE_RETENTION_DAYS }),
  );
  const retention = once(() => new DynamoRetentionQueue({ ddb, table: data() }));
  const exports = once(() => new ExportStore({ ddb, table: data(), codec: codec() }));
  const subjectData = once(() => new SubjectCatalogue({ ddb, table: data(), codec: codec() }));
  const identity = once(
    (): IdentityDirectory =>
      overrides.identity ?? (config.userPoolId ? new CognitoDirectory(config.userPoolId) : new RecordingDirectory()),
  );
  // Built without failing, so spreading the dependencies never throws; used unconfigured, it refuses.
  const staff = once(
    (): StaffDirectory =>
      overrides.staff ??
      (config.staffPoolId ? new CognitoStaffDirectory(config.staffPoolId) : { hasRole: unconfiguredStaffDirectory }),
  );
  const mail = once(() => new SesMailer({ profiles, settings: config.mail }));
  const outbox = once(() => new DynamoOutbox({ ddb, table: data() }));
  const events = once((): EventPublisher => {
    if (overrides.events) return overrides.events;
    if (!config.eventBusName) throw new ConfigError('EVENT_BUS_NAME is not set: this function did not declare events.');
    const client = lazyClient(undefined, async () =>
      traced(new (await import('@aws-sdk/client-eventbridge')).EventBridgeClient({})),
    );
    return new EventBridgePublisher({ client, busName: config.eventBusName });
  });
  return {
    config,
    clock,
    ddb,
    get keyring() {
      return keyring();
    },
    get audit() {
      return audit();
    },
    get digests() {
      return digests();
    },
    get digestSigner() {
      return digestKey();
    },
    get digestKey() {
      return digestKey();
    },
    get auditExpiry() {
      return auditExpiry();
    },
    get uow() {
      return uow();
    },
    get profiles() {
      return profiles();
    },
    get consents() {
      return consents();
    },
    get policies() {
      return policies();
    },
    get engagement() {
      return engagement();
    },
    get orders() {
      return orders();
    },
    get idempotency() {
      return idempotency();
    },
    get outbox() {
      return outbox();
    },
    get events() {
      return events();
    },
    get shipments() {
      return shipments();
    },
    get refunds() {
      return refunds();
    },
    get disclosures() {
      return disclosures();
    },
    get notifications() {
      return notifications();
    },
    get complaints() {
      return complaints();
    },
    get incidents() {
      return incidents();
    },
    get officerInbox() {
      return officerInbox();
    },
    get carrierWebhookSecrets() {
      return carrierWebhookSecrets();
    },
    get products() {
      return products();
    },
    get payments() {
      return payments();
    },
    get reconciliation() {
      return reconciliation();
    },
    get privacyRequests() {
      return privacyRequests();
    },
    get exports() {
      return exports();
    },
    get subjectData() {
      return subjectData();
    },
    get identity() {
      return identity();
    },
    get retention() {
      return retention();
    },
    get staff() {
      return staff();
    },
    get mail() {
      return mail();
    },
  };
}

async function unconfiguredStaffDirectory(): Promise<never> {
  throw new ConfigError('STAFF_USER_POOL_ID is not set: this function did not declare the staff directory.');
}

let shared: AppDependencies | undefined;

/**
 * The process-wide dependencies, built on first use from the environment. `access` is the
 * calling function's declared access: exactly its configuration is required.
 */
export function appDependencies(access?: FunctionAccess): AppDependencies {
  shared ??= buildDependencies(loadConfig(process.env, access));
  return shared;
}
