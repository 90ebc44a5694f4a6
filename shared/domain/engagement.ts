/** Engagement metrics: what a customer did in the shop, kept only with `analytics` consent. */
import * as z from 'zod';

export const ENGAGEMENT_EVENT_TYPES = [
  'page_view',
  'product_view',
  'add_to_cart',
  'remove_from_cart',
  'checkout_start',
] as const;

/** A decoded path: segments of letters, digits and `-._~`, nothing that starts a query or fragment. */
const PATH = /^\/[\p{L}\p{N}\-._~/]*$/u;

/** Decoding is repeated (a double-encoded `%253F` is a `?` too) until nothing changes, a few rounds at most. */
const MAX_DECODING_ROUNDS = 3;

/** `path` percent-decoded until stable; a malformed or still-encoded path is left as is, so PATH refuses it. */
function decodedPath(path: string): string {
  let current = path;
  for (let round = 0; round < MAX_DECODING_ROUNDS && current.includes('%'); round++) {
    try {
      current = decodeURIComponent(current);
    } catch {
      return current;
    }
  }
  return current;
}

export const engagementEventSchema = z.strictObject({
  type: z.enum(ENGAGEMENT_EVENT_TYPES),
  at: z.iso.datetime(),
  /**
   * Path only: query strings and fragments can carry search terms or tokens, so they are refused —
   * after percent-decoding, or `/search%3Fq%3D…` would smuggle one through. Stored decoded.
   */
  path: z
    .string()
    .max(200)
    .transform(decodedPath)
    .pipe(z.string().regex(PATH, 'A URL path without query or fragment'))
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
