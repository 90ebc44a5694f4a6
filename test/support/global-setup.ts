// Jest globalSetup (integration, e2e): one DynamoDB Local (in memory, random port), one local KMS, one local EventBridge and one local payment processor for the whole run.
import { ensureDynamoDbLocal } from '../../local/dynamodb/install';
import { type DynamoDbLocalHandle, freePort, PortBusyError, startDynamoDbLocal } from '../../local/dynamodb/launcher';
import { type EventBusServerHandle, startEventBusServer } from '../../local/events/server';
import { type KmsServerHandle, startKmsServer } from '../../local/kms/server';
import { type PaymentsServerHandle, startPaymentsServer } from '../../local/payments/server';

export interface LocalTestStack {
  dynamodb: DynamoDbLocalHandle;
  kms: KmsServerHandle;
  events: EventBusServerHandle;
  payments: PaymentsServerHandle;
}

/** Handles kept for global-teardown (same process); workers only see the TEST_* variables. */
export const stackHolder = globalThis as typeof globalThis & { __localTestStack?: LocalTestStack };

export default async function globalSetup(): Promise<void> {
  // Both projects name this file; jest runs it once per path, and the flag covers reruns in watch mode.
  if (stackHolder.__localTestStack) return;
  const installDir = await ensureDynamoDbLocal();
  const [dynamodb, kms, events, payments] = await Promise.all([
    startDynamoDb(installDir),
    startKmsServer({ port: 0 }),
    // Tests read what was published through `GET /_events` (publishedEvents); the run's output stays quiet.
    startEventBusServer({ port: 0, logTo: () => {} }),
    // Every `sk_test_…` key an account of its own: each harness (app-harness.ts) pays with one of its own.
    startPaymentsServer({ port: 0, accounts: 'any-test-key' }),
  ]);
  stackHolder.__localTestStack = { dynamodb, kms, events, payments };
  // Workers are forked after globalSetup and inherit these.
  process.env.TEST_DYNAMODB_ENDPOINT = dynamodb.endpoint;
  process.env.TEST_KMS_ENDPOINT = kms.endpoint;
  process.env.TEST_KMS_KEY_ID = kms.keyArn;
  process.env.TEST_EVENTS_ENDPOINT = events.endpoint;
  process.env.TEST_PAYMENTS_ENDPOINT = payments.endpoint;
}

/** A free port can be taken between probing and binding; one retry covers that race. */
async function startDynamoDb(installDir: string): Promise<DynamoDbLocalHandle> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDynamoDbLocal({ port: await freePort(), installDir, portEnvVar: 'a free port (test setup)' });
    } catch (error) {
      if (!(error instanceof PortBusyError) || attempt >= 3) throw error;
    }
  }
}
