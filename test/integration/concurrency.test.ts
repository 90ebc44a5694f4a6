/**
 * Concurrency on DynamoDB Local, with several "processes" (harnesses with their own clients, key
 * caches and audit state) on the same tables, as parallel Lambda invocations would be: optimistic
 * concurrency on the profile loses no update and tears none, the privacy processor completes each
 * request exactly once when runs overlap and ends where a single run ends, and overlapping
 * retention sweeps anonymise each due order exactly once.
 */
import { GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { orderSk, subjectPk } from '../../shared/adapters/dynamodb/keys';
import type { RecordingDirectory } from '../../shared/adapters/identity-directory';
import type { AuditRecord } from '../../shared/domain/audit';
import { PERSONAL_ORDER_FIELDS } from '../../shared/domain/order-record';
import type { Profile } from '../../shared/domain/profile';
import { epochSeconds } from '../../shared/domain/time';
import { getOwnProfile, rectifyProfile, registerProfile } from '../../shared/usecases/account';
import { cancelOrder, placeOrder } from '../../shared/usecases/orders';
import { processOpenRequests } from '../../shared/usecases/privacy-processor';
import { downloadExport, submitPrivacyRequest } from '../../shared/usecases/privacy-requests';
import { sweepRetention } from '../../shared/usecases/retention';
import { canaries, dumpTables, dynamodbClient, type Harness, harness, selfAccess } from '../support/app-harness';
import { sampleOrder } from '../support/sample-requests';
import { limit } from '../support/timeouts';

jest.setTimeout(limit(180_000));

const DAY = 86_400;
// DynamoDB Local enforces TTL against the real clock: a scenario dated in the past would see its
// idempotency records and export parts deleted under it. Start at the real time instead.
const START = new Date(Math.floor(Date.now() / 1000) * 1000);
const self = selfAccess;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function fresh(start = START): Promise<Harness> {
  const h = await harness({ start, seedPolicy: true });
  return h;
}

/** `n` further processes on the same tables, each with its own clients and caches. */
const processes = (h: Harness, n: number, start = h.clock.now()) =>
  Promise.all(Array.from({ length: n }, () => harness({ names: h.names, start })));

async function auditRecords(h: Harness, subjectId: string): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await h.deps.audit.list(subjectId, { limit: 100, cursor });
    records.push(...page.records);
    cursor = page.cursor;
  } while (cursor);
  return records.reverse();
}

const statusOf = (e: unknown) => (e as { status?: number }).status;

describe('optimistic concurrency on one profile', () => {
  it('[P-33] 50 parallel rectifications with the same If-Match: exactly one lands, 49 get 412, nothing torn', async () => {
    const h = await fresh();
    const c = canaries('conc1');
    await registerProfile(
      h.deps,
      { name: c.name, email: c.email, phone: c.phone, acceptPolicyVersion: 1 },
      self('conc-1'),
    );
    const procs = await processes(h, 5);
    // Each writer changes three fields together: a torn update would mix writers' values.
    const patch = (i: number) => ({
      name: `Writer ${i}`,
      email: `writer.${i}@example.com`,
      phone: `+4477009${String(i).padStart(5, '0')}`,
    });
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        rectifyProfile((procs[i % procs.length] as Harness).deps, patch(i), 1, self('conc-1')),
      ),
    );
    const landed = results.flatMap((r, i) => (r.status === 'fulfilled' ? [{ i, profile: r.value }] : []));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(landed).toHaveLength(1);
    expect(refused.map(statusOf)).toEqual(Array(49).fill(412));
    const [winner] = landed as [{ i: number; profile: Profile }];

    const final = await getOwnProfile(h.deps, self('conc-1'));
    expect(final).toEqual(winner.profile);
    expect(final).toMatchObject({ ...patch(winner.i), version: 2 });

    const records = await auditRecords(h, 'conc-1');
    expect(records.map((r) => r.action)).toEqual(['profile.register', 'policy.accept', 'profile.rectify']);
    await expect(h.deps.audit.verify('conc-1')).resolves.toMatchObject({ valid: true, records: 3 });
  });

  it('50 parallel read-modify-write rectifications retrying on 412: all 50 land, none lost (version 51)', async () => {
    const h = await fresh();
    await registerProfile(h.deps, { name: 'N', email: 'conc2@example.com', acceptPolicyVersion: 1 }, self('conc-2'));
    const procs = await processes(h, 5);
    const attempts: number[] = [];
    // Each writer appends its own token to the name it read: a lost update drops a token.
    const writer = async (i: number) => {
      const deps = (procs[i % procs.length] as Harness).deps;
      for (let attempt = 1; attempt <= 500; attempt++) {
        const current = await getOwnProfile(deps, self('conc-2'));
        try {
          await rectifyProfile(deps, { name: `${current.name} ${i}` }, current.version, self('conc-2'));
          attempts.push(attempt);
          return;
        } catch (e) {
          if (statusOf(e) !== 412) throw e;
          await sleep(Math.random() * 5 * Math.min(attempt, 8));
        }
      }
      throw new Error(`writer ${i} never landed`);
    };
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => writer(i)));
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
    expect(failures.map((e) => `${e.name} ${statusOf(e) ?? ''}: ${e.message}`)).toEqual([]);

    const final = await getOwnProfile(h.deps, self('conc-2'));
    expect(final.version).toBe(51);
    const tokens = final.name.split(' ').slice(1).map(Number);
    expect(tokens).toHaveLength(50);
    expect([...tokens].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));

    const records = await auditRecords(h, 'conc-2');
    expect(records.filter((r) => r.action === 'profile.rectify')).toHaveLength(50);
    await expect(h.deps.audit.verify('conc-2')).resolves.toMatchObject({ valid: true, records: 52 });
    process.stdout.write(
      `read-modify-write: 50 writers landed after ${attempts.reduce((a, b) => a + b, 0)} attempts (max ${Math.max(...attempts)} for one writer)\n`,
    );
  });
});

