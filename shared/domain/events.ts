/**
 * Domain events published to the event bus. They carry ids, states and amounts — never a personal
 * value and never the subject's id — so any consumer may read them.
 */

export type DomainEvent =
  | { type: 'OrderPlaced'; orderId: string; currency: string; total: number; itemCount: number; at: string }
  | { type: 'OrderCancelled'; orderId: string; at: string }
  | { type: 'ShipmentCreated'; orderId: string; shipmentId: string; carrier: string; at: string }
  | { type: 'ShipmentStatusChanged'; orderId: string; shipmentId: string; status: string; at: string }
  | { type: 'RefundRequested'; orderId: string; refundId: string; amount: number; currency: string; at: string }
  | {
      type: 'RefundDecided';
      orderId: string;
      refundId: string;
      decision: 'approved' | 'rejected';
      amount: number;
      at: string;
    }
  | { type: 'PrivacyRequestReceived'; requestId: string; requestType: string; at: string }
  | { type: 'PolicyAnnounced'; version: number; effectiveAt: string; material: boolean; at: string };
