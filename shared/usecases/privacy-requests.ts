/**
 * Privacy requests as the subject and the privacy officer see them: submit (erasure needs a recent
 * sign-in), list and read with history, download an export while it lasts, and the officer's queue
 * and decisions (approve a held request, reject, extend once with a reason). Every step is audited
 * and the subject is told each outcome.
 */

import type { AccessContext } from '../domain/access';
import { auditEvent } from '../domain/audit';
import { ConflictError, GoneError, NotFoundError, ReauthenticationRequiredError } from '../domain/errors';
import { newId } from '../domain/ids';
import {
  fileRequest,
  isOpenRequest,
  MAX_EXTENSION_DAYS,
  OPEN_REQUEST_STATUSES,
  type PrivacyDecision,
  type PrivacyRequest,
  type PrivacyRequestStatus,
  type PrivacyRequestType,
  RECENT_SIGN_IN_MAX_AGE_SECONDS,
  type RequestChange,
} from '../domain/privacy-request';
import { addDays, dayOf, epochSeconds } from '../domain/time';
import type { Ports } from '../ports';
import type { Page } from '../ports/page';
import type { ExportDownloadPart } from '../ports/privacy';

type Deps = Pick<
  Ports,
  'clock' | 'config' | 'profiles' | 'privacyRequests' | 'exports' | 'uow' | 'outbox' | 'notifications'
>;

const requestAudit = (
  access: AccessContext,
  action: string,
  request: Pick<PrivacyRequest, 'requestId' | 'subjectId' | 'type'>,
) =>
  auditEvent(access, {
    action,
    subjectId: request.subjectId,
    resource: `privacy-request/${request.requestId}`,
    details: { type: request.type },
  });

export async function submitPrivacyRequest(
  deps: Deps,
  type: PrivacyRequestType,
  authTime: number | undefined,
  access: AccessContext,
): Promise<PrivacyRequest> {
  const subjectId = access.actor.id;
  const now = deps.clock.now();
  if (type === 'erasure') assertRecentSignIn(authTime, now, 'request erasure of your data');
  if (!(await deps.profiles.status(subjectId))) {
    throw new NotFoundError('No profile exists for this account yet: register with POST /v1/me.');
  }
  const { requests } = await deps.privacyRequests.list(subjectId, { limit: 100 });
  if (requests.some((r) => r.type === type && isOpenRequest(r.status))) {
    throw new ConflictError(`An ${type} request of yours is already open; it will be answered by its due date.`);
  }
  const request = fileRequest({ requestId: newId(now), subjectId, type }, now, deps.config.retention.REQUEST_DUE_DAYS);
  await deps.uow.commit(
    [
      deps.privacyRequests.create(request),
      deps.outbox.stage(
        [{ type: 'PrivacyRequestReceived', requestId: request.requestId, requestType: type, at: request.receivedAt }],
        now,
      ),
    ],
    [requestAudit(access, 'privacy-request.submit', request)],
  );
  return request;
}

export async function listOwnRequests(deps: Pick<Deps, 'privacyRequests'>, page: Page, access: AccessContext) {
  const { requests, cursor } = await deps.privacyRequests.list(access.actor.id, page);
  return { requests: requests.map(requestView), ...(cursor && { cursor }) };
}

export async function getOwnRequest(deps: Pick<Deps, 'privacyRequests'>, requestId: string, access: AccessContext) {
  const request = await deps.privacyRequests.get(access.actor.id, requestId);
  if (!request) throw new NotFoundError('No such privacy request.');
  return requestView(request);
}

/**
 * One part of the caller's export (1-based; most exports are one part). Handing out everything held
 * about a person needs a recent sign-in, as erasure does.
 */
export async function downloadExport(
  deps: Pick<Deps, 'privacyRequests' | 'exports' | 'clock'>,
  requestId: string,
  part: number,
  authTime: number | undefined,
  access: AccessContext,
): Promise<ExportDownloadPart> {
  const now = deps.clock.now();
  const request = await deps.privacyRequests.get(access.actor.id, requestId);
  if (request?.type !== 'export') throw new NotFoundError('No such export request.');
  if (request.status !== 'completed') throw new ConflictError(`The export is ${request.status}; it is not ready yet.`);
  if (!request.exportDocument || (request.exportExpiresAt ?? '') <= now.toISOString()) {
    throw new GoneError('This export is no longer available; request a new one.');
  }
  assertRecentSignIn(authTime, now, 'download your data export');
  return deps.exports.read(access.actor.id, requestId, request.exportDocument, part, now);
}

/** A sign-in within RECENT_SIGN_IN_MAX_AGE_SECONDS, or the caller must sign in again before `action`. */
function assertRecentSignIn(authTime: number | undefined, now: Date, action: string): void {
  if (authTime === undefined || epochSeconds(now) - authTime > RECENT_SIGN_IN_MAX_AGE_SECONDS) {
    throw new ReauthenticationRequiredError(`Sign in again (within the last 15 minutes) to ${action}.`);
  }
}

