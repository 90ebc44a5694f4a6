/**
 * The inactive-accounts sweep. An account with no sign-in, order, privacy request or authenticated
 * request for INACTIVE_ACCOUNT_DAYS gets a notice, in the app and by e-mail; one still inactive INACTIVE_NOTICE_DAYS after the notice is
 * erased through the same path as a user's own request: an erasure request (submitted by the
 * system, so without the recent-sign-in check), its audit record and `PrivacyRequestReceived`, which
 * the privacy-requests processor carries out.
 *
 * Accounts are found only through the retention queue, in buckets of their own (the retention sweep
 * never reads profiles): a profile is due the notice at lastActiveAt + INACTIVE_ACCOUNT_DAYS, then
 * erasure at the notice + INACTIVE_NOTICE_DAYS. Activity (`profiles.activity`) makes it due a notice
 * again, later. Each step is one transaction conditional on the profile still being due for it, so
 * a re-run, a concurrent run or activity in between never sends a second notice or request.
 */
import { type AuditContext, auditEvent, systemContext } from '../domain/audit';
import { newId } from '../domain/ids';
import { fileRequest, isOpenRequest } from '../domain/privacy-request';
import { addDays, dayOf } from '../domain/time';
import type { Ports } from '../ports';
import type { MailOutcome } from '../ports/mail';
import type { DueErasure, DueNotice } from '../ports/retention';
import { inParallel, type WalkOptions, walkDueBuckets } from './retention';

export const INACTIVE_ACCOUNTS_JOB = 'inactive-accounts';
/** Why the job processes the accounts it touches (GDPR Art. 5(1)(e)). */
const PURPOSE = 'storage_limitation';

type Deps = Pick<
  Ports,
  'clock' | 'config' | 'retention' | 'uow' | 'notifications' | 'privacyRequests' | 'outbox' | 'mail'
>;

export interface InactiveAccountsSummary {
  readonly noticesSent: number;
  /** Notices that also went out by e-mail (an inactive user does not open the in-app inbox). */
  readonly mailsSent: number;
  /** Mails the mail service refused: the in-app notice stands, the mail is not retried. */
  readonly mailsFailed: number;
  readonly erasuresRequested: number;
  /** Restricted accounts: the erasure request waits for a privacy officer's decision. */
  readonly erasuresHeldForDecision: number;
  /** Due profiles that changed before this run reached them (activity, a concurrent run). */
  readonly noLongerDue: number;
  readonly bucketsVisited: number;
}

/** The account's condition failed: it changed since the page was read. */
class NoLongerDue extends Error {}

