/**
 * The one declaration of every table and of the key that encrypts them. The CDK stateful stack,
 * the local runtime's table creation and the repositories all read this file, so a key name or an
 * index cannot drift between them. Pure data: no AWS imports.
 */

/** Attribute holding an item's expiry in epoch seconds (DynamoDB TTL on every table). */
export const TTL_ATTRIBUTE = 'expiresAt';
/** Day bucket (`RETENTION#yyyy-mm-dd`) and epoch-seconds due time of retention work on an item. */
export const RETENTION_BUCKET_ATTRIBUTE = 'retentionBucket';
export const RETENTION_DUE_ATTRIBUTE = 'retentionDueAt';

export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S' | 'N' | 'B';
}

export interface IndexDeclaration {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
}

export interface TableDeclaration {
  /** Logical id used in CDK and as the local table name suffix. */
  readonly id: 'data' | 'keys' | 'audit' | 'idempotency' | 'digests';
  /** Environment variable that carries the deployed table name to functions. */
  readonly envVar: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly globalSecondaryIndexes: readonly IndexDeclaration[];
  /** Point-in-time recovery. See docs/decisions for why `keys` differs. */
  readonly pointInTimeRecovery: boolean;
  /**
   * The table's DynamoDB stream in AWS and what each record carries. The stream functions
   * (`functions/streams/index.ts`) read it; the local runtime ignores it (it polls the outbox).
   * @default - no stream
   */
  readonly stream?: 'NEW_IMAGE';
  /**
   * DynamoDB TTL on {@link TTL_ATTRIBUTE}. Off for `audit`: whoever writes an item chooses its expiry,
   * so a TTL would let any audit writer delete a record (docs/decisions/0032).
   */
  readonly timeToLive: boolean;
  /** What the table holds, for the README and the CDK description. */
  readonly purpose: string;
}

const pk: KeyAttribute = { name: 'pk', type: 'S' };
const sk: KeyAttribute = { name: 'sk', type: 'S' };

export const tables = {
  data: {
    id: 'data',
    envVar: 'TABLE_DATA',
    partitionKey: pk,
    sortKey: sk,
    globalSecondaryIndexes: [
      { indexName: 'gsi1', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } },
      // Sparse work queues (e.g. orders waiting for fulfilment): only items in a queue carry gsi2pk.
      { indexName: 'gsi2', partitionKey: { name: 'gsi2pk', type: 'S' }, sortKey: { name: 'gsi2sk', type: 'S' } },
      // Orders by the time they were placed (`PLACED#nn` / `<createdAt>#<orderId>`, sharded by order id):
      // the customers with orders in a time range, for a breach's affected subjects, without a Scan.
      // Only order items under their subject carry it; erasure's anonymised copy does not.
      { indexName: 'gsi3', partitionKey: { name: 'gsi3pk', type: 'S' }, sortKey: { name: 'gsi3sk', type: 'S' } },
      // Sweeps find due retention work by day bucket (`RETENTION#2026-11-25`), never by Scan. Separate
      // from TTL: an order's personal details are anonymised at their due date, the order itself stays.
      {
        indexName: 'byRetention',
        partitionKey: { name: RETENTION_BUCKET_ATTRIBUTE, type: 'S' },
        sortKey: { name: RETENTION_DUE_ATTRIBUTE, type: 'N' },
      },
    ],
    pointInTimeRecovery: true,
    // New outbox items reach the outbox publisher through it (decision 0040). New images only: an
    // old image would add nothing a publisher needs, and every record is encrypted with the table key.
    stream: 'NEW_IMAGE',
    timeToLive: true,
    purpose: 'Profiles, consent ledger, orders, shipments, disclosures, requests, complaints, policies, outbox',
  },
  keys: {
    id: 'keys',
    envVar: 'TABLE_KEYS',
    partitionKey: pk,
    globalSecondaryIndexes: [],
    // A PITR copy would keep a shredded key recoverable for 35 days; erasure must be final.
    pointInTimeRecovery: false,
    timeToLive: true,
    purpose: 'One KMS-wrapped data key per subject; deleting it crypto-shreds the subject',
  },
  audit: {
    id: 'audit',
    envVar: 'TABLE_AUDIT',
    partitionKey: pk,
    sortKey: sk,
    globalSecondaryIndexes: [
      { indexName: 'gsi1', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } },
    ],
    pointInTimeRecovery: true,
    timeToLive: false,
    purpose: 'Append-only, per-subject hash-chained audit trail',
  },
  idempotency: {
    id: 'idempotency',
    envVar: 'TABLE_IDEMPOTENCY',
    partitionKey: { name: 'id', type: 'S' },
    globalSecondaryIndexes: [],
    pointInTimeRecovery: false,
    timeToLive: true,
    purpose: 'Idempotency records for retried requests (24 h TTL)',
  },
  digests: {
    id: 'digests',
    envVar: 'TABLE_AUDIT_DIGESTS',
    partitionKey: pk,
    sortKey: sk,
    globalSecondaryIndexes: [],
    pointInTimeRecovery: true,
    // Set once by the digest job when it writes an item; nobody can change it afterwards.
    timeToLive: true,
    purpose: 'Signed audit digests and verification runs; written once, never changed or deleted',
  },
} as const satisfies Record<string, TableDeclaration>;

