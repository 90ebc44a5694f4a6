/**
 * Every kind of data the backend stores, with its retention period, why, and what enforces it. The
 * period table of docs/retention.md is checked against this list (test/unit/retention-kinds.test.ts),
 * and an end-to-end test stores every kind through the API and fails on any item whose kind is not
 * listed here or does not carry what its enforcement needs (test/e2e/retention-kinds.test.ts).
 * Pure data: the periods themselves are settings in ./retention.ts.
 */
import { DIGEST_RETENTION_MARGIN_DAYS } from '../domain/audit-digest';
import type { TableId } from './resources';
import type { RetentionConfig } from './retention';

/** How a period is enforced; the e2e test checks each stored item against its kind's. */
export type Enforcement =
  /** `expiresAt` from the moment the item is written: DynamoDB's TTL deletes it (readers ignore it once due). */
  | 'ttl'
  /** No period while the case or order is open; the write that closes it sets `expiresAt`. */
  | 'ttl-once-closed'
  /** The retention-sweep job, through the byRetention index (`RETENTION#<day>`). */
  | 'retention-sweep'
  /** The inactive-accounts job (`INACTIVE#<day>`): a notice, then erasure through a privacy request. */
  | 'inactive-accounts'
  /** Lives in the subject's partition and goes with the account (erasure, including the inactive-accounts one). */
  | 'erasure'
  /** The audit-retention job: records past the period go, each chain keeping its floor (decision 0032); no TTL. */
  | 'audit-retention'
  /** Holds no personal data and is needed while the service runs. */
  | 'kept';

export interface DataKind {
  readonly table: TableId;
  /** The data table's `type` attribute; in the other tables, the name of their one or two kinds of item. */
  readonly kind: string;
  readonly what: string;
  /** The period in words, from the configured values. */
  readonly keptFor: (c: RetentionConfig) => string;
  readonly why: string;
  readonly enforcedBy: readonly Enforcement[];
  /** The settings the period is made of (environment variables of the same name). */
  readonly settings: readonly (keyof RetentionConfig)[];
}

const inactivity = (c: RetentionConfig) =>
  `while the account is used; erased ${c.INACTIVE_ACCOUNT_DAYS + c.INACTIVE_NOTICE_DAYS} days after its last activity (a notice at ${c.INACTIVE_ACCOUNT_DAYS}), or on request`;