export async function sweepInactiveAccounts(deps: Deps, options: WalkOptions = {}): Promise<InactiveAccountsSummary> {
  const now = deps.clock.now();
  const run = systemContext(INACTIVE_ACCOUNTS_JOB, PURPOSE, newId(now));
  const counts = {
    noticesSent: 0,
    mailsSent: 0,
    mailsFailed: 0,
    erasuresRequested: 0,
    erasuresHeldForDecision: 0,
    noLongerDue: 0,
  };
  const { bucketsVisited } = await walkDueBuckets(
    deps.retention,
    {
      job: INACTIVE_ACCOUNTS_JOB,
      now,
      lookbackDays: deps.config.retention.RETENTION_SWEEP_LOOKBACK_DAYS,
      due: (day, page) => deps.retention.dueInactiveAccounts(day, now, page),
      ...options,
    },
    (accounts) =>
      inParallel(accounts, options.concurrency ?? 8, async (account) => {
        try {
          switch (account.kind) {
            case 'send-notice': {
              const mailed = await sendNotice(deps, run, account, now);
              counts.noticesSent++;
              if (mailed === 'sent') counts.mailsSent++;
              if (mailed === 'failed') counts.mailsFailed++;
              return;
            }
            case 'request-erasure':
              if ((await requestErasure(deps, run, account, now)) === 'held') counts.erasuresHeldForDecision++;
              else counts.erasuresRequested++;
              return;
            case 'none':
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

/**
 * The notice, its audit record and the move to the erasure date, in one transaction; then the same
 * notice by e-mail, once the transaction says this run is the one to send it (never twice).
 */
async function sendNotice(
  deps: Deps,
  run: AuditContext,
  account: DueNotice,
  now: Date,
): Promise<MailOutcome | 'failed'> {
  const { INACTIVE_ACCOUNT_DAYS, INACTIVE_NOTICE_DAYS } = deps.config.retention;
  const { subjectId } = account;
  const eraseAt = addDays(now, INACTIVE_NOTICE_DAYS);
  const months = Math.round(INACTIVE_ACCOUNT_DAYS / (365.25 / 12));
  const notificationId = newId(now);
  await deps.uow.commit(
    [
      deps.retention.inactivityNotice(account, now, eraseAt),
      deps.notifications.notify(subjectId, {
        id: notificationId,
        type: 'account.inactivity-notice',
        message: `Your account has been inactive for ${months} months; it will be erased on ${dayOf(eraseAt)} unless you sign in or place an order.`,
        resource: 'profile',
        at: now.toISOString(),
      }),
    ],
    [
      auditEvent(run, {
        action: 'account.inactivity-notice',
        subjectId,
        resource: 'profile',
        details: { eraseOn: dayOf(eraseAt), notificationId },
      }),
    ],
    { 'profile.inactivity-notice': () => new NoLongerDue() },
  );
  return deps.mail
    .send(subjectId, 'inactivity-notice', { months, eraseOn: dayOf(eraseAt) }, run)
    .catch((): 'failed' => 'failed');
}

/**
 * The system's equivalent of `submitPrivacyRequest` for erasure: the request and its audit record
 * (actor `inactive-accounts`), committed with taking the profile out of the queue, then
 * `PrivacyRequestReceived`. A restricted account's request waits for a privacy officer (a
 * restriction may exist precisely to keep the data). An erasure already open is not duplicated:
 * the account leaves the queue pointing at it.
 * Should the process die before publishing, the processor's hourly run picks the request up.
 */
async function requestErasure(
  deps: Deps,
  run: AuditContext,
  account: DueErasure,
  now: Date,
): Promise<'requested' | 'held'> {
  const { subjectId, restricted: held } = account;
  const outcome = held ? 'held' : 'requested';
  const stillDue = { 'profile.inactivity-erasure': () => new NoLongerDue() };
  const { requests } = await deps.privacyRequests.list(subjectId, { limit: 100 });
  const open = requests.find((r) => r.type === 'erasure' && isOpenRequest(r.status));
  if (open) {
    await deps.uow.commit(
      [deps.retention.inactivityErasure(account, now, open.requestId)],
      [
        auditEvent(run, {
          action: 'account.inactivity-erasure',
          subjectId,
          resource: `privacy-request/${open.requestId}`,
          details: { reason: 'inactive-account', existingRequest: true },
        }),
      ],
      stillDue,
    );
    return outcome;
  }
  const request = fileRequest(
    { requestId: newId(now), subjectId, type: 'erasure' },
    now,
    deps.config.retention.REQUEST_DUE_DAYS,
    {
      note: 'Requested by the system: no sign-in, order or request for the inactivity period, nor since the notice.',
      awaitingDecision: held,
    },
  );
  await deps.uow.commit(
    [
      deps.retention.inactivityErasure(account, now, request.requestId),
      deps.privacyRequests.create(request),
      // A held request waits for an officer; the processor hears of it when approved.
      ...(held
        ? []
        : [
            deps.outbox.stage(
              [
                {
                  type: 'PrivacyRequestReceived',
                  requestId: request.requestId,
                  requestType: 'erasure',
                  at: request.receivedAt,
                },
              ],
              now,
            ),
          ]),
    ],
    [
      auditEvent(run, {
        action: 'privacy-request.submit',
        subjectId,
        resource: `privacy-request/${request.requestId}`,
        details: { type: 'erasure', reason: 'inactive-account', ...(held && { awaitingDecision: true }) },
      }),
    ],
    stillDue,
  );
  return outcome;
}
