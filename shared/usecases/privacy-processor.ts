/**
 * The privacy-request processor: carries out export, restriction and erasure requests in steps.
 * Each step is idempotent on its own and is recorded on the request when done, so a processor that
 * dies between any two steps (or inside one) finishes the request on its next run with no duplicate
 * effect. Driven by a queue in AWS and by the local runtime within seconds of a request.
 */
import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AppDependencies } from '../adapters/dependencies';
import type { TransactItem } from '../adapters/dynamodb/audit-trail';
import { writeTransaction } from '../adapters/dynamodb/client';
import { exportPk, PROFILE_SK, shipmentSk, subjectPk } from '../adapters/dynamodb/keys';
import type { SubjectItem } from '../adapters/dynamodb/subject-catalogue';
import type { AuditEvent } from '../domain/audit';
import { ConflictError } from '../domain/errors';
import type { DomainEvent } from '../domain/events';
import { PERSONAL_ORDER_FIELDS } from '../domain/order-record';
import {
  type ErasureReceipt,
  isOpenRequest,
  OPEN_REQUEST_STATUSES,
  type PrivacyRequest,
  type PrivacyRequestType,
} from '../domain/privacy-request';

type Deps = Pick<
  AppDependencies,
  'clock' | 'config' | 'ddb' | 'privacyRequests' | 'catalogue' | 'exports' | 'keyring' | 'audit' | 'events' | 'identity'
>;

/** The steps of each request type, in order. */
export const STEPS: Record<PrivacyRequestType, readonly string[]> = {
  export: ['assemble-export'],
  restriction: ['restrict-processing'],
  erasure: [
    'cancel-unshipped-orders',
    'anonymise-completed-orders',
    'remove-subject-records',
    'remove-identity-account',
    'shred-key',
  ],
};

export interface ProcessHooks {
  /** Called after each recorded step; tests throw here to simulate a crash. */
  afterStep?(step: string): void | Promise<void>;
}

export type ProcessOutcome =
  | { readonly requestId: string; readonly result: 'completed' | 'skipped' | 'awaiting-decision' }
  | { readonly requestId: string; readonly result: 'waiting'; readonly reason: string };

const TRANSACTION_LIMIT = 100;
const SYSTEM = { id: 'privacy-processor', role: 'system' } as const;

/** Processes one request as far as it can go now. */
export async function processRequest(
  deps: Deps,
  ref: { subjectId: string; requestId: string },
  hooks: ProcessHooks = {},
): Promise<ProcessOutcome> {
  let request = (await deps.privacyRequests.get(ref.subjectId, ref.requestId)) as
    | (PrivacyRequest & { awaitingDecision?: boolean })
    | undefined;
  if (!request || !isOpenRequest(request.status)) return { requestId: ref.requestId, result: 'skipped' };
  if (request.awaitingDecision) return { requestId: ref.requestId, result: 'awaiting-decision' };
  const now = deps.clock.now();

  if (request.status === 'received' && request.type === 'erasure' && (await hasPendingRefund(deps, request))) {
    // Money is still owed to or by this person: erasing now would destroy what settling it needs.
    await write(deps, [deps.privacyRequests.updateItem(request, { awaitingDecision: true }, now)]);
    return { requestId: ref.requestId, result: 'awaiting-decision' };
  }
  if (request.status !== 'in_progress') {
    await commitWithAudit(
      deps,
      request,
      [deps.privacyRequests.updateItem(request, { to: 'in_progress' }, now)],
      'privacy-request.start',
    );
    // Our own write succeeded, so we know the new state; the conditions on every later write check it.
    request = { ...request, status: 'in_progress' };
  }

  for (const step of STEPS[request.type]) {
    if (request.completedSteps.includes(step)) continue;
    const outcome = await runStep(deps, request, step);
    if (outcome.wait) return { requestId: request.requestId, result: 'waiting', reason: outcome.wait };
    await hooks.afterStep?.(step);
    request = { ...request, completedSteps: [...request.completedSteps, step] };
  }

  const completion: Parameters<typeof deps.privacyRequests.updateItem>[1] = {
    to: 'completed',
    ...(request.type === 'erasure' && { receipt: ERASURE_RECEIPT }),
  };
  await commitWithAudit(
    deps,
    request,
    [deps.privacyRequests.updateItem(request, completion, deps.clock.now())],
    'privacy-request.complete',
  );
  return { requestId: request.requestId, result: 'completed' };
}

