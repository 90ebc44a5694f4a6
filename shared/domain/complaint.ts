/**
 * Complaints about the handling of personal data: filed by a subject, assigned to a named officer,
 * resolved with an outcome the subject is told — each within a deadline.
 */
import * as z from 'zod';

export const COMPLAINT_CATEGORIES = [
  'privacy_breach',
  'unauthorised_use',
  'access',
  'rectification',
  'erasure',
  'consent',
  'other',
] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

export const COMPLAINT_STATUSES = ['open', 'assigned', 'resolved'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
/** Statuses in which a complaint still has a deadline to meet. */
export const OPEN_COMPLAINT_STATUSES = ['open', 'assigned'] as const satisfies readonly ComplaintStatus[];
export type OpenComplaintStatus = (typeof OPEN_COMPLAINT_STATUSES)[number];

/**
 * A `privacy_breach` complaint must be triaged — taken up as (or linked to) an incident, or resolved
 * with reasons — within the hours the regulator gives for the breach itself (GDPR Art. 33): the
 * report may be the company's first awareness of a breach, so its 72-hour clock may already run.
 */
export const BREACH_TRIAGE_HOURS = 72;

/** When a complaint filed at `filedAt` is due: breach reports in 72 hours, every other in `dueDays`. */
export const complaintDueAt = (category: ComplaintCategory, filedAt: Date, dueDays: number): Date =>
  new Date(
    filedAt.getTime() + (category === 'privacy_breach' ? BREACH_TRIAGE_HOURS * 3_600_000 : dueDays * 86_400_000),
  );

export const fileComplaintSchema = z.strictObject({
  category: z.enum(COMPLAINT_CATEGORIES),
  description: z.string().trim().min(1).max(5000),
  relatedRequestId: z
    .string()
    .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/)
    .optional(),
});
export type ComplaintFiling = z.infer<typeof fileComplaintSchema>;

/** An assignee is a staff subject id (a Cognito `sub` of the staff pool), checked to hold the privacy-officer role. */
export const assignComplaintSchema = z.strictObject({
  assignee: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.@:-]{1,128}$/, 'A staff subject id'),
});
export const resolveComplaintSchema = z.strictObject({ resolution: z.string().trim().min(1).max(5000) });

/** Filters of the officers' queue: one status (default: every open one) and, optionally, overdue only. */
export const complaintQueueFilterSchema = z.strictObject({
  status: z.enum(COMPLAINT_STATUSES).optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

/** Personal attributes of a complaint, sealed with the subject's key. */
export const PERSONAL_COMPLAINT_FIELDS = ['description', 'resolution'] as const;

export interface ComplaintStatusChange {
  readonly status: ComplaintStatus;
  readonly at: string;
  /** A system-written remark shown to the subject; never a personal value. */
  readonly note?: string | undefined;
}

/** A complaint without its personal text: what the queue, the officers and the monitor see. */
export interface Complaint {
  readonly complaintId: string;
  readonly subjectId: string;
  readonly category: ComplaintCategory;
  readonly status: ComplaintStatus;
  readonly filedAt: string;
  readonly dueAt: string;
  readonly updatedAt: string;
  readonly history: readonly ComplaintStatusChange[];
  readonly relatedRequestId?: string | undefined;
  /** Staff subject id of the privacy officer handling it (not the subject's personal data). */
  readonly assignee?: string | undefined;
  readonly resolvedAt?: string | undefined;
}

/** A complaint with its description and resolution opened, for its subject. */
export interface ComplaintWithText extends Complaint {
  readonly description: string;
  readonly resolution?: string | undefined;
}

const TRANSITIONS: Record<ComplaintStatus, readonly ComplaintStatus[]> = {
  // Reassigning an assigned complaint to another officer is allowed.
  open: ['assigned', 'resolved'],
  assigned: ['assigned', 'resolved'],
  resolved: [],
};

export function canTransitionComplaint(from: ComplaintStatus, to: ComplaintStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export const isOpenComplaint = (status: ComplaintStatus): status is OpenComplaintStatus =>
  (OPEN_COMPLAINT_STATUSES as readonly string[]).includes(status);

/** Past its due date and still open; a resolved complaint has no deadline left to miss. */
export const isComplaintOverdue = (c: Pick<Complaint, 'status' | 'dueAt'>, now: Date): boolean =>
  isOpenComplaint(c.status) && c.dueAt < now.toISOString();
