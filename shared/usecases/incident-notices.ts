/**
 * Telling the people a breach affects (GDPR Art. 34), and choosing who they are. An officer adds
 * affected subjects to an incident (by id, or every customer with an order placed in a time range,
 * from the placement index), and starts the incident's one notice run with the four texts the
 * regulation requires; the `incident-notices` job then tells each subject exactly once: the in-app
 * notification, the subject's audit record and the "told" mark on the subject item commit together,
 * under a condition only the first run can meet. The mail follows, claimed with a lease, so a run
 * that dies after the notice leaves the mail to the next run once the lease has passed.
 */
import type { AccessContext } from '../domain/access';
import { type AuditContext, auditEvent, systemContext } from '../domain/audit';
import { ConflictError, NotFoundError, UnavailableError, UnprocessableError } from '../domain/errors';
import { newId } from '../domain/ids';
import {
  type Incident,
  type IncidentNotice,
  incidentChain,
  NOTICE_MAIL_LEASE_SECONDS,
  type NoticeRun,
  type SubjectSelection,
} from '../domain/incident';
import type { Ports } from '../ports';
import type { SubjectNoticeState } from '../ports/incidents';
import { INCIDENT_HANDLING_PURPOSE } from './incidents';

/** The job that sends notices (functions/jobs/incident-notices.ts). */
export const INCIDENT_NOTICES_JOB = 'incident-notices';

/** Subjects a run takes on at once: enough to hide the round trips, few enough for the key service and SES. */
const DEFAULT_CONCURRENCY = 8;
const PAGE = 100;

/** The run's progress as officers see it: counts, never a subject id. */
export const noticeRunView = (run: NoticeRun, subjectCount: number) => ({
  incidentId: run.incidentId,
  status: run.status,
  startedAt: run.startedAt,
  subjectCount,
  notified: run.notified,
  mailed: run.mailed,
  unreachable: run.unreachable,
  ...(run.completedAt && { completedAt: run.completedAt }),
});

const incidentAudit = (
  context: AuditContext,
  incidentId: string,
  action: string,
  details: Record<string, string | number | boolean>,
) =>
  auditEvent(context, {
    action,
    subjectId: incidentChain(incidentId),
    resource: `incident/${incidentId}`,
    purpose: INCIDENT_HANDLING_PURPOSE,
    details,
  });

async function incidentOrNotFound(deps: Pick<Ports, 'incidents'>, incidentId: string): Promise<Incident> {
  const incident = await deps.incidents.summary(incidentId);
  if (!incident) throw new NotFoundError('No such incident.');
  return incident;
}

/**
 * Adds affected subjects to an incident: the ids given, or every customer with an order placed in
 * the range. Subject items are written in as many transactions as they need (one already there is
 * left as it is), then the count is set from the partition and, if notices were started, the run is
 * sent again for the new subjects. Returns how many subjects were selected and the new count.
 */
export async function addIncidentSubjects(
  deps: Pick<Ports, 'clock' | 'incidents' | 'orders' | 'uow'>,
  incidentId: string,
  selection: SubjectSelection,
  access: AccessContext,
) {
  const incident = await incidentOrNotFound(deps, incidentId);
  const now = deps.clock.now();
  const selected =
    'subjectIds' in selection
      ? selection.subjectIds
      : await deps.orders.customersWithOrdersPlaced(
          new Date(selection.ordersPlaced.from),
          new Date(selection.ordersPlaced.to),
        );
  await deps.uow.commitInBatches(
    selected.map((s) => deps.incidents.addSubject(incidentId, s, now)),
    { alreadyDone: ['incident.subject'] },
  );
  const subjectCount = await deps.incidents.countSubjects(incidentId);
  const run = await deps.incidents.noticeRun(incidentId);
  const reopen = run && subjectCount > run.notified;
  await deps.uow.commit(
    [deps.incidents.setSubjectCount(incidentId, subjectCount), ...(reopen ? [deps.incidents.reopenNotices(run)] : [])],
    [
      incidentAudit(access, incidentId, 'incident.subjects.add', {
        selectedBy: 'subjectIds' in selection ? 'id' : 'orders-placed',
        selected: selected.length,
        subjectCount,
        ...('ordersPlaced' in selection && {
          from: selection.ordersPlaced.from,
          to: selection.ordersPlaced.to,
        }),
      }),
    ],
  );
  return { id: incident.incidentId, selected: selected.length, subjectCount, noticesResumed: Boolean(reopen) };
}

