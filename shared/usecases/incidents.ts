/**
 * Breaches and incidents: a privacy officer opens one (or promotes a `privacy_breach` complaint,
 * which triages the complaint in the same transaction), naming when it was discovered, the data
 * categories and the affected subjects; the 72-hour authority decision is due from discovery and is
 * queued, soonest due first, for the officers and the deadline monitor; the officer records the
 * decision. The register the auditors read holds ids, categories, dates and counts only.
 */
import type { AccessContext } from '../domain/access';
import { type AuditFact, auditEvent, SYSTEM_CHAIN } from '../domain/audit';
import { isOpenComplaint } from '../domain/complaint';
import { ConflictError, NotFoundError, UnprocessableError } from '../domain/errors';
import { newId } from '../domain/ids';
import {
  decisionDueAt,
  type Incident,
  type IncidentDecision,
  type IncidentOpening,
  type IncidentStatus,
  incidentChain,
  isIncidentOverdue,
} from '../domain/incident';
import type { Ports } from '../ports';
import type { Page } from '../ports/page';
import type { Write } from '../ports/unit-of-work';

type Deps = Pick<Ports, 'clock' | 'incidents' | 'complaints' | 'notifications' | 'uow'>;

/** The purpose breach handling is recorded under. */
export const INCIDENT_HANDLING_PURPOSE = 'breach_handling';

/** An incident as officers and auditors see it: no description, no subject ids, counts only. */
export const incidentView = (i: Incident, now: Date) => ({
  id: i.incidentId,
  status: i.status,
  discoveredAt: i.discoveredAt,
  openedAt: i.openedAt,
  decisionDueAt: i.decisionDueAt,
  overdue: isIncidentOverdue(i, now),
  dataCategories: i.dataCategories,
  subjectCount: i.subjectCount,
  ...(i.fromComplaintId && { fromComplaintId: i.fromComplaintId }),
  ...(i.decision && {
    decision: {
      notifyAuthority: i.decision.notifyAuthority,
      reasons: i.decision.reasons,
      ...(i.decision.authorityReference && { authorityReference: i.decision.authorityReference }),
      decidedAt: i.decision.decidedAt,
    },
  }),
});

const incidentAudit = (access: AccessContext, incidentId: string, fact: Omit<AuditFact, 'subjectId' | 'resource'>) =>
  auditEvent(access, {
    ...fact,
    purpose: INCIDENT_HANDLING_PURPOSE,
    subjectId: incidentChain(incidentId),
    resource: `incident/${incidentId}`,
  });

/**
 * Opens the incident. The affected subjects are written first, in as many transactions as they
 * need; the incident itself, the complaint's triage and the audit records land together last, so an
 * incident is never visible without its subjects and a failure leaves no incident (a retry opens a
 * fresh one; the orphaned subject items expire with the register's period).
 */
export async function openIncident(deps: Deps, opening: IncidentOpening, access: AccessContext) {
  const now = deps.clock.now();
  const discovered = new Date(opening.discoveredAt);
  if (discovered.getTime() > now.getTime()) {
    throw new UnprocessableError('An incident cannot be discovered in the future.', [
      { path: 'body.discoveredAt', message: 'In the future' },
    ]);
  }
  const incidentId = newId(now);
  const subjects = new Set(opening.subjectIds);
  const last: Write[] = [];
  const audit = [];
  if (opening.fromComplaintId) {
    const complaint = await breachComplaint(deps, opening.fromComplaintId);
    // The complainant is affected by what they reported.
    subjects.add(complaint.subjectId);
    last.push(
      await deps.complaints.resolve(
        complaint,
        `Your report was taken up as incident ${incidentId}. A privacy officer is assessing it and you will be told what it means for you.`,
        now,
      ),
      deps.notifications.notify(complaint.subjectId, {
        id: newId(now),
        type: 'complaint.resolved',
        message: `Your complaint ${complaint.complaintId} was taken up as a breach incident: see your account.`,
        resource: `complaint/${complaint.complaintId}`,
        at: now.toISOString(),
      }),
    );
    audit.push(
      auditEvent(access, {
        action: 'complaint.triage',
        subjectId: complaint.subjectId,
        resource: `complaint/${complaint.complaintId}`,
        purpose: INCIDENT_HANDLING_PURPOSE,
        fields: ['resolution'],
        details: { incidentId },
      }),
    );
  }
  const incident: Incident = {
    incidentId,
    status: 'open',
    discoveredAt: discovered.toISOString(),
    openedAt: now.toISOString(),
    openedBy: access.actor.id,
    decisionDueAt: decisionDueAt(discovered).toISOString(),
    dataCategories: opening.dataCategories,
    subjectCount: subjects.size,
    fromComplaintId: opening.fromComplaintId,
  };
  const create = await deps.incidents.create(incident, opening.description);
  audit.unshift(
    incidentAudit(access, incidentId, {
      action: 'incident.open',
      fields: ['description'],
      details: {
        subjectCount: incident.subjectCount,
        dataCategories: incident.dataCategories.join(' '),
        ...(incident.fromComplaintId && { fromComplaintId: incident.fromComplaintId }),
      },
    }),
  );
  await deps.uow.commitInBatches(
    [...subjects].map((s) => deps.incidents.addSubject(incidentId, s, now)),
    {
      last: deps.uow.combine('incident.open', [create, ...last]),
      audit,
      errors: {
        'incident.open': () => new ConflictError('The complaint was resolved meanwhile; nothing was opened.'),
      },
    },
  );
  return incidentView(incident, now);
}

