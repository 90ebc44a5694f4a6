/**
 * Personal-data breaches and incidents (GDPR Art. 33/34): opened by a privacy officer, each with a
 * 72-hour clock from discovery by which the officer decides whether the supervisory authority is
 * notified, and the subjects it affects. Pure rules: no AWS.
 */
import * as z from 'zod';

/** Art. 33(1): the authority is notified within 72 hours of becoming aware of the breach. */
export const INCIDENT_DECISION_HOURS = 72;

/** What kinds of personal data a breach touched: categories, never values. */
export const INCIDENT_DATA_CATEGORIES = [
  'identity',
  'contact',
  'address',
  'order_history',
  'payment',
  'account_credentials',
  'engagement',
  'special_category',
  'other',
] as const;
export type IncidentDataCategory = (typeof INCIDENT_DATA_CATEGORIES)[number];

/** `open`: the authority decision is pending (the clock runs); `decided`: it is recorded. */
export const INCIDENT_STATUSES = ['open', 'decided'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Most subjects one request may name; larger breaches are selected by query. */
export const MAX_EXPLICIT_SUBJECTS = 1000;

const subjectId = z.string().regex(/^[A-Za-z0-9_.@:-]{1,128}$/, 'A subject id');
const ulid = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/);

export const openIncidentSchema = z.strictObject({
  discoveredAt: z.iso.datetime({ offset: true }),
  description: z.string().trim().min(1).max(5000),
  dataCategories: z
    .array(z.enum(INCIDENT_DATA_CATEGORIES))
    .min(1)
    .max(INCIDENT_DATA_CATEGORIES.length)
    .refine((c) => new Set(c).size === c.length, 'Each category once'),
  subjectIds: z
    .array(subjectId)
    .max(MAX_EXPLICIT_SUBJECTS)
    .refine((s) => new Set(s).size === s.length, 'Each subject once')
    .default([]),
  /** A `privacy_breach` complaint this incident answers: it is triaged (linked and resolved) with the opening. */
  fromComplaintId: ulid.optional(),
});
export type IncidentOpening = z.infer<typeof openIncidentSchema>;

export const incidentDecisionSchema = z.discriminatedUnion('notifyAuthority', [
  z.strictObject({
    notifyAuthority: z.literal(true),
    reasons: z.string().trim().min(1).max(2000),
    /** The authority's case reference. */
    authorityReference: z.string().trim().min(1).max(200),
  }),
  z.strictObject({ notifyAuthority: z.literal(false), reasons: z.string().trim().min(1).max(2000) }),
]);
export type IncidentDecision = z.infer<typeof incidentDecisionSchema>;

export const incidentQueueFilterSchema = z.strictObject({
  status: z.enum(INCIDENT_STATUSES).optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

/** Personal attributes of an incident, sealed under the incident's own key. */
export const PERSONAL_INCIDENT_FIELDS = ['description'] as const;

/** The recorded Art. 33 decision. Reasons and reference are officers' text about the breach, not about a person. */
export interface RecordedDecision {
  readonly notifyAuthority: boolean;
  readonly reasons: string;
  readonly authorityReference?: string | undefined;
  readonly decidedAt: string;
  readonly decidedBy: string;
}

/** An incident without its description: what the queue, the register and the monitor see. */
export interface Incident {
  readonly incidentId: string;
  readonly status: IncidentStatus;
  readonly discoveredAt: string;
  readonly openedAt: string;
  readonly openedBy: string;
  /** discoveredAt + 72 h: when the authority decision is due. */
  readonly decisionDueAt: string;
  readonly dataCategories: readonly IncidentDataCategory[];
  readonly subjectCount: number;
  readonly fromComplaintId?: string | undefined;
  readonly decision?: RecordedDecision | undefined;
}

export const decisionDueAt = (discoveredAt: Date): Date =>
  new Date(discoveredAt.getTime() + INCIDENT_DECISION_HOURS * 3_600_000);

/** The audit chain an incident's own events are recorded in (it concerns no single subject). */
export const incidentChain = (incidentId: string): string => `INCIDENT#${incidentId}`;

/** The key the incident's description is sealed with: its own, so it can be shredded on its own. */
export const incidentKeyOwner = (incidentId: string): string => `incident-${incidentId}`;

/** Still undecided past its due time. */
export const isIncidentOverdue = (i: Pick<Incident, 'status' | 'decisionDueAt'>, now: Date): boolean =>
  i.status === 'open' && i.decisionDueAt < now.toISOString();

/**
 * What Art. 34(2) requires affected people to be told, written once by the officer for every
 * affected subject: the same text reaches each of them, so it must name nobody (it is stored in the
 * clear, like the decision's reasons, and goes into each notification and mail).
 */
export const incidentNoticeSchema = z.strictObject({
  /** The nature of the breach, in clear and plain language. */
  natureOfBreach: z.string().trim().min(1).max(2000),
  /** The likely consequences for the people affected. */
  likelyConsequences: z.string().trim().min(1).max(2000),
  /** The measures taken or proposed, including what people can do themselves. */
  measuresTaken: z.string().trim().min(1).max(2000),
  /** The data protection officer or other contact point for more information. */
  contactPoint: z.string().trim().min(1).max(500),
});
export type IncidentNotice = z.infer<typeof incidentNoticeSchema>;

/** `sending`: the job still has subjects to tell; `completed`: every subject had their notice and mail attempt. */
export const NOTICE_RUN_STATUSES = ['sending', 'completed'] as const;
export type NoticeRunStatus = (typeof NOTICE_RUN_STATUSES)[number];

/** The one notice run of an incident: its text, who started it and how far the job got. */
export interface NoticeRun {
  readonly incidentId: string;
  readonly status: NoticeRunStatus;
  readonly notice: IncidentNotice;
  readonly startedAt: string;
  readonly startedBy: string;
  /** Subjects whose in-app notice (and audit record) is written. */
  readonly notified: number;
  /** Subjects whose mail was sent. */
  readonly mailed: number;
  /** Subjects no mail could reach (no profile: erased or never registered; or no sender configured). */
  readonly unreachable: number;
  /** Raised whenever subjects are added, so a run that saw none left cannot complete over new ones. */
  readonly generation: number;
  readonly completedAt?: string | undefined;
}

/** How long a subject's mail, once claimed by a run, is left to it before another run may retry it. */
export const NOTICE_MAIL_LEASE_SECONDS = 300;

/** The most days a time-range selection may span (one query per shard, read whole). */
export const MAX_SELECTION_DAYS = 366;

/** Subjects added to an incident: by id, or every customer with an order placed in a time range. */
export const subjectSelectionSchema = z.union([
  z.strictObject({
    subjectIds: z
      .array(subjectId)
      .min(1)
      .max(MAX_EXPLICIT_SUBJECTS)
      .refine((s) => new Set(s).size === s.length, 'Each subject once'),
  }),
  z.strictObject({
    ordersPlaced: z
      .strictObject({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) })
      .refine((r) => Date.parse(r.from) < Date.parse(r.to), 'from is before to')
      .refine(
        (r) => Date.parse(r.to) - Date.parse(r.from) <= MAX_SELECTION_DAYS * 86_400_000,
        `At most ${MAX_SELECTION_DAYS} days`,
      ),
  }),
]);
export type SubjectSelection = z.infer<typeof subjectSelectionSchema>;