export const DATA_KINDS: readonly DataKind[] = [
  {
    table: 'data',
    kind: 'profile',
    what: 'profile (name, e-mail, phone, addresses; sealed)',
    keptFor: inactivity,
    why: 'the account itself; two yearly buying cycles without a sign-in, order, request or authenticated visit mean it is no longer used',
    enforcedBy: ['inactive-accounts'],
    settings: ['INACTIVE_ACCOUNT_DAYS', 'INACTIVE_NOTICE_DAYS'],
  },
  {
    table: 'data',
    kind: 'consent',
    what: 'consent ledger (each grant and withdrawal)',
    keptFor: () => 'with the account (see profile)',
    why: 'proof of the consent any processing relied on, for as long as the account it was given for exists',
    enforcedBy: ['erasure'],
    settings: ['INACTIVE_ACCOUNT_DAYS', 'INACTIVE_NOTICE_DAYS'],
  },
  {
    table: 'data',
    kind: 'policy-acceptance',
    what: 'policy acceptances (version and time)',
    keptFor: () => 'with the account (see profile)',
    why: 'proof of the terms the account is processed under',
    enforcedBy: ['erasure'],
    settings: ['INACTIVE_ACCOUNT_DAYS', 'INACTIVE_NOTICE_DAYS'],
  },
  {
    table: 'data',
    kind: 'engagement',
    what: 'engagement events (sealed), collected under `analytics` consent',
    keptFor: (c) =>
      `${c.ENGAGEMENT_EVENT_TTL_DAYS} days; deleted at the next retention sweep (within a day) once the consent is withdrawn, and unreadable from the withdrawal on`,
    why: 'year-on-year comparison, no longer; never without the consent it was collected under',
    enforcedBy: ['ttl', 'retention-sweep'],
    settings: ['ENGAGEMENT_EVENT_TTL_DAYS'],
  },
  {
    table: 'data',
    kind: 'consent-withdrawal',
    what: 'a withdrawn consent’s purge order (purpose and time; nothing personal)',
    keptFor: () => 'until the retention sweep has deleted what was collected under the consent (within a day)',
    why: 'the work item that makes the deletion happen, and resume after a crash',
    enforcedBy: ['retention-sweep'],
    settings: [],
  },
  {
    table: 'data',
    kind: 'order',
    what: 'order: personal details (addresses, card brand and last four digits, contact phone; sealed), then the anonymised record (lines, amounts, the processor’s payment id, dates, status)',
    keptFor: (c) =>
      `personal details ${c.ORDER_PERSONAL_DATA_DAYS} days after the order completes (delivered, cancelled, returned to sender or lost; a shipped order no carrier reports an end for, ${c.STALE_SHIPMENT_DAYS + c.ORDER_PERSONAL_DATA_DAYS} days after shipment); the anonymised record ${c.ORDER_RECORD_DAYS} days after that`,
    why: 'the return window, card chargebacks (up to 120 days) and delivery disputes, with margin; then bookkeeping',
    enforcedBy: ['retention-sweep', 'ttl-once-closed'],
    settings: ['ORDER_PERSONAL_DATA_DAYS', 'STALE_SHIPMENT_DAYS', 'ORDER_RECORD_DAYS'],
  },
  {
    table: 'data',
    kind: 'shipment',
    what: 'shipment: tracking number and carrier events (free-text locations), then carrier, service, status and dates',
    keptFor: (c) =>
      `tracking number and carrier events with the order’s personal details (${c.ORDER_PERSONAL_DATA_DAYS} days after completion, or erasure); the rest with the anonymised order`,
    why: 'tracking and delivery disputes; the tracking number points at what the carrier knows of the recipient',
    enforcedBy: ['retention-sweep', 'ttl-once-closed'],
    settings: ['ORDER_PERSONAL_DATA_DAYS', 'ORDER_RECORD_DAYS'],
  },
  {
    table: 'data',
    kind: 'refund',
    what: 'refund requests and decisions (reasons sealed)',
    keptFor: (c) =>
      `with the order’s personal details: ${c.ORDER_PERSONAL_DATA_DAYS} days after the order completes (a refund still awaiting a decision holds the order back); the order keeps the refunded total`,
    why: 'settling the refund and any chargeback about it',
    enforcedBy: ['retention-sweep', 'erasure'],
    settings: ['ORDER_PERSONAL_DATA_DAYS'],
  },
  {
    table: 'data',
    kind: 'carrier-event',
    what: 'carrier event ids already applied',
    keptFor: (c) => `${c.CARRIER_EVENT_MEMORY_DAYS} days`,
    why: 'de-duplication of carrier retries only',
    enforcedBy: ['ttl'],
    settings: ['CARRIER_EVENT_MEMORY_DAYS'],
  },
  {
    table: 'data',
    kind: 'disclosure',
    what: 'disclosure ledger (recipient, purpose, field names)',
    keptFor: (c) => `${c.DISCLOSURE_RECORD_DAYS} days`,
    why: 'telling the subject who received their data while a claim about it could be brought',
    enforcedBy: ['ttl', 'erasure'],
    settings: ['DISCLOSURE_RECORD_DAYS'],
  },
  {
    table: 'data',
    kind: 'notification',
    what: 'notifications (system text; no personal values)',
    keptFor: (c) => `${c.NOTIFICATION_TTL_DAYS} days`,
    why: 'long enough to look an outcome up again',
    enforcedBy: ['ttl', 'erasure'],
    settings: ['NOTIFICATION_TTL_DAYS'],
  },
  {
    table: 'data',
    kind: 'privacy-request',
    what: 'privacy requests, their history and erasure receipts',
    keptFor: (c) =>
      `while open; ${c.CLOSED_CASE_RETENTION_DAYS} days after completion or rejection (kept through an erasure as its proof)`,
    why: 'accountability: proof a request was answered, and how, for a supervisory authority’s inquiry',
    enforcedBy: ['ttl-once-closed'],
    settings: ['CLOSED_CASE_RETENTION_DAYS'],
  },
  {
    table: 'data',
    kind: 'complaint',
    what: 'complaints (description and resolution sealed)',
    keptFor: (c) => `while open; ${c.CLOSED_CASE_RETENTION_DAYS} days after resolution`,
    why: 'accountability for how a complaint was handled',
    enforcedBy: ['ttl-once-closed', 'erasure'],
    settings: ['CLOSED_CASE_RETENTION_DAYS'],
  },
  {
    table: 'data',
    kind: 'incident',
    what: 'breach incidents: dates, data categories, subject counts, the authority decision (description sealed under the incident’s key)',
    keptFor: (c) => `${c.AUDIT_RETENTION_DAYS} days from opening`,
    why: 'GDPR Art. 33(5): the breach register a supervisory authority may inspect, kept as long as the audit trail',
    enforcedBy: ['ttl'],
    settings: ['AUDIT_RETENTION_DAYS'],
  },
  {
    table: 'data',
    kind: 'incident-subject',
    what: 'the subject ids a breach incident affects, and when each was told and mailed',
    keptFor: (c) => `${c.AUDIT_RETENTION_DAYS} days from opening`,
    why: 'who was affected and told is part of the breach record; an id, no personal value',
    enforcedBy: ['ttl'],
    settings: ['AUDIT_RETENTION_DAYS'],
  },
  {
    table: 'data',
    kind: 'incident-notice-run',
    what: 'the notice an incident’s subjects were sent (the officer’s four Art. 34 texts, naming nobody) and how many were told and mailed',
    keptFor: (c) => `${c.AUDIT_RETENTION_DAYS} days from the incident’s opening`,
    why: 'GDPR Art. 34: evidence of what the affected people were told and when, kept with the incident',
    enforcedBy: ['ttl'],
    settings: ['AUDIT_RETENTION_DAYS'],
  },
  {
    table: 'data',
    kind: 'export-part',
    what: 'export documents (sealed, in parts)',
    keptFor: (c) => `${c.EXPORT_TTL_DAYS} days`,
    why: 'time to download it; every further day is one more copy of everything to protect',
    enforcedBy: ['ttl', 'erasure'],
    settings: ['EXPORT_TTL_DAYS'],
  },
  {
    table: 'data',
    kind: 'officer-notice',
    what: 'privacy officers’ deadline notices (ids, dates)',
    keptFor: (c) => `${c.OFFICER_NOTICE_TTL_DAYS} days`,
    why: 'a notice is about a deadline weeks away at most',
    enforcedBy: ['ttl'],
    settings: ['OFFICER_NOTICE_TTL_DAYS'],
  },
  {
    table: 'data',
    kind: 'erasure-tombstone',
    what: 'an erased subject’s tombstone (the opaque subject id and when)',
    keptFor: (c) => `${c.ERASED_SUBJECT_TOMBSTONE_DAYS} days after the erasure began`,
    why: 'refuses writes by tokens issued before the erasure, which outlive it by up to the refresh token’s lifetime',
    enforcedBy: ['ttl'],
    settings: ['ERASED_SUBJECT_TOMBSTONE_DAYS'],
  },
  {
    table: 'data',
    kind: 'outbox',
    what: 'staged domain events (ids, states, amounts)',
    keptFor: () => 'until published (seconds); at most 7 days',
    why: 'delivery of events at least once; an event not drained in a week is lost on purpose (the drainer alarm fires long before)',
    enforcedBy: ['ttl'],
    settings: [],
  },
  {
    table: 'data',
    kind: 'product',
    what: 'catalogue products (name, prices, stock, shipping profile)',
    keptFor: () => 'while the service runs; deactivated, not deleted (past orders name them)',
    why: 'what is sold and at what price; no personal data',
    enforcedBy: ['kept'],
    settings: [],
  },
  {
    table: 'data',
    kind: 'catalogue-entry',
    what: 'the listing of active products (one SKU each)',
    keptFor: () => 'while the product is on sale',
    why: 'paging the public catalogue without touching the stock items; no personal data',
    enforcedBy: ['kept'],
    settings: [],
  },
  {
    table: 'data',
    kind: 'policy',
    what: 'privacy policy versions',
    keptFor: () => 'while the service runs',
    why: 'the published terms every acceptance refers to; no personal data',
    enforcedBy: ['kept'],
    settings: [],
  },
  {
    table: 'data',
    kind: 'job-checkpoint',
    what: 'job checkpoints (one per sweep: the last day it finished; the payment reconciliation: how far it examined the processor’s authorisations)',
    keptFor: () => 'while the job exists',
    why: 'resuming a sweep; no personal data',
    enforcedBy: ['kept'],
    settings: [],
  },
  {
    table: 'audit',
    kind: 'audit-record',
    what: 'audit records (who, what, which fields, why; never values)',
    keptFor: (c) => `${c.AUDIT_RETENTION_DAYS} days`,
    why: 'the longest common statutory limitation period for accountability',
    // No TTL: a writer would choose when a record disappears.
    enforcedBy: ['audit-retention'],
    settings: ['AUDIT_RETENTION_DAYS'],
  },
  {
    table: 'audit',
    kind: 'audit-head',
    what: 'audit chain heads (a sequence number and a hash per chain)',
    keptFor: () => 'while the service runs',
    why: 'detects a removed tail of a chain; holds no personal value',
    enforcedBy: ['kept'],
    settings: [],
  },
  {
    table: 'digests',
    kind: 'audit-digest',
    what: 'signed audit digests, their entries and each chain’s signed positions (hashes; no personal value)',
    keptFor: (c) => `${c.AUDIT_RETENTION_DAYS + DIGEST_RETENTION_MARGIN_DAYS} days`,
    why: 'a digest must outlive every record it signs, so the last records of the period stay provable',
    enforcedBy: ['ttl'],
    settings: ['AUDIT_RETENTION_DAYS'],
  },
  {
    table: 'digests',
    kind: 'verification-run',
    what: 'audit verification runs (when, what was checked, the problems found by chain and position)',
    keptFor: (c) => `${c.AUDIT_RETENTION_DAYS + DIGEST_RETENTION_MARGIN_DAYS} days`,
    why: 'proof that the trail was checked, for as long as the records checked are kept',
    enforcedBy: ['ttl'],
    settings: ['AUDIT_RETENTION_DAYS'],
  },
  {
    table: 'keys',
    kind: 'subject-key',
    what: 'each subject’s wrapped data key',
    keptFor: () => 'with the account (see profile); deleting it crypto-shreds every copy',
    why: 'opens the subject’s sealed data, backups included',
    enforcedBy: ['erasure'],
    settings: ['INACTIVE_ACCOUNT_DAYS', 'INACTIVE_NOTICE_DAYS'],
  },
  {
    table: 'idempotency',
    kind: 'idempotency-record',
    what: 'idempotency records (key, request hash, resource id)',
    keptFor: (c) => `${c.IDEMPOTENCY_TTL_SECONDS} seconds`,
    why: 'longer than any client’s retry window',
    enforcedBy: ['ttl'],
    settings: ['IDEMPOTENCY_TTL_SECONDS'],
  },
];
