/**
 * The privacy-request processor: carries out export, restriction and erasure requests in steps.
 * Each step is idempotent on its own and is recorded on the request in the same transaction as its
 * last change, so a processor that dies between any two steps (or inside one) finishes the request
 * on its next run with no duplicate effect. Driven by a queue in AWS and by the local runtime within
 * seconds of a request.
 */
import { type AuditEvent, type AuditFact, auditEvent, systemContext } from '../domain/audit';
import { ConflictError } from '../domain/errors';
import { newId } from '../domain/ids';
import { isTerminal } from '../domain/order';
import { type OrderSummary, PERSONAL_ORDER_FIELDS } from '../domain/order-record';
import {
  type ErasureReceipt,
  EXPORT_FORMAT,
  isOpenRequest,
  OPEN_REQUEST_STATUSES,
  type PrivacyRequest,
  type ProcessingStep,
  type RequestChange,
  STEPS,
} from '../domain/privacy-request';
import { addDays, dayOf } from '../domain/time';
import type { Ports } from '../ports';
import type { Notification } from '../ports/orders';
import type { ConditionErrors, Write } from '../ports/unit-of-work';

export type ProcessorDeps = Pick<
  Ports,
  | 'clock'
  | 'config'
  | 'uow'
  | 'audit'
  | 'outbox'
  | 'orders'
  | 'refunds'
  | 'privacyRequests'
  | 'exports'
  | 'subjectData'
  | 'profiles'
  | 'identity'
  | 'keyring'
  | 'notifications'
>;

export type ProcessOutcome =
  | { readonly requestId: string; readonly result: 'completed' | 'skipped' | 'awaiting-decision' }
  | { readonly requestId: string; readonly result: 'waiting'; readonly reason: string };

/** The step at hand: the request (in progress), the step's instant, and the write recording it. */
interface StepRun {
  readonly request: PrivacyRequest;
  readonly now: Date;
  /** Records the step as done, with `facts` about it: commit it with the step's last change. */
  readonly done: (facts?: RequestChange) => Write;
  /**
   * The audit records to commit with `done()`: the step's own, preceded by the request's start when
   * this step also starts the request.
   */
  readonly audit: (event: AuditEvent) => AuditEvent[];
}

/** Why a request cannot finish now; a later run resumes it at the same step. */
interface Waiting {
  readonly reason: string;
}

type StepHandler = (deps: ProcessorDeps, run: StepRun) => Promise<Waiting | undefined>;

/** The request moved meanwhile (another run, an officer's decision): nothing landed; a later run resumes. */
const CHANGED: ConditionErrors = {
  'privacy-request.update': () => new ConflictError('The request changed while processing; it will resume.'),
};

/** Processes one request as far as it can go now. */
export async function processRequest(
  deps: ProcessorDeps,
  ref: { subjectId: string; requestId: string },
): Promise<ProcessOutcome> {
  const requestId = ref.requestId;
  const found = await deps.privacyRequests.get(ref.subjectId, requestId);
  if (!found || !isOpenRequest(found.status)) return { requestId, result: 'skipped' };
  if (found.awaitingDecision) return { requestId, result: 'awaiting-decision' };
  if (await needsDecision(deps, found)) {
    await holdForDecision(deps, found);
    return { requestId, result: 'awaiting-decision' };
  }
  // A request no step has touched yet starts with its first step: the move to in progress and its
  // audit record ride in that step's transaction (same condition on the status read above), which
  // saves a transaction per request. A request resumed after an extension starts on its own.
  let starting = found.status !== 'in_progress' && found.completedSteps.length === 0;
  let request = starting ? found : await start(deps, found);
  for (const step of STEPS[request.type]) {
    if (request.completedSteps.includes(step)) continue;
    const now = deps.clock.now();
    const started = starting;
    const done = (facts: RequestChange = {}) =>
      deps.privacyRequests.update(request, { ...(started && { to: 'in_progress' as const }), ...facts, step }, now);
    const audit = (event: AuditEvent): AuditEvent[] =>
      started ? [processorAudit(request, 'privacy-request.start'), event] : [event];
    const waiting = await HANDLERS[step](deps, { request, now, done, audit });
    if (waiting) return { requestId, result: 'waiting', reason: waiting.reason };
    if (started) {
      request = { ...request, status: 'in_progress' };
      starting = false;
    }
  }
  await complete(deps, request);
  return { requestId, result: 'completed' };
}

/** How one pass over the open requests went. */
export interface ProcessSummary {
  readonly processed: number;
  readonly completed: number;
  readonly waiting: number;
  readonly awaitingDecision: number;
}

