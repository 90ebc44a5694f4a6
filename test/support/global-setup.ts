// Jest globalSetup (integration, e2e): one DynamoDB Local (in memory, random port), one local KMS and one local EventBridge for the whole run.
import { ensureDynamoDbLocal } from '../../local/dynamodb/install';
import { type DynamoDbLocalHandle, freePort, PortBusyError, startDynamoDbLocal } from '../../local/dynamodb/launcher';
import { type EventBusServerHandle, startEventBusServer } from '../../local/events/server';
import { type KmsServerHandle, startKmsServer } from '../../local/kms/server';

export interface LocalTestStack {
  dynamodb: DynamoDbLocalHandle;
  kms: KmsServerHandle;
  events: EventBusServerHandle;
}

/** Handles kept for global-teardown (same process); workers only see the TEST_* variables. */
export const stackHolder = globalThis as typeof globalThis & { __localTestStack?: LocalTestStack };

export default async function globalSetup(): Promise<void> {
  // Both projects name this file; jest runs it once per path, and the flag covers reruns in watch mode.
  if (stackHolder.__localTestStack) return;
  const installDir = await ensureDynamoDbLocal();
  const [dynamodb, kms, events] = await Promise.all([
    startDynamoDb(installDir),
    startKmsServer({ port: 0 }),
    // Tests read what was published through `GET /_events` (publishedEvents); the run's output stays quiet.
    startEventBusServer({ port: 0, logTo: () => {} }),
  ]);
  stackHolder.__localTestStack = { dynamodb, kms, events };
  // Workers are forked after globalSetup and inherit these.
  process.env.TEST_DYNAMODB_ENDPOINT = dynamodb.endpoint;
  process.env.TEST_KMS_ENDPOINT = kms.endpoint;
  process.env.TEST_KMS_KEY_ID = kms.keyArn;
  process.env.TEST_EVENTS_ENDPOINT = events.endpoint;
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
