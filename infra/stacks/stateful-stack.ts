/**
 * Everything that holds data and must outlive a redeploy: the table key and the subject key, the
 * four tables declared in `shared/config/resources.ts` (with the data table's stream), their backup
 * plan, the event bus and its archive, the carrier webhook signing secrets (one per carrier), the
 * payment processor's API key, the page cursor secret and the alert topics
 * (their confirmed subscriptions are state too).
 * Retained on stack deletion in `prod`; a `dev` stage can be torn down (infra/stages.ts).
 */
import { Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import {
  type Attribute,
  AttributeType,
  Billing,
  StreamViewType,
  TableEncryptionV2,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb';
import { type Archive, EventBus, Schedule } from 'aws-cdk-lib/aws-events';
import type { PolicyDocument } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { CARRIER_IDS, type CarrierId } from '../../shared/config/carriers';
import {
  EVENT_SOURCE,
  type KeyAttribute,
  type TableDeclaration,
  type TableId,
  TTL_ATTRIBUTE,
  tables,
} from '../../shared/config/resources';
import { AlertTopics } from '../constructs/alert-topics';
import { appendOnlyPolicy, NEVER_CHANGED } from '../constructs/append-only';
import { digestKey } from '../constructs/digest-key';
import { type SubjectKeyUser, subjectKey } from '../constructs/subject-key';
import { resourcePrefix } from '../naming';
import type { StageSettings } from '../stages';

/** Tables AWS Backup copies. Never `keys`: a backup of a shredded key would undo the erasure (decision 0021). */
export const BACKED_UP_TABLES: readonly TableId[] = ['data', 'audit', 'digests'];

/** The stateful resources the stateless stack receives as typed props. */
export interface StatefulResources {
  /** Customer-managed key: encrypts every table and every secret at rest. */
  readonly key: Key;
  /** Wraps per-subject data keys; its key policy names the function roles that may use it. */
  readonly subjectKey: Key;
  /** Signs audit digests (asymmetric); its key policy names the one role that may sign. */
  readonly auditSigningKey: Key;
  /** One table per declaration in `shared/config/resources.ts`, by declaration id. */
  readonly tables: Readonly<Record<TableId, TableV2>>;
  readonly bus: EventBus;
  /**
   * The HMAC-SHA256 key each carrier signs `POST /v1/carriers/{carrier}/events` with, one secret per
   * carrier profile: a plain string (no JSON), encrypted with {@link key}; rotated by hand, never
   * automatically (docs/decisions/0012-carrier-webhook-secret.md, 0028).
   */
  readonly carrierWebhookSecrets: Readonly<Record<CarrierId, Secret>>;
  /**
   * The payment processor's secret API key (Stripe `sk_live_…`), encrypted with {@link key}. Created
   * empty of any real key: an operator puts the value after the first deploy (docs/deploy.md).
   */
  readonly paymentProcessorKey: Secret;
  /** Seals page cursors (shared/http/cursor.ts); a plain string, encrypted with {@link key}. */
  readonly cursorSecret: Secret;
}

export interface StatefulStackProps extends StackProps {
  /** Deployment stage; part of the key alias and bus name so stages can share an account. */
  readonly stage: string;
  readonly settings: StageSettings;
  /** The function roles that use subject data keys, and how (named in the subject key's policy). */
  readonly subjectKeyUsers: readonly SubjectKeyUser[];
  /** Role names the audit stores' policies name (derived from each job's and route's access). */
  readonly auditRoles: AuditRoles;
}

/** Who may do what to the audit stores, by role name. */
export interface AuditRoles {
  /** May sign digests with the digest key. */
  readonly digestSigners: readonly string[];
  /** May put items into the digest table (digests, verification runs). */
  readonly digestWriters: readonly string[];
  /** May delete audit records (past the retention period). */
  readonly auditExpirers: readonly string[];
}

const attributeTypes: Record<KeyAttribute['type'], AttributeType> = {
  S: AttributeType.STRING,
  N: AttributeType.NUMBER,
  B: AttributeType.BINARY,
};

const toAttribute = (a: KeyAttribute): Attribute => ({ name: a.name, type: attributeTypes[a.type] });

export class StatefulStack extends Stack implements StatefulResources {
  readonly key: Key;
  readonly subjectKey: Key;
  readonly auditSigningKey: Key;
  readonly tables: Readonly<Record<TableId, TableV2>>;
  readonly bus: EventBus;
  /** Every event this backend publishes, kept `eventArchiveDays` for replay (docs/runbook.md#replay-events-from-the-archive). */
  readonly eventArchive: Archive;
  readonly carrierWebhookSecrets: Readonly<Record<CarrierId, Secret>>;
  readonly paymentProcessorKey: Secret;
  readonly cursorSecret: Secret;
  readonly alerts: AlertTopics;
  /** Daily backups of {@link BACKED_UP_TABLES}; absent when the stage keeps none. */
  readonly backupPlan?: BackupPlan;
  private readonly removal: RemovalPolicy;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const prefix = resourcePrefix(props.stage);
    this.removal = props.settings.removal === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.key = new Key(this, 'DataKey', {
      alias: `alias/${prefix}-data`,
      description: 'Encrypts the order backend tables and carrier webhook secret at rest',
      enableKeyRotation: true,
      // Deleting this key makes every table and backup unreadable at once.
      removalPolicy: this.removal,
      pendingWindow: Duration.days(30),
    });
    this.subjectKey = subjectKey(this, 'SubjectKey', {
      alias: `alias/${prefix}-subject-keys`,
      users: props.subjectKeyUsers,
      removalPolicy: this.removal,
    });

    this.auditSigningKey = digestKey(this, 'AuditDigestKey', {
      alias: `alias/${prefix}-audit-digests`,
      signers: props.auditRoles.digestSigners,
      removalPolicy: this.removal,
    });

    // The audit stores are append-only by their own policies, not only by the grants of their writers.
    const resourcePolicies: Partial<Record<TableId, PolicyDocument>> = {
      audit: appendOnlyPolicy(this, {
        never: NEVER_CHANGED,
        only: ['dynamodb:DeleteItem'],
        allowed: props.auditRoles.auditExpirers,
      }),
      digests: appendOnlyPolicy(this, {
        never: [...NEVER_CHANGED, 'dynamodb:DeleteItem'],
        only: ['dynamodb:PutItem'],
        allowed: props.auditRoles.digestWriters,
      }),
    };
    const built = {} as Record<TableId, TableV2>;
    for (const declaration of Object.values(tables) as TableDeclaration[]) {
      built[declaration.id] = this.buildTable(declaration, resourcePolicies[declaration.id]);
    }
    this.tables = built;

    if (props.settings.backupRetentionDays > 0) {
      const vault = new BackupVault(this, 'BackupVault', {
        backupVaultName: `${prefix}-tables`,
        // Backups are encrypted with the table key: they are unreadable once it is gone.
        encryptionKey: this.key,
        removalPolicy: this.removal,
      });
      this.backupPlan = new BackupPlan(this, 'BackupPlan', {
        backupPlanName: `${prefix}-tables`,
        backupVault: vault,
        backupPlanRules: [
          new BackupPlanRule({
            ruleName: 'Daily',
            scheduleExpression: Schedule.cron({ hour: '1', minute: '0' }),
            deleteAfter: Duration.days(props.settings.backupRetentionDays),
          }),
        ],
      });
      const selection = this.backupPlan.addSelection('Tables', {
        resources: BACKED_UP_TABLES.map((id) => BackupResource.fromArn(built[id].tableArn)),
        // Restores are an operator's deliberate act (docs/runbook.md), not something this role does.
        allowRestores: false,
      });
      Validations.of(selection).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
        reason:
          'AWS Backup assumes this role only to run this plan; its service-role policy is the one AWS maintains as the backup features of DynamoDB change (advanced backup, copies, tags), and it grants no restore',
      });
    }

    this.bus = new EventBus(this, 'Bus', {
      eventBusName: prefix,
      description: 'Domain events of the order backend (order placed, privacy request received, ...)',
    });
    if (props.settings.eventArchiveDays < 1) {
      throw new Error('eventArchiveDays must be at least 1: EventBridge keeps an archive with retention 0 forever');
    }
    // A consumer that lost or mishandled events replays them from here; they carry their event ids,
    // so consumers that deduplicate see a replay as the same events (decision 0040).
    this.eventArchive = this.bus.archive('Archive', {
      archiveName: `${prefix}-events`,
      description: 'Every domain event published on the bus, for replay',
      eventPattern: { source: [EVENT_SOURCE] },
      retention: Duration.days(props.settings.eventArchiveDays),
    });
    this.eventArchive.applyRemovalPolicy(this.removal);

    this.carrierWebhookSecrets = Object.fromEntries(
      CARRIER_IDS.map((carrier) => [carrier, this.carrierSecret(carrier)]),
    ) as Record<CarrierId, Secret>;

    this.paymentProcessorKey = new Secret(this, 'PaymentProcessorKey', {
      description: 'Secret API key of the payment processor (Stripe); put the real value after the first deploy',
      encryptionKey: this.key,
      // A random placeholder, never a usable key: payments fail (503) until an operator puts the real one.
      generateSecretString: { passwordLength: 32, excludePunctuation: true, includeSpace: false },
      removalPolicy: this.removal,
    });
    Validations.of(this.paymentProcessorKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        "The key is issued by the payment processor, not generated here: it is rolled in the processor's dashboard and the new value put in this secret (docs/runbook.md#key-or-secret-compromise); a rotation Lambda cannot create processor keys",
    });

    this.cursorSecret = new Secret(this, 'CursorSecret', {
      description: 'Seals the page cursors of list routes (AES-256-GCM key derived from this value)',
      encryptionKey: this.key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      // Losing it only invalidates cursors in flight: clients start their list again.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.cursorSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'A new value only invalidates the cursors clients hold (they get 400 and start the list again), so it is replaced by hand when needed rather than by a rotation function (docs/decisions/0036-sealed-page-cursors.md)',
    });

    this.alerts = new AlertTopics(this, 'Alerts', {
      stage: props.stage,
      removalPolicy: this.removal,
      operatorEmails: props.settings.alarms.operatorEmails,
      officerEmails: props.settings.alarms.officerEmails,
    });
  }

  /** One carrier's HMAC key: 64 alphanumeric characters, handed to the carrier out of band. */
  private carrierSecret(carrier: CarrierId): Secret {
    const secret = new Secret(this, `CarrierWebhookSecret${carrier.charAt(0).toUpperCase()}${carrier.slice(1)}`, {
      description: `HMAC-SHA256 signing key shared with ${carrier} for POST /v1/carriers/${carrier}/events`,
      encryptionKey: this.key,
      // The handler uses SecretString verbatim as the HMAC key: a plain string, no JSON template.
      // Alphanumeric only, so it survives being handed to a carrier by copy and paste.
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      // Deleting it breaks the carrier's integration until a new value has been exchanged out of band.
      removalPolicy: this.removal,
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The carrier signs webhooks with this value and must receive a new one out of band, so rotation is a manual, coordinated procedure: the verifier accepts several v1= signatures, letting the carrier sign with the old and new secret while the value is swapped (docs/decisions/0012, 0028)',
    });
    return secret;
  }

  private buildTable(declaration: TableDeclaration, resourcePolicy: PolicyDocument | undefined): TableV2 {
    const table = new TableV2(this, `${capitalise(declaration.id)}Table`, {
      partitionKey: toAttribute(declaration.partitionKey),
      sortKey: declaration.sortKey ? toAttribute(declaration.sortKey) : undefined,
      globalSecondaryIndexes: declaration.globalSecondaryIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: toAttribute(index.partitionKey),
        sortKey: index.sortKey ? toAttribute(index.sortKey) : undefined,
      })),
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.customerManagedKey(this.key),
      // As declared. Off for `keys` on purpose: a PITR copy would keep a shredded (deleted) subject key
      // restorable for up to 35 days, so erasure would not be final (docs/decisions/0009-keys-table-without-pitr.md).
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: declaration.pointInTimeRecovery },
      timeToLiveAttribute: declaration.timeToLive ? TTL_ATTRIBUTE : undefined,
      dynamoStream: declaration.stream ? StreamViewType[declaration.stream] : undefined,
      // Retained stages protect tables from deletion twice over; a dev stage can be torn down.
      deletionProtection: this.removal === RemovalPolicy.RETAIN,
      resourcePolicy,
      removalPolicy: this.removal,
    });
    return table;
  }
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
