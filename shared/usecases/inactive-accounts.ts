/**
 * The inactive-accounts sweep. An account with no sign-in, order or privacy request for
 * INACTIVE_ACCOUNT_DAYS gets a notice; one still inactive INACTIVE_NOTICE_DAYS after the notice is
 * erased through the same path as a user's own request: an erasure request (submitted by the
 * system, so without the recent-sign-in check), its audit record and `PrivacyRequestReceived`, which
 * the privacy-requests processor carries out.
 *
 * Accounts are found only through the `byRetention` index: a profile sits in an `INACTIVE#<day>`
 * bucket (its own prefix, so the retention sweep never reads profiles) due at lastActiveAt +
 * INACTIVE_ACCOUNT_DAYS with action `inactive-notice`, then at the notice + INACTIVE_NOTICE_DAYS
 * with `inactive-erase`. Activity (ProfileRepository.activityItem) moves it back to a notice due
 * later. Each step is one transaction conditional on the profile still being due for it, so a
 * re-run, a concurrent run or activity in between never sends a second notice or request.
 */

import type { AppDependencies } from '../adapters/dependencies';
import type { TransactItem } from '../adapters/dynamodb/audit-trail';
import { INACTIVE_BUCKET_PREFIX, inactiveBucket, PROFILE_SK, subjectPk } from '../adapters/dynamodb/keys';
import { type DueItem, RETENTION_ACTIONS, RetentionIndex } from '../adapters/dynamodb/retention-index';
import type { AuditEvent } from '../domain/audit';
import { newId } from '../domain/ids';
import { dueDate, isOpenRequest, type PrivacyRequest } from '../domain/privacy-request';
import { epochSeconds } from '../domain/time';
import { dataTable, dayOf, inParallel, type WalkOptions, walkDueBuckets } from './retention';

export const INACTIVE_ACCOUNTS_JOB = 'inactive-accounts';
/** The actor of everything this job records. */
export const INACTIVE_ACCOUNTS_ACTOR = { id: 'inactive-accounts', role: 'system' } as const;
const PURPOSE = 'storage_limitation';

type Deps = Pick<
  AppDependencies,
  'clock' | 'config' | 'ddb' | 'audit' | 'notifications' | 'privacyRequests' | 'events'
>;

export interface InactiveAccountsSummary {
  readonly noticesSent: number;
  readonly erasuresRequested: number;
  /** Restricted accounts: the erasure request waits for a privacy officer's decision. */
  readonly erasuresHeldForDecision: number;
  /** Due profiles that changed before this run reached them (activity, a concurrent run). */
  readonly noLongerDue: number;
  readonly bucketsVisited: number;
}

class NoLongerDue extends Error {}

export async function sweepInactiveAccounts(deps: Deps, options: WalkOptions = {}): Promise<InactiveAccountsSummary> {
  const now = deps.clock.now();
  const index = new RetentionIndex({ ddb: deps.ddb, table: dataTable(deps) });
  const counts = { noticesSent: 0, erasuresRequested: 0, erasuresHeldForDecision: 0, noLongerDue: 0 };
  const { bucketsVisited } = await walkDueBuckets(
    index,
    {
      job: INACTIVE_ACCOUNTS_JOB,
      prefix: INACTIVE_BUCKET_PREFIX,
      now,
      lookbackDays: deps.config.retention.RETENTION_SWEEP_LOOKBACK_DAYS,
      ...options,
    },
    (items) =>
      inParallel(items, options.concurrency ?? 8, async (item) => {
        if (item.type !== 'profile' || typeof item.subjectId !== 'string') {
          counts.noLongerDue++;
          return;
        }
        try {
          if (item.retentionAction === RETENTION_ACTIONS.inactiveNotice) {
            await sendNotice(deps, item.subjectId, now);
            counts.noticesSent++;
          } else if (item.retentionAction === RETENTION_ACTIONS.inactiveErase) {
            const outcome = await requestErasure(deps, item, now);
            if (outcome === 'held') counts.erasuresHeldForDecision++;
            else counts.erasuresRequested++;
          } else {
            counts.noLongerDue++;
          }
        } catch (e) {
          if (!(e instanceof NoLongerDue)) throw e;
          counts.noLongerDue++;
        }
      }),
  );
  return { ...counts, bucketsVisited };
}

