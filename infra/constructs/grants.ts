/**
 * The one place that turns a route's or job's `FunctionAccess` (what its code touches) into
 * environment variables and the narrowest IAM statements that cover it. Nothing else in infra grants
 * access to data, keys, events, secrets or identities (the CDK constructs that wire a job to its own
 * queues add only the SQS actions that wiring needs).
 */
import { Stack } from 'aws-cdk-lib';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { Effect, type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import {
  ACCOUNT_URL_ENV,
  ACTIVITY_ATTRIBUTES,
  AUDIT_SIGNING_KEY_ENV,
  CARRIER_SECRET_ARNS_ENV,
  CURSOR_SECRET_ARN_ENV,
  DIGEST_TABLE_WRITES,
  EVENT_BUS_ENV,
  EVENT_SOURCE,
  type FunctionAccess,
  KMS_KEY_ENV,
  MAIL_FROM_ENV,
  PAYMENT_KEY_ARN_ENV,
  STAFF_POOL_ENV,
  type TableId,
  tables,
  USER_POOL_ENV,
} from '../../shared/config/resources';
import { CREATE_ACTIONS, OPEN_ACTIONS, SUBJECT_CONTEXT_KEY, type SubjectKeyUse } from './subject-key';

export { SUBJECT_CONTEXT_KEY };

/** Item-level reads: no Scan (sweeps query the retention index), no stream or table-description access. */
const READ = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem'];
const WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];

/**
 * DynamoDB actions per touched table, by access level. The audit table is append-only: no access
 * level includes UpdateItem, and only `expire` (the audit-retention job) DeleteItem; the digest table
 * is written once: no level includes UpdateItem or DeleteItem, and its PutItem is limited to each
 * writer's own partitions (`DIGEST_TABLE_WRITES`). Both tables' resource policies deny the same to
 * everyone else (infra/constructs/append-only.ts). `data.public-write` is `readwrite` for a route
 * anyone can call (the carrier webhook): it records and updates, but never deletes.
 */
