/** Item key builders: every prefix used in the tables is spelled here once. */
import { createHash } from 'node:crypto';
import { type ShardedKey, shardCounts } from '../../config/scale';

/**
 * The shard `id` writes to among `count`: the first four bytes of its SHA-256, so the same id always
 * lands on the same shard (a re-write moves nothing) and ids spread evenly (docs/decisions/0060).
 */
export function shardOf(id: string, count: number): number {
  return createHash('sha256').update(id).digest().readUInt32BE(0) % count;
}

/** `base` with the shard of `id` among the key's write count (`<base>#07`), for a sharded key. */
const sharded = (base: string, key: ShardedKey, id: string): string =>
  `${base}#${String(shardOf(id, shardCounts()[key].writes)).padStart(2, '0')}`;

/**
 * Every partition key a reader of the sharded `base` must read, in parallel: each shard below the
 * key's read count (the largest count ever written with: shared/config/scale.ts), and `base` itself,
 * which holds what was written before sharding (one Query that finds nothing once it is empty).
 */
export const shardsOf = (base: string, key: ShardedKey): string[] => [
  base,
  ...Array.from({ length: shardCounts()[key].reads }, (_, n) => `${base}#${String(n).padStart(2, '0')}`),
];

export const SUBJECT_PREFIX = 'SUBJECT#';
export const subjectPk = (subjectId: string): string => `${SUBJECT_PREFIX}${subjectId}`;

export const subjectKey = (subjectId: string) => ({ pk: subjectPk(subjectId) });

export const PROFILE_SK = 'PROFILE';
export const consentSk = (purpose: string, id: string): string => `CONSENT#${purpose}#${id}`;
export const CONSENT_PREFIX = 'CONSENT#';
export const POLICY_ACCEPTANCE_PREFIX = 'POLICY_ACCEPTANCE#';
export const policyAcceptanceSk = (version: number): string => `${POLICY_ACCEPTANCE_PREFIX}${pad(version)}`;
export const ENGAGEMENT_PREFIX = 'ENGAGEMENT#';
export const engagementSk = (id: string): string => `${ENGAGEMENT_PREFIX}${id}`;
/** A withdrawn consent's purge order, due at once in the retention sweep's bucket. */
export const consentPurgeSk = (purpose: string, id: string): string => `CONSENT_PURGE#${purpose}#${id}`;
/** An erased subject's tombstone: outside the subject's partition, which the erasure empties. */
export const erasureTombstoneKey = (subjectId: string) => ({ pk: `ERASED#${subjectId}`, sk: 'TOMBSTONE' });

export const POLICY_PK = 'POLICY';
export const policyVersionSk = (version: number): string => `VERSION#${pad(version)}`;
export const POLICY_VERSION_PREFIX = 'VERSION#';

export const AUDIT_HEAD_SK = 'HEAD';
/** The last record removed at the end of the retention period, kept whole (sorts before HEAD and REC#). */
export const AUDIT_FLOOR_SK = 'FLOOR';
export const auditRecordSk = (seq: number): string => `REC#${pad(seq, 12)}`;
export const AUDIT_RECORD_PREFIX = 'REC#';
/**
 * gsi1 of the audit table: every record, sharded by chain (`AUDIT#nn`) and sorted by time
 * (`<at>#<subject>#<seq>`): every request that changes or reads personal data writes one. A day, or
 * any window, is a range of the sort key in each shard (docs/decisions/0060).
 */
export const auditIndexKey = (subjectId: string): string => sharded('AUDIT', 'auditDays', subjectId);
/** Every shard of the audit index (read in parallel). */
export const auditIndexKeys = (): string[] => shardsOf('AUDIT', 'auditDays').slice(1);
/** Where records written before sharding are: one partition per UTC day (`DAY#yyyy-mm-dd`); read, never written. */
export const legacyAuditDayKey = (day: string): string => `DAY#${day}`;
/** The audit-retention job's checkpoint, in the audit table (the job touches no other). */
export const AUDIT_RETENTION_CHECKPOINT = { pk: 'JOB#audit-retention', sk: 'CHECKPOINT' } as const;

/**
 * The digest table (docs/decisions/0031): digests by sequence number, the entries each signed (in
 * parts, under the attempt that wrote them), a marker once a digest's chain index is complete, each
 * chain's signed positions, and verification runs. Everything is written once.
 */