/** The officer's queue: open requests by default, soonest due first; `overdue` keeps those past due. */
export async function requestQueue(
  deps: Pick<Deps, 'privacyRequests' | 'clock'>,
  filter: Page & { status?: PrivacyRequestStatus | undefined; overdue?: boolean | undefined },
) {
  const now = deps.clock.now().toISOString();
  const statuses = filter.status ? [filter.status] : OPEN_REQUEST_STATUSES;
  const { requests, cursor } = await deps.privacyRequests.queue(statuses, {
    limit: filter.limit,
    cursor: filter.cursor,
    dueBefore: filter.overdue ? now : undefined,
  });
  return {
    requests: requests.map((r) => ({
      ...requestView(r),
      subjectId: r.subjectId,
      overdue: isOpenRequest(r.status) && r.dueAt < now,
    })),
    ...(cursor && { cursor }),
  };
}

export async function decidePrivacyRequest(
  deps: Deps,
  requestId: string,
  decision: PrivacyDecision,
  access: AccessContext,
) {
  const request = await deps.privacyRequests.byId(requestId);
  if (!request) throw new NotFoundError('No such privacy request.');
  if (!isOpenRequest(request.status)) throw new ConflictError(`The request is already ${request.status}.`);
  const now = deps.clock.now();
  const { change, message } = DECISIONS[decision.action](request, decision.reason);
  await deps.uow.commit(
    [
      deps.privacyRequests.update(request, change, now),
      deps.notifications.notify(request.subjectId, {
        id: newId(now),
        type: `privacy-request.${decision.action}`,
        message,
        resource: `privacy-request/${requestId}`,
        at: now.toISOString(),
      }),
      // An approved request goes back to the processor.
      ...(decision.action === 'approve'
        ? [
            deps.outbox.stage(
              [{ type: 'PrivacyRequestReceived', requestId, requestType: request.type, at: now.toISOString() }],
              now,
            ),
          ]
        : []),
    ],
    [requestAudit(access, `privacy-request.${decision.action}`, request)],
    { 'privacy-request.update': () => new ConflictError('The request changed while deciding; reload it.') },
  );
  const updated = await deps.privacyRequests.get(request.subjectId, requestId);
  return updated ? requestView(updated) : undefined;
}

/** What each decision changes and what the subject is told; a decision the request cannot take is refused. */
const DECISIONS: Record<
  PrivacyDecision['action'],
  (request: PrivacyRequest, reason: string) => { change: RequestChange; message: string }
> = {
  extend: (request, reason) => {
    if (request.history.some((h) => h.status === 'extended')) {
      throw new ConflictError('This request was already extended once.');
    }
    const due = addDays(new Date(request.dueAt), MAX_EXTENSION_DAYS);
    return {
      change: { to: 'extended', note: reason, dueAt: due.toISOString() },
      message: `Your ${request.type} request needs more time; it is now due on ${dayOf(due)}. Reason: ${reason}`,
    };
  },
  reject: (request, reason) => ({
    change: { to: 'rejected', note: reason, awaitingDecision: false },
    message: `Your ${request.type} request was not carried out. Reason: ${reason}`,
  }),
  approve: (request, reason) => {
    if (!request.awaitingDecision) {
      throw new ConflictError('This request needs no decision: it is processed automatically.');
    }
    return {
      change: { to: 'in_progress', note: reason, awaitingDecision: false },
      message: `Your ${request.type} request was approved and is being carried out.`,
    };
  },
};

export function requestView(r: PrivacyRequest) {
  return {
    id: r.requestId,
    type: r.type,
    status: r.status,
    receivedAt: r.receivedAt,
    dueAt: r.dueAt,
    history: r.history,
    ...(r.exportExpiresAt && { exportAvailableUntil: r.exportExpiresAt }),
    ...(r.receipt && { receipt: r.receipt }),
  };
}

/** The privacy officer lifts a restriction; the subject is told. */
export async function liftRestriction(
  deps: Pick<Ports, 'clock' | 'profiles' | 'uow' | 'notifications'>,
  subjectId: string,
  access: AccessContext,
): Promise<{ subjectId: string; restricted: false }> {
  const now = deps.clock.now();
  await deps.uow.commit(
    [
      deps.profiles.liftRestriction(subjectId, now),
      deps.notifications.notify(subjectId, {
        id: newId(now),
        type: 'restriction.lifted',
        message: 'The restriction of processing on your account was lifted; orders and support work normally again.',
        resource: 'profile',
        at: now.toISOString(),
      }),
    ],
    [auditEvent(access, { action: 'processing.unrestrict', subjectId, resource: 'profile' })],
    { 'profile.lift-restriction': () => new NotFoundError('This customer has no restriction to lift.') },
  );
  return { subjectId, restricted: false };
}