export const TABLE_ACTIONS = {
  data: {
    read: READ,
    readwrite: [...READ, ...WRITE],
    'public-write': [...READ, 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  },
  keys: {
    open: ['dynamodb:GetItem'],
    create: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:ConditionCheckItem'],
    shred: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem'],
  },
  audit: {
    append: ['dynamodb:GetItem', 'dynamodb:PutItem'],
    read: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
    'append-and-read': ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
    expire: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
  },
  digests: {
    read: ['dynamodb:GetItem', 'dynamodb:Query'],
    append: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
    verify: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
  },
  idempotency: {
    readwrite: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
    read: ['dynamodb:GetItem'],
  },
} as const;

/**
 * What DynamoDB asks KMS for on the caller's behalf when the table uses a customer-managed key:
 * reads unwrap the table key; writes may also encrypt under it. Usable only through DynamoDB.
 */
const TABLE_KEY_READ = ['kms:Decrypt', 'kms:DescribeKey'];
const TABLE_KEY_WRITE = [
  ...TABLE_KEY_READ,
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
];

/** Envelope encryption of personal fields: create and unwrap per-subject data keys, or only unwrap them. */
const SUBJECT_KEY_ACTIONS: Record<SubjectKeyUse, readonly string[]> = {
  open: OPEN_ACTIONS,
  create: CREATE_ACTIONS,
  shred: CREATE_ACTIONS,
};

/**
 * What a function does with subject data keys. Personal fields are sealed only when an item is
 * written to the data table, so a function that cannot write it only opens keys: no `PutItem` on the
 * keys table, no `kms:GenerateDataKey`. Only `use-and-shred` deletes keys.
 */
export function subjectKeyUse(access: FunctionAccess): SubjectKeyUse | undefined {
  if (!access.subjectKeys) return undefined;
  if (access.subjectKeys === 'use-and-shred') return 'shred';
  return access.data === 'readwrite' ? 'create' : 'open';
}

/** Who may call the function: a `public` one is reachable without a token. */
export interface GrantOptions {
  readonly exposure: 'public' | 'authenticated';
}

/** Publishing domain events: one action, on the one bus. */
export const EVENT_ACTIONS = ['events:PutEvents'] as const;

/** Reading a secret (a carrier's signing key, the processor's API key): the value only (no DescribeSecret, no listing). */
export const SECRET_ACTIONS = ['secretsmanager:GetSecretValue'] as const;

/**
 * What Secrets Manager asks KMS for when a caller reads a secret encrypted with a customer-managed
 * key: Decrypt of the secret version's data key, nothing else.
 */
const SECRET_KEY_ACTIONS = ['kms:Decrypt'];

/**
 * Removing a subject's sign-in identity (erasure), on the one customer pool: find the user by `sub`
 * (the pool's username is not the `sub`), sign them out everywhere, delete them.
 */
export const IDENTITY_PROVIDER_ACTIONS = {
  'delete-users': ['cognito-idp:ListUsers', 'cognito-idp:AdminUserGlobalSignOut', 'cognito-idp:AdminDeleteUser'],
} as const;

/** Mail to subjects: one action. */
export const MAIL_ACTIONS = ['ses:SendEmail'] as const;

/** Who holds a staff role, on the one staff pool: find the user by `sub`, read their groups. */
export const STAFF_DIRECTORY_ACTIONS = ['cognito-idp:ListUsers', 'cognito-idp:AdminListGroupsForUser'] as const;

/** Encryption-context key Secrets Manager binds every data key of a secret to (the secret's ARN). */
export const SECRET_CONTEXT_KEY = 'SecretARN';

export interface GrantTargets {
  /** The customer-managed key that encrypts the tables and the carrier webhook secret at rest. */
  readonly key: IKey;
  /** The key that wraps subject data keys (its key policy names the roles that may use it). */
  readonly subjectKey: IKey;
  /** The asymmetric key audit digests are signed with (its key policy names the one role that may sign). */
  readonly auditSigningKey: IKey;
  readonly tables: Readonly<Record<TableId, ITableV2>>;
  /** The bus domain events go to. */
  readonly bus: IEventBus;
  /** The carrier webhook signing secrets, one per carrier id (encrypted with {@link key}). */
  readonly carrierWebhookSecrets: Readonly<Record<string, ISecret>>;
  /** The payment processor's API key (encrypted with {@link key}). */
  readonly paymentProcessorKey: ISecret;
  /** The secret page cursors are sealed with (encrypted with {@link key}). */
  readonly cursorSecret: ISecret;
  /**
   * The Cognito user pool (stateless stack). Required only when an access declares `identityProvider`.
   * @default - none: granting `identityProvider` throws
   */
  readonly userPool?: IUserPool;
  /**
   * The staff user pool. Required only when an access declares `staffDirectory`.
   * @default - none: granting `staffDirectory` throws
   */
  readonly staffPool?: IUserPool;
  /**
   * The verified SES identity mail to subjects comes from, and the account pages its links point to.
   * @default - none: a function declaring `mail` gets no sender and sends nothing (a development stage)
   */
  readonly mail?: { readonly fromAddress: string; readonly fromName: string; readonly accountUrl: string };
}

/** The function and the role its grants go to (an `ApiFunction` or a `ScheduledJob`'s function satisfies this). */
export interface GrantTarget {
  readonly function: LambdaFunction;
  readonly role: IRole;
}

/**
 * Grants `target` exactly what `access` declares and sets the matching environment variables: each
 * touched table's `envVar` (from `shared/config/resources.ts`), `KMS_KEY_ID` for subject keys,
 * `EVENT_BUS_NAME` for events, `CARRIER_WEBHOOK_SECRET_ARNS` for the carrier webhook secrets,
 * `STRIPE_API_KEY_SECRET_ARN` for the payment processor, `CURSOR_SECRET_ARN` for the page cursor
 * secret and `USER_POOL_ID` for identity-provider access.
 */
export function grantFunctionAccess(
  target: GrantTarget,
  access: FunctionAccess,
  targets: GrantTargets,
  options: GrantOptions = { exposure: 'authenticated' },
): void {
  grantTables(target, access, targets, options);
  if (access.auditSigning) grantAuditSigning(target, access.auditSigning, targets.auditSigningKey);
  if (access.events) grantEvents(target, targets.bus);
  if (access.carrierWebhookSecret) grantCarrierWebhookSecrets(target, targets);
  if (access.paymentProcessor) grantPaymentProcessorKey(target, targets);
  if (access.pageCursors) {
    target.function.addEnvironment(CURSOR_SECRET_ARN_ENV, targets.cursorSecret.secretArn);
    grantSecretValues(target, targets, 'CursorSecret', [targets.cursorSecret]);
  }
  if (access.identityProvider) grantIdentityProvider(target, access.identityProvider, targets.userPool);
  if (access.staffDirectory) grantStaffDirectory(target, targets.staffPool);
  if (access.mail && targets.mail) grantMail(target, targets.mail);
}

function grantTables(target: GrantTarget, access: FunctionAccess, targets: GrantTargets, options: GrantOptions): void {
  const touched: { id: TableId; actions: readonly string[] }[] = [];
  const keyUse = subjectKeyUse(access);
  if (access.data) {
    const level = access.data === 'readwrite' && options.exposure === 'public' ? 'public-write' : access.data;
    touched.push({ id: 'data', actions: TABLE_ACTIONS.data[level] });
  }
  const recordsActivityOnly = access.activity === 'record' && access.data !== 'readwrite';
  if (keyUse) touched.push({ id: 'keys', actions: TABLE_ACTIONS.keys[keyUse] });
  if (access.audit) touched.push({ id: 'audit', actions: TABLE_ACTIONS.audit[access.audit] });
  if (access.idempotency) {
    touched.push({
      id: 'idempotency',
      actions: TABLE_ACTIONS.idempotency[access.idempotency === 'read' ? 'read' : 'readwrite'],
    });
  }
  if (access.auditDigests) touched.push({ id: 'digests', actions: TABLE_ACTIONS.digests[access.auditDigests] });
  if (recordsActivityOnly) grantActivity(target, targets.tables.data, !access.data);
  if (touched.length === 0 && !recordsActivityOnly) return;

  for (const { id, actions } of touched) {
    const table = targets.tables[id];
    target.function.addEnvironment(tables[id].envVar, table.tableName);
    // Index ARNs are named one by one (no `/index/*`), and only where the access can Query.
    const indexArns = actions.includes('dynamodb:Query')
      ? tables[id].globalSecondaryIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`)
      : [];
    // A digest-table writer puts only into its own partitions; its reads are not limited.
    const level = access.auditDigests;
    const limitedPut = id === 'digests' && (level === 'append' || level === 'verify');
    target.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: `${capitalise(id)}Table`,
        effect: Effect.ALLOW,
        actions: limitedPut ? actions.filter((a) => a !== 'dynamodb:PutItem') : [...actions],
        resources: [table.tableArn, ...indexArns],
      }),
    );
    if (limitedPut) {
      target.role.addToPrincipalPolicy(
        new PolicyStatement({
          sid: 'DigestsTablePutOwnPartitions',
          effect: Effect.ALLOW,
          actions: ['dynamodb:PutItem'],
          resources: [table.tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...DIGEST_TABLE_WRITES[level]] } },
        }),
      );
    }
  }

  // Every table is encrypted with the customer-managed key, so DynamoDB needs the caller to be allowed
  // to use it — but only through DynamoDB in this region, never by calling KMS directly.
  const writes = recordsActivityOnly || touched.some(({ actions }) => actions.some((a) => WRITE.includes(a)));
  target.role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'TableKeyViaDynamoDB',
      effect: Effect.ALLOW,
      actions: writes ? TABLE_KEY_WRITE : TABLE_KEY_READ,
      resources: [targets.key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(target.function).region}.amazonaws.com` } },
    }),
  );

  if (keyUse) {
    target.function.addEnvironment(KMS_KEY_ENV, targets.subjectKey.keyArn);
    target.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'SubjectDataKeys',
        effect: Effect.ALLOW,
        actions: [...SUBJECT_KEY_ACTIONS[keyUse]],
        resources: [targets.subjectKey.keyArn],
        // ForAnyValue: the request's context keys must include subjectId. (ForAllValues would also
        // match a request with no encryption context at all, since "all of nothing" is vacuously true.)
        conditions: { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': [SUBJECT_CONTEXT_KEY] } },
      }),
    );
  }
}