/** The same subjects, orders and requests on every harness it is given. */
async function privacyScenario(h: Harness) {
  const erase = canaries('ERASE');
  await registerProfile(
    h.deps,
    {
      name: erase.name,
      email: erase.email,
      phone: erase.phone,
      acceptPolicyVersion: 1,
      consents: { analytics: true },
    },
    self('erase-me'),
  );
  const order = (c: ReturnType<typeof canaries>) => ({
    ...sampleOrder(),
    shippingAddress: { recipient: c.name, line1: c.street, city: c.city, postalCode: 'LS1 1AA', country: 'GB' },
    contactPhone: c.phone,
  });
  const done = await placeOrder(h.deps, order(erase) as never, 'e-1', self('erase-me'));
  await cancelOrder(h.deps, done.order.orderId, self('erase-me'));
  await placeOrder(h.deps, order(erase) as never, 'e-2', self('erase-me'));

  const exporter = canaries('EXPORT');
  await registerProfile(
    h.deps,
    { name: exporter.name, email: exporter.email, acceptPolicyVersion: 1 },
    self('export-me'),
  );
  await placeOrder(h.deps, order(exporter) as never, 'x-1', self('export-me'));

  const authTime = Math.floor(h.clock.now().getTime() / 1000);
  const erasure = await submitPrivacyRequest(h.deps, 'erasure', authTime, self('erase-me'));
  const exportRequest = await submitPrivacyRequest(h.deps, 'export', authTime, self('export-me'));
  return { erase, exporter, erasure, exportRequest };
}

const ULID = /\b[0-9A-HJKMNP-TV-Z]{26}\b/g;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const HEX = /\b[0-9a-f]{64}\b/g;
const SEALED = /v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g;
/** The processor's ids (PaymentIntents, refunds): its own random ids. */
const PROCESSOR_ID = /\b(pi|re)_[A-Za-z0-9]+\b/g;
/** A write shard is a hash of the item's (random) id: `QUEUE#fulfillment#31`, `RETENTION#07`, `PLACED#57`. */
const SHARD = /((?:QUEUE#[a-z-]+|RETENTION|INACTIVE|AUDIT|OUTBOX|PLACED)#)\d+/g;

/** JSON of a value with ids, hashes, ciphertext, processor ids and key bytes (random by design) replaced by placeholders. */
const normalised = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? '<bytes>' : v))
    .replace(SEALED, '<sealed>')
    .replace(UUID, '<uuid>')
    .replace(HEX, '<hash>')
    .replace(ULID, '<ulid>')
    .replace(PROCESSOR_ID, '<processor-id>')
    .replace(SHARD, '$1<shard>');

/** Every item of every table, normalised and sorted: two runs that did the same work compare equal. */
async function endState(h: Harness): Promise<Record<string, string[]>> {
  const state: Record<string, string[]> = {};
  for (const [id, table] of Object.entries(h.names)) {
    const items: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await dynamodbClient().send(
        new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: start as never }),
      );
      items.push(...(page.Items ?? []).map((i) => normalised(unmarshall(i))));
      start = page.LastEvaluatedKey;
    } while (start);
    state[id] = items.sort();
  }
  return state;
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