export const DIGEST_PK = 'DIGEST';
export const digestSk = (seq: number): string => `SEQ#${pad(seq, 12)}`;
export const digestPartsPk = (seq: number, attempt: string): string => `DIGEST#${pad(seq, 12)}#${attempt}`;
export const digestPartSk = (n: number): string => `PART#${pad(n, 6)}`;
export const DIGEST_INDEXED_PK = 'INDEXED';
export const digestChainPk = (chain: string): string => `CHAIN#${chain}`;
export const VERIFICATION_PK = 'VERIFICATION';
export const FAILED_VERIFICATION_PK = 'VERIFICATION#FAILED';

function pad(n: number, width = 10): string {
  return String(n).padStart(width, '0');
}

export const orderSk = (orderId: string): string => `ORDER#${orderId}`;
export const ORDER_PREFIX = 'ORDER#';
/** gsi1: find an order by id alone (staff, carriers), without knowing its subject. */
export const orderLookupKey = (orderId: string) => ({ gsi1pk: `ORDER#${orderId}`, gsi1sk: 'ORDER' });
/** gsi2: orders waiting for fulfilment, oldest first, sharded by order (`QUEUE#fulfillment#nn`). */
export const FULFILLMENT_QUEUE = 'QUEUE#fulfillment';
export const fulfillmentQueueKey = (orderId: string): string => sharded(FULFILLMENT_QUEUE, 'fulfillmentQueue', orderId);
/** Every partition of the fulfilment queue (read in parallel, merged oldest first). */
export const fulfillmentQueueKeys = (): string[] => shardsOf(FULFILLMENT_QUEUE, 'fulfillmentQueue');

/** gsi3: orders by placement time (`PLACED#nn`, sort key `<createdAt>#<orderId>`), written once per order. */
const PLACED_ORDERS = 'PLACED';
export const placedOrdersKey = (orderId: string): string => sharded(PLACED_ORDERS, 'placedOrders', orderId);
/** Every shard; no unsharded partition was ever written. */
export const placedOrdersKeys = (): string[] => shardsOf(PLACED_ORDERS, 'placedOrders').slice(1);
/** gsi2: orders cancelled by erasure whose payment hold and reserved stock are still to be given back, oldest first. */
export const RELEASE_QUEUE = 'QUEUE#release';
/**
 * gsi2: shipments in transit by their latest sign of life (`<at>#<orderId>`), the silent ones first,
 * sharded by order (`QUEUE#in-transit#nn`): every shipment enters it and every carrier event moves it.
 */
export const IN_TRANSIT_QUEUE = 'QUEUE#in-transit';
export const inTransitQueueKey = (orderId: string): string => sharded(IN_TRANSIT_QUEUE, 'inTransitQueue', orderId);
/** Every partition of the in-transit queue (read in parallel, merged the longest silence first). */
export const inTransitQueueKeys = (): string[] => shardsOf(IN_TRANSIT_QUEUE, 'inTransitQueue');
/**
 * gsi2: approved refunds the processor has not confirmed yet, oldest first (`<at>#<refundId>`),
 * sharded by refund (`QUEUE#processor-refunds#nn`): every approved refund enters and leaves it.
 */
export const PROCESSOR_REFUND_QUEUE = 'QUEUE#processor-refunds';
export const processorRefundQueueKey = (refundId: string): string =>
  sharded(PROCESSOR_REFUND_QUEUE, 'processorRefundQueue', refundId);
/** Every partition of the processor-refund queue (read in parallel, merged oldest first). */
export const processorRefundQueueKeys = (): string[] => shardsOf(PROCESSOR_REFUND_QUEUE, 'processorRefundQueue');

/** A product and its stock, one partition each, so stock updates of different products never contend. */
export const productKey = (sku: string) => ({ pk: `PRODUCT#${sku}`, sk: 'PRODUCT' });
/**
 * The listing of active products: one small entry per SKU in one partition, written only when the
 * catalogue changes (never by orders), so listing is a Query and stock churn never touches it.
 */
export const CATALOGUE_PK = 'CATALOGUE';
export const catalogueEntryKey = (sku: string) => ({ pk: CATALOGUE_PK, sk: `PRODUCT#${sku}` });
/**
 * The retention sweep's partition of the item at `key`: `RETENTION#nn`, sharded by item and sorted
 * by due time (`retentionDueAt`), so a sweep reads what fell due since its checkpoint with one Query
 * per shard however many days that spans (docs/decisions/0060).
 */
export const retentionBucket = (key: { readonly pk: string; readonly sk: string }): string =>
  sharded('RETENTION', 'retentionBuckets', `${key.pk}\n${key.sk}`);