/** Every open request, soonest due first: what the scheduled job and the local runtime run. */
export async function processOpenRequests(deps: Deps, hooks: ProcessHooks = {}) {
  const outcomes: ProcessOutcome[] = [];
  for (const status of OPEN_REQUEST_STATUSES) {
    let cursor: string | undefined;
    do {
      const page = await deps.privacyRequests.queue(status, { limit: 25, cursor });
      for (const r of page.requests) {
        // One request that cannot proceed now (a dependency down, a lost race) must not block the rest.
        outcomes.push(
          await processRequest(deps, r, hooks).catch(
            (e: unknown): ProcessOutcome => ({ requestId: r.requestId, result: 'waiting', reason: (e as Error).name }),
          ),
        );
      }
      cursor = page.cursor;
    } while (cursor);
  }
  const count = (result: string) => outcomes.filter((o) => o.result === result).length;
  return {
    processed: outcomes.length,
    completed: count('completed'),
    waiting: count('waiting'),
    awaitingDecision: count('awaiting-decision'),
  };
}

const ERASURE_RECEIPT: ErasureReceipt = {
  erased: [
    'profile (name, e-mail, phone, addresses)',
    'consent ledger and policy acceptances',
    'engagement events',
    'notifications and disclosure records',
    'refund reasons, complaints and export documents',
    'identity-provider account',
    'your data key (crypto-shredding: any remaining copy, backups included, is unreadable)',
  ],
  anonymised: [
    'orders: names, addresses, contacts and payment token removed; the link to you replaced by an untraceable identifier',
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

async function runStep(deps: Deps, request: PrivacyRequest, step: string): Promise<{ wait?: string }> {
  const now = deps.clock.now();
  const done = deps.privacyRequests.updateItem(request, { step }, now);
  // Only steps that act on the subject's records read them (one partition query, paged).
  const needsItems = !['remove-identity-account', 'shred-key'].includes(step);
  const { items } = needsItems ? await deps.catalogue.items(request.subjectId) : { items: [] as SubjectItem[] };
  switch (step) {
    case 'assemble-export': {
      const document = await assembleExport(deps, request.subjectId, items, now);
      const expires = new Date(now.getTime() + deps.config.retention.EXPORT_TTL_DAYS * 86_400_000);
      const parts = await deps.exports.partItems(
        request.subjectId,
        request.requestId,
        JSON.stringify(document),
        expires,
      );
      const record = deps.privacyRequests.updateItem(request, { step, exportExpiresAt: expires.toISOString() }, now);
      await commitWithAudit(deps, request, [...parts, record], 'privacy-request.export');
      return {};
    }
    case 'restrict-processing': {
      await commitWithAudit(deps, request, [restrictItem(deps, request.subjectId, now), done], 'processing.restrict');
      return {};
    }
    case 'cancel-unshipped-orders': {
      // Cancelled and anonymised in one move: a cancelled order would be anonymised next anyway.
      const placed = items.filter((i) => i.type === 'order' && i.status === 'placed');
      await anonymiseOrders(deps, placed, items, now, { cancel: true, last: done });
      await deps.events.publish(
        placed.map((o): DomainEvent => ({ type: 'OrderCancelled', orderId: String(o.orderId), at: now.toISOString() })),
      );
      return {};
    }
    case 'anonymise-completed-orders': {
      const orders = items.filter((i) => i.type === 'order');
      const inFlight = orders.filter((o) => o.status === 'shipped');
      const completed = orders.filter((o) => o.status === 'delivered' || o.status === 'cancelled');
      await anonymiseOrders(deps, completed, items, now, inFlight.length === 0 ? { last: done } : {});
      // In transit: only what delivery needs stays (under the subject's key) until the parcel arrives.
      const trims = inFlight
        .filter((o) => o.billingAddress !== undefined || o.payment !== undefined)
        .map((o) => trimItem(deps, o));
      await writeInChunks(deps, trims);
      if (inFlight.length > 0)
        return { wait: `${inFlight.length} order(s) still in transit; erasure resumes after delivery` };
      return {};
    }
    case 'remove-subject-records': {
      const keep = (i: SubjectItem) => i.type === 'privacy-request';
      const exports = items.filter((i) => i.type === 'privacy-request' && i.requestType === 'export');
      const deletes: TransactItem[] = [
        ...items.filter((i) => !keep(i)).map((i) => deleteItem(deps, i.pk, i.sk)),
        ...(await exportPartKeys(deps, exports)).map((k) => deleteItem(deps, k.pk, k.sk)),
      ];
      await writeInChunks(deps, deletes, done);
      return {};
    }
    case 'remove-identity-account': {
      await deps.identity.deleteAccount(request.subjectId);
      await write(deps, [done]);
      return {};
    }
    case 'shred-key': {
      await deps.keyring.shred(request.subjectId);
      await write(deps, [done]);
      return {};
    }
    default:
      throw new Error(`Unknown processing step ${step}`);
  }
}

async function assembleExport(deps: Deps, subjectId: string, items: SubjectItem[], now: Date) {
  const of = async (type: string) =>
    Promise.all(items.filter((i) => i.type === type).map((i) => deps.catalogue.readable(subjectId, i)));
  const accessLog: unknown[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.audit.list(subjectId, { limit: 100, cursor });
    accessLog.push(
      ...page.records.map((r) => ({
        at: r.at,
        actorRole: r.actor.role,
        action: r.action,
        resource: r.resource,
        purpose: r.purpose,
        fields: r.fields,
      })),
    );
    cursor = page.cursor;
  } while (cursor);
  const [profile] = await of('profile');
  return {
    format: 'privacy-orders-export/1',
    generatedAt: now.toISOString(),
    subjectId,
    profile: profile ?? null,
    consents: await of('consent'),
    policyAcceptances: await of('policy-acceptance'),
    engagementEvents: await of('engagement'),
    orders: await of('order'),
    shipments: await of('shipment'),
    refunds: await of('refund'),
    disclosures: await of('disclosure'),
    notifications: await of('notification'),
    privacyRequests: await of('privacy-request'),
    complaints: await of('complaint'),
    accessLog,
  };
}

/** The writes moving an order (and its shipment) to a fresh, untraceable identity without its personal fields. */
function anonymiseMoves(
  deps: Deps,
  order: SubjectItem,
  items: SubjectItem[],
  now: Date,
  cancel = false,
): TransactItem[] {
  const anonymous = `anon-${randomUUID()}`;
  const strip = (item: SubjectItem) =>
    Object.fromEntries(Object.entries(item).filter(([k]) => !(PERSONAL_ORDER_FIELDS as readonly string[]).includes(k)));
  const orderId = String(order.orderId);
  const shipment = items.find((i) => i.type === 'shipment' && i.sk === shipmentSk(orderId));
  const table = deps.config.tableNames.data ?? '';
  const at = now.toISOString();
  const moves: TransactItem[] = [
    {
      Delete: {
        TableName: table,
        Key: { pk: order.pk, sk: order.sk },
        // Cancelling: only while still unshipped. Otherwise: only if no other run moved it first.
        ...(cancel
          ? {
              ConditionExpression: '#status = :placed',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':placed': 'placed' },
            }
          : { ConditionExpression: 'attribute_exists(pk)' }),
      },
    },
    {
      Put: {
        TableName: table,
        Item: {
          ...strip(order),
          ...(cancel && {
            status: 'cancelled',
            completedAt: at,
            updatedAt: at,
            statusHistory: [...((order.statusHistory as unknown[]) ?? []), { status: 'cancelled', at }],
            gsi2pk: undefined,
            gsi2sk: undefined,
          }),
          pk: subjectPk(anonymous),
          subjectId: anonymous,
          anonymisedAt: at,
          retentionBucket: undefined,
          retentionDueAt: undefined,
        },
      },
    },
  ];
  if (shipment) {
    moves.push(
      { Delete: { TableName: table, Key: { pk: shipment.pk, sk: shipment.sk } } },
      { Put: { TableName: table, Item: { ...shipment, pk: subjectPk(anonymous), subjectId: anonymous } } },
    );
  }
  return moves;
}

/**
 * Anonymises orders in as few transactions as fit (an order and its shipment always move together).
 * If a batch fails because another run moved one of its orders first, its orders are retried one
 * by one, and an order already gone counts as done.
 */
async function anonymiseOrders(
  deps: Deps,
  orders: SubjectItem[],
  items: SubjectItem[],
  now: Date,
  options: { cancel?: boolean; last?: TransactItem } = {},
): Promise<void> {
  const perOrder = orders.map((o) => anonymiseMoves(deps, o, items, now, options.cancel));
  // The step's record rides in the last transaction, as its own "order" that never fails alone.
  if (options.last) perOrder.push([options.last]);
  let batch: TransactItem[][] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const current = batch;
    batch = [];
    try {
      await writeTransaction(deps.ddb, current.flat(), () => new AlreadyDone());
    } catch (e) {
      if (!(e instanceof AlreadyDone)) throw e;
      for (const moves of current) {
        await writeTransaction(deps.ddb, moves, () => new AlreadyDone()).catch((err: unknown) => {
          if (!(err instanceof AlreadyDone)) throw err;
        });
      }
    }
  };
  for (const moves of perOrder) {
    if (batch.flat().length + moves.length > TRANSACTION_LIMIT) await flush();
    batch.push(moves);
  }
  await flush();
}

