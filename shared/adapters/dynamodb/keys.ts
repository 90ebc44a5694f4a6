/** Item key builders: every prefix used in the tables is spelled here once. */

export const subjectPk = (subjectId: string): string => `SUBJECT#${subjectId}`;

export const subjectKey = (subjectId: string) => ({ pk: subjectPk(subjectId) });

export const PROFILE_SK = 'PROFILE';
export const consentSk = (purpose: string, id: string): string => `CONSENT#${purpose}#${id}`;
export const CONSENT_PREFIX = 'CONSENT#';
export const policyAcceptanceSk = (version: number): string => `POLICY_ACCEPTANCE#${pad(version)}`;
export const engagementSk = (id: string): string => `ENGAGEMENT#${id}`;

export const POLICY_PK = 'POLICY';
export const policyVersionSk = (version: number): string => `VERSION#${pad(version)}`;
export const POLICY_VERSION_PREFIX = 'VERSION#';

export const AUDIT_HEAD_SK = 'HEAD';
export const auditRecordSk = (seq: number): string => `REC#${pad(seq, 12)}`;
export const AUDIT_RECORD_PREFIX = 'REC#';
/** Chain for events that concern no single subject (policy publication, for example). */
export const SYSTEM_CHAIN = 'SYSTEM';

function pad(n: number, width = 10): string {
  return String(n).padStart(width, '0');
}

export const orderSk = (orderId: string): string => `ORDER#${orderId}`;
export const ORDER_PREFIX = 'ORDER#';
/** gsi1: find an order by id alone (staff, carriers), without knowing its subject. */
export const orderLookupKey = (orderId: string) => ({ gsi1pk: `ORDER#${orderId}`, gsi1sk: 'ORDER' });
/** gsi2: orders waiting for fulfilment, oldest first. */
export const FULFILLMENT_QUEUE = 'QUEUE#fulfillment';
export const retentionBucket = (due: Date): string => `RETENTION#${due.toISOString().slice(0, 10)}`;
export const disclosureSk = (id: string): string => `DISCLOSURE#${id}`;
export const DISCLOSURE_PREFIX = 'DISCLOSURE#';
export const notificationSk = (id: string): string => `NOTIFICATION#${id}`;
export const NOTIFICATION_PREFIX = 'NOTIFICATION#';
export const shipmentSk = (orderId: string): string => `SHIPMENT#${orderId}`;
/** gsi1: find a shipment by its carrier's tracking number (carrier webhooks). */
export const trackingLookupKey = (carrier: string, trackingNumber: string) => ({
  gsi1pk: `TRACKING#${carrier}#${trackingNumber}`,
  gsi1sk: 'SHIPMENT',
});
export const carrierEventKey = (carrier: string, eventId: string) => ({
  pk: `CARRIER_EVENT#${carrier}#${eventId}`,
  sk: 'EVENT',
});
export const refundSk = (orderId: string, refundId: string): string => `REFUND#${orderId}#${refundId}`;
export const refundPrefix = (orderId: string): string => `REFUND#${orderId}#`;
