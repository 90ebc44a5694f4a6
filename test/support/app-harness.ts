/**
 * Builds the real application dependencies against DynamoDB Local and a KMS-compatible key service
 * (started by the jest global setup), on freshly created tables with a unique prefix per test file.
 */
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { createTables, localTableNames, type TableNames } from '../../local/dynamodb/tables';
import { ManualClock } from '../../shared/adapters/clock';
import { type AppDependencies, buildDependencies } from '../../shared/adapters/dependencies';
import { type AppConfig, loadConfig } from '../../shared/config';
import { KMS_KEY_ENV, tables } from '../../shared/config/resources';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const region = 'us-east-1';

export const dynamodbEndpoint = (): string => required('TEST_DYNAMODB_ENDPOINT');
export const kmsEndpoint = (): string => required('TEST_KMS_ENDPOINT');

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run integration tests through jest (global setup starts the stack).`);
  return value;
}

export const dynamodbClient = (): DynamoDBClient =>
  new DynamoDBClient({ endpoint: dynamodbEndpoint(), region, credentials, maxAttempts: 1 });

export const kmsClient = (endpoint = kmsEndpoint()): KMSClient =>
  new KMSClient({ endpoint, region, credentials, maxAttempts: 1 });

let counter = 0;

/** Fresh tables for one test file. */
export async function freshTables(): Promise<TableNames> {
  const names = localTableNames(`t${process.pid}-${Date.now().toString(36)}-${counter++}`);
  await createTables(dynamodbClient(), names);
  return names;
}

export function testConfig(names: TableNames, overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    [tables.data.envVar]: names.data,
    [tables.keys.envVar]: names.keys,
    [tables.audit.envVar]: names.audit,
    [tables.idempotency.envVar]: names.idempotency,
    [KMS_KEY_ENV]: process.env.TEST_KMS_KEY_ID ?? 'alias/local-data-key',
    ...overrides,
  });
}

export interface Harness {
  readonly deps: AppDependencies;
  readonly names: TableNames;
  readonly clock: ManualClock;
}

/** Real dependencies on fresh tables, with a clock the test controls. */
export async function harness(
  options: { names?: TableNames; kms?: KMSClient; config?: Record<string, string>; start?: Date } = {},
): Promise<Harness> {
  const names = options.names ?? (await freshTables());
  const clock = new ManualClock(options.start ?? new Date('2026-03-01T00:00:00.000Z'));
  const deps = buildDependencies(testConfig(names, options.config), {
    dynamodb: dynamodbClient(),
    kms: options.kms ?? kmsClient(),
    clock,
  });
  return { deps, names, clock };
}

/** Every attribute value of every item in the given tables, as JSON text, for canary searches. */
export async function dumpTables(names: TableNames): Promise<string> {
  const client = dynamodbClient();
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