class AlreadyDone extends Error {}

function trimItem(deps: Deps, order: SubjectItem): TransactItem {
  return {
    Update: {
      TableName: deps.config.tableNames.data ?? '',
      Key: { pk: order.pk, sk: order.sk },
      UpdateExpression: 'REMOVE billingAddress, payment SET erasurePending = :t',
      ExpressionAttributeValues: { ':t': true },
    },
  };
}

function restrictItem(deps: Deps, subjectId: string, now: Date): TransactItem {
  return {
    Update: {
      TableName: deps.config.tableNames.data ?? '',
      Key: { pk: subjectPk(subjectId), sk: PROFILE_SK },
      UpdateExpression: 'SET restricted = :t, restrictedAt = :at',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':t': true, ':at': now.toISOString() },
    },
  };
}

const deleteItem = (deps: Deps, pk: string, sk: string): TransactItem => ({
  Delete: { TableName: deps.config.tableNames.data ?? '', Key: { pk, sk } },
});

async function exportPartKeys(deps: Deps, exportRequests: SubjectItem[]) {
  const keys: { pk: string; sk: string }[] = [];
  for (const r of exportRequests) {
    const page = await deps.ddb.send(
      new QueryCommand({
        TableName: deps.config.tableNames.data ?? '',
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': exportPk(String(r.requestId)) },
        ProjectionExpression: 'pk, sk',
      }),
    );
    keys.push(...((page.Items ?? []) as { pk: string; sk: string }[]));
  }
  return keys;
}