/**
 * Starts telling the incident's subjects: records the run (once per incident: 409 after) with its
 * audit record and the `IncidentNoticesRequested` event that wakes the job, all in one transaction.
 */
export async function startIncidentNotices(
  deps: Pick<Ports, 'clock' | 'incidents' | 'outbox' | 'uow'>,
  incidentId: string,
  notice: IncidentNotice,
  access: AccessContext,
) {
  const incident = await incidentOrNotFound(deps, incidentId);
  if (incident.subjectCount === 0) {
    throw new UnprocessableError('The incident has no affected subjects to tell yet.', [
      { path: 'params.incidentId', message: 'No affected subjects' },
    ]);
  }
  const now = deps.clock.now();
  const at = now.toISOString();
  const run: NoticeRun = {
    incidentId,
    status: 'sending',
    notice,
    startedAt: at,
    startedBy: access.actor.id,
    notified: 0,
    mailed: 0,
    unreachable: 0,
    generation: 0,
  };
  await deps.uow.commit(
    [
      deps.uow.combine('incident.notices.start', [
        deps.incidents.startNotices(incident, run),
        deps.outbox.stage([{ type: 'IncidentNoticesRequested', incidentId, at }], now),
      ]),
    ],
    [incidentAudit(access, incidentId, 'incident.notices.start', { subjectCount: incident.subjectCount })],
    {
      'incident.notices.start': () =>
        new ConflictError('Notices for this incident were started already: follow their progress.'),
    },
  );
  return noticeRunView(run, incident.subjectCount);
}

/** The notice run's progress. */
export async function incidentNoticeStatus(deps: Pick<Ports, 'incidents'>, incidentId: string) {
  const incident = await incidentOrNotFound(deps, incidentId);
  const run = await deps.incidents.noticeRun(incidentId);
  if (!run) throw new NotFoundError('Notices for this incident were not started.');
  return noticeRunView(run, incident.subjectCount);
}

export interface NoticeSummary {
  /** Runs looked at, and those found complete by this pass. */
  runs: number;
  completed: number;
  /** In-app notices written by this pass. */
  notified: number;
  mailed: number;
  unreachable: number;
  /** Mails the mail service refused: left to a later run. */
  mailFailures: number;
  /** Subjects another run was working on (or whose mail lease had not passed): left to it. */
  leftToOthers: number;
}

type NoticeDeps = Pick<Ports, 'clock' | 'incidents' | 'notifications' | 'mail' | 'uow'>;

/** Thrown when a conditional write found the work done by another run. */
class DoneElsewhere extends Error {
  override readonly name = 'DoneElsewhere';
}

/**
 * One pass of the notice job over every run still `sending`: each subject not yet told is told, and
 * each mail not yet recorded is sent. A run whose subjects are all through is completed.
 */
export async function sendIncidentNotices(
  deps: NoticeDeps,
  options: { readonly concurrency?: number } = {},
): Promise<NoticeSummary> {
  const summary: NoticeSummary = {
    runs: 0,
    completed: 0,
    notified: 0,
    mailed: 0,
    unreachable: 0,
    mailFailures: 0,
    leftToOthers: 0,
  };
  for (const incidentId of await deps.incidents.sendingNoticeRuns()) {
    summary.runs += 1;
    await sendRun(deps, incidentId, summary, options.concurrency ?? DEFAULT_CONCURRENCY);
  }
  return summary;
}