/** Digest signing: what the key's use is (`sign` also fetches the key's ARN and public half), and `AUDIT_SIGNING_KEY_ID`. */
export const AUDIT_SIGNING_ACTIONS = {
  sign: ['kms:Sign', 'kms:GetPublicKey'],
  'public-key': ['kms:GetPublicKey'],
} as const;

/**
 * The digest key, directly (no `kms:ViaService`): `sign` only with the digests' algorithm. The key
 * policy must allow the same: it names the one role that may sign (infra/constructs/digest-key.ts).
 */
function grantAuditSigning(target: GrantTarget, level: NonNullable<FunctionAccess['auditSigning']>, key: IKey): void {
  target.function.addEnvironment(AUDIT_SIGNING_KEY_ENV, key.keyArn);
  target.role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'AuditDigestKey',
      effect: Effect.ALLOW,
      actions: [...AUDIT_SIGNING_ACTIONS[level]],
      resources: [key.keyArn],
    }),
  );
}

/**
 * Recording the caller's activity (every customer route): UpdateItem on the data table, allowed to
 * touch the profile's activity attributes only and to return nothing, so a function that otherwise
 * only reads can change no other attribute. `withEnvironment` when the function has no other access
 * to the table.
 */
function grantActivity(target: GrantTarget, table: ITableV2, withEnvironment: boolean): void {
  if (withEnvironment) target.function.addEnvironment(tables.data.envVar, table.tableName);
  target.role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'RecordActivity',
      effect: Effect.ALLOW,
      actions: ['dynamodb:UpdateItem'],
      resources: [table.tableArn],
      conditions: {
        'ForAllValues:StringEquals': { 'dynamodb:Attributes': [...ACTIVITY_ATTRIBUTES] },
        StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
      },
    }),
  );
}

