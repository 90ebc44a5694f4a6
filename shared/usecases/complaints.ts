/**
 * Complaints about the handling of personal data: a registered subject files one (the description
 * sealed with their key, due a fixed number of days later); privacy officers work a queue that holds
 * no personal text, assign a complaint to an officer and resolve it; the subject is notified of each
 * step and reads the resolution in their account. Every change commits with its audit record.
 */

import type { AccessContext } from '../domain/access';
import { roleServesPurpose } from '../domain/access';
import { type AuditFact, auditEvent } from '../domain/audit';
import {
  type Complaint,
  type ComplaintFiling,
  type ComplaintStatus,
  type ComplaintWithText,
  canTransitionComplaint,
  complaintDueAt,
  isComplaintOverdue,
  isOpenComplaint,
  OPEN_COMPLAINT_STATUSES,
} from '../domain/complaint';
import { ConflictError, NotFoundError, UnprocessableError } from '../domain/errors';
import { newId } from '../domain/ids';
import type { Ports } from '../ports';
import type { Notification } from '../ports/orders';
import type { Page } from '../ports/page';

type Deps = Pick<Ports, 'clock' | 'config' | 'profiles' | 'complaints' | 'notifications' | 'uow'>;
/** What an officer's step on a complaint needs. */
type OfficerDeps = Pick<Deps, 'clock' | 'complaints' | 'notifications' | 'uow'>;
/** Assigning also asks the staff directory who holds the privacy-officer role. */
type AssignDeps = OfficerDeps & Pick<Ports, 'staff'>;

/** The purpose staff complaint handling is recorded under unless the officer named one their role serves. */
export const COMPLAINT_HANDLING_PURPOSE = 'complaint_handling';

/** A complaint as its subject sees it: their own text and the outcome, not who handles it. */
export const subjectComplaintView = (c: ComplaintWithText) => ({
  id: c.complaintId,
  category: c.category,
  status: c.status,
  filedAt: c.filedAt,
  dueAt: c.dueAt,
  description: c.description,
  ...(c.relatedRequestId && { relatedRequestId: c.relatedRequestId }),
  ...(c.resolution !== undefined && { resolution: c.resolution }),
  ...(c.resolvedAt && { resolvedAt: c.resolvedAt }),
  history: c.history,
});

/** A complaint in the officers' queue: ids, category, dates and status only — no personal text. */
export const officerComplaintView = (c: Complaint, now: Date) => ({
  id: c.complaintId,
  subjectId: c.subjectId,
  category: c.category,
  status: c.status,
  filedAt: c.filedAt,
  dueAt: c.dueAt,
  overdue: isComplaintOverdue(c, now),
  ...(c.assignee && { assignee: c.assignee }),
  ...(c.resolvedAt && { resolvedAt: c.resolvedAt }),
});

const staffPurpose = (access: AccessContext): string =>
  roleServesPurpose(access.actor.role, access.purpose) ? access.purpose : COMPLAINT_HANDLING_PURPOSE;

/** The audit event of a step on the complaint, by the caller of `access`. */
const complaintAudit = (
  access: AccessContext,
  complaint: Pick<Complaint, 'complaintId' | 'subjectId'>,
  fact: Omit<AuditFact, 'subjectId' | 'resource'>,
) => auditEvent(access, { ...fact, subjectId: complaint.subjectId, resource: `complaint/${complaint.complaintId}` });

export async function fileComplaint(
  deps: Pick<Deps, 'clock' | 'config' | 'profiles' | 'complaints' | 'uow'>,
  filing: ComplaintFiling,
  access: AccessContext,
) {
  const subjectId = access.actor.id;
  if (!(await deps.profiles.status(subjectId))) {
    throw new NotFoundError('No profile exists for this account yet: register with POST /v1/me.');
  }
  const now = deps.clock.now();
  const filedAt = now.toISOString();
  const complaint: Complaint = {
    complaintId: newId(now),
    subjectId,
    category: filing.category,
    status: 'open',
    filedAt,
    dueAt: complaintDueAt(filing.category, now, deps.config.retention.REQUEST_DUE_DAYS).toISOString(),
    updatedAt: filedAt,
    history: [{ status: 'open', at: filedAt }],
    relatedRequestId: filing.relatedRequestId,
  };
  await deps.uow.commit(
    [await deps.complaints.create(complaint, filing.description)],
    [
      complaintAudit(access, complaint, {
        action: 'complaint.file',
        fields: ['description'],
        details: { category: complaint.category },
      }),
    ],
  );
  return {
    id: complaint.complaintId,
    category: complaint.category,
    status: complaint.status,
    filedAt: complaint.filedAt,
    dueAt: complaint.dueAt,
    ...(complaint.relatedRequestId && { relatedRequestId: complaint.relatedRequestId }),
  };
}

export async function listOwnComplaints(deps: Pick<Deps, 'complaints'>, page: Page, access: AccessContext) {
  const { complaints, cursor } = await deps.complaints.list(access.actor.id, page, access);
  return { complaints: complaints.map(subjectComplaintView), ...(cursor && { cursor }) };
}

/** One of the caller's complaints; another subject's is indistinguishable from none (404). */
export async function getOwnComplaint(deps: Pick<Deps, 'complaints'>, complaintId: string, access: AccessContext) {
  const complaint = await deps.complaints.read(access.actor.id, complaintId, access);
  if (!complaint) throw new NotFoundError('No such complaint.');
  return subjectComplaintView(complaint);
}