/** Every partition of the retention sweep's work. */
export const retentionBuckets = (): string[] => shardsOf('RETENTION', 'retentionBuckets').slice(1);
export const disclosureSk = (id: string): string => `DISCLOSURE#${id}`;
export const DISCLOSURE_PREFIX = 'DISCLOSURE#';
export const notificationSk = (id: string): string => `NOTIFICATION#${id}`;
export const NOTIFICATION_PREFIX = 'NOTIFICATION#';
export const shipmentSk = (orderId: string): string => `SHIPMENT#${orderId}`;
export const SHIPMENT_PREFIX = 'SHIPMENT#';
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
export const REFUND_PREFIX = 'REFUND#';

export const privacyRequestSk = (id: string): string => `PRIVACY_REQUEST#${id}`;
export const PRIVACY_REQUEST_PREFIX = 'PRIVACY_REQUEST#';
/** gsi1: a privacy request by id alone (officer routes, processor). */
export const privacyRequestLookupKey = (id: string) => ({ gsi1pk: `PRIVACY_REQUEST#${id}`, gsi1sk: 'PRIVACY_REQUEST' });
/** gsi2: privacy requests by status, soonest due first (`<dueAt>#<id>`). */
export const privacyRequestQueue = (status: string): string => `QUEUE#privacy-requests#${status}`;
export const complaintSk = (id: string): string => `COMPLAINT#${id}`;
export const COMPLAINT_PREFIX = 'COMPLAINT#';
/** gsi1: a complaint by id alone (officer routes). */
export const complaintLookupKey = (id: string) => ({ gsi1pk: `COMPLAINT#${id}`, gsi1sk: 'COMPLAINT' });
/** gsi2: complaints by status, soonest due first (`<dueAt>#<id>`). */
export const complaintQueue = (status: string): string => `QUEUE#complaints#${status}`;
/** gsi2 sort key shared by both queues: due date first so "overdue" is a range query. */
export const dueSortKey = (dueAt: string, id: string): string => `${dueAt}#${id}`;
/** Export documents, sealed and chunked (`DOC#<documentId>#PART#000001`…), expiring by TTL. */
export const exportPk = (requestId: string): string => `EXPORT#${requestId}`;
export const exportPartSk = (documentId: string, n: number): string =>
  `DOC#${documentId}#PART#${String(n).padStart(6, '0')}`;
/** Notices for the privacy officers (deadline monitor), newest first. */
export const OFFICER_INBOX_PK = 'OFFICER_INBOX';
export const OFFICER_NOTICE_PREFIX = 'NOTICE#';
/**
 * One officer notice per item per day (`NOTICE#<dueAt>#<kind>#<id>#<yyyy-mm-dd>`), soonest due first:
 * a rerun on the same day finds the notice already there and writes nothing.
 */
export const officerNoticeSk = (dueAt: string, kind: string, id: string, day: string): string =>
  `${OFFICER_NOTICE_PREFIX}${dueAt}#${kind}#${id}#${day}`;
/**
 * byRetention partitions are shards sorted by due time, one prefix per sweep so each job reads only
 * its own work: `RETENTION#nn` (retention-sweep: anonymise order details, delete expired service
 * data) and `INACTIVE#nn` (inactive-accounts: profiles due a notice or erasure).
 */
/** The inactive-accounts partition of a subject's profile: `INACTIVE#nn`, sharded by subject, sorted by due time. */
export const inactiveBucket = (subjectId: string): string => sharded('INACTIVE', 'inactiveBuckets', subjectId);
/** Every partition of the inactive-accounts sweep's work. */
export const inactiveBuckets = (): string[] => shardsOf('INACTIVE', 'inactiveBuckets').slice(1);

/** Where a sweep records the last day bucket it finished (`JOB#<name>` / `CHECKPOINT`). */
export const jobCheckpointKey = (job: string) => ({ pk: `JOB#${job}`, sk: 'CHECKPOINT' });
/** An incident (`INCIDENT#<id>` / `INCIDENT`) and its affected subjects (`INCIDENT#<id>` / `SUBJECT#<subjectId>`). */
export const incidentPk = (id: string): string => `INCIDENT#${id}`;
export const INCIDENT_SK = 'INCIDENT';
export const incidentSubjectSk = (subjectId: string): string => `${SUBJECT_PREFIX}${subjectId}`;
/** gsi2: incidents by status, soonest decision due first (`<decisionDueAt>#<id>`). */
export const incidentQueue = (status: string): string => `QUEUE#incidents#${status}`;
/** An incident's notice run (`INCIDENT#<id>` / `NOTICES`), queued on gsi2 while it is sending. */
export const INCIDENT_NOTICES_SK = 'NOTICES';
export const INCIDENT_NOTICE_QUEUE = 'QUEUE#incident-notices';
/** gsi1: the incident register, one partition, newest opened last (`<openedAt>#<id>`). */
export const INCIDENT_REGISTER = 'REGISTER#incidents';
