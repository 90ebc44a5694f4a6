/**
 * Retention periods and deadlines, declared once. Every value is overridable by the environment
 * variable named beside it; the reasons are in docs/retention.md.
 */
import * as z from 'zod';
import { SECONDS_PER_DAY as DAY } from '../domain/time';
import { CUSTOMER_TOKEN_LIFETIMES } from './resources';

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
  /** Notifications stay readable for a year: long enough to look an outcome up again, no longer. */
  NOTIFICATION_TTL_DAYS: z.coerce.number().int().positive().default(365),
  /**
   * A closed privacy request or complaint (completed, rejected, resolved) is kept 3 years: the regular
   * limitation period for claims in many member states, long enough for a supervisory authority's
   * inquiry into how it was handled. The audit trail (no personal values) proves it for longer.
   */
  CLOSED_CASE_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .positive()
    .default(3 * 365),
  /**
   * An anonymised order (amounts, lines, dates, status; nothing personal) is kept 10 years after its
   * personal details were removed: the longest common bookkeeping period (e.g. 10 years in DE, 6 in
   * the UK; lower it for a jurisdiction that needs less).
   */
  ORDER_RECORD_DAYS: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 365),
  /**
   * Which third party received which fields, and why: kept 3 years, so a subject can still learn who
   * holds their data while a claim about a disclosure could be brought.
   */
  DISCLOSURE_RECORD_DAYS: z.coerce
    .number()
    .int()
    .positive()
    .default(3 * 365),
  /** Carrier event ids are remembered this long: far beyond any carrier's retry window (de-duplication only). */
  CARRIER_EVENT_MEMORY_DAYS: z.coerce.number().int().positive().default(30),
  /** Officers' inbox notices are working reminders about deadlines weeks away at most. */
  OFFICER_NOTICE_TTL_DAYS: z.coerce.number().int().positive().default(30),
  /**
   * An erased subject's tombstone refuses their writes this long. It must outlive every token issued
   * before the erasure (ERASED_TOMBSTONE_MINIMUM_DAYS: the customer refresh token, the longest one).
   */
  ERASED_SUBJECT_TOMBSTONE_DAYS: z.coerce.number().int().positive().default(31),
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

/** No token issued before an erasure may outlive the tombstone (whichever token: the refresh token lives longest). */
export const ERASED_TOMBSTONE_MINIMUM_DAYS = CUSTOMER_TOKEN_LIFETIMES.refreshTokenDays;

export function loadRetention(env: NodeJS.ProcessEnv = process.env): RetentionConfig {
  return schema
    .refine((c) => c.ERASED_SUBJECT_TOMBSTONE_DAYS >= ERASED_TOMBSTONE_MINIMUM_DAYS, {
      path: ['ERASED_SUBJECT_TOMBSTONE_DAYS'],
      message: `must be at least ${ERASED_TOMBSTONE_MINIMUM_DAYS} (the longest customer token lifetime)`,
    })
    .parse(env);
}
