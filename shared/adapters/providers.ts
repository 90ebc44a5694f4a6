/**
 * One provider per adapter: how it is built from a wiring (shared/adapters/wiring.ts) — its table,
 * its retention settings, the adapters it builds on. A function names the ones it uses, so its
 * bundle imports only those. Each is built once per wiring, on first use; one that needs
 * configuration its function did not declare refuses with a ConfigError naming it.
 */
import { ConfigError, tableName } from '../config';
import type { StaffDirectory } from '../ports/complaints';
import type { EventPublisher } from '../ports/events';
import type { PaymentProcessor } from '../ports/payments';
import type { IdentityDirectory } from '../ports/privacy';
import { KmsDigestKey } from './crypto/digest-signer';
import { DataKeyCache } from './crypto/key-cache';
import { PersonalDataCodec } from './crypto/personal-data-codec';
import { SubjectKeyring } from './crypto/subject-keyring';
import { DynamoAuditExpiry } from './dynamodb/audit-expiry';
import { AuditTrail } from './dynamodb/audit-trail';
import { AuditedReads } from './dynamodb/audited-read';
import type { DynamoDeps } from './dynamodb/client';
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
import type { Wiring } from './wiring';

/** The data table, as every repository on it is built: the document client and the table's name. */
const dataTable = (w: Wiring): DynamoDeps => ({ ddb: w.ddb, table: tableName(w.config, 'data') });
const retentionOf = (w: Wiring) => w.config.retention;

export const keyring = (w: Wiring): SubjectKeyring =>
  w.once(keyring, () => {
    if (!w.config.kmsKeyId) throw new ConfigError('KMS_KEY_ID is not set: this function did not declare subject keys.');
    return new SubjectKeyring({
      kms: w.kms,
      ddb: w.ddb,
      keysTable: tableName(w.config, 'keys'),
      kmsKeyId: w.config.kmsKeyId,
      cache: new DataKeyCache(w.config.dataKeyCache),
      now: w.now,
    });
  });

export const codec = (w: Wiring): PersonalDataCodec => w.once(codec, () => new PersonalDataCodec(() => keyring(w)));

export const audit = (w: Wiring): AuditTrail =>
  w.once(
    audit,
    () =>
      new AuditTrail({
        ddb: w.ddb,
        table: tableName(w.config, 'audit'),
        now: w.now,
        retentionDays: retentionOf(w).AUDIT_RETENTION_DAYS,
      }),
  );

export const digests = (w: Wiring): DynamoDigestStore =>
  w.once(
    digests,
    () =>
      new DynamoDigestStore({
        ddb: w.ddb,
        table: tableName(w.config, 'digests'),
        retentionDays: retentionOf(w).AUDIT_RETENTION_DAYS,
      }),
  );

/** The KMS key that signs audit digests; the same adapter serves as signer and as verifying key. */
export const digestKey = (w: Wiring): KmsDigestKey =>
  w.once(digestKey, () => {
    if (!w.config.auditSigningKeyId)
      throw new ConfigError('AUDIT_SIGNING_KEY_ID is not set: this function did not declare the digest key.');
    return new KmsDigestKey({ kms: w.kms, keyId: w.config.auditSigningKeyId });
  });

/** The same key, by the name the audit-digest use cases sign with. */
export const digestSigner = (w: Wiring): KmsDigestKey => digestKey(w);

export const auditExpiry = (w: Wiring): DynamoAuditExpiry =>
  w.once(auditExpiry, () => new DynamoAuditExpiry({ ddb: w.ddb, table: tableName(w.config, 'audit') }));

export const uow = (w: Wiring): DynamoUnitOfWork =>
  w.once(uow, () => new DynamoUnitOfWork({ ddb: w.ddb, audit: () => audit(w) }));

const reads = (w: Wiring): AuditedReads =>
  w.once(reads, () => new AuditedReads({ ...dataTable(w), audit: () => audit(w) }));

export const profiles = (w: Wiring): ProfileRepository =>
  w.once(
    profiles,
    () =>
      new ProfileRepository({
        ...dataTable(w),
        codec: codec(w),
        reads: reads(w),
        inactiveAccountDays: retentionOf(w).INACTIVE_ACCOUNT_DAYS,
      }),
  );

export const consents = (w: Wiring): ConsentLedger => w.once(consents, () => new ConsentLedger(dataTable(w)));

export const policies = (w: Wiring): PolicyRepository =>
  w.once(policies, () => new PolicyRepository({ ...dataTable(w), clock: w.clock }));

export const engagement = (w: Wiring): EngagementRepository =>
  w.once(
    engagement,
    () =>
      new EngagementRepository({
        ...dataTable(w),
        codec: codec(w),
        ttlDays: retentionOf(w).ENGAGEMENT_EVENT_TTL_DAYS,
      }),
  );

export const orders = (w: Wiring): OrderRepository =>
  w.once(
    orders,
    () =>
      new OrderRepository({
        ...dataTable(w),
        codec: codec(w),
        reads: reads(w),
        orderRecordDays: retentionOf(w).ORDER_RECORD_DAYS,
      }),
  );