/** The notice, its audit record and the move to the erasure bucket, in one transaction. */
async function sendNotice(deps: Deps, subjectId: string, now: Date): Promise<void> {
  const { INACTIVE_ACCOUNT_DAYS, INACTIVE_NOTICE_DAYS } = deps.config.retention;
  const eraseAt = dueDate(now, INACTIVE_NOTICE_DAYS);
  const months = Math.round(INACTIVE_ACCOUNT_DAYS / (365.25 / 12));
  const notificationId = newId(now);
  const at = now.toISOString();
  const items: TransactItem[] = [
    profileUpdate(deps, subjectId, now, RETENTION_ACTIONS.inactiveNotice, {
      set: 'retentionAction = :next, retentionBucket = :bucket, retentionDueAt = :eraseAt, inactivityNoticeAt = :at',
      values: {
        ':next': RETENTION_ACTIONS.inactiveErase,
        ':bucket': inactiveBucket(eraseAt),
        ':eraseAt': epochSeconds(eraseAt),
        ':at': at,
      },
    }),
    deps.notifications.notify(subjectId, {
      id: notificationId,
      type: 'account.inactivity-notice',
      message: `Your account has been inactive for ${months} months; it will be erased on ${dayOf(eraseAt)} unless you sign in or place an order.`,
      resource: 'profile',
      at,
    }),
  ];
  await deps.audit.commit(
    items,
    [systemEvent(subjectId, 'account.inactivity-notice', 'profile', notificationId, { eraseOn: dayOf(eraseAt) })],
    () => new NoLongerDue(),
  );
}

/**
 * The system's equivalent of `submitPrivacyRequest` for erasure: the request and its audit record
 * (actor `inactive-accounts`), committed with taking the profile out of the index, then
 * `PrivacyRequestReceived`. A restricted account's request waits for a privacy officer (a
 * restriction may exist precisely to keep the data); an erasure already open is not duplicated.
 * Should the process die before publishing, the processor's hourly run picks the request up.
 */
async function requestErasure(deps: Deps, item: DueItem, now: Date): Promise<'requested' | 'held'> {
  const subjectId = item.subjectId as string;
  const held = item.restricted === true;
  const { requests } = await deps.privacyRequests.list(subjectId, { limit: 100 });
  const open = requests.find((r) => r.type === 'erasure' && isOpenRequest(r.status));
  const at = now.toISOString();
  const request: PrivacyRequest | undefined = open
    ? undefined
    : {
        requestId: newId(now),
        subjectId,
        type: 'erasure',
        status: 'received',
        receivedAt: at,
        dueAt: dueDate(now, deps.config.retention.REQUEST_DUE_DAYS).toISOString(),
        history: [
          {
            status: 'received',
            at,
            note: 'Requested by the system: no sign-in, order or request for the inactivity period, nor since the notice.',
          },
        ],
        completedSteps: [],
      };
  const requestId = request?.requestId ?? open?.requestId ?? '';
  const items: TransactItem[] = [
    profileUpdate(deps, subjectId, now, RETENTION_ACTIONS.inactiveErase, {
      set: 'retentionAction = :next, inactiveErasureRequestId = :request',
      remove: 'retentionBucket, retentionDueAt',
      values: { ':next': RETENTION_ACTIONS.inactiveErasureRequested, ':request': requestId },
    }),
  ];
  if (request) {
    const stored = held ? ({ ...request, awaitingDecision: true } as PrivacyRequest) : request;
    items.push(deps.privacyRequests.createItem(stored));
  }
  await deps.audit.commit(
    items,
    request
      ? [
          systemEvent(subjectId, 'privacy-request.submit', `privacy-request/${requestId}`, requestId, {
            type: 'erasure',
            reason: 'inactive-account',
            ...(held && { awaitingDecision: true }),
          }),
        ]
      : [],
    () => new NoLongerDue(),
  );
  if (request && !held) {
    await deps.events.publish([{ type: 'PrivacyRequestReceived', requestId, requestType: 'erasure', at }]);
  }
  return held ? 'held' : 'requested';
}

/** An update of the profile that applies only while it is still due for `action`. */
function profileUpdate(
  deps: Deps,
  subjectId: string,
  now: Date,
  action: string,
  change: { set: string; remove?: string; values: Record<string, unknown> },
): TransactItem {
  return {
    Update: {
      TableName: dataTable(deps),
      Key: { pk: subjectPk(subjectId), sk: PROFILE_SK },
      UpdateExpression: `SET ${change.set}${change.remove ? ` REMOVE ${change.remove}` : ''}`,
      ConditionExpression: 'retentionAction = :action AND retentionDueAt <= :now',
      ExpressionAttributeValues: { ...change.values, ':action': action, ':now': epochSeconds(now) },
    },
  };
}

function systemEvent(
  subjectId: string,
  action: string,
  resource: string,
  requestId: string,
  details: NonNullable<AuditEvent['details']>,
): AuditEvent {
  return {
    actor: INACTIVE_ACCOUNTS_ACTOR,
    action,
    subjectId,
    resource,
    purpose: PURPOSE,
    fields: [],
    outcome: 'success',
    requestId,
    details,
  };
}
