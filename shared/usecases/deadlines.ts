/**
 * The deadline monitor: finds privacy requests and complaints still open that fall due within the
 * warning period or are past due, by range queries on their gsi2 queues (never a Scan), leaves one
 * notice per item per day in the officers' inbox (a rerun the same day writes nothing) and reports
 * the counts as metrics. It reads ids and dates only.
 */

import type { AppDependencies } from '../adapters/dependencies';
import { complaintQueue, privacyRequestQueue } from '../adapters/dynamodb/keys';
import type { DeadlineKind, DeadlineState } from '../adapters/dynamodb/officer-inbox';
import { OPEN_COMPLAINT_STATUSES } from '../domain/complaint';
import { OPEN_REQUEST_STATUSES } from '../domain/privacy-request';
import { epochSeconds } from '../domain/time';

type Deps = Pick<AppDependencies, 'clock' | 'config' | 'officerInbox'>;

/** Notices are working reminders: kept 30 days, then expired by TTL. */
export const OFFICER_NOTICE_TTL_DAYS = 30;

export const DEADLINE_METRICS = { dueSoon: 'DeadlinesDueSoon', overdue: 'DeadlinesOverdue' } as const;

/** The slice of the Powertools `Metrics` API the monitor needs (the job publishes what it adds). */
export interface DeadlineMetrics {
  addMetric(name: string, unit: 'Count', value: number): void;
}

export interface DeadlineSummary {
  readonly dueSoon: { privacyRequests: number; complaints: number };
  readonly overdue: { privacyRequests: number; complaints: number };
  readonly noticesWritten: number;
}

const QUEUES: readonly { kind: DeadlineKind; statuses: readonly string[]; queue: (status: string) => string }[] = [
  { kind: 'privacy-request', statuses: OPEN_REQUEST_STATUSES, queue: privacyRequestQueue },
  { kind: 'complaint', statuses: OPEN_COMPLAINT_STATUSES, queue: complaintQueue },
];

const summaryKey = { 'privacy-request': 'privacyRequests', complaint: 'complaints' } as const;

export async function monitorDeadlines(deps: Deps, metrics: DeadlineMetrics): Promise<DeadlineSummary> {
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const threshold = new Date(now.getTime() + deps.config.retention.DEADLINE_WARNING_DAYS * 86_400_000).toISOString();
  const day = nowIso.slice(0, 10);
  const expiresAt = epochSeconds(now) + OFFICER_NOTICE_TTL_DAYS * 86_400;
  const summary = {
    dueSoon: { privacyRequests: 0, complaints: 0 },
    overdue: { privacyRequests: 0, complaints: 0 },
    noticesWritten: 0,
  };
  for (const { kind, statuses, queue } of QUEUES) {
    for (const status of statuses) {
      for await (const entry of deps.officerInbox.dueBy(queue(status), threshold)) {
        const state: DeadlineState = entry.dueAt < nowIso ? 'overdue' : 'due-soon';
        summary[state === 'overdue' ? 'overdue' : 'dueSoon'][summaryKey[kind]] += 1;
        const written = await deps.officerInbox.post(
          { kind, id: entry.id, status, dueAt: entry.dueAt, state, day, at: nowIso },
          expiresAt,
        );
        if (written) summary.noticesWritten += 1;
      }
    }
  }
  metrics.addMetric(DEADLINE_METRICS.dueSoon, 'Count', summary.dueSoon.privacyRequests + summary.dueSoon.complaints);
  metrics.addMetric(DEADLINE_METRICS.overdue, 'Count', summary.overdue.privacyRequests + summary.overdue.complaints);
  return summary;
}