export const idempotency = (w: Wiring): IdempotencyStore =>
  w.once(
    idempotency,
    () =>
      new IdempotencyStore({
        ddb: w.ddb,
        table: tableName(w.config, 'idempotency'),
        ttlSeconds: retentionOf(w).IDEMPOTENCY_TTL_SECONDS,
        clock: w.clock,
        codec: codec(w),
      }),
  );

export const shipments = (w: Wiring): ShipmentRepository =>
  w.once(
    shipments,
    () =>
      new ShipmentRepository({
        ...dataTable(w),
        carrierEventMemoryDays: retentionOf(w).CARRIER_EVENT_MEMORY_DAYS,
      }),
  );

export const refunds = (w: Wiring): RefundRepository =>
  w.once(refunds, () => new RefundRepository({ ...dataTable(w), codec: codec(w) }));

export const disclosures = (w: Wiring): DisclosureLedger =>
  w.once(disclosures, () => new DisclosureLedger(dataTable(w), retentionOf(w).DISCLOSURE_RECORD_DAYS));

export const notifications = (w: Wiring): NotificationInbox =>
  w.once(notifications, () => new NotificationInbox(dataTable(w), retentionOf(w).NOTIFICATION_TTL_DAYS));

export const complaints = (w: Wiring): ComplaintRepository =>
  w.once(
    complaints,
    () =>
      new ComplaintRepository({
        ...dataTable(w),
        codec: codec(w),
        reads: reads(w),
        closedCaseDays: retentionOf(w).CLOSED_CASE_RETENTION_DAYS,
      }),
  );

export const incidents = (w: Wiring): IncidentRepository =>
  w.once(
    incidents,
    () =>
      new IncidentRepository({
        ...dataTable(w),
        codec: codec(w),
        registerDays: retentionOf(w).AUDIT_RETENTION_DAYS,
      }),
  );

export const officerInbox = (w: Wiring): OfficerInbox => w.once(officerInbox, () => new OfficerInbox(dataTable(w)));

export const carrierWebhookSecrets = (w: Wiring): CarrierSecretSources =>
  w.once(carrierWebhookSecrets, () => {
    if (!w.config.carrierWebhookSecrets)
      throw new ConfigError('The carrier webhook secrets are not configured for this function.');
    return new CarrierSecretSources(w.config.carrierWebhookSecrets);
  });

export const products = (w: Wiring): ProductRepository =>
  w.once(products, () => new ProductRepository({ ...dataTable(w), clock: w.clock }));

export const payments = (w: Wiring): PaymentProcessor =>
  w.once(payments, () => {
    if (w.overrides.payments) return w.overrides.payments;
    const settings = w.config.paymentProcessor;
    if (!settings) throw new ConfigError('The payment processor is not configured for this function.');
    const apiKey = new SecretSource(settings.apiKey, 'payment processor key');
    return new StripeProcessor({ apiKey: () => apiKey.value(), apiUrl: settings.apiUrl });
  });

export const reconciliation = (w: Wiring): DynamoReconciliationLog =>
  w.once(reconciliation, () => new DynamoReconciliationLog(dataTable(w)));

export const privacyRequests = (w: Wiring): PrivacyRequestRepository =>
  w.once(
    privacyRequests,
    () =>
      new PrivacyRequestRepository({
        ...dataTable(w),
        closedCaseDays: retentionOf(w).CLOSED_CASE_RETENTION_DAYS,
      }),
  );

export const retention = (w: Wiring): DynamoRetentionQueue =>
  w.once(retention, () => new DynamoRetentionQueue(dataTable(w)));

export const exports = (w: Wiring): ExportStore =>
  w.once(exports, () => new ExportStore({ ...dataTable(w), codec: codec(w) }));

export const subjectData = (w: Wiring): SubjectCatalogue =>
  w.once(subjectData, () => new SubjectCatalogue({ ...dataTable(w), codec: codec(w) }));

export const identity = (w: Wiring): IdentityDirectory =>
  w.once(
    identity,
    () =>
      w.overrides.identity ??
      (w.config.userPoolId ? new CognitoDirectory(w.config.userPoolId) : new RecordingDirectory()),
  );

/** Built without failing, so spreading the dependencies never throws; used unconfigured, it refuses. */
export const staff = (w: Wiring): StaffDirectory =>
  w.once(
    staff,
    () =>
      w.overrides.staff ??
      (w.config.staffPoolId
        ? new CognitoStaffDirectory(w.config.staffPoolId)
        : { hasRole: unconfiguredStaffDirectory }),
  );

async function unconfiguredStaffDirectory(): Promise<never> {
  throw new ConfigError('STAFF_USER_POOL_ID is not set: this function did not declare the staff directory.');
}

export const mail = (w: Wiring): SesMailer =>
  w.once(mail, () => new SesMailer({ profiles: () => profiles(w), settings: w.config.mail }));

export const outbox = (w: Wiring): DynamoOutbox => w.once(outbox, () => new DynamoOutbox(dataTable(w)));

export const events = (w: Wiring): EventPublisher =>
  w.once(events, () => {
    if (w.overrides.events) return w.overrides.events;
    if (!w.config.eventBusName)
      throw new ConfigError('EVENT_BUS_NAME is not set: this function did not declare events.');
    const client = lazyClient(
      undefined,
      async () => new (await import('@aws-sdk/client-eventbridge')).EventBridgeClient({}),
    );
    return new EventBridgePublisher({ client, busName: w.config.eventBusName });
  });