export type TableId = keyof typeof tables;

/** Environment variable naming the KMS key (id, ARN or alias) that wraps subject data keys. */
export const KMS_KEY_ENV = 'KMS_KEY_ID';
/** Environment variable naming the asymmetric KMS key audit digests are signed with. */
export const AUDIT_SIGNING_KEY_ENV = 'AUDIT_SIGNING_KEY_ID';
/** Environment variable naming the EventBridge bus domain events go to. */
export const EVENT_BUS_ENV = 'EVENT_BUS_NAME';
/** The `source` of every event this backend publishes; IAM allows PutEvents with no other. */
export const EVENT_SOURCE = 'privacy-orders';
/**
 * The carrier webhook signing secrets, one per carrier profile (shared/config/carriers.ts), as a JSON
 * object keyed by carrier id: in AWS of Secrets Manager ARNs (`CARRIER_WEBHOOK_SECRET_ARNS`),
 * locally of the values themselves (`CARRIER_WEBHOOK_SECRETS`).
 */
export const CARRIER_SECRET_ARNS_ENV = 'CARRIER_WEBHOOK_SECRET_ARNS';
export const CARRIER_SECRET_VALUES_ENV = 'CARRIER_WEBHOOK_SECRETS';
/**
 * The payment processor's secret API key: in AWS the ARN of a Secrets Manager secret
 * (`STRIPE_API_KEY_SECRET_ARN`), locally the value (`STRIPE_API_KEY`). `STRIPE_API_URL` points the
 * SDK at another host and port (the local processor service); unset, it talks to Stripe.
 */
export const PAYMENT_KEY_ARN_ENV = 'STRIPE_API_KEY_SECRET_ARN';
export const PAYMENT_KEY_VALUE_ENV = 'STRIPE_API_KEY';
export const PAYMENT_API_URL_ENV = 'STRIPE_API_URL';
/**
 * The secret page cursors are sealed with (shared/http/cursor.ts): in AWS the ARN of a Secrets
 * Manager secret (`CURSOR_SECRET_ARN`); locally the value itself (`CURSOR_SECRET`).
 */
export const CURSOR_SECRET_ARN_ENV = 'CURSOR_SECRET_ARN';
export const CURSOR_SECRET_VALUE_ENV = 'CURSOR_SECRET';
/** The Cognito customer pool whose accounts erasure signs out and removes (unset: removals are only recorded). */
export const USER_POOL_ENV = 'USER_POOL_ID';
/** The Cognito staff pool, read to check who holds a staff role (complaint assignment). */
export const STAFF_POOL_ENV = 'STAFF_USER_POOL_ID';
/** Mail to subjects: the SES identity it is sent from (`Name <address>`), and where its links point. */
export const MAIL_FROM_ENV = 'MAIL_FROM_ADDRESS';
export const ACCOUNT_URL_ENV = 'ACCOUNT_URL';

