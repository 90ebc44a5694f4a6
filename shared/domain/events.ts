/**
 * Domain events published to the event bus. They carry ids, states and amounts — never a personal
 * value and never the subject's id — so any consumer may read them. Declared as a schema, so the
 * outbox's drainer decodes what it forwards instead of trusting a stored item.
 */
import * as z from 'zod';

const at = z.string();

export const domainEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('OrderPlaced'),
    orderId: z.string(),
    currency: z.string(),
    total: z.number(),
    itemCount: z.number(),
    at,
  }),
  z.object({ type: z.literal('OrderCancelled'), orderId: z.string(), at }),
  z.object({
    type: z.literal('ShipmentCreated'),
    orderId: z.string(),
    shipmentId: z.string(),
    carrier: z.string(),
    at,
  }),
  z.object({
    type: z.literal('ShipmentStatusChanged'),
    orderId: z.string(),
    shipmentId: z.string(),
    status: z.string(),
    at,
  }),
  z.object({
    type: z.literal('RefundRequested'),
    orderId: z.string(),
    refundId: z.string(),
    amount: z.number(),
    currency: z.string(),
    at,
  }),
  z.object({
    type: z.literal('RefundDecided'),
    orderId: z.string(),
    refundId: z.string(),
    decision: z.enum(['approved', 'rejected']),
    amount: z.number(),
    at,
  }),
  z.object({ type: z.literal('PrivacyRequestReceived'), requestId: z.string(), requestType: z.string(), at }),
  /** A privacy officer started telling an incident's affected subjects: the notice job takes it up. */
  z.object({ type: z.literal('IncidentNoticesRequested'), incidentId: z.string(), at }),
  z.object({
    type: z.literal('PolicyAnnounced'),
    version: z.number(),
    effectiveAt: z.string(),
    material: z.boolean(),
    at,
  }),
]);

export type DomainEvent = z.infer<typeof domainEventSchema>;
