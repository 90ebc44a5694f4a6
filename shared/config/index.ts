/**
 * Typed configuration, read and validated from the environment once. A function declares which
 * tables it touches (its route's `FunctionAccess`); exactly those names and, for subject keys, the
 * KMS key must be present — a missing or malformed value fails at cold start with one message
 * naming every problem, never later with `undefined`.
 */
import * as z from 'zod';
import { CARRIER_IDS, type CarrierId } from './carriers';
import {
  ACCOUNT_URL_ENV,
  AUDIT_SIGNING_KEY_ENV,
  CARRIER_SECRET_ARNS_ENV,
  CARRIER_SECRET_VALUES_ENV,
  CURSOR_SECRET_ARN_ENV,
  CURSOR_SECRET_VALUE_ENV,
  EVENT_BUS_ENV,
  type FunctionAccess,
  KMS_KEY_ENV,
  MAIL_FROM_ENV,
  PAYMENT_API_URL_ENV,
  PAYMENT_KEY_ARN_ENV,
  PAYMENT_KEY_VALUE_ENV,
  STAFF_POOL_ENV,
  type TableId,
  tables,
  tablesTouched,
  USER_POOL_ENV,
} from './resources';
import { loadRetention, type RetentionConfig } from './retention';
import { parseWriteShards, ShardConfigError, WRITE_SHARDS_ENV } from './scale';

const tableIds = Object.keys(tables) as TableId[];

const tuning = z.object({
  /** Plaintext data keys are dropped from memory after this long. */
  DATA_KEY_CACHE_MAX_AGE_SECONDS: z.coerce.number().int().positive().default(300),
  /** ...or after this many field operations, whichever comes first. */
  DATA_KEY_CACHE_MAX_USES: z.coerce.number().int().positive().default(1000),
  /** At most this many subjects' keys are held at once (least recently used is evicted). */
  DATA_KEY_CACHE_MAX_ENTRIES: z.coerce.number().int().positive().default(1000),
  /** Largest request body accepted by the handlers, in bytes. */
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1024),
  /** Shifts the clock for expiry testing (local runtime and jobs only). */
  CLOCK_OFFSET_SECONDS: z.coerce.number().int().default(0),
});

/** A secret as a Secrets Manager ARN (AWS) or as its value (local runtime). */
export type SecretLocation = { readonly arn: string } | { readonly value: string };

