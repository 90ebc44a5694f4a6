/** Engagement metrics: what a customer did in the shop, kept only with `analytics` consent. */
import * as z from 'zod';

export const ENGAGEMENT_EVENT_TYPES = [
  'page_view',
  'product_view',
  'add_to_cart',
  'remove_from_cart',
  'checkout_start',
] as const;

export const engagementEventSchema = z.strictObject({
  type: z.enum(ENGAGEMENT_EVENT_TYPES),
  at: z.iso.datetime(),
  /** Path only: query strings can carry search terms or tokens, so they are refused. */
  path: z
    .string()
    .max(200)
    .regex(/^\/[A-Za-z0-9\-._~/%]*$/, 'A URL path without query or fragment')
    .optional(),
  sku: z
    .string()
    .regex(/^[A-Za-z0-9\-_.]{1,64}$/)
    .optional(),
});

export const engagementBatchSchema = z.strictObject({
  events: z.array(engagementEventSchema).min(1).max(50),
});

export type EngagementEvent = z.infer<typeof engagementEventSchema>;

/** One accepted batch, stored as a whole (the events sealed) and kept ENGAGEMENT_EVENT_TTL_DAYS from `receivedAt`. */
export interface EngagementBatch {
  readonly id: string;
  readonly receivedAt: string;
  readonly events: readonly EngagementEvent[];
}
