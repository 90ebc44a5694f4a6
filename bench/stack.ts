/**
 * The local services the benchmark runs against (DynamoDB Local and the local key service, started
 * in-process as `npm start` does), and dependencies built on them like the test harness builds them:
 * the real adapters, with clients whose requests are counted.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { ensureDynamoDbLocal } from '../local/dynamodb/install';
import { freePort, startDynamoDbLocal } from '../local/dynamodb/launcher';
import { createTables, localTableNames, type TableNames } from '../local/dynamodb/tables';
import { DEFAULT_SIGNING_ALIAS } from '../local/kms/keystore';
import { type KmsServerHandle, startKmsServer } from '../local/kms/server';
import type { Clock } from '../shared/adapters/clock';
import { type AppDependencies, buildDependencies } from '../shared/adapters/dependencies';
import { loadConfig } from '../shared/config';
import { AUDIT_SIGNING_KEY_ENV, KMS_KEY_ENV, tables } from '../shared/config/resources';
import { registerProfile } from '../shared/usecases/account';
import { credentials, RequestCounter, region, self } from './lib';

export interface Stack {
  readonly dynamodbEndpoint: string;
  readonly kms: KmsServerHandle;
  /** A plain DynamoDB client (no counting) for seeding and baselines. */
  readonly raw: DynamoDBClient;
  stop(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const installDir = await ensureDynamoDbLocal();
  const dynamodb = await startDynamoDbLocal({ port: await freePort(), installDir });
  const kms = await startKmsServer({ port: 0 });
  const raw = new DynamoDBClient({ endpoint: dynamodb.endpoint, region, credentials, maxAttempts: 10 });
  return {
    dynamodbEndpoint: dynamodb.endpoint,
    kms,
    raw,
    stop: async () => {
      raw.destroy();
      await kms.stop();
      await dynamodb.stop();
    },
  };
}

/** The environment a function would get for these tables and the local key. */
export function envFor(names: TableNames, kmsKeyArn: string): Record<string, string> {
  return {
    ...Object.fromEntries((Object.keys(tables) as (keyof typeof tables)[]).map((id) => [tables[id].envVar, names[id]])),
    [KMS_KEY_ENV]: kmsKeyArn,
    [AUDIT_SIGNING_KEY_ENV]: DEFAULT_SIGNING_ALIAS,
    CARRIER_WEBHOOK_SECRET: 'bench-secret',
  };
}

export async function freshTables(stack: Stack, prefix: string): Promise<TableNames> {
  const names = localTableNames(prefix);
  await createTables(stack.raw, names);
  return names;
}

export interface CountedDeps {
  readonly deps: AppDependencies;
  readonly dynamodb: RequestCounter;
  readonly kms: RequestCounter;
}

/**
 * A fresh "process": new clients (so a cold key cache, no remembered heads or policy lists), the
 * real adapters, events recorded instead of sent to EventBridge.
 */
export function processDeps(stack: Stack, names: TableNames, options: { clock?: Clock } = {}): CountedDeps {
  const dynamodb = new DynamoDBClient({ endpoint: stack.dynamodbEndpoint, region, credentials });
  const kms = new KMSClient({ endpoint: stack.kms.endpoint, region, credentials });
  const counted = { dynamodb: RequestCounter.on(dynamodb), kms: RequestCounter.on(kms) };
  const deps = buildDependencies(loadConfig(envFor(names, stack.kms.keyArn)), {
    dynamodb,
    kms,
    // Staged events are drained by no one here; a publisher is still wired, as the harness wires one.
    events: { publish: async () => {} },
    ...(options.clock && { clock: options.clock }),
  });
  return { deps, ...counted };
}

/** Registers subjects (profile, policy acceptance, data key) through the real use case. */
export async function registerSubjects(deps: AppDependencies, subjects: readonly string[]): Promise<void> {
  for (const s of subjects) {
    await registerProfile(
      deps,
      {
        name: `Bench User ${s}`,
        email: `${s}@example.com`,
        phone: '+441632960000',
        addresses: [{ line1: '1 Bench Road', city: 'Benchville', postalCode: 'B1 1AA', country: 'GB' }],
        acceptPolicyVersion: 1,
      },
      self(s),
    );
  }
}