export interface AppConfig {
  /** Names of the tables this function may touch; others are absent. */
  readonly tableNames: Partial<Record<TableId, string>>;
  readonly kmsKeyId?: string | undefined;
  /** The asymmetric key audit digests are signed with (the digest job signs, verifiers fetch its public key). */
  readonly auditSigningKeyId?: string | undefined;
  readonly eventBusName?: string | undefined;
  /** Cognito customer pool for sign-out and account removal; unset in tests over the ports. */
  readonly userPoolId?: string | undefined;
  /** Cognito staff pool, read for staff roles. */
  readonly staffPoolId?: string | undefined;
  /** Mail to subjects: the sender identity and the account pages links point to; unset, nothing is sent. */
  readonly mail?: { readonly from: string; readonly accountUrl: string } | undefined;
  /** Where each carrier's webhook secret comes from: a Secrets Manager ARN (AWS) or the value (local). */
  readonly carrierWebhookSecrets?: Readonly<Record<CarrierId, SecretLocation>> | undefined;
  /** The payment processor: its API key and, locally, where its API listens. */
  readonly paymentProcessor?: { readonly apiKey: SecretLocation; readonly apiUrl?: URL | undefined } | undefined;
  /** Where the page cursor secret comes from, for routes that page (`pageCursors`). */
  readonly cursorSecret?: SecretLocation | undefined;
  readonly dataKeyCache: { readonly maxAgeSeconds: number; readonly maxUses: number; readonly maxEntries: number };
  readonly maxBodyBytes: number;
  readonly clockOffsetSeconds: number;
  readonly retention: RetentionConfig;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Everything: what the local runtime, jobs and tests use. */
export const FULL_ACCESS: FunctionAccess = {
  data: 'readwrite',
  subjectKeys: 'use',
  audit: 'append-and-read',
  idempotency: true,
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env, access: FunctionAccess = FULL_ACCESS): AppConfig {
  const required = new Set(tablesTouched(access));
  const problems: string[] = [];
  const name = (id: TableId) => {
    const value = env[tables[id].envVar]?.trim();
    if (!value && required.has(id)) problems.push(`${tables[id].envVar}: required`);
    return value || undefined;
  };
  const tableNames = Object.fromEntries(tableIds.map((id) => [id, name(id)]).filter(([, v]) => v));
  const kmsKeyId = env[KMS_KEY_ENV]?.trim() || undefined;
  if (access.subjectKeys && !kmsKeyId) problems.push(`${KMS_KEY_ENV}: required`);
  const auditSigningKeyId = env[AUDIT_SIGNING_KEY_ENV]?.trim() || undefined;
  if (access.auditSigning && !auditSigningKeyId) problems.push(`${AUDIT_SIGNING_KEY_ENV}: required`);
  const eventBusName = env[EVENT_BUS_ENV]?.trim() || undefined;
  if (access.events && !eventBusName) problems.push(`${EVENT_BUS_ENV}: required`);
  const secret = (arnEnv: string, valueEnv: string, required: boolean | undefined): SecretLocation | undefined => {
    const arn = env[arnEnv]?.trim();
    const value = env[valueEnv];
    const location = arn ? { arn } : value ? { value } : undefined;
    if (required && !location) problems.push(`${arnEnv} or ${valueEnv}: required`);
    return location;
  };
  const carrierWebhookSecrets = carrierSecrets(env, problems);
  if (access.carrierWebhookSecret && !carrierWebhookSecrets) {
    problems.push(`${CARRIER_SECRET_ARNS_ENV} or ${CARRIER_SECRET_VALUES_ENV}: required`);
  }
  const paymentProcessor = paymentSettings(env, problems);
  if (access.paymentProcessor && !paymentProcessor) {
    problems.push(`${PAYMENT_KEY_ARN_ENV} or ${PAYMENT_KEY_VALUE_ENV}: required`);
  }
  const cursorSecret = secret(CURSOR_SECRET_ARN_ENV, CURSOR_SECRET_VALUE_ENV, access.pageCursors);
  const mailFrom = env[MAIL_FROM_ENV]?.trim() || undefined;
  const accountUrl = env[ACCOUNT_URL_ENV]?.trim() || undefined;
  if (mailFrom && !accountUrl) problems.push(`${ACCOUNT_URL_ENV}: required with ${MAIL_FROM_ENV}`);
  const staffPoolId = env[STAFF_POOL_ENV]?.trim() || undefined;
  if (access.staffDirectory && !staffPoolId) problems.push(`${STAFF_POOL_ENV}: required`);
  const parsed = tuning.safeParse(env);
  if (!parsed.success) problems.push(...parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  // Read again when a key is built (shared/config/scale.ts); checked here so a bad value fails at start.
  try {
    parseWriteShards(env[WRITE_SHARDS_ENV]);
  } catch (e) {
    if (e instanceof ShardConfigError) problems.push(e.message);
    else throw e;
  }
  let retention: RetentionConfig | undefined;
  try {
    retention = loadRetention(env);
  } catch (e) {
    if (e instanceof z.ZodError) problems.push(...e.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
    else throw e;
  }
  if (problems.length > 0 || !parsed.success || !retention) {
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const v = parsed.data;
  return {
    tableNames,
    kmsKeyId,
    auditSigningKeyId,
    eventBusName,
    carrierWebhookSecrets,
    paymentProcessor,
    cursorSecret,
    userPoolId: env[USER_POOL_ENV]?.trim() || undefined,
    staffPoolId,
    mail: mailFrom && accountUrl ? { from: mailFrom, accountUrl } : undefined,
    dataKeyCache: {
      maxAgeSeconds: v.DATA_KEY_CACHE_MAX_AGE_SECONDS,
      maxUses: v.DATA_KEY_CACHE_MAX_USES,
      maxEntries: v.DATA_KEY_CACHE_MAX_ENTRIES,
    },
    maxBodyBytes: v.MAX_BODY_BYTES,
    clockOffsetSeconds: v.CLOCK_OFFSET_SECONDS,
    retention,
  };
}

/**
 * Per-carrier secrets from a JSON object keyed by carrier id (ARNs or values); every configured
 * carrier must have one, so a carrier added to shared/config/carriers.ts cannot go unverified.
 */
function carrierSecrets(
  env: NodeJS.ProcessEnv,
  problems: string[],
): Readonly<Record<CarrierId, SecretLocation>> | undefined {
  const arns = env[CARRIER_SECRET_ARNS_ENV]?.trim();
  const values = env[CARRIER_SECRET_VALUES_ENV]?.trim();
  const raw = arns || values;
  if (!raw) return undefined;
  const name = arns ? CARRIER_SECRET_ARNS_ENV : CARRIER_SECRET_VALUES_ENV;
  const parsed = z.record(z.string(), z.string().min(1)).safeParse(parseJson(raw));
  if (!parsed.success) {
    problems.push(`${name}: a JSON object of carrier id to ${arns ? 'secret ARN' : 'secret'}`);
    return undefined;
  }
  const missing = CARRIER_IDS.filter((id) => !parsed.data[id]);
  if (missing.length > 0) {
    problems.push(`${name}: no secret for ${missing.join(', ')}`);
    return undefined;
  }
  return Object.fromEntries(
    CARRIER_IDS.map((id) => [id, arns ? { arn: parsed.data[id] as string } : { value: parsed.data[id] as string }]),
  ) as Record<CarrierId, SecretLocation>;
}

function paymentSettings(env: NodeJS.ProcessEnv, problems: string[]): AppConfig['paymentProcessor'] {
  const arn = env[PAYMENT_KEY_ARN_ENV]?.trim();
  const value = env[PAYMENT_KEY_VALUE_ENV]?.trim();
  const url = env[PAYMENT_API_URL_ENV]?.trim();
  let apiUrl: URL | undefined;
  if (url) {
    try {
      apiUrl = new URL(url);
    } catch {
      problems.push(`${PAYMENT_API_URL_ENV}: a URL such as http://127.0.0.1:8300`);
    }
  }
  if (!arn && !value) return undefined;
  return { apiKey: arn ? { arn } : { value: value as string }, apiUrl };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The name of a table the function declared; asking for an undeclared one is a programming error. */
export function tableName(config: AppConfig, id: TableId): string {
  const value = config.tableNames[id];
  if (!value)
    throw new ConfigError(`${tables[id].envVar} is not set: this function did not declare access to '${id}'.`);
  return value;
}
