/**
 * Retention periods and deadlines, declared once. Every value is overridable by the environment
 * variable named beside it; the reasons are in docs/retention.md.
 */
import * as z from 'zod';
import { SECONDS_PER_DAY as DAY } from '../domain/time';

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
  /**
   * Order personal details after completion (delivered or cancelled): covers the return window,
   * card chargebacks (up to 120 days at the card schemes) and delivery disputes, with margin.
   */
  ORDER_PERSONAL_DATA_DAYS: z.coerce.number().int().positive().default(180),
  /** Export documents stay downloadable this long: time to fetch it; each day kept is a copy at risk. */
  EXPORT_TTL_DAYS: z.coerce.number().int().positive().default(7),
  /** Refunds may be requested this long after delivery. */
  RETURN_WINDOW_DAYS: z.coerce.number().int().positive().default(30),
  /**
   * A shipped order with no carrier event for this long joins the support queue of silent
   * shipments. It is also the backstop for personal details: an order shipped and never heard of
   * again is anonymised this long plus ORDER_PERSONAL_DATA_DAYS after shipment.
   */
  STALE_SHIPMENT_DAYS: z.coerce.number().int().positive().default(30),
  /** Privacy requests and complaints are due this long after receipt. */
  REQUEST_DUE_DAYS: z.coerce.number().int().positive().default(30),
  /** The deadline monitor warns the officers this long before a request or complaint falls due. */
  DEADLINE_WARNING_DAYS: z.coerce.number().int().positive().default(3),
  /** Minimum notice between announcing a policy version and its taking effect. */
  POLICY_NOTICE_DAYS: z.coerce.number().int().positive().default(14),
  /**
   * An account with no sign-in, order or privacy request for this long gets a notice: 24 months
   * covers a yearly buying cycle twice over, so a customer who still uses the service is not lost.
   */
  INACTIVE_ACCOUNT_DAYS: z.coerce.number().int().positive().default(730),
  /** ...and is erased this long after the notice if still inactive: time to read it and sign in. */
  INACTIVE_NOTICE_DAYS: z.coerce.number().int().positive().default(30),
  /**
   * Notifications stay readable for a year: long enough to look an outcome up again, no longer.
   * (refunds, complaints and privacy-requests still hold a literal 365; they should read this.)
   */
  NOTIFICATION_TTL_DAYS: z.coerce.number().int().positive().default(365),
  /**
   * How far back a retention sweep with no checkpoint yet (its first run) looks for due day
   * buckets: a year of buckets at one Query each, once. Not a retention period.
   */
  RETENTION_SWEEP_LOOKBACK_DAYS: z.coerce.number().int().positive().default(366),
  /**
   * An order due for anonymisation whose subject has restricted processing is kept (a restriction
   * can exist precisely to preserve data for a legal claim) and looked at again this much later.
   */
  RESTRICTED_RETENTION_RECHECK_DAYS: z.coerce.number().int().positive().default(30),
});

export type RetentionConfig = z.infer<typeof schema>;

export function loadRetention(env: NodeJS.ProcessEnv = process.env): RetentionConfig {
  return schema.parse(env);
}
