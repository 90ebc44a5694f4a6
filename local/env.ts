// The environment handler code reads, pointed at the local services: the same variables Lambda gets, plus SDK endpoints.
import { createHmac, randomBytes } from 'node:crypto';
import { CARRIER_IDS } from '../shared/config/carriers';
import {
  ACCOUNT_URL_ENV,
  AUDIT_SIGNING_KEY_ENV,
  CARRIER_SECRET_VALUES_ENV,
  CURSOR_SECRET_VALUE_ENV,
  EVENT_BUS_ENV,
  KMS_KEY_ENV,
  MAIL_FROM_ENV,
  PAYMENT_API_URL_ENV,
  PAYMENT_KEY_VALUE_ENV,
  STAFF_POOL_ENV,
  type TableId,
  tables,
  USER_POOL_ENV,
} from '../shared/config/resources';
import { localTableNames, type TableNames } from './dynamodb/tables';
import { LOCAL_EVENT_BUS_NAME } from './events/entries';
import { LOCAL_CUSTOMER_POOL_ID, LOCAL_STAFF_POOL_ID } from './identity/server';
import { DEFAULT_SIGNING_ALIAS } from './kms/keystore';
import { LOCAL_STRIPE_KEY } from './payments/server';

export interface LocalEnvironmentOptions {
  dynamodbEndpoint: string;
  kmsEndpoint: string;
  /**
   * The local EventBridge (local/events/server.ts). Without it AWS_ENDPOINT_URL_EVENTBRIDGE is not set, and
   * PutEvents goes to AWS with the dummy local credentials and is refused: publish only with it set.
   */
  eventsEndpoint?: string;
  /** Key id, ARN or alias of the local KMS key that wraps subject data keys. */
  keyId: string;
  /** The local signing key audit digests are signed with. @default its alias */
  signingKeyId?: string;
  /**
   * Who the process acts as (its access key id): the local services apply the audit stores' policies
   * by it, as IAM does by role (local/principals.ts). @default `local`, a route handler
   */
  principal?: string;
  /** Tables are named `<prefix>-<id>` (see localTableNames). */
  tablePrefix?: string;
  /** Explicit table names (tests use unique ones); wins over tablePrefix. */
  tableNames?: TableNames;
  /** The seed each carrier's webhook secret is derived from (see localCarrierSecret). */
  carrierWebhookSecret?: string;
  /** The local Stripe-compatible service (local/payments/server.ts); without it, no processor is configured. */
  paymentsEndpoint?: string;
  /** Seals page cursors; a fresh one per process by default, so cursors do not outlive the runtime. */
  cursorSecret?: string;
  /**
   * The local identity service (local/identity/server.ts): erasure signs customers out and removes
   * them there, and complaint assignment reads the staff pool, through the real Cognito SDK.
   */
  identityEndpoint?: string;
  /** The local mail outbox (local/mail/server.ts): the mailer's SES v2 client sends there. */
  mailEndpoint?: string;
}

/** The local sender identity, and where links in local mails point (the frontend's dev server). */
export const LOCAL_MAIL_FROM = 'Customer service <no-reply@shop.localhost>';
const LOCAL_ACCOUNT_URL = 'http://localhost:5173/account';

/**
 * A carrier's local webhook secret, derived from one seed so `npm start` prints one value and tests
 * can compute each carrier's: HMAC-SHA256(seed, "carrier:<id>"). In AWS each carrier has a secret of
 * its own in Secrets Manager.
 */
export const localCarrierSecret = (seed: string, carrier: string): string =>
  createHmac('sha256', seed).update(`carrier:${carrier}`).digest('hex');

/**
 * AWS SDK v3 reads `AWS_ENDPOINT_URL_<SERVICE>`, so clients created with no endpoint option talk to the
 * local services and handler code never branches on "local".
 */
export function localEnvironment(options: LocalEnvironmentOptions): Record<string, string> {
  const names = options.tableNames ?? localTableNames(options.tablePrefix);
  return {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: options.principal ?? 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: options.dynamodbEndpoint,
    AWS_ENDPOINT_URL_KMS: options.kmsEndpoint,
    // The SDK derives the name from the client's service id, "EventBridge".
    ...(options.eventsEndpoint ? { AWS_ENDPOINT_URL_EVENTBRIDGE: options.eventsEndpoint } : {}),
    ...(options.identityEndpoint
      ? {
          AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: options.identityEndpoint,
          [USER_POOL_ENV]: LOCAL_CUSTOMER_POOL_ID,
          [STAFF_POOL_ENV]: LOCAL_STAFF_POOL_ID,
        }
      : {}),
    ...(options.mailEndpoint
      ? {
          AWS_ENDPOINT_URL_SESV2: options.mailEndpoint,
          [MAIL_FROM_ENV]: LOCAL_MAIL_FROM,
          [ACCOUNT_URL_ENV]: LOCAL_ACCOUNT_URL,
        }
      : {}),
    ...Object.fromEntries((Object.keys(tables) as TableId[]).map((id) => [tables[id].envVar, names[id]])),
    [KMS_KEY_ENV]: options.keyId,
    [AUDIT_SIGNING_KEY_ENV]: options.signingKeyId ?? DEFAULT_SIGNING_ALIAS,
    [EVENT_BUS_ENV]: LOCAL_EVENT_BUS_NAME,
    POWERTOOLS_SERVICE_NAME: 'orders-local',
    POWERTOOLS_METRICS_NAMESPACE: 'PrivacyOrders',
    POWERTOOLS_DEV: 'true',
    [CARRIER_SECRET_VALUES_ENV]: JSON.stringify(
      Object.fromEntries(
        CARRIER_IDS.map((id) => [
          id,
          localCarrierSecret(
            options.carrierWebhookSecret ?? process.env.CARRIER_WEBHOOK_SECRET ?? 'local-carrier-webhook-secret',
            id,
          ),
        ]),
      ),
    ),
    ...(options.paymentsEndpoint && {
      [PAYMENT_KEY_VALUE_ENV]: LOCAL_STRIPE_KEY,
      [PAYMENT_API_URL_ENV]: options.paymentsEndpoint,
    }),
    [CURSOR_SECRET_VALUE_ENV]:
      options.cursorSecret ?? process.env[CURSOR_SECRET_VALUE_ENV] ?? randomBytes(32).toString('base64url'),
  };
}

/** Copies the variables into process.env; call before the first handler module is imported. */
export function applyLocalEnvironment(env: Record<string, string>): void {
  Object.assign(process.env, env);
}
