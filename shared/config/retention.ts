/**
 * Retention periods and deadlines, declared once. Every value is overridable by the environment
 * variable named beside it; the reasons are in docs/retention.md.
 */
import { z } from 'zod';

const DAY = 86_400;

const schema = z.object({
  /** Idempotency records: long enough for any client retry window. */
  IDEMPOTENCY_TTL_SECONDS: z.coerce.number().int().positive().default(DAY),
  /** Engagement events: 13 months supports year-on-year comparison, no longer. */
  ENGAGEMENT_EVENT_TTL_DAYS: z.coerce.number().int().positive().default(396),
  /** Audit records: 6 years, the longest common statutory limitation period for accountability. */
  AUDIT_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .positive()
    .default(6 * 365),
  /** Order personal details after completion (delivered or cancelled). */
  ORDER_PERSONAL_DATA_DAYS: z.coerce.number().int().positive().default(180),
  /** Export documents stay downloadable this long. */
  EXPORT_TTL_DAYS: z.coerce.number().int().positive().default(7),
  /** Privacy requests and complaints are due this long after receipt. */
  REQUEST_DUE_DAYS: z.coerce.number().int().positive().default(30),
  /** Minimum notice between announcing a policy version and its taking effect. */
  POLICY_NOTICE_DAYS: z.coerce.number().int().positive().default(14),
});

export type RetentionConfig = z.infer<typeof schema>;

export function loadRetention(env: NodeJS.ProcessEnv = process.env): RetentionConfig {
  return schema.parse(env);
}

export const SECONDS_PER_DAY = DAY;
