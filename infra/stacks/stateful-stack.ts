/**
 * Everything that holds data and must outlive a redeploy: the customer-managed key, the four tables
 * declared in `shared/config/resources.ts`, the event bus and the carrier webhook signing secret.
 * Retained on stack deletion.
 */
import { Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { type Attribute, AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import {
  type KeyAttribute,
  type TableDeclaration,
  type TableId,
  TTL_ATTRIBUTE,
  tables,
} from '../../shared/config/resources';

/** The stateful resources the stateless stack receives as typed props. */
export interface StatefulResources {
  /** Customer-managed key: encrypts every table at rest and wraps per-subject data keys. */
  readonly key: Key;
  /** One table per declaration in `shared/config/resources.ts`, by declaration id. */
  readonly tables: Readonly<Record<TableId, TableV2>>;
  readonly bus: EventBus;
  /**
   * HMAC-SHA256 key carriers sign `POST /v1/carriers/{carrier}/events` with. A plain string (no JSON),
   * encrypted with {@link key}; rotated by hand, never automatically (docs/decisions/0012-carrier-webhook-secret.md).
   */
  readonly carrierWebhookSecret: Secret;
}

export interface StatefulStackProps extends StackProps {
  /** Deployment stage; part of the key alias and bus name so stages can share an account. */
  readonly stage: string;
}

const attributeTypes: Record<KeyAttribute['type'], AttributeType> = {
  S: AttributeType.STRING,
  N: AttributeType.NUMBER,
  B: AttributeType.BINARY,
};

const toAttribute = (a: KeyAttribute): Attribute => ({ name: a.name, type: attributeTypes[a.type] });

export class StatefulStack extends Stack implements StatefulResources {
  readonly key: Key;
  readonly tables: Readonly<Record<TableId, TableV2>>;
  readonly bus: EventBus;
  readonly carrierWebhookSecret: Secret;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);

    this.key = new Key(this, 'DataKey', {
      alias: `alias/orders-${props.stage}-data`,
      description:
        'Encrypts the order backend tables and carrier webhook secret at rest and wraps per-subject data keys',
      enableKeyRotation: true,
      // Deleting this key makes every table, backup and wrapped subject key unreadable at once.
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });

    const built = {} as Record<TableId, TableV2>;
    for (const declaration of Object.values(tables) as TableDeclaration[]) {
      built[declaration.id] = this.buildTable(declaration);
    }
    this.tables = built;

    this.bus = new EventBus(this, 'Bus', {
      eventBusName: `orders-${props.stage}`,
      description: 'Domain events of the order backend (order placed, privacy request received, ...)',
    });

    this.carrierWebhookSecret = new Secret(this, 'CarrierWebhookSecret', {
      description: 'HMAC-SHA256 signing key shared with carriers for POST /v1/carriers/{carrier}/events',
      encryptionKey: this.key,
      // The handler uses SecretString verbatim as the HMAC key: a plain string, no JSON template.
      // Alphanumeric only, so it survives being handed to a carrier by copy and paste.
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      // Deleting it breaks every carrier integration until a new value has been exchanged out of band.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.carrierWebhookSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Carriers sign webhooks with this value and must receive a new one out of band, so rotation is a manual, coordinated procedure: the verifier accepts several v1= signatures, letting a carrier sign with the old and new secret while the value is swapped (docs/decisions/0012)',
    });
  }

  private buildTable(declaration: TableDeclaration): TableV2 {
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
      timeToLiveAttribute: TTL_ATTRIBUTE,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    return table;
  }
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
