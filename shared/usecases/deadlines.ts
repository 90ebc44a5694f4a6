/**
 * The deadline monitor: finds privacy requests, complaints and undecided breach incidents still open that fall due within the
 * warning period or are past due, by range queries on their queues (never a Scan), leaves one
 * notice per item per day in the officers' inbox (a rerun the same day writes nothing) and reports
 * the counts as metrics. It reads ids and dates only (and the category of an overdue complaint, to
 * count breach reports past their 72-hour triage), and records no audit event: it touches no
 * subject's personal data.
 */
import { OPEN_COMPLAINT_STATUSES } from '../domain/complaint';
import { INCIDENT_DECISION_HOURS } from '../domain/incident';
import { OPEN_REQUEST_STATUSES, PRIVACY_REQUEST_TYPES, type PrivacyRequestType } from '../domain/privacy-request';
import { addDays, dayOf } from '../domain/time';
import type { Ports } from '../ports';
import type { DeadlineKind, OpenStatuses } from '../ports/complaints';

type Deps = Pick<Ports, 'clock' | 'config' | 'officerInbox' | 'complaints'>;

export const DEADLINE_METRICS = {
  dueSoon: 'DeadlinesDueSoon',
  overdue: 'DeadlinesOverdue',
  /** Incidents past their 72-hour authority decision: its own alarm, since the regulator's clock is hours. */
  incidentDecisionsOverdue: 'IncidentDecisionsOverdue',
  /** `privacy_breach` complaints past their 72-hour triage: alarmed on the hour like the incidents. */
  breachTriageOverdue: 'BreachTriageOverdue',
} as const;

/** The slice of the Powertools `Metrics` API the monitor needs (the job publishes what it adds). */
export interface DeadlineMetrics {
  addMetric(name: string, unit: 'Count', value: number): void;
}

interface Counts {
  privacyRequests: number;
  complaints: number;
  incidents: number;
}

export interface DeadlineSummary {
  readonly dueSoon: Readonly<Counts>;
  readonly overdue: Readonly<Counts>;
  /** Of the overdue complaints, the `privacy_breach` reports not triaged within 72 hours. */
  readonly breachTriageOverdue: number;
  readonly noticesWritten: number;
}

const countOf = {
  'privacy-request': 'privacyRequests',
  complaint: 'complaints',
  incident: 'incidents',
} as const satisfies Record<DeadlineKind, keyof Counts>;

export async function monitorDeadlines(deps: Deps, metrics: DeadlineMetrics): Promise<DeadlineSummary> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const warnUntil = addDays(now, deps.config.retention.DEADLINE_WARNING_DAYS);
  const expiresAt = addDays(now, deps.config.retention.OFFICER_NOTICE_TTL_DAYS);
  const summary = {
    dueSoon: { privacyRequests: 0, complaints: 0, incidents: 0 },
    overdue: { privacyRequests: 0, complaints: 0, incidents: 0 },
    breachTriageOverdue: 0,
    noticesWritten: 0,
  };

  /** Counts every item of `kind` in `statuses` due by the end of the warning period and posts its notice. */
  async function walk<K extends DeadlineKind>(
    kind: K,
    statuses: readonly OpenStatuses[K][],
    until: Date = warnUntil,
  ): Promise<void> {
    for (const status of statuses) {
      for await (const entry of deps.officerInbox.dueBy(kind, status, until)) {
        const state = entry.dueAt < at ? 'overdue' : 'due-soon';
        summary[state === 'overdue' ? 'overdue' : 'dueSoon'][countOf[kind]] += 1;
        if (kind === 'complaint' && state === 'overdue' && (await isBreachReport(deps, entry.id))) {
          summary.breachTriageOverdue += 1;
        }
        const written = await deps.officerInbox.post(
          { kind, id: entry.id, status, dueAt: entry.dueAt, state, day: dayOf(now), at },
          expiresAt,
        );
        if (written) summary.noticesWritten += 1;
      }
    }
  }

  await walk('privacy-request', OPEN_REQUEST_STATUSES);
  await walk('complaint', OPEN_COMPLAINT_STATUSES);
  // An incident's whole clock is 72 hours: every undecided one is due soon from the moment it opens.
  await walk('incident', ['open'], new Date(now.getTime() + INCIDENT_DECISION_HOURS * 3_600_000));
  const total = (c: Counts) => c.privacyRequests + c.complaints + c.incidents;
  metrics.addMetric(DEADLINE_METRICS.dueSoon, 'Count', total(summary.dueSoon));
  metrics.addMetric(DEADLINE_METRICS.overdue, 'Count', total(summary.overdue));
  metrics.addMetric(DEADLINE_METRICS.incidentDecisionsOverdue, 'Count', summary.overdue.incidents);
  metrics.addMetric(DEADLINE_METRICS.breachTriageOverdue, 'Count', summary.breachTriageOverdue);
  return summary;
}

/**
 * The privacy-request backlog by type, for the dashboard: `OpenPrivacyRequests` and
 * `OldestOpenPrivacyRequestAgeDays`, each with the request type as the `requestType` dimension.
 */
export const BACKLOG_METRICS = {
  open: 'OpenPrivacyRequests',
  oldestAgeDays: 'OldestOpenPrivacyRequestAgeDays',
  dimension: 'requestType',
} as const;

/** Per request type: how many are open, and how old the oldest is in days (0 when none is open). */
export type PrivacyRequestBacklog = Readonly<
  Record<PrivacyRequestType, { readonly open: number; readonly oldestAgeDays: number }>
>;

/**
 * Counts the open privacy requests of each type and the age of the oldest, from the queues of every
 * open status (types and receipt times only: no subject, no personal value).
 */
export async function privacyRequestBacklog(
  deps: Pick<Deps, 'clock' | 'officerInbox'>,
): Promise<PrivacyRequestBacklog> {
  const now = deps.clock.now().getTime();
  const backlog = Object.fromEntries(
    PRIVACY_REQUEST_TYPES.map((type) => [type, { open: 0, oldestAgeDays: 0 }]),
  ) as Record<PrivacyRequestType, { open: number; oldestAgeDays: number }>;
  for (const status of OPEN_REQUEST_STATUSES) {
    for await (const request of deps.officerInbox.openPrivacyRequests(status)) {
      const entry = backlog[request.type];
      entry.open += 1;
      const ageDays = Math.max(0, Math.floor((now - Date.parse(request.receivedAt)) / 86_400_000));
      entry.oldestAgeDays = Math.max(entry.oldestAgeDays, ageDays);
    }
  }
  return backlog;
}

/**
 * Whether an overdue complaint is a breach report: its category, from the complaint without its text
 * (no key, no audit). Read only for overdue complaints, which should be few.
 */
async function isBreachReport(deps: Pick<Deps, 'complaints'>, complaintId: string): Promise<boolean> {
  const owner = await deps.complaints.ownerOf(complaintId);
  const complaint = owner ? await deps.complaints.summary(owner, complaintId) : undefined;
  return complaint?.category === 'privacy_breach';
}