async function breachComplaint(deps: Pick<Deps, 'complaints'>, complaintId: string) {
  const owner = await deps.complaints.ownerOf(complaintId);
  const complaint = owner ? await deps.complaints.summary(owner, complaintId) : undefined;
  const invalid = (message: string) => new UnprocessableError(message, [{ path: 'body.fromComplaintId', message }]);
  if (!complaint) throw invalid('No such complaint');
  if (complaint.category !== 'privacy_breach') throw invalid('Not a privacy_breach complaint');
  if (!isOpenComplaint(complaint.status)) throw invalid('The complaint is already resolved');
  return complaint;
}

/** The officers' queue: by default every open incident, soonest decision due first; `overdue` keeps those past due. */
export async function listIncidentQueue(
  deps: Pick<Deps, 'clock' | 'incidents'>,
  query: Page & { status?: IncidentStatus | undefined; overdue?: boolean | undefined },
) {
  const now = deps.clock.now();
  // A decided incident has no clock left, so it is never overdue.
  if (query.overdue && query.status === 'decided') return { incidents: [] };
  const statuses: readonly IncidentStatus[] = [query.status ?? 'open'];
  const { incidents, cursor } = await deps.incidents.queue(statuses, {
    limit: query.limit,
    cursor: query.cursor,
    dueBefore: query.overdue ? now : undefined,
  });
  return { incidents: incidents.map((i) => incidentView(i, now)), ...(cursor && { cursor }) };
}

/** One incident for an officer, its description included: the read is recorded in the incident's chain before it is opened. */
export async function incidentForOfficer(
  deps: Pick<Ports, 'clock' | 'incidents' | 'audit'>,
  incidentId: string,
  access: AccessContext,
) {
  const incident = await deps.incidents.summary(incidentId);
  if (!incident) throw new NotFoundError('No such incident.');
  await deps.audit.append(incidentAudit(access, incidentId, { action: 'incident.read', fields: ['description'] }));
  const description = await deps.incidents.description(incidentId);
  if (description === undefined) throw new NotFoundError('No such incident.');
  return { ...incidentView(incident, deps.clock.now()), description };
}

/** Records the Art. 33 decision: whether the authority is notified, why, and its reference when it is. */
export async function decideIncident(
  deps: Pick<Deps, 'clock' | 'incidents' | 'uow'>,
  incidentId: string,
  decision: IncidentDecision,
  access: AccessContext,
) {
  const incident = await deps.incidents.summary(incidentId);
  if (!incident) throw new NotFoundError('No such incident.');
  if (incident.status !== 'open') throw new ConflictError('The decision on this incident is already recorded.');
  const now = deps.clock.now();
  const recorded = {
    notifyAuthority: decision.notifyAuthority,
    reasons: decision.reasons,
    authorityReference: decision.notifyAuthority ? decision.authorityReference : undefined,
    decidedAt: now.toISOString(),
    decidedBy: access.actor.id,
  };
  await deps.uow.commit(
    [deps.incidents.decide(incident, recorded)],
    [
      incidentAudit(access, incidentId, {
        action: 'incident.decide',
        details: {
          notifyAuthority: decision.notifyAuthority,
          // Whether the decision met the clock: the register's first question.
          withinDeadline: now.toISOString() <= incident.decisionDueAt,
        },
      }),
    ],
    { 'incident.decide': () => new ConflictError('The decision on this incident was recorded meanwhile.') },
  );
  return incidentView({ ...incident, status: 'decided', decision: recorded }, now);
}

/**
 * The incident register for auditors: every incident, newest first, with dates, categories, subject
 * counts and the decision, never a description or a subject id. The read is audited.
 */
export async function incidentRegister(
  deps: Pick<Ports, 'clock' | 'incidents' | 'audit'>,
  page: Page,
  access: AccessContext,
) {
  const now = deps.clock.now();
  const { incidents, cursor } = await deps.incidents.register(page);
  await deps.audit.append(
    auditEvent(access, { action: 'incident.register.read', subjectId: SYSTEM_CHAIN, resource: 'incident-register' }),
  );
  return {
    incidents: incidents.map((i) => ({
      ...incidentView(i, now),
      ...(i.decision && { decidedWithinDeadline: i.decision.decidedAt <= i.decisionDueAt }),
    })),
    ...(cursor && { cursor }),
  };
}