async function sendRun(deps: NoticeDeps, incidentId: string, summary: NoticeSummary, concurrency: number) {
  const run = await deps.incidents.noticeRun(incidentId);
  if (run?.status !== 'sending') return;
  const context = systemContext(INCIDENT_NOTICES_JOB, INCIDENT_HANDLING_PURPOSE, newId(deps.clock.now()));
  let everyoneThrough = true;
  let cursor: string | undefined;
  do {
    const page = await deps.incidents.subjectsToTell(incidentId, { limit: PAGE, cursor });
    for (let i = 0; i < page.subjects.length; i += concurrency) {
      const outcomes = await Promise.all(
        page.subjects.slice(i, i + concurrency).map((s) => tellSubject(deps, run, s, context)),
      );
      for (const outcome of outcomes) {
        if (outcome.notified) summary.notified += 1;
        if (outcome.mail === 'sent') summary.mailed += 1;
        else if (outcome.mail === 'unreachable') summary.unreachable += 1;
        else {
          everyoneThrough = false;
          if (outcome.mail === 'failed') summary.mailFailures += 1;
          else summary.leftToOthers += 1;
        }
      }
    }
    cursor = page.cursor;
  } while (cursor);
  if (!everyoneThrough) return;
  const now = deps.clock.now();
  const done = await deps.incidents.noticeRun(incidentId);
  try {
    await deps.uow.commit(
      [deps.incidents.completeNotices(incidentId, run.generation, now)],
      [
        incidentAudit(context, incidentId, 'incident.notices.complete', {
          notified: done?.notified ?? 0,
          mailed: done?.mailed ?? 0,
          unreachable: done?.unreachable ?? 0,
        }),
      ],
      { 'incident.notices.complete': () => new DoneElsewhere() },
    );
    summary.completed += 1;
  } catch (e) {
    // Completed by another run, or subjects were added meanwhile: the next pass takes them.
    if (!(e instanceof DoneElsewhere)) throw e;
  }
}

type MailStep = 'sent' | 'unreachable' | 'failed' | 'elsewhere';

/** Tells one subject, once: the notice, then the mail. */
async function tellSubject(
  deps: NoticeDeps,
  run: NoticeRun,
  subject: SubjectNoticeState,
  context: AuditContext,
): Promise<{ notified: boolean; mail: MailStep }> {
  const now = deps.clock.now();
  const { incidentId } = run;
  let notified = false;
  try {
    if (!subject.notifiedAt) {
      await deps.uow.commit(
        [
          deps.uow.combine('incident.notice', [
            deps.incidents.markNotified(incidentId, subject.subjectId, now),
            deps.notifications.notify(subject.subjectId, {
              id: newId(now),
              type: 'incident.notice',
              message: noticeMessage(incidentId, run.notice),
              resource: `incident/${incidentId}`,
              at: now.toISOString(),
            }),
          ]),
        ],
        [
          auditEvent(context, {
            action: 'incident.notice',
            subjectId: subject.subjectId,
            resource: `incident/${incidentId}`,
            details: { incidentId },
          }),
        ],
        { 'incident.notice': () => new DoneElsewhere() },
      );
      notified = true;
    } else {
      // Told by an earlier run whose mail is not recorded: take the mail over once its lease passed.
      const claimed = subject.mailClaimedAt ? Date.parse(subject.mailClaimedAt) : 0;
      if (claimed + NOTICE_MAIL_LEASE_SECONDS * 1000 > now.getTime()) return { notified, mail: 'elsewhere' };
      await deps.uow.commit([deps.incidents.claimMail(incidentId, subject.subjectId, subject.mailClaimedAt, now)], [], {
        'incident.subject.mail-claim': () => new DoneElsewhere(),
      });
    }
  } catch (e) {
    if (e instanceof DoneElsewhere) return { notified, mail: 'elsewhere' };
    throw e;
  }
  let outcome: 'sent' | 'unreachable';
  try {
    const sent = await deps.mail.send(subject.subjectId, 'breach-notice', { incidentId, ...run.notice }, context);
    outcome = sent === 'sent' ? 'sent' : 'unreachable';
  } catch (e) {
    // The claim stays: the next run after the lease retries the mail; the in-app notice stands.
    if (e instanceof UnavailableError) return { notified, mail: 'failed' };
    throw e;
  }
  try {
    await deps.uow.commit([deps.incidents.markMailed(incidentId, subject.subjectId, outcome, deps.clock.now())], [], {
      'incident.subject.mailed': () => new DoneElsewhere(),
    });
  } catch (e) {
    if (!(e instanceof DoneElsewhere)) throw e;
  }
  return { notified, mail: outcome };
}

/** The in-app notice: the officer's four texts, which name nobody, and the incident to quote. */
const noticeMessage = (incidentId: string, n: IncidentNotice): string =>
  [
    `A personal data breach affects data we hold about you (incident ${incidentId}).`,
    `What happened: ${n.natureOfBreach}`,
    `What it may mean for you: ${n.likelyConsequences}`,
    `What we have done and what you can do: ${n.measuresTaken}`,
    `Who to contact: ${n.contactPoint}`,
  ].join('\n');