/** `events:PutEvents` on the one bus (never `*`, never the account's default bus). */
function grantEvents(target: GrantTarget, bus: IEventBus): void {
  target.function.addEnvironment(EVENT_BUS_ENV, bus.eventBusName);
  target.role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'PublishDomainEvents',
      effect: Effect.ALLOW,
      actions: [...EVENT_ACTIONS],
      resources: [bus.eventBusArn],
      // Only this backend's own events: a function cannot impersonate another source on the bus.
      conditions: { StringEquals: { 'events:source': EVENT_SOURCE } },
    }),
  );
}

/**
 * Reads each carrier's signing secret; `CARRIER_WEBHOOK_SECRET_ARNS` maps carrier ids to their ARNs.
 * The handler picks the secret of the carrier named in the path, so one carrier's leaked key signs
 * nothing for another.
 */
function grantCarrierWebhookSecrets(target: GrantTarget, targets: GrantTargets): void {
  const secrets = targets.carrierWebhookSecrets;
  target.function.addEnvironment(
    CARRIER_SECRET_ARNS_ENV,
    Stack.of(target.function).toJsonString(
      Object.fromEntries(Object.entries(secrets).map(([carrier, secret]) => [carrier, secret.secretArn])),
    ),
  );
  grantSecretValues(target, targets, 'CarrierWebhookSecrets', Object.values(secrets));
}

/** Reads the payment processor's API key; `STRIPE_API_KEY_SECRET_ARN` names it. */
function grantPaymentProcessorKey(target: GrantTarget, targets: GrantTargets): void {
  target.function.addEnvironment(PAYMENT_KEY_ARN_ENV, targets.paymentProcessorKey.secretArn);
  grantSecretValues(target, targets, 'PaymentProcessorKey', [targets.paymentProcessorKey]);
}

/**
 * GetSecretValue on exactly these secrets (`Read<name>`). They are encrypted with the
 * customer-managed key, so reading also needs `kms:Decrypt` — only as Secrets Manager in this region,
 * and only for data keys bound to one of these secrets' ARNs (the encryption context Secrets Manager
 * sends with every Decrypt).
 */
