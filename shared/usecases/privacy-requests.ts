/**
 * Privacy requests as the subject and the privacy officer see them: submit (erasure needs a recent
 * sign-in), list and read with history, download an export while it lasts, and the officer's queue
 * and decisions (approve a held request, reject, extend once with a reason). Every step is audited
 * and the subject is told each outcome.
 */

import type { AppDependencies } from '../adapters/dependencies';
import type { AccessContext } from '../domain/access';
import type { AuditEvent } from '../domain/audit';
import { ConflictError, NotFoundError, ReauthenticationRequiredError } from '../domain/errors';
import { newId } from '../domain/ids';
import {
  dueDate,
  ERASURE_MAX_AUTH_AGE_SECONDS,
  isOpenRequest,
  MAX_EXTENSION_DAYS,
  OPEN_REQUEST_STATUSES,
  type PrivacyDecision,
  type PrivacyRequest,
  type PrivacyRequestStatus,
  type PrivacyRequestType,
} from '../domain/privacy-request';
import { epochSeconds } from '../domain/time';

type Deps = Pick<
  AppDependencies,
  'clock' | 'config' | 'profiles' | 'privacyRequests' | 'exports' | 'audit' | 'events' | 'notifications'
>;

export const requestAudit = (
  access: AccessContext,
  subjectId: string,
  action: string,
  request: Pick<PrivacyRequest, 'requestId' | 'type'>,
): AuditEvent => ({
  actor: access.actor,
  action,
  subjectId,
  resource: `privacy-request/${request.requestId}`,
  purpose: access.purpose,
  fields: [],
  outcome: 'success',
  requestId: access.requestId,
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
  if (type === 'erasure' && (authTime === undefined || epochSeconds(now) - authTime > ERASURE_MAX_AUTH_AGE_SECONDS)) {
    throw new ReauthenticationRequiredError(
      'Sign in again (within the last 15 minutes) to request erasure of your data.',
    );
  }
  if (!(await deps.profiles.status(subjectId))) {
    throw new NotFoundError('No profile exists for this account yet: register with POST /v1/me.');
  }
  const { requests } = await deps.privacyRequests.list(subjectId, { limit: 100 });
  if (requests.some((r) => r.type === type && isOpenRequest(r.status))) {
    throw new ConflictError(`An ${type} request of yours is already open; it will be answered by its due date.`);
  }
  const at = now.toISOString();
  const request: PrivacyRequest = {
    requestId: newId(now),
    subjectId,
    type,
    status: 'received',
    receivedAt: at,
    dueAt: dueDate(now, deps.config.retention.REQUEST_DUE_DAYS).toISOString(),
    history: [{ status: 'received', at }],
    completedSteps: [],
  };
  await deps.audit.commit(
    [deps.privacyRequests.createItem(request)],
    [requestAudit(access, subjectId, 'privacy-request.submit', request)],
  );
  await deps.events.publish([{ type: 'PrivacyRequestReceived', requestId: request.requestId, requestType: type, at }]);
  return request;
}

export async function listOwnRequests(
  deps: Pick<Deps, 'privacyRequests'>,
  page: { limit: number; cursor?: string | undefined },
  access: AccessContext,
) {
  const { requests, cursor } = await deps.privacyRequests.list(access.actor.id, page);
  return { requests: requests.map(requestView), ...(cursor && { cursor }) };
}

export async function getOwnRequest(deps: Pick<Deps, 'privacyRequests'>, requestId: string, access: AccessContext) {
  const request = await deps.privacyRequests.get(access.actor.id, requestId);
  if (!request) throw new NotFoundError('No such privacy request.');
  return requestView(request);
}

export async function downloadExport(
  deps: Pick<Deps, 'privacyRequests' | 'exports' | 'clock'>,
  requestId: string,
  access: AccessContext,
) {
  const request = await deps.privacyRequests.get(access.actor.id, requestId);
  if (request?.type !== 'export') throw new NotFoundError('No such export request.');
  if (request.status !== 'completed') throw new ConflictError(`The export is ${request.status}; it is not ready yet.`);
  return deps.exports.read(access.actor.id, requestId, deps.clock.now());
}

/** The officer's queue: open requests by default, soonest due first; `overdue` keeps those past due. */
export async function requestQueue(
  deps: Pick<Deps, 'privacyRequests' | 'clock'>,
  filter: { status?: PrivacyRequestStatus | undefined; overdue?: boolean | undefined; limit: number },
) {
  const now = deps.clock.now().toISOString();
  const statuses = filter.status ? [filter.status] : OPEN_REQUEST_STATUSES;
  const requests: PrivacyRequest[] = [];
  for (const status of statuses) {
    const page = await deps.privacyRequests.queue(status, { limit: filter.limit }, filter.overdue ? now : undefined);
    requests.push(...page.requests);
  }
  requests.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  return {
    requests: requests.slice(0, filter.limit).map((r) => ({
      ...requestView(r),
      subjectId: r.subjectId,
      overdue: isOpenRequest(r.status) && r.dueAt < now,
    })),
  };
}

export async function decidePrivacyRequest(
  deps: Deps,
  requestId: string,
  decision: PrivacyDecision,
  access: AccessContext,
) {
  const request = (await deps.privacyRequests.byId(requestId)) as
    | (PrivacyRequest & { awaitingDecision?: boolean })
    | undefined;
  if (!request) throw new NotFoundError('No such privacy request.');
  if (!isOpenRequest(request.status)) throw new ConflictError(`The request is already ${request.status}.`);
  const now = deps.clock.now();
  const subjectId = request.subjectId;
  let update: Parameters<typeof deps.privacyRequests.updateItem>[1];
  let message: string;
  switch (decision.action) {
    case 'extend': {
      if (request.history.some((h) => h.status === 'extended')) {
        throw new ConflictError('This request was already extended once.');
      }
      const dueAt = new Date(Date.parse(request.dueAt) + MAX_EXTENSION_DAYS * 86_400_000).toISOString();
      update = { to: 'extended', note: decision.reason, dueAt };
      message = `Your ${request.type} request needs more time; it is now due on ${dueAt.slice(0, 10)}. Reason: ${decision.reason}`;
      break;
    }
    case 'reject':
      update = { to: 'rejected', note: decision.reason, awaitingDecision: false };
      message = `Your ${request.type} request was not carried out. Reason: ${decision.reason}`;
      break;
    case 'approve':
      if (!request.awaitingDecision) {
        throw new ConflictError('This request needs no decision: it is processed automatically.');
      }
      update = { to: 'in_progress', note: decision.reason, awaitingDecision: false };
      message = `Your ${request.type} request was approved and is being carried out.`;
      break;
  }
  await deps.audit.commit(
    [
      deps.privacyRequests.updateItem(request, update, now),
      deps.notifications.notify(subjectId, {
        id: newId(now),
        type: `privacy-request.${decision.action}`,
        message,
        resource: `privacy-request/${requestId}`,
        at: now.toISOString(),
      }),
    ],
    [requestAudit(access, subjectId, `privacy-request.${decision.action}`, request)],
    () => new ConflictError('The request changed while deciding; reload it.'),
  );
  if (decision.action === 'approve') {
    await deps.events.publish([
      { type: 'PrivacyRequestReceived', requestId, requestType: request.type, at: now.toISOString() },
    ]);
  }
  const updated = await deps.privacyRequests.get(subjectId, requestId);
  return updated ? requestView(updated) : undefined;
}

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
  deps: Pick<AppDependencies, 'clock' | 'config' | 'profiles' | 'audit' | 'notifications'>,
  subjectId: string,
  access: AccessContext,
): Promise<{ subjectId: string; restricted: false }> {
  const now = deps.clock.now();
  await deps.audit.commit(
    [
      deps.profiles.liftRestrictionItem(subjectId, now),
      deps.notifications.notify(subjectId, {
        id: newId(now),
        type: 'restriction.lifted',
        message: 'The restriction of processing on your account was lifted; orders and support work normally again.',
        resource: 'profile',
        at: now.toISOString(),
      }),
    ],
    [
      {
        actor: access.actor,
        action: 'processing.unrestrict',
        subjectId,
        resource: 'profile',
        purpose: access.purpose,
        fields: [],
        outcome: 'success',
        requestId: access.requestId,
      },
    ],
    () => new NotFoundError('This customer has no restriction to lift.'),
  );
  return { subjectId, restricted: false };
}
