// Test helpers over the stack global-setup started: SDK clients, fresh uniquely named tables, and the env handlers need.
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTables, localTableNames, type TableNames } from '../../local/dynamodb/tables';
import { localEnvironment } from '../../local/env';
import type { StoredEvent } from '../../local/events/server';

export type { StoredEvent, TableNames };

export interface TestEndpoints {
  readonly dynamodbEndpoint: string;
  readonly kmsEndpoint: string;
  /** ARN of the shared local KMS key. */
  readonly kmsKeyId: string;
  /** The shared local EventBridge (local/events/server.ts). */
  readonly eventsEndpoint: string;
  /** The shared local Stripe-compatible processor (local/payments/server.ts): its state is shared by all test files. */
  readonly paymentsEndpoint: string;
}

/** Endpoints of the shared stack; only set in projects whose globalSetup is test/support/global-setup.ts. */
export function testEndpoints(): TestEndpoints {
  const { TEST_DYNAMODB_ENDPOINT, TEST_KMS_ENDPOINT, TEST_KMS_KEY_ID, TEST_EVENTS_ENDPOINT, TEST_PAYMENTS_ENDPOINT } =
    process.env;
  if (
    !TEST_DYNAMODB_ENDPOINT ||
    !TEST_KMS_ENDPOINT ||
    !TEST_KMS_KEY_ID ||
    !TEST_EVENTS_ENDPOINT ||
    !TEST_PAYMENTS_ENDPOINT
  ) {
    throw new Error(
      'The local test stack is not running: use the integration or e2e jest project (its globalSetup starts it)',
    );
  }
  return {
    dynamodbEndpoint: TEST_DYNAMODB_ENDPOINT,
    kmsEndpoint: TEST_KMS_ENDPOINT,
    kmsKeyId: TEST_KMS_KEY_ID,
    eventsEndpoint: TEST_EVENTS_ENDPOINT,
    paymentsEndpoint: TEST_PAYMENTS_ENDPOINT,
  };
}

/** The shared local EventBridge that testEnvironment points handlers at. */
export function testEventsEndpoint(): string {
  return testEndpoints().eventsEndpoint;
}

const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** A client for the shared DynamoDB Local. */
export function testDynamoDbClient(): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: testEndpoints().dynamodbEndpoint,
    region: 'us-east-1',
    credentials: localCredentials,
  });
}

let counter = 0;

/**
 * Creates every declared table under a prefix unique to this call (default `t<pid>-<n>-<random>`), so test
 * files running in parallel never share data. Returns the table names.
 */
export async function createTestTables(prefix?: string): Promise<TableNames> {
  const names = localTableNames(prefix ?? `t${process.pid}-${++counter}-${randomBytes(3).toString('hex')}`);
  const client = testDynamoDbClient();
  try {
    await createTables(client, names);
  } finally {
    client.destroy();
  }
  return names;
}

/** The variables a handler reads (tables, key, SDK endpoints, Powertools), as `npm start` sets them. Assign to process.env. */
export function testEnvironment(
  names: TableNames,
  overrides: { kmsEndpoint?: string; kmsKeyId?: string; eventsEndpoint?: string } = {},
): Record<string, string> {
  const endpoints = testEndpoints();
  return localEnvironment({
    dynamodbEndpoint: endpoints.dynamodbEndpoint,
    kmsEndpoint: overrides.kmsEndpoint ?? endpoints.kmsEndpoint,
    eventsEndpoint: overrides.eventsEndpoint ?? endpoints.eventsEndpoint,
    keyId: overrides.kmsKeyId ?? endpoints.kmsKeyId,
    tableNames: names,
    carrierWebhookSecret: 'test-carrier-webhook-secret',
    paymentsEndpoint: endpoints.paymentsEndpoint,
  });
}

/**
 * Events the local EventBridge accepted so far, oldest first (via its `GET /_events`). The shared one collects
 * events from every test file running in parallel: pick yours out (e.g. by an id in the detail) rather than
 * clearing it, or start your own with startEventBusServer and pass its endpoint here and to testEnvironment.
 */
export async function publishedEvents(endpoint = testEventsEndpoint()): Promise<StoredEvent[]> {
  const response = await fetch(`${endpoint}/_events`);
  if (!response.ok) throw new Error(`GET ${endpoint}/_events answered ${response.status}`);
  return ((await response.json()) as { events: StoredEvent[] }).events;
}
