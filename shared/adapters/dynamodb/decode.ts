/**
 * Items are decoded, not cast: every repository reads through a zod schema of the stored shape, so
 * an item that does not match (a bug, a manual edit, an old format) fails loudly here instead of
 * surfacing as `undefined` in a view months later. Decoding keeps only the declared attributes.
 */
import * as z from 'zod';
import { SHIPMENT_STATUSES } from '../../domain/shipment';

export class CorruptItemError extends Error {
  override readonly name = 'CorruptItemError';
}

/** Decodes `item` with `schema`; the error names the entity and the failing attributes, never their values. */
export function decodeItem<T>(schema: z.ZodType<T>, item: Record<string, unknown>, entity: string): T {
  const parsed = schema.safeParse(item);
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues
    .slice(0, 5)
    .map((issue) => issue.path.join('.') || '(item)')
    .join(', ');
  throw new CorruptItemError(`A stored ${entity} does not match its schema (${where})`);
}

/** An address as stored inside a sealed attribute (profile addresses, order delivery and billing). */
export const storedAddress = z.object({
  label: z.string().optional(),
  recipient: z.string().optional(),
  line1: z.string(),
  line2: z.string().optional(),
  city: z.string(),
  region: z.string().optional(),
  postalCode: z.string(),
  country: z.string(),
});

/** A shipment's carrier events as stored (the shipment item's `events`). */
export const storedShipmentEvents = z.object({
  events: z
    .array(z.object({ status: z.enum(SHIPMENT_STATUSES), occurredAt: z.string(), location: z.string().optional() }))
    .default([]),
});