/** Every open request, soonest due first: what the scheduled job and the local runtime run. */
export async function processOpenRequests(deps: ProcessorDeps): Promise<ProcessSummary> {
  const outcomes: ProcessOutcome[] = [];
  for (const status of OPEN_REQUEST_STATUSES) {
    let cursor: string | undefined;
    do {
      const page = await deps.privacyRequests.queue([status], { limit: 25, cursor });
      for (const r of page.requests) {
        // One request that cannot proceed now (a dependency down, a lost race) must not block the rest.
        outcomes.push(
          await processRequest(deps, r).catch(
            (e: unknown): ProcessOutcome => ({
              requestId: r.requestId,
              result: 'waiting',
              reason: e instanceof Error ? e.name : 'Error',
            }),
          ),
        );
      }
      cursor = page.cursor;
    } while (cursor);
  }
  const count = (result: ProcessOutcome['result']) => outcomes.filter((o) => o.result === result).length;
  return {
    processed: outcomes.length,
    completed: count('completed'),
    waiting: count('waiting'),
    awaitingDecision: count('awaiting-decision'),
  };
}

/**
 * An erasure of someone with a refund awaiting a decision is held for a privacy officer: money is
 * still owed to or by this person, and erasing now would destroy what settling it needs.
 */
async function needsDecision(deps: ProcessorDeps, request: PrivacyRequest): Promise<boolean> {
  return request.status === 'received' && request.type === 'erasure' && deps.refunds.hasPending(request.subjectId);
}

/** Holds the request until an officer approves it (which releases it to the processor). */
async function holdForDecision(deps: ProcessorDeps, request: PrivacyRequest): Promise<void> {
  await deps.uow.commit(
    [deps.privacyRequests.update(request, { awaitingDecision: true }, deps.clock.now())],
    [processorAudit(request, 'privacy-request.hold', { details: { reason: 'pending-refund' } })],
    CHANGED,
  );
}

/**
 * Moves a request that has steps behind it (resumed after an officer extended it) in progress on its
 * own; the conditions on every later write check the state we wrote. A fresh request starts with its
 * first step instead (processRequest).
 */
async function start(deps: ProcessorDeps, request: PrivacyRequest): Promise<PrivacyRequest> {
  if (request.status === 'in_progress') return request;
  await deps.uow.commit(
    [deps.privacyRequests.update(request, { to: 'in_progress' }, deps.clock.now())],
    [processorAudit(request, 'privacy-request.start')],
    CHANGED,
  );
  return { ...request, status: 'in_progress' };
}

async function complete(deps: ProcessorDeps, request: PrivacyRequest): Promise<void> {
  const completion: RequestChange = {
    to: 'completed',
    ...(request.type === 'erasure' && { receipt: ERASURE_RECEIPT }),
  };
  await deps.uow.commit(
    [deps.privacyRequests.update(request, completion, deps.clock.now())],
    [processorAudit(request, 'privacy-request.complete')],
    CHANGED,
  );
}

/** What the subject is told when their request took effect: system text, no personal value. */
const outcome = (request: PrivacyRequest, message: string, now: Date): Notification => ({
  id: newId(now),
  type: `privacy-request.${request.type}-completed`,
  message,
  resource: `privacy-request/${request.requestId}`,
  at: now.toISOString(),
});

/**
 * The processor acts as the system, for the purpose of the request, under the request's id. Each
 * step that changes the subject's data records what it touched, with the step's last change.
 */
const processorAudit = (
  request: PrivacyRequest,
  action: string,
  fact: Partial<Pick<AuditFact, 'fields' | 'resource'>> & { details?: Record<string, string | number | boolean> } = {},
): AuditEvent =>
  auditEvent(systemContext('privacy-processor', 'privacy_request', request.requestId), {
    action,
    subjectId: request.subjectId,
    resource: fact.resource ?? `privacy-request/${request.requestId}`,
    ...(fact.fields && { fields: fact.fields }),
    details: { type: request.type, ...fact.details },
  });

/**
 * Before anything is removed: the subject is signed out everywhere (refresh tokens revoked), and a
 * tombstone refuses their writes for longer than any token issued before now can live; the profile
 * takes no more orders. The sign-out is idempotent, so a re-run repeats it harmlessly.
 */
async function closeAccount(deps: ProcessorDeps, { request, now, done, audit }: StepRun): Promise<undefined> {
  await deps.identity.signOut(request.subjectId);
  const tombstoneUntil = addDays(now, deps.config.retention.ERASED_SUBJECT_TOMBSTONE_DAYS);
  await deps.uow.commit(
    [deps.profiles.close(request.subjectId, now, tombstoneUntil), done()],
    audit(processorAudit(request, 'erasure.close-account', { resource: 'profile', details: { signedOut: true } })),
    CHANGED,
  );
}