/**
 * Customer token lifetimes (the web client of the customer pool, infra/stacks/api-stack.ts). The
 * API Gateway authorizer checks signatures, not revocation, so an ID token stays usable until it
 * expires even after a global sign-out; a refresh token is revoked by it, and dies with the account.
 * An erased subject's tombstone outlives the longest (shared/config/retention.ts).
 */
export const CUSTOMER_TOKEN_LIFETIMES = { idTokenHours: 1, accessTokenHours: 1, refreshTokenDays: 30 } as const;

/** What a function's code touches; infra turns each into the narrowest IAM grant that covers it. */
export interface FunctionAccess {
  /** Single `data` table. */
  readonly data?: 'read' | 'readwrite';
  /** Subject data keys: read/create wrapped keys and unwrap them with KMS. `shred` adds deletion. */
  readonly subjectKeys?: 'use' | 'use-and-shred';
  /**
   * Audit trail: `append` reads the chain head and puts records; `read` queries records and heads;
   * `expire` (the audit-retention job alone) also deletes records past the retention period.
   */
  readonly audit?: 'append' | 'read' | 'append-and-read' | 'expire';
  /**
   * The digest table: `read` digests and signed positions; `append` also writes digests (the digest
   * job); `verify` also writes verification runs (the verifier). Nobody updates or deletes.
   */
  readonly auditDigests?: 'read' | 'append' | 'verify';
  /** The digest key: `sign` (the digest job alone) or only fetch the `public-key`. */
  readonly auditSigning?: 'sign' | 'public-key';
  /**
   * Idempotency records: `true` claims and completes them (the routes that take an
   * `Idempotency-Key`); `read` only looks one up (the payment reconciliation finds an authorisation's order).
   */
  readonly idempotency?: true | 'read';
  /** Publishes domain events (`events:PutEvents` on the bus). */
  readonly events?: boolean;
  /** Reads the carrier webhook signing secrets (one per carrier). */
  readonly carrierWebhookSecret?: boolean;
  /** Calls the payment processor (reads its API key secret). */
  readonly paymentProcessor?: boolean;
  /** Pages its results: reads the secret that seals page cursors. */
  readonly pageCursors?: boolean;
  /** Finds customers by `sub`, signs them out everywhere and deletes them (erasure only). */
  readonly identityProvider?: 'delete-users';
  /** Reads the staff pool: who holds which staff role, by staff subject id. */
  readonly staffDirectory?: 'read';
  /** Sends mail to subjects through SES (`ses:SendEmail` from the configured identity only). */
  readonly mail?: 'send';
  /**
   * Records the caller's activity on their profile (inactive accounts): UpdateItem of the activity
   * attributes only (`ACTIVITY_ATTRIBUTES`), on the data table. Every customer route has it.
   */
  readonly activity?: 'record';
}

/** The profile attributes recording activity reads and writes (the `activity` grant allows no other). */
export const ACTIVITY_ATTRIBUTES = [
  'pk',
  'sk',
  'lastActiveAt',
  'closedAt',
  'inactivityNoticeAt',
  RETENTION_BUCKET_ATTRIBUTE,
  RETENTION_DUE_ATTRIBUTE,
  'retentionAction',
] as const;

/** The tables a function with `access` touches; the deployment passes it exactly these names. */
export function tablesTouched(access: FunctionAccess): TableId[] {
  return [
    ...(access.data || access.activity ? (['data'] as const) : []),
    ...(access.subjectKeys ? (['keys'] as const) : []),
    ...(access.audit ? (['audit'] as const) : []),
    ...(access.idempotency ? (['idempotency'] as const) : []),
    ...(access.auditDigests ? (['digests'] as const) : []),
  ];
}

/**
 * The partition keys each digest-table writer may put (IAM `dynamodb:LeadingKeys`): the digest job
 * writes digests, their parts, chain positions and index markers; the verifier writes verification
 * runs. Neither can write what the other writes. Must match shared/adapters/dynamodb/keys.ts.
 */
export const DIGEST_TABLE_WRITES = {
  append: ['DIGEST', 'DIGEST#*', 'CHAIN#*', 'INDEXED'],
  verify: ['VERIFICATION', 'VERIFICATION#*'],
} as const satisfies Record<'append' | 'verify', readonly string[]>;
