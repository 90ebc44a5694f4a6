/**
 * Privacy requests (export, erasure, restriction): their states, deadlines, processing steps and
 * which transitions are allowed. A request is due a fixed number of days after receipt; an officer
 * may extend it once, with a reason the subject is told. A request may be held for an officer's
 * decision before it is processed; the hold is separate from the status, since a held request can
 * also be extended.
 */
import * as z from 'zod';
import { addDays } from './time';

export const PRIVACY_REQUEST_TYPES = ['export', 'erasure', 'restriction'] as const;
export type PrivacyRequestType = (typeof PRIVACY_REQUEST_TYPES)[number];

export const PRIVACY_REQUEST_STATUSES = ['received', 'in_progress', 'extended', 'completed', 'rejected'] as const;
export type PrivacyRequestStatus = (typeof PRIVACY_REQUEST_STATUSES)[number];

/** Statuses in which a request still has a deadline to meet. */
export const OPEN_REQUEST_STATUSES = [
  'received',
  'in_progress',
  'extended',
] as const satisfies readonly PrivacyRequestStatus[];

/** Every step the processor may record on a request. */
export const PROCESSING_STEPS = [
  'close-account',
  'assemble-export',
  'restrict-processing',
  'cancel-unshipped-orders',
  'anonymise-completed-orders',
  'remove-subject-records',
  'remove-identity-account',
  'shred-key',
] as const;
export type ProcessingStep = (typeof PROCESSING_STEPS)[number];

/**
 * The steps of each request type, in order. Erasure first closes the account (signed out
 * everywhere, a tombstone refusing the subject's writes), anonymises the orders before it removes
 * the records that point at them, and shreds the key last, so every earlier step can still open data.
 */
export const STEPS: Readonly<Record<PrivacyRequestType, readonly ProcessingStep[]>> = {
  export: ['assemble-export'],
  restriction: ['restrict-processing'],
  erasure: [
    'close-account',
    'cancel-unshipped-orders',
    'anonymise-completed-orders',
    'remove-subject-records',
    'remove-identity-account',
    'shred-key',
  ],
};

export const submitPrivacyRequestSchema = z.strictObject({ type: z.enum(PRIVACY_REQUEST_TYPES) });

export const privacyDecisionSchema = z.strictObject({
  action: z.enum(['approve', 'reject', 'extend']),
  reason: z.string().trim().min(1).max(1000),
});
export type PrivacyDecision = z.infer<typeof privacyDecisionSchema>;

/**
 * Erasure destroys data for good and an export hands all of it out, so both need a sign-in this
 * recent (`auth_time`): a token lifted from a device an hour ago can do neither.
 */
export const RECENT_SIGN_IN_MAX_AGE_SECONDS = 15 * 60;
/** An extension may add at most this many days (two further months, as GDPR Art. 12(3) allows). */
export const MAX_EXTENSION_DAYS = 60;

export const isOpenRequest = (status: PrivacyRequestStatus): boolean =>
  (OPEN_REQUEST_STATUSES as readonly string[]).includes(status);

export interface StatusChange {
  readonly status: PrivacyRequestStatus;
  readonly at: string;
  /** Why (officer decisions, extensions); shown to the subject. */
  readonly note?: string | undefined;
}

/** What an erasure did with each kind of data, and on what basis anything was kept. */
export interface ErasureReceipt {
  readonly erased: readonly string[];
  readonly anonymised: readonly string[];
  readonly kept: readonly { readonly what: string; readonly basis: string }[];
}

export interface PrivacyRequest {
  readonly requestId: string;
  readonly subjectId: string;
  readonly type: PrivacyRequestType;
  readonly status: PrivacyRequestStatus;
  readonly receivedAt: string;
  readonly dueAt: string;
  readonly history: readonly StatusChange[];
  /** Processing steps already done; the processor resumes after the last one. */
  readonly completedSteps: readonly ProcessingStep[];
  /**
   * Held for a privacy officer's decision: the processor leaves the request alone until an officer
   * approves it (a refund of the subject still pending, a restricted account's erasure filed by the
   * system).
   */
  readonly awaitingDecision: boolean;
  readonly exportExpiresAt?: string | undefined;
  /** The completed export's document (which stored parts make it up). */
  readonly exportDocument?: ExportDocument | undefined;
  readonly receipt?: ErasureReceipt | undefined;
}

/** The export document's format and version (docs/export-schema.json). */
export const EXPORT_FORMAT = 'privacy-orders-export/1';

/** The sections of the export document (docs/export-schema.json), in order; the access log follows them. */
export const EXPORT_SECTIONS = [
  'profile',
  'consents',
  'policyAcceptances',
  'engagementEvents',
  'orders',
  'shipments',
  'refunds',
  'disclosures',
  'notifications',
  'privacyRequests',
  'complaints',
] as const;
export type ExportSection = (typeof EXPORT_SECTIONS)[number];

/** A stored export document: its id, how many stored parts hold it, and its size in bytes (UTF-8 JSON). */
export interface ExportDocument {
  readonly id: string;
  readonly parts: number;
  readonly bytes: number;
}

/**
 * One change to a request read in some status: a move to another status (added to the history with
 * its note), a recorded processing step, a new due date, the hold for a decision set or released,
 * the export's availability, the erasure's receipt.
 */
export interface RequestChange {
  readonly to?: PrivacyRequestStatus;
  readonly note?: string | undefined;
  readonly dueAt?: string;
  readonly step?: ProcessingStep;
  readonly awaitingDecision?: boolean;
  readonly exportExpiresAt?: string;
  readonly exportDocument?: ExportDocument;
  readonly receipt?: ErasureReceipt;
}

/**
 * A request as filed: received now, due `dueDays` later, nothing done yet. `note` says why when the
 * system files it; `awaitingDecision` holds it for a privacy officer from the start.
 */
export function fileRequest(
  fields: Pick<PrivacyRequest, 'requestId' | 'subjectId' | 'type'>,
  at: Date,
  dueDays: number,
  options: { note?: string; awaitingDecision?: boolean } = {},
): PrivacyRequest {
  const iso = at.toISOString();
  return {
    ...fields,
    status: 'received',
    receivedAt: iso,
    dueAt: addDays(at, dueDays).toISOString(),
    history: [{ status: 'received', at: iso, ...(options.note && { note: options.note }) }],
    completedSteps: [],
    awaitingDecision: options.awaitingDecision ?? false,
  };
}