const HANDLERS: Record<ProcessingStep, StepHandler> = {
  'close-account': closeAccount,
  'assemble-export': assembleExport,
  'restrict-processing': restrictProcessing,
  'cancel-unshipped-orders': cancelUnshippedOrders,
  'anonymise-completed-orders': anonymiseCompletedOrders,
  'remove-subject-records': removeSubjectRecords,
  'remove-identity-account': removeIdentityAccount,
  'shred-key': shredKey,
};

/**
 * The document is written part by part as it is produced (a page of records at a time, whatever the
 * subject holds); the step's record names the finished document, so overlapping runs never mix
 * parts of two documents, and the parts of a run that lost the race expire unread.
 */
async function assembleExport(deps: ProcessorDeps, { request, now, done, audit }: StepRun): Promise<undefined> {
  const expiresAt = addDays(now, deps.config.retention.EXPORT_TTL_DAYS);
  const writer = deps.exports.writer(request.subjectId, request.requestId, expiresAt);
  for await (const text of exportDocument(deps, request.subjectId, now)) await writer.append(text);
  const document = await writer.finish();
  const ready = `Your data export is ready: download it by ${dayOf(expiresAt)} (after signing in again if your last sign-in is over 15 minutes old).`;
  try {
    await deps.uow.commit(
      [
        done({ exportExpiresAt: expiresAt.toISOString(), exportDocument: document }),
        deps.notifications.notify(request.subjectId, outcome(request, ready, now)),
      ],
      audit(processorAudit(request, 'privacy-request.export')),
      CHANGED,
    );
  } catch (e) {
    // Not recorded (another run's document was, or the store failed): nothing will ever read these parts.
    await writer.discard();
    throw e;
  }
}

async function restrictProcessing(deps: ProcessorDeps, { request, now, done, audit }: StepRun): Promise<undefined> {
  await deps.uow.commit(
    [deps.profiles.restrict(request.subjectId, now), done()],
    audit(processorAudit(request, 'processing.restrict')),
    CHANGED,
  );
}

/** Cancelled and anonymised in one move: a cancelled order would be anonymised next anyway. */
async function cancelUnshippedOrders(deps: ProcessorDeps, { request, now, done, audit }: StepRun): Promise<undefined> {
  const placed = (await deps.orders.all(request.subjectId)).filter((o) => o.status === 'placed');
  const record = processorAudit(request, 'erasure.cancel-orders', {
    fields: PERSONAL_ORDER_FIELDS,
    details: { orders: placed.length },
  });
  await anonymise(deps, placed, now, { cancel: true, last: done(), audit: audit(record) });
}

/**
 * Completed orders (delivered, cancelled, returned to us, lost) are anonymised. An order in transit
 * keeps only what delivery needs (under the subject's key) until the parcel arrives; until then the
 * step stays unrecorded and the request waits.
 */
async function anonymiseCompletedOrders(deps: ProcessorDeps, { request, now, done, audit }: StepRun) {
  const orders = await deps.orders.all(request.subjectId);
  const inTransit = orders.filter((o) => o.status === 'shipped');
  const completed = orders.filter((o) => isTerminal(o.status));
  const record = processorAudit(request, 'erasure.anonymise-orders', {
    fields: PERSONAL_ORDER_FIELDS,
    details: { orders: completed.length },
  });
  await anonymise(deps, completed, now, {
    cancel: false,
    ...(inTransit.length === 0 ? { last: done(), audit: audit(record) } : { audit: [record] }),
  });
  if (inTransit.length === 0) return undefined;
  // Rewritten on every run while the parcels travel, and recorded every time it is.
  await deps.uow.commitInBatches(
    inTransit.map((o) => deps.orders.keepDeliveryOnly(o)),
    {
      audit: [
        processorAudit(request, 'erasure.keep-delivery-only', {
          fields: ['billingAddress', 'card'],
          details: { orders: inTransit.length },
        }),
      ],
    },
  );
  return { reason: `${inTransit.length} order(s) still in transit; erasure resumes after delivery` };
}

/**
 * Moves orders to untraceable identities in as few transactions as fit. An order another run moved
 * first is done already; `last` (the step's record) and the audit record ride in the final
 * transaction — so a run that finds everything done already records nothing.
 */