async function hasPendingRefund(deps: Deps, request: PrivacyRequest): Promise<boolean> {
  const page = await deps.ddb.send(
    new QueryCommand({
      TableName: deps.config.tableNames.data ?? '',
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :refund)',
      FilterExpression: '#status = :requested',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':pk': subjectPk(request.subjectId),
        ':refund': 'REFUND#',
        ':requested': 'requested',
      },
      ProjectionExpression: 'sk',
      ConsistentRead: true,
    }),
  );
  return (page.Items ?? []).length > 0;
}

async function write(deps: Deps, items: TransactItem[]): Promise<void> {
  await writeTransaction(
    deps.ddb,
    items,
    () => new ConflictError('The request changed while processing; it will resume.'),
  );
}

/**
 * Deletes and updates that are each idempotent, in transactions of at most 100 items. `last` (the
 * step's record) rides in the final transaction when it fits, so the step is marked done exactly
 * when its last change lands.
 */
async function writeInChunks(deps: Deps, items: TransactItem[], last?: TransactItem): Promise<void> {
  const all = last ? [...items, last] : items;
  for (let i = 0; i < all.length; i += TRANSACTION_LIMIT) {
    const chunk = all.slice(i, i + TRANSACTION_LIMIT);
    await writeTransaction(deps.ddb, chunk, () => new ConflictError('Records changed during erasure; it will resume.'));
  }
}

async function commitWithAudit(
  deps: Deps,
  request: PrivacyRequest,
  items: TransactItem[],
  action: string,
): Promise<void> {
  const event: AuditEvent = {
    actor: SYSTEM,
    action,
    subjectId: request.subjectId,
    resource: `privacy-request/${request.requestId}`,
    purpose: 'privacy_request',
    fields: [],
    outcome: 'success',
    requestId: request.requestId,
    details: { type: request.type },
  };
  await deps.audit.commit(
    items,
    [event],
    () => new ConflictError('The request changed while processing; it will resume.'),
  );
}
