/**
 * Builds the real application dependencies against DynamoDB Local and a KMS-compatible key service
 * (started by the jest global setup), on freshly created tables with a unique prefix per test file.
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { DEMO_CATALOGUE } from '../../local/demo-catalogue';
import type { TableNames } from '../../local/dynamodb/tables';
import { localCarrierSecret } from '../../local/env';
import { DEFAULT_SIGNING_ALIAS } from '../../local/kms/keystore';
import { ManualClock } from '../../shared/adapters/clock';
import { type AppDependencies, buildDependencies } from '../../shared/adapters/dependencies';
import { drainOutbox } from '../../shared/adapters/dynamodb/outbox';
import { type AppConfig, loadConfig } from '../../shared/config';
import { CARRIER_IDS } from '../../shared/config/carriers';
import {
  AUDIT_SIGNING_KEY_ENV,
  KMS_KEY_ENV,
  PAYMENT_API_URL_ENV,
  PAYMENT_KEY_VALUE_ENV,
  tables,
} from '../../shared/config/resources';
import type { AccessContext } from '../../shared/domain/access';
import type { DomainEvent } from '../../shared/domain/events';
import { MAX_STOCK } from '../../shared/domain/product';
import { epochSeconds } from '../../shared/domain/time';
import { signPayload } from '../../shared/domain/webhook-signature';
import type { StaffDirectory } from '../../shared/ports/complaints';
import type { StagedEvent } from '../../shared/ports/events';
import { putProduct } from '../../shared/usecases/catalogue';
import { seedInitialPolicy } from '../../shared/usecases/policy';
import { createTestTables, testDynamoDbClient, testEndpoints } from './local-stack';

export const dynamodbEndpoint = (): string => testEndpoints().dynamodbEndpoint;
export const kmsEndpoint = (): string => testEndpoints().kmsEndpoint;
export const dynamodbClient = testDynamoDbClient;
export const freshTables = (): Promise<TableNames> => createTestTables();

/** A KMS client for the shared key service, or for one a test started itself (to count its calls). */
export const kmsClient = (endpoint = kmsEndpoint()): KMSClient =>
  new KMSClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

/**
 * The processor account of a set of tables: the shared local processor treats each secret key as an
 * account of its own, so the harnesses of different files (and of one file's fresh tables) never
 * meet each other's payments or idempotency keys, as separate deployments would not.
 */
export const paymentsKeyOf = (names: TableNames): string => `sk_test_${names.data.replace(/[^A-Za-z0-9]/g, '_')}`;

export function testConfig(names: TableNames, overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    [tables.data.envVar]: names.data,
    [tables.keys.envVar]: names.keys,
    [tables.audit.envVar]: names.audit,
    [tables.idempotency.envVar]: names.idempotency,
    [tables.digests.envVar]: names.digests,
    [KMS_KEY_ENV]: testEndpoints().kmsKeyId,
    [AUDIT_SIGNING_KEY_ENV]: DEFAULT_SIGNING_ALIAS,
    // The shared local processor, reached by the real Stripe SDK, on this table set's own account.
    [PAYMENT_KEY_VALUE_ENV]: paymentsKeyOf(names),
    [PAYMENT_API_URL_ENV]: testEndpoints().paymentsEndpoint,
    ...overrides,
  });
}

/** The seed of the harness's carrier secrets; each carrier's is `localCarrierSecret(HARNESS_CARRIER_SEED, id)`. */
export const HARNESS_CARRIER_SEED = 'harness-secret';

/** The X-Signature `carrier` would send with `raw` at `at`, under the harness's secret for that carrier. */
export const carrierSignature = (carrier: string, at: Date, raw: string): string =>
  signPayload(localCarrierSecret(HARNESS_CARRIER_SEED, carrier), carrier, epochSeconds(at), raw);