describe('overlapping privacy-processor runs', () => {
  it('3 parallel runs over an erasure and an export: each completes once, end state equals a single run', async () => {
    // The reference: the same scenario processed by one run.
    const ref = await fresh();
    const refScenario = await privacyScenario(ref);
    const refPublished = (await ref.published()).length;
    await expect(processOpenRequests(ref.deps)).resolves.toMatchObject({ processed: 2, completed: 2 });

    const h = await fresh();
    const { erase, exporter, erasure, exportRequest } = await privacyScenario(h);
    const setupPublished = (await h.published()).length;
    const procs = await processes(h, 3);
    const runs = await Promise.all(procs.map((p) => processOpenRequests(p.deps)));
    expect(runs.reduce((n, r) => n + r.completed, 0)).toBe(2);

    for (const [subject, request] of [
      ['erase-me', erasure],
      ['export-me', exportRequest],
    ] as const) {
      const stored = await h.deps.privacyRequests.get(subject, request.requestId);
      expect(stored?.status).toBe('completed');
      const actions = countBy((await auditRecords(h, subject)).map((r) => r.action));
      expect(actions['privacy-request.complete']).toBe(1);
      expect(actions['privacy-request.start']).toBe(1);
      await expect(h.deps.audit.verify(subject)).resolves.toMatchObject({ valid: true });
    }
    expect(countBy((await auditRecords(h, 'export-me')).map((r) => r.action))['privacy-request.export']).toBe(1);
    // Nothing left for a later run.
    await expect(processOpenRequests(h.deps)).resolves.toMatchObject({ processed: 0 });

    // The same events, each staged once (draining the outboxes also empties them for the comparison below).
    const published = (await h.published()).slice(setupPublished).map((e) => e.type);
    expect(countBy(published)).toEqual(countBy((await ref.published()).slice(refPublished).map((e) => e.type)));
    // Same end state as the single run, table by table and item by item.
    const [got, want] = [await endState(h), await endState(ref)];
    for (const table of Object.keys(want)) expect({ table, items: got[table] }).toEqual({ table, items: want[table] });
    // The identity account removal ran (it is idempotent; an overlapping run may repeat it).
    const removed = procs.flatMap((p) => (p.deps.identity as RecordingDirectory).removed);
    expect(new Set(removed)).toEqual(new Set(['erase-me']));

    // The erased subject is gone everywhere; the export holds the exporter's values and no one else's.
    const dump = await dumpTables(h.names);
    for (const value of Object.values(erase)) expect(dump).not.toContain(value);
    const signedIn = epochSeconds(h.clock.now());
    const doc = JSON.parse(
      (await downloadExport(h.deps, exportRequest.requestId, 1, signedIn, self('export-me'))).text,
    ) as unknown;
    const refDoc = JSON.parse(
      (await downloadExport(ref.deps, refScenario.exportRequest.requestId, 1, signedIn, self('export-me'))).text,
    ) as unknown;
    expect(normalised(doc)).toEqual(normalised(refDoc));
    expect(JSON.stringify(doc)).toContain(exporter.email);
    for (const value of Object.values(erase)) expect(JSON.stringify(doc)).not.toContain(value);
  });
});

describe('overlapping retention sweeps', () => {
  it('3 parallel sweeps over 50 due orders anonymise each exactly once (sum of ordersAnonymised = 50)', async () => {
    const h = await fresh();
    const subjects = Array.from({ length: 10 }, (_, i) => `sweep-${i}`);
    const orders: { subject: string; orderId: string }[] = [];
    await Promise.all(
      subjects.map(async (subject) => {
        await registerProfile(
          h.deps,
          { name: 'N', email: `${subject}@example.com`, acceptPolicyVersion: 1 },
          self(subject),
        );
        for (let n = 0; n < 5; n++) {
          const { order } = await placeOrder(h.deps, sampleOrder() as never, `${subject}-${n}`, self(subject));
          await cancelOrder(h.deps, order.orderId, self(subject));
          orders.push({ subject, orderId: order.orderId });
        }
      }),
    );
    expect(orders).toHaveLength(50);

    const later = new Date(START.getTime() + (180 * DAY + 1) * 1000);
    const sweepers = await processes(h, 3, later);
    // Small pages and a few writes in flight: the runs interleave on the same items.
    const summaries = await Promise.all(sweepers.map((p) => sweepRetention(p.deps, { pageSize: 7, concurrency: 4 })));
    expect(summaries.reduce((n, s) => n + s.ordersAnonymised, 0)).toBe(50);
    expect(summaries.reduce((n, s) => n + s.itemsDeleted + s.ordersHeldByRestriction, 0)).toBe(0);

    for (const { subject, orderId } of orders) {
      const { Item } = await dynamodbClient().send(
        new GetItemCommand({
          TableName: h.names.data,
          Key: { pk: { S: subjectPk(subject) }, sk: { S: orderSk(orderId) } },
          ConsistentRead: true,
        }),
      );
      const item = unmarshall(Item ?? {});
      expect(item).toMatchObject({ subjectId: subject, status: 'cancelled', anonymisedAt: later.toISOString() });
      for (const f of [...PERSONAL_ORDER_FIELDS, 'retentionBucket', 'retentionDueAt'])
        expect(item).not.toHaveProperty(f);
    }
    // A fourth run finds nothing left.
    await expect(sweepRetention(sweepers[0]?.deps ?? h.deps)).resolves.toMatchObject({ ordersAnonymised: 0 });
  });
});