function grantSecretValues(
  target: GrantTarget,
  targets: GrantTargets,
  name: string,
  secrets: readonly ISecret[],
): void {
  const arns = secrets.map((secret) => secret.secretArn);
  target.role.addToPrincipalPolicy(
    new PolicyStatement({ sid: `Read${name}`, effect: Effect.ALLOW, actions: [...SECRET_ACTIONS], resources: arns }),
  );
  target.role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: `${name}KeyViaSecretsManager`,
      effect: Effect.ALLOW,
      actions: SECRET_KEY_ACTIONS,
      resources: [targets.key.keyArn],
      conditions: {
        StringEquals: {
          'kms:ViaService': `secretsmanager.${Stack.of(target.function).region}.amazonaws.com`,
          [`kms:EncryptionContext:${SECRET_CONTEXT_KEY}`]: arns.length === 1 ? arns[0] : arns,
        },
      },
    }),
  );
}

/**
 * The identity-provider actions of erasure on the one customer pool (never `*`) and `USER_POOL_ID` =
 * the pool id. Only erasure declares it.
 */
function grantIdentityProvider(
  target: GrantTarget,
  level: NonNullable<FunctionAccess['identityProvider']>,
  userPool: IUserPool | undefined,
): void {
  if (!userPool) {
    throw new Error(
      `identityProvider: '${level}' needs the user pool in the grant targets (${target.function.node.path})`,
    );
  }
  target.function.addEnvironment(USER_POOL_ENV, userPool.userPoolId);
  target.role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'DeleteIdentityProviderUsers',
      effect: Effect.ALLOW,
      actions: [...IDENTITY_PROVIDER_ACTIONS[level]],
      resources: [userPool.userPoolArn],
    }),
  );
}

/**
 * Reading a table's stream. The event source mapping grants the stream actions on that one stream;
 * the records are encrypted with the table key, which the reader may use only through DynamoDB in
 * this region, and only to decrypt.
 */
export function grantStreamKey(target: GrantTarget, targets: GrantTargets): void {
  target.role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'StreamKeyViaDynamoDB',
      effect: Effect.ALLOW,
      actions: TABLE_KEY_READ,
      resources: [targets.key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(target.function).region}.amazonaws.com` } },
    }),
  );
}

/** Reading the staff pool (`STAFF_USER_POOL_ID`): find a user by `sub`, list their groups. Nothing else. */
function grantStaffDirectory(target: GrantTarget, staffPool: IUserPool | undefined): void {
  if (!staffPool) {
    throw new Error(`staffDirectory needs the staff pool in the grant targets (${target.function.node.path})`);
  }
  target.function.addEnvironment(STAFF_POOL_ENV, staffPool.userPoolId);
  target.role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'ReadStaffDirectory',
      effect: Effect.ALLOW,
      actions: [...STAFF_DIRECTORY_ACTIONS],
      resources: [staffPool.userPoolArn],
    }),
  );
}

/**
 * `ses:SendEmail` from the one verified identity (the address, or its domain when the domain is the
 * verified identity), and only with that address as sender; `MAIL_FROM_ADDRESS` and `ACCOUNT_URL`.
 */
function grantMail(target: GrantTarget, mail: NonNullable<GrantTargets['mail']>): void {
  const { region, account } = Stack.of(target.function);
  const domain = mail.fromAddress.split('@')[1] ?? mail.fromAddress;
  target.function.addEnvironment(MAIL_FROM_ENV, `${mail.fromName} <${mail.fromAddress}>`);
  target.function.addEnvironment(ACCOUNT_URL_ENV, mail.accountUrl);
  target.role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'SendMailToSubjects',
      effect: Effect.ALLOW,
      actions: [...MAIL_ACTIONS],
      resources: [mail.fromAddress, domain].map((identity) => `arn:aws:ses:${region}:${account}:identity/${identity}`),
      conditions: { StringEquals: { 'ses:FromAddress': mail.fromAddress } },
    }),
  );
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
