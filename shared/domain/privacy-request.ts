/**
 * Privacy requests (export, erasure, restriction): their states, deadlines and which transitions
 * are allowed. A request is due a fixed number of days after receipt; an officer may extend it
 * once, with a reason the subject is told.
 */
import * as z from 'zod';

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

export const submitPrivacyRequestSchema = z.strictObject({ type: z.enum(PRIVACY_REQUEST_TYPES) });

export const privacyDecisionSchema = z.strictObject({
  action: z.enum(['approve', 'reject', 'extend']),
  reason: z.string().trim().min(1).max(1000),
});
export type PrivacyDecision = z.infer<typeof privacyDecisionSchema>;

/** Erasure destroys data for good, so it needs a sign-in this recent (`auth_time`). */
export const ERASURE_MAX_AUTH_AGE_SECONDS = 15 * 60;
/** An extension may add at most this many days (two further months, as GDPR Art. 12(3) allows). */
export const MAX_EXTENSION_DAYS = 60;

const TRANSITIONS: Record<PrivacyRequestStatus, readonly PrivacyRequestStatus[]> = {
  received: ['in_progress', 'extended', 'completed', 'rejected'],
  in_progress: ['extended', 'completed', 'rejected'],
  extended: ['in_progress', 'completed', 'rejected'],
  completed: [],
  rejected: [],
};

export function canTransitionRequest(from: PrivacyRequestStatus, to: PrivacyRequestStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export const isOpenRequest = (status: PrivacyRequestStatus): boolean =>
  (OPEN_REQUEST_STATUSES as readonly string[]).includes(status);

export function dueDate(receivedAt: Date, days: number): Date {
  return new Date(receivedAt.getTime() + days * 86_400_000);
}

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
  readonly completedSteps: readonly string[];
  readonly exportExpiresAt?: string | undefined;
  readonly receipt?: ErasureReceipt | undefined;
}
