/**
 * Builds the real application dependencies against DynamoDB Local and a KMS-compatible key service
 * (started by the jest global setup), on freshly created tables with a unique prefix per test file.
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import type { TableNames } from '../../local/dynamodb/tables';
import { DEFAULT_SIGNING_ALIAS } from '../../local/kms/keystore';
import { ManualClock } from '../../shared/adapters/clock';
import { type AppDependencies, buildDependencies } from '../../shared/adapters/dependencies';
import { drainOutbox } from '../../shared/adapters/dynamodb/outbox';
import { type AppConfig, loadConfig } from '../../shared/config';
import { AUDIT_SIGNING_KEY_ENV, KMS_KEY_ENV, tables } from '../../shared/config/resources';
import type { AccessContext } from '../../shared/domain/access';
import type { DomainEvent } from '../../shared/domain/events';
import type { StaffDirectory } from '../../shared/ports/complaints';
import type { StagedEvent } from '../../shared/ports/events';
import { seedInitialPolicy } from '../../shared/usecases/policy';
import { createTestTables, testDynamoDbClient, testEndpoints } from './local-stack';

export const dynamodbEndpoint = (): string => testEndpoints().dynamodbEndpoint;
export const kmsEndpoint = (): string => testEndpoints().kmsEndpoint;
export const dynamodbClient = testDynamoDbClient;
export const freshTables = (): Promise<TableNames> => createTestTables();

/** A KMS client for the shared key service, or for one a test started itself (to count its calls). */
export const kmsClient = (endpoint = kmsEndpoint()): KMSClient =>
  new KMSClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

export function testConfig(names: TableNames, overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    [tables.data.envVar]: names.data,
    [tables.keys.envVar]: names.keys,
    [tables.audit.envVar]: names.audit,
    [tables.idempotency.envVar]: names.idempotency,
    [tables.digests.envVar]: names.digests,
    [KMS_KEY_ENV]: testEndpoints().kmsKeyId,
    [AUDIT_SIGNING_KEY_ENV]: DEFAULT_SIGNING_ALIAS,
    ...overrides,
  });
}

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
    /** Put privacy policy version 1 in force (effective 2026-01-01), as a deployment would. */
    seedPolicy?: boolean;
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
  const deps = buildDependencies(testConfig(names, { CARRIER_WEBHOOK_SECRET: 'harness-secret', ...options.config }), {
    dynamodb: testDynamoDbClient(),
    kms: options.kms ?? kmsClient(),
    clock,
    events: bus,
    ...(options.staff && { staff: options.staff }),
  });
  if (options.seedPolicy) {
    await seedInitialPolicy(deps, { content: 'P', summary: 'S', effectiveAt: new Date('2026-01-01T00:00:00Z') });
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