async function anonymise(
  deps: ProcessorDeps,
  orders: readonly OrderSummary[],
  now: Date,
  options: { cancel: boolean; last?: Write; audit: readonly AuditEvent[] },
): Promise<void> {
  if (orders.length === 0 && !options.last) return;
  const [first] = orders;
  const moves = first
    ? await deps.orders.anonymiseForErasure(first.subjectId, orders, now, { cancel: options.cancel })
    : [];
  // A cancelled order's event lands with its move, or not at all (another run moved it and said so).
  // The move queues what the order held — its payment's hold, its reserved stock — for the
  // payment-reconciliation job to give back, one order per transaction (many orders of one subject
  // buy the same product, and a transaction may not touch one item twice).
  const writes = moves.map(({ orderId, write }) =>
    options.cancel
      ? deps.uow.combine(write.name, [
          write,
          deps.outbox.stage([{ type: 'OrderCancelled', orderId, at: now.toISOString() }], now),
        ])
      : write,
  );
  await deps.uow.commitInBatches(writes, {
    alreadyDone: ['order.anonymise'],
    last: options.last,
    errors: CHANGED,
    audit: options.audit,
  });
}

/** Everything left in the subject's partition but the requests themselves, export documents included. */
async function removeSubjectRecords(deps: ProcessorDeps, { request, done, audit }: StepRun): Promise<undefined> {
  const deletes = await deps.subjectData.erasureWrites(request.subjectId);
  await deps.uow.commitInBatches(deletes, {
    last: done(),
    errors: CHANGED,
    audit: audit(processorAudit(request, 'erasure.remove-records', { details: { items: deletes.length } })),
  });
}

/** The account goes first (another system: nothing to commit it with), then its record, with the step's. */
async function removeIdentityAccount(deps: ProcessorDeps, { request, done, audit }: StepRun): Promise<undefined> {
  await deps.identity.deleteAccount(request.subjectId);
  await deps.uow.commit(
    [done()],
    audit(processorAudit(request, 'erasure.remove-identity', { resource: 'identity-account' })),
    CHANGED,
  );
}

/** Last: every earlier step may still need to open the subject's sealed data. */
async function shredKey(deps: ProcessorDeps, { request, done, audit }: StepRun): Promise<undefined> {
  await deps.keyring.shred(request.subjectId);
  await deps.uow.commit(
    [done()],
    audit(processorAudit(request, 'erasure.shred-key', { resource: 'subject-key' })),
    CHANGED,
  );
}

/**
 * The export document (`docs/export-schema.json`) as JSON text, a record at a time: every stored
 * record by section, then the access log. Memory holds a page, never the document.
 */
async function* exportDocument(deps: ProcessorDeps, subjectId: string, now: Date): AsyncGenerator<string> {
  const head = { format: EXPORT_FORMAT, generatedAt: now.toISOString(), subjectId };
  yield JSON.stringify(head).slice(0, -1);
  let open: string | undefined;
  let count = 0;
  for await (const { section, records } of deps.subjectData.records(subjectId)) {
    if (section === 'profile') {
      yield `,"profile":${JSON.stringify(records[0] ?? null)}`;
      continue;
    }
    if (section !== open) {
      if (open) yield ']';
      yield `,${JSON.stringify(section)}:[`;
      open = section;
      count = 0;
    }
    for (const record of records) yield `${count++ > 0 ? ',' : ''}${JSON.stringify(record)}`;
  }
  if (open) yield ']';
  yield ',"accessLog":[';
  count = 0;
  for await (const entry of accessLog(deps, subjectId)) yield `${count++ > 0 ? ',' : ''}${JSON.stringify(entry)}`;
  yield ']}';
}

/** Who did what with the subject's data, from their audit chain: roles and purposes, never staff identities. */
async function* accessLog(deps: ProcessorDeps, subjectId: string) {
  let cursor: string | undefined;
  do {
    const page = await deps.audit.list(subjectId, { limit: 100, cursor });
    for (const r of page.records) {
      yield {
        at: r.at,
        actorRole: r.actor.role,
        action: r.action,
        resource: r.resource,
        purpose: r.purpose,
        fields: r.fields,
      };
    }
    cursor = page.cursor;
  } while (cursor);
}

const ERASURE_RECEIPT: ErasureReceipt = {
  erased: [
    'sessions: signed out everywhere as the erasure began; writes with older tokens refused',
    'profile (name, e-mail, phone, addresses)',
    'consent ledger and policy acceptances',
    'engagement events',
    'notifications and disclosure records',
    'refund reasons, complaints and export documents',
    'identity-provider account',
    'your data key (crypto-shredding: any remaining copy, backups included, is unreadable)',
  ],
  anonymised: [
    'orders: names, addresses, contacts and card details removed; the link to you replaced by an untraceable identifier',
  ],
  kept: [
    {
      what: 'order amounts, dates, lines and status (anonymised)',
      basis: 'transaction traceability and statutory bookkeeping obligations',
    },
    { what: 'audit trail entries (no personal values)', basis: 'accountability for the processing of personal data' },
    { what: 'this request and its receipt', basis: 'proof that the erasure was carried out' },
  ],
};