/** The officers' queue, soonest due first: by default every open status; `overdue` keeps only those past due. */
export async function listComplaintQueue(
  deps: Pick<Deps, 'clock' | 'complaints'>,
  query: Page & { status?: ComplaintStatus | undefined; overdue?: boolean | undefined },
) {
  const now = deps.clock.now();
  const requested: readonly ComplaintStatus[] = query.status ? [query.status] : OPEN_COMPLAINT_STATUSES;
  // A resolved complaint has no deadline left, so it is never overdue.
  const statuses = query.overdue ? requested.filter(isOpenComplaint) : requested;
  if (statuses.length === 0) return { complaints: [] };
  const { complaints, cursor } = await deps.complaints.queue(statuses, {
    limit: query.limit,
    cursor: query.cursor,
    dueBefore: query.overdue ? now : undefined,
  });
  return { complaints: complaints.map((c) => officerComplaintView(c, now)), ...(cursor && { cursor }) };
}

async function complaintById(deps: Pick<Deps, 'complaints'>, complaintId: string): Promise<Complaint> {
  const owner = await deps.complaints.ownerOf(complaintId);
  const complaint = owner ? await deps.complaints.summary(owner, complaintId) : undefined;
  if (!complaint) throw new NotFoundError('No such complaint.');
  return complaint;
}

/** A notification about the complaint; `message` is system text that quotes no personal value. */
const notification = (complaint: Complaint, type: string, message: string, now: Date): Notification => ({
  id: newId(now),
  type,
  message,
  resource: `complaint/${complaint.complaintId}`,
  at: now.toISOString(),
});

/** The complaint as it stands after moving to `status` at `now`. */
const moved = (
  complaint: Complaint,
  status: ComplaintStatus,
  now: Date,
  change: Pick<Complaint, 'assignee' | 'resolvedAt'>,
): Complaint => ({
  ...complaint,
  ...change,
  status,
  updatedAt: now.toISOString(),
  history: [...complaint.history, { status, at: now.toISOString() }],
});

/**
 * A complaint in full for a privacy officer handling it: the subject's text opened through the
 * audited read (a purpose the role serves, the record in the subject's chain before anything is
 * decrypted), with the officers' fields.
 */
export async function complaintForOfficer(
  deps: Pick<Deps, 'clock' | 'complaints'>,
  complaintId: string,
  access: AccessContext,
) {
  const owner = await deps.complaints.ownerOf(complaintId);
  const complaint = owner ? await deps.complaints.read(owner, complaintId, access) : undefined;
  if (!complaint) throw new NotFoundError('No such complaint.');
  const now = deps.clock.now();
  return {
    ...officerComplaintView(complaint, now),
    description: complaint.description,
    ...(complaint.resolution !== undefined && { resolution: complaint.resolution }),
    ...(complaint.relatedRequestId && { relatedRequestId: complaint.relatedRequestId }),
    history: complaint.history,
  };
}

/** The privacy officers' inbox: deadline notices (ids, kinds, dates; nothing personal), soonest due first. */
export async function officerNotices(deps: Pick<Ports, 'clock' | 'officerInbox'>, page: Page) {
  const { notices, cursor } = await deps.officerInbox.list(page, deps.clock.now());
  return { notices, ...(cursor && { cursor }) };
}

/**
 * Assigns the complaint to a privacy officer, by staff subject id: the caller themselves, or a staff
 * account the staff directory shows holding the privacy-officer role. Anyone else is refused (422).
 */
export async function assignComplaint(deps: AssignDeps, complaintId: string, assignee: string, access: AccessContext) {
  const complaint = await complaintById(deps, complaintId);
  if (!canTransitionComplaint(complaint.status, 'assigned')) {
    throw new ConflictError('This complaint is resolved; it can no longer be assigned.');
  }
  if (assignee !== access.actor.id && !(await deps.staff.hasRole(assignee, 'privacy-officer'))) {
    throw new UnprocessableError('The assignee must be the staff id of a privacy officer.', [
      { path: 'body.assignee', message: 'Not a privacy officer' },
    ]);
  }
  const now = deps.clock.now();
  await deps.uow.commit(
    [
      deps.complaints.assign(complaint, assignee, now),
      deps.notifications.notify(
        complaint.subjectId,
        notification(
          complaint,
          'complaint.assigned',
          `Your complaint ${complaint.complaintId} has been assigned to a privacy officer.`,
          now,
        ),
      ),
    ],
    [
      complaintAudit(access, complaint, {
        action: 'complaint.assign',
        purpose: staffPurpose(access),
        details: { assignee },
      }),
    ],
    {
      'complaint.assign': () =>
        new ConflictError('The complaint was resolved meanwhile; it can no longer be assigned.'),
    },
  );
  return officerComplaintView(moved(complaint, 'assigned', now, { assignee }), now);
}

export async function resolveComplaint(
  deps: OfficerDeps,
  complaintId: string,
  resolution: string,
  access: AccessContext,
) {
  const complaint = await complaintById(deps, complaintId);
  if (!canTransitionComplaint(complaint.status, 'resolved')) {
    throw new ConflictError('This complaint is already resolved.');
  }
  const now = deps.clock.now();
  await deps.uow.commit(
    [
      await deps.complaints.resolve(complaint, resolution, now),
      deps.notifications.notify(
        complaint.subjectId,
        notification(
          complaint,
          'complaint.resolved',
          `Your complaint ${complaint.complaintId} was resolved: see the resolution in your account.`,
          now,
        ),
      ),
    ],
    [
      complaintAudit(access, complaint, {
        action: 'complaint.resolve',
        purpose: staffPurpose(access),
        fields: ['resolution'],
      }),
    ],
    { 'complaint.resolve': () => new ConflictError('The complaint was resolved meanwhile; reload it.') },
  );
  return officerComplaintView(moved(complaint, 'resolved', now, { resolvedAt: now.toISOString() }), now);
}
