/**
 * The local services the benchmark runs against (DynamoDB Local, the local key service and the local
 * payment processor, started in-process as `npm start` does), and dependencies built on them like the
 * test harness builds them: the real adapters, with clients whose requests are counted.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { ensureDynamoDbLocal } from '../local/dynamodb/install';
import { freePort, startDynamoDbLocal } from '../local/dynamodb/launcher';
import { createTables, localTableNames, type TableNames } from '../local/dynamodb/tables';
import { DEFAULT_SIGNING_ALIAS } from '../local/kms/keystore';
import { type KmsServerHandle, startKmsServer } from '../local/kms/server';
import { LOCAL_STRIPE_KEY, type PaymentsServerHandle, startPaymentsServer } from '../local/payments/server';
import type { Clock } from '../shared/adapters/clock';
import { type AppDependencies, buildDependencies } from '../shared/adapters/dependencies';
import { StripeProcessor } from '../shared/adapters/payments/stripe-processor';
import { loadConfig } from '../shared/config';
import { CARRIER_IDS } from '../shared/config/carriers';
import {
  AUDIT_SIGNING_KEY_ENV,
  CARRIER_SECRET_VALUES_ENV,
  KMS_KEY_ENV,
  PAYMENT_API_URL_ENV,
  PAYMENT_KEY_VALUE_ENV,
  tables,
} from '../shared/config/resources';
import type { PaymentProcessor } from '../shared/ports/payments';
import { registerProfile } from '../shared/usecases/account';
import { credentials, RequestCounter, region, self } from './lib';

export interface Stack {
  readonly dynamodbEndpoint: string;
  readonly kms: KmsServerHandle;
  /** The Stripe-compatible processor the real SDK is pointed at. */
  readonly payments: PaymentsServerHandle;
  /** A plain DynamoDB client (no counting) for seeding and baselines. */
  readonly raw: DynamoDBClient;
  stop(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const installDir = await ensureDynamoDbLocal();
  const dynamodb = await startDynamoDbLocal({ port: await freePort(), installDir });
  const kms = await startKmsServer({ port: 0 });
  const payments = await startPaymentsServer({ port: 0 });
  const raw = new DynamoDBClient({ endpoint: dynamodb.endpoint, region, credentials, maxAttempts: 10 });
  return {
    dynamodbEndpoint: dynamodb.endpoint,
    kms,
    payments,
    raw,
    stop: async () => {
      raw.destroy();
      await payments.stop();
      await kms.stop();
      await dynamodb.stop();
    },
  };
}

/** The environment a function would get for these tables, the local key and the local processor. */
export function envFor(names: TableNames, stack: Pick<Stack, 'kms' | 'payments'>): Record<string, string> {
  return {
    ...Object.fromEntries((Object.keys(tables) as (keyof typeof tables)[]).map((id) => [tables[id].envVar, names[id]])),
    [KMS_KEY_ENV]: stack.kms.keyArn,
    [AUDIT_SIGNING_KEY_ENV]: DEFAULT_SIGNING_ALIAS,
    [CARRIER_SECRET_VALUES_ENV]: JSON.stringify(Object.fromEntries(CARRIER_IDS.map((id) => [id, `bench-${id}`]))),
    [PAYMENT_KEY_VALUE_ENV]: LOCAL_STRIPE_KEY,
    [PAYMENT_API_URL_ENV]: stack.payments.endpoint,
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
  /** The processor calls (authorise, capture…), timed at the caller like the AWS clients' commands. */
  readonly processor: RequestCounter;
}

/** The Stripe adapter on the stack's processor, each call timed into `counter` (by method name). */
function timedProcessor(stack: Stack, counter: RequestCounter): PaymentProcessor {
  const stripe = new StripeProcessor({
    apiKey: async () => LOCAL_STRIPE_KEY,
    apiUrl: new URL(stack.payments.endpoint),
  });
  const timed =
    <A extends unknown[], R>(name: string, call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const start = performance.now();
      try {
        return await call(...args);
      } finally {
        counter.record(name, performance.now() - start);
      }
    };
  return {
    name: stripe.name,
    authorise: timed('authorise', (r) => stripe.authorise(r)),
    capture: timed('capture', (id, amount, key) => stripe.capture(id, amount, key)),
    void: timed('void', (id, key) => stripe.void(id, key)),
    refund: timed('refund', (id, amount, ref, key) => stripe.refund(id, amount, ref, key)),
    openAuthorisations: (from, to) => stripe.openAuthorisations(from, to),
  };
}

/**
 * A fresh "process": new clients (so a cold key cache, no remembered heads or policy lists), the
 * real adapters, events recorded instead of sent to EventBridge.
 */
export function processDeps(stack: Stack, names: TableNames, options: { clock?: Clock } = {}): CountedDeps {
  const dynamodb = new DynamoDBClient({ endpoint: stack.dynamodbEndpoint, region, credentials });
  const kms = new KMSClient({ endpoint: stack.kms.endpoint, region, credentials });
  const counted = {
    dynamodb: RequestCounter.on(dynamodb),
    kms: RequestCounter.on(kms),
    processor: new RequestCounter(),
  };
  const deps = buildDependencies(loadConfig(envFor(names, stack)), {
    dynamodb,
    kms,
    payments: timedProcessor(stack, counted.processor),
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