export interface Harness {
  readonly deps: AppDependencies;
  readonly names: TableNames;
  readonly clock: ManualClock;
  /**
   * Drains the outbox as the stream would (publishing through a recorder) and returns every domain
   * event published so far, oldest first.
   */
  published(): Promise<DomainEvent[]>;
}

/** Real dependencies on fresh tables, with a clock the test controls. */
export async function harness(
  options: {
    names?: TableNames;
    kms?: KMSClient;
    config?: Record<string, string>;
    start?: Date;
    /**
     * Put privacy policy version 1 in force (effective 2026-01-01) and the demo catalogue on sale
     * (local/demo-catalogue.ts, with ample stock), as a deployment would before taking orders.
     */
    seedPolicy?: boolean;
    /**
     * With `seedPolicy`, whether the demo catalogue is stocked too (default true). Its products are
     * created by a catalogue manager, on the catalogue's own audit chain: tests that count chains
     * leave it out.
     */
    catalogue?: boolean;
    /** Who holds which staff role (complaint assignment); none configured otherwise. */
    staff?: StaffDirectory;
  } = {},
): Promise<Harness> {
  const names = options.names ?? (await freshTables());
  // Start at the real time: DynamoDB Local deletes items whose TTL passed by the real clock, so a
  // clock in the past would let idempotency records and exports vanish mid-test.
  const clock = new ManualClock(options.start ?? new Date(Math.floor(Date.now() / 1000) * 1000));
  const published: DomainEvent[] = [];
  const bus = { publish: async (events: readonly StagedEvent[]) => void published.push(...events.map((e) => e.event)) };
  const carrierSecrets = Object.fromEntries(
    CARRIER_IDS.map((id) => [id, localCarrierSecret(HARNESS_CARRIER_SEED, id)]),
  );
  const deps = buildDependencies(
    testConfig(names, { CARRIER_WEBHOOK_SECRETS: JSON.stringify(carrierSecrets), ...options.config }),
    {
      dynamodb: testDynamoDbClient(),
      kms: options.kms ?? kmsClient(),
      clock,
      events: bus,
      ...(options.staff && { staff: options.staff }),
    },
  );
  if (options.seedPolicy) {
    await seedInitialPolicy(deps, { content: 'P', summary: 'S', effectiveAt: new Date('2026-01-01T00:00:00Z') });
    if (options.catalogue !== false) await stockDemoCatalogue(deps);
  }
  return {
    deps,
    names,
    clock,
    published: async () => {
      await drainOutbox(deps.outbox, bus);
      return [...published];
    },
  };
}

const CATALOGUE_MANAGER: AccessContext = {
  actor: { id: 'harness', role: 'catalogue-manager' },
  purpose: 'catalogue_management',
  requestId: 'harness',
};

/** The demo catalogue, each product with MAX_STOCK units unless `stock` says otherwise. */
export async function stockDemoCatalogue(deps: AppDependencies, stock = MAX_STOCK): Promise<void> {
  for (const [sku, input] of Object.entries(DEMO_CATALOGUE)) {
    await putProduct(deps, sku, { ...input, stock }, undefined, CATALOGUE_MANAGER);
  }
}

/** Every attribute value of every item in the given tables, as JSON text, for canary searches. */
export async function dumpTables(names: TableNames): Promise<string> {
  const client = testDynamoDbClient();
  const chunks: string[] = [];
  for (const table of Object.values(names)) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start as never }));
      chunks.push(JSON.stringify(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
  }
  return chunks.join('\n');
}

/** Distinct, greppable personal values for one subject. */
export function canaries(tag: string) {
  return {
    name: `Canary Name ${tag}`,
    email: `canary.${tag}@example.com`,
    phone: `+4416329${String(tag.length * 7919)
      .padStart(5, '0')
      .slice(0, 5)}`,
    street: `${tag} Canary Street`,
    city: `Canaryville${tag}`,
  };
}

/** A subject acting on their own data. */
export const selfAccess = (id: string): AccessContext => ({
  actor: { id, role: 'customer' },
  purpose: 'self_service',
  requestId: 'r',
});
