/**
 * Every kind of data has a retention period: the scenario stores every kind the API and the jobs
 * write (every route and job, then a consent withdrawal and an erasure), and every item of every
 * table must be of a kind the catalogue (shared/config/data-kinds.ts) lists, and carry what that
 * kind's enforcement needs — an expiry, a retention bucket, or a place in a subject's partition that
 * an erasure empties. A new kind stored without a period fails here.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { DATA_KINDS, type DataKind, type Enforcement } from '../../shared/config/data-kinds';
import type { TableId } from '../../shared/config/resources';
import { isTerminal, type OrderStatus } from '../../shared/domain/order';
import { OPEN_REQUEST_STATUSES } from '../../shared/domain/privacy-request';
import { apiClient, tableItems } from '../support/api-client';
import { useRunningStack } from '../support/running-stack';
import {
  newScenarioContext,
  type ScenarioContext,
  sampleRequests,
  scenario,
  scenarioCall,
} from '../support/sample-requests';
import { limit, waitUntil } from '../support/timeouts';

const SECRET = 'retention-kinds-secret';
const stack = useRunningStack({ CARRIER_WEBHOOK_SECRET: SECRET, LOCAL_JOB_TRIGGERS: 'off' });
const SUBJECT = 'kinds-owner';
const OTHER = 'kinds-other';

type Item = Record<string, unknown>;

/** The item's kind: the data table's `type`; the other tables' one or two kinds of item. */
function kindOf(table: TableId, item: Item): string | undefined {
  switch (table) {
    case 'data':
      return typeof item.type === 'string' ? item.type : undefined;
    case 'audit':
      return item.sk === 'HEAD' ? 'audit-head' : 'audit-record';
    case 'digests':
      return String(item.pk).startsWith('VERIFICATION') ? 'verification-run' : 'audit-digest';
    case 'keys':
      return 'subject-key';
    case 'idempotency':
      return 'idempotency-record';
  }
}

const OPEN = new Set<string>(OPEN_REQUEST_STATUSES);
const ofSubject = (item: Item): boolean =>
  String(item.pk).startsWith('SUBJECT#') && !String(item.pk).startsWith('SUBJECT#anon-');

/** Still open, so its period has not started: a request or complaint undecided, an order or shipment with its subject. */
function open(kind: string, item: Item): boolean {
  if (kind === 'privacy-request') return OPEN.has(String(item.status));
  if (kind === 'complaint') return item.status !== 'resolved';
  if (kind === 'order') return item.anonymisedAt === undefined;
  if (kind === 'shipment') return ofSubject(item);
  return false;
}

/**
 * Whether the item carries what `enforcement` needs to end it. Every enforcement its kind names
 * must hold; those that reach an item through another (a due order's refunds, a purge order's
 * events, an erasure's whole partition) hold by construction and are proven by their own tests.
 */
function enforced(enforcement: Enforcement, kind: string, item: Item): boolean {
  const bucket = String(item.retentionBucket ?? '');
  switch (enforcement) {
    case 'ttl':
      return typeof item.expiresAt === 'number';
    case 'ttl-once-closed':
      return typeof item.expiresAt === 'number' || open(kind, item);
    case 'retention-sweep':
      if (kind === 'order') {
        // Due once completed (until then nothing to wait for), out of the index once anonymised.
        // (A shipped order carries its backstop bucket from shipment on: decision 0029.)
        const due = isTerminal(item.status as OrderStatus) || item.status === 'shipped';
        return item.anonymisedAt !== undefined || !due || bucket.startsWith('RETENTION#');
      }
      return kind !== 'consent-withdrawal' || bucket.startsWith('RETENTION#');
    case 'inactive-accounts':
      return (
        bucket.startsWith('INACTIVE#') ||
        item.closedAt !== undefined ||
        item.retentionAction === 'inactive-erasure-requested'
      );
    case 'audit-retention':
      // The job finds records by chain and position; a TTL would let any writer choose their end.
      return item.expiresAt === undefined;
    case 'erasure':
    case 'kept':
      return true;
  }
}

function runJob(name: string): void {
  const job = spawnSync(path.join(process.cwd(), 'node_modules/.bin/tsx'), ['local/job.ts', name], {
    env: { ...process.env, LOCAL_RUNTIME_STATE: stack.stateFile },
    encoding: 'utf8',
  });
  expect({ job: name, status: job.status }).toEqual({ job: name, status: 0 });
}

const catalogue = new Map<string, DataKind>(DATA_KINDS.map((k) => [`${k.table}:${k.kind}`, k]));
/** Kinds found so far, and what was wrong. */
const seen = new Set<string>();
const problems: string[] = [];

/** Every item of every table, against the catalogue. */
async function checkEveryItem(): Promise<void> {
  for (const table of ['data', 'audit', 'digests', 'keys', 'idempotency'] as const) {
    for (const item of await tableItems(stack, table)) {
      const kind = kindOf(table, item);
      const declared = kind && catalogue.get(`${table}:${kind}`);
      if (!declared) {
        problems.push(`${table}: an item of kind ${kind ?? '(none)'} with no retention period (${String(item.sk)})`);
        continue;
      }
      seen.add(`${table}:${kind}`);
      if (!declared.enforcedBy.every((e) => enforced(e, declared.kind, item))) {
        problems.push(`${table}:${kind}: nothing enforces its period on ${String(item.pk)} / ${String(item.sk)}`);
      }
    }
  }
}

describe('retention of every kind of data', () => {
  it(
    '[P-02] stores no item of a kind without a period, nor one missing what enforces its period',
    async () => {
      const api = apiClient(stack.url);
      const ctx: ScenarioContext = newScenarioContext(SUBJECT, SECRET);
      for (const step of scenario) {
        if ('job' in step) {
          runJob(step.job);
          continue;
        }
        const sample = sampleRequests[step.route](ctx, step.variant);
        const res = await api(sample.method, sample.url, scenarioCall(sample, SUBJECT));
        expect({ route: step.route, ok: res.status < 300 }).toEqual({ route: step.route, ok: true });
        step.capture?.(ctx, res.json as Record<string, unknown>);
      }
      // A withdrawn consent's purge order, and an erasure (anonymised orders, a tombstone).
      await api('POST', '/v1/me', {
        sub: OTHER,
        body: { name: 'Other', email: 'other@example.com', acceptPolicyVersion: 1, consents: { analytics: true } },
      });
      expect((await api('PUT', '/v1/me/consents/analytics', { sub: OTHER, body: { granted: false } })).status).toBe(
        200,
      );
      await checkEveryItem();
      // Then an erasure: anonymised orders and shipments outlive the subject, and a tombstone.
      const erasure = await api('POST', '/v1/me/privacy-requests', { sub: SUBJECT, body: { type: 'erasure' } });
      expect(erasure.status).toBe(202);
      runJob('privacy-requests');
      await waitUntil(
        () => api('GET', `/v1/me/privacy-requests/${erasure.json.id}`, { sub: SUBJECT }),
        (r) => r.json?.status === 'completed',
        'the erasure to complete',
      );
      await checkEveryItem();
      expect([...new Set(problems)]).toEqual([]);
      // The scenario really stored the kinds that carry personal data or outlive their subject, and the catalogue.
      for (const kind of [
        'profile',
        'order',
        'shipment',
        'refund',
        'complaint',
        'export-part',
        'erasure-tombstone',
        'product',
        'catalogue-entry',
      ]) {
        expect(seen).toContain(`data:${kind}`);
      }
      expect(seen).toContain('data:consent-withdrawal');
    },
    limit(240_000),
  );
});
