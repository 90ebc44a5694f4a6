/**
 * Typed configuration, read and validated from the environment once. A missing or malformed value
 * fails at start with one message naming every problem, never later with `undefined`.
 */
import { z } from 'zod';
import { KMS_KEY_ENV, type TableId, tables } from './resources';
import { loadRetention, type RetentionConfig } from './retention';

const schema = z.object({
  [tables.data.envVar]: z.string().min(1),
  [tables.keys.envVar]: z.string().min(1),
  [tables.audit.envVar]: z.string().min(1),
  [tables.idempotency.envVar]: z.string().min(1),
  [KMS_KEY_ENV]: z.string().min(1),
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

export interface AppConfig {
  readonly tableNames: Record<TableId, string>;
  readonly kmsKeyId: string;
  readonly dataKeyCache: { readonly maxAgeSeconds: number; readonly maxUses: number; readonly maxEntries: number };
  readonly maxBodyBytes: number;
  readonly clockOffsetSeconds: number;
  readonly retention: RetentionConfig;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  const v = parsed.data as Record<string, string | number>;
  return {
    tableNames: {
      data: String(v[tables.data.envVar]),
      keys: String(v[tables.keys.envVar]),
      audit: String(v[tables.audit.envVar]),
      idempotency: String(v[tables.idempotency.envVar]),
    },
    kmsKeyId: String(v[KMS_KEY_ENV]),
    dataKeyCache: {
      maxAgeSeconds: Number(v.DATA_KEY_CACHE_MAX_AGE_SECONDS),
      maxUses: Number(v.DATA_KEY_CACHE_MAX_USES),
      maxEntries: Number(v.DATA_KEY_CACHE_MAX_ENTRIES),
    },
    maxBodyBytes: Number(v.MAX_BODY_BYTES),
    clockOffsetSeconds: Number(v.CLOCK_OFFSET_SECONDS),
    retention: loadRetention(env),
  };
}
