/**
 * The deadline monitor on DynamoDB Local with a ManualClock: nothing to report at filing, warnings
 * inside the warning period, overdue past the due date, one notice per item per day (a rerun writes
 * nothing), paginated range queries on gsi2 and never a Scan; then the job module itself as the
 * local runner and Lambda call it, publishing its counts as EMF metrics.
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  dueSortKey,
  OFFICER_INBOX_PK,
  privacyRequestQueue,
  privacyRequestSk,
  subjectPk,
} from '../../shared/adapters/dynamodb/keys';
import { OfficerInbox } from '../../shared/adapters/dynamodb/officer-inbox';
import type { AccessContext } from '../../shared/domain/access';
import { newId } from '../../shared/domain/ids';
import type { PrivacyRequestType } from '../../shared/domain/privacy-request';
import { addDays, daysInSeconds, epochSeconds, SECONDS_PER_DAY } from '../../shared/domain/time';
import { registerProfile } from '../../shared/usecases/account';
import { assignComplaint, fileComplaint, officerNotices, resolveComplaint } from '../../shared/usecases/complaints';
import { type DeadlineMetrics, monitorDeadlines, privacyRequestBacklog } from '../../shared/usecases/deadlines';
import { seedInitialPolicy } from '../../shared/usecases/policy';
import { dumpTables, type Harness, harness, selfAccess } from '../support/app-harness';
import { testEnvironment } from '../support/local-stack';

const self = selfAccess;
const officer: AccessContext = {
  actor: { id: 'officer-1', role: 'privacy-officer' },
  purpose: 'complaint_handling',
  requestId: 'r',
};
const CANARY = 'Canary deadline 91c2: my address was shown to another customer';

/** A privacy request as the declared keys place it in its gsi2 queue (the repository is not needed here). */
async function putPrivacyRequest(
  h: Harness,
  subjectId: string,
  status: string,
  receivedAt: Date,
  requestType: PrivacyRequestType = 'export',
): Promise<string> {
  const id = newId(receivedAt);
  const dueAt = addDays(receivedAt, 30).toISOString();
  await h.deps.ddb.send(
    new PutCommand({
      TableName: h.names.data,
      Item: {
        pk: subjectPk(subjectId),
        sk: privacyRequestSk(id),
        type: 'privacy-request',
        requestType,
        requestId: id,
        subjectId,
        status,
        receivedAt: receivedAt.toISOString(),
        dueAt,
        gsi2pk: privacyRequestQueue(status),
        gsi2sk: dueSortKey(dueAt, id),
      },
    }),
  );
  return id;
}

function recorder() {
  const calls: { name: string; unit: string; value: number }[] = [];
  const metrics: DeadlineMetrics = { addMetric: (name, unit, value) => void calls.push({ name, unit, value }) };
  return { calls, metrics };
}

/** Records the name of every command sent through `h.deps.ddb`. */
function recordCommands(h: Harness): string[] {
  const sent: string[] = [];
  const ddb = h.deps.ddb;
  const original = ddb.send.bind(ddb) as (...args: unknown[]) => Promise<unknown>;
  ddb.send = ((command: object, ...rest: unknown[]) => {
    sent.push(command.constructor.name);
    return original(command, ...rest);
  }) as typeof ddb.send;
  return sent;
}

describe('deadline monitor on DynamoDB Local', () => {
  let h: Harness;
  let sent: string[];
  const complaints: string[] = [];
  const requests: string[] = [];
  beforeAll(async () => {
    h = await harness({ start: new Date('2026-03-01T00:00:00.000Z'), seedPolicy: true });
    for (const sub of ['alice', 'bob']) {
      await registerProfile(h.deps, { name: sub, email: `${sub}@example.com`, acceptPolicyVersion: 1 }, self(sub));
    }
    const now = h.clock.now();
    // Open: one open and one assigned complaint, one received and one in-progress request.
    complaints.push(
      (await fileComplaint(h.deps, { category: 'unauthorised_use', description: CANARY }, self('alice'))).id,
    );
    complaints.push((await fileComplaint(h.deps, { category: 'access', description: 'late' }, self('bob'))).id);
    await assignComplaint(h.deps, complaints[1] as string, 'officer-1', officer);
    requests.push(await putPrivacyRequest(h, 'alice', 'received', now));
    requests.push(await putPrivacyRequest(h, 'bob', 'in_progress', now));
    // Closed: a resolved complaint and a completed request have no deadline left.
    const closed = await fileComplaint(h.deps, { category: 'other', description: 'closed' }, self('bob'));
    await resolveComplaint(h.deps, closed.id, 'done', officer);
    await putPrivacyRequest(h, 'alice', 'completed', now);
    sent = recordCommands(h);
  });

  it('reports nothing on the day of filing', async () => {
    const { calls, metrics } = recorder();
    expect(await monitorDeadlines(h.deps, metrics)).toEqual({
      dueSoon: { privacyRequests: 0, complaints: 0, incidents: 0 },
      overdue: { privacyRequests: 0, complaints: 0, incidents: 0 },
      breachTriageOverdue: 0,
      noticesWritten: 0,
    });
    expect(calls).toEqual([
      { name: 'DeadlinesDueSoon', unit: 'Count', value: 0 },
      { name: 'DeadlinesOverdue', unit: 'Count', value: 0 },
      { name: 'IncidentDecisionsOverdue', unit: 'Count', value: 0 },
      { name: 'BreachTriageOverdue', unit: 'Count', value: 0 },
    ]);
  });

  it('warns of every open item due within three days, once a day', async () => {
    h.clock.advance(daysInSeconds(28));
    const { calls, metrics } = recorder();
    expect(await monitorDeadlines(h.deps, metrics)).toEqual({
      dueSoon: { privacyRequests: 2, complaints: 2, incidents: 0 },
      overdue: { privacyRequests: 0, complaints: 0, incidents: 0 },
      breachTriageOverdue: 0,
      noticesWritten: 4,
    });
    expect(calls).toEqual([
      { name: 'DeadlinesDueSoon', unit: 'Count', value: 4 },
      { name: 'DeadlinesOverdue', unit: 'Count', value: 0 },
      { name: 'IncidentDecisionsOverdue', unit: 'Count', value: 0 },
      { name: 'BreachTriageOverdue', unit: 'Count', value: 0 },
    ]);
    const { notices } = await h.deps.officerInbox.list({ limit: 100 }, h.clock.now());
    expect(notices).toHaveLength(4);
    expect(notices.map((n) => n.id).sort()).toEqual([...complaints, ...requests].sort());
    expect(notices.every((n) => n.state === 'due-soon' && n.day === '2026-03-29')).toBe(true);
    expect(notices.find((n) => n.id === complaints[1])).toMatchObject({
      kind: 'complaint',
      status: 'assigned',
      dueAt: '2026-03-31T00:00:00.000Z',
    });

    h.clock.advance(3600);
    expect(await monitorDeadlines(h.deps, recorder().metrics)).toEqual({
      dueSoon: { privacyRequests: 2, complaints: 2, incidents: 0 },
      overdue: { privacyRequests: 0, complaints: 0, incidents: 0 },
      breachTriageOverdue: 0,
      noticesWritten: 0,
    });
    expect((await h.deps.officerInbox.list({ limit: 100 }, h.clock.now())).notices).toHaveLength(4);
  });

  it('[P-37] reports them overdue after the due date, with a new notice that day and none on a rerun', async () => {
    h.clock.advance(daysInSeconds(3));
    const { calls, metrics } = recorder();
    const summary = await monitorDeadlines(h.deps, metrics);
    expect(summary).toEqual({
      dueSoon: { privacyRequests: 0, complaints: 0, incidents: 0 },
      overdue: { privacyRequests: 2, complaints: 2, incidents: 0 },
      breachTriageOverdue: 0,
      noticesWritten: 4,
    });
    expect(calls).toContainEqual({ name: 'DeadlinesOverdue', unit: 'Count', value: 4 });
    expect(await monitorDeadlines(h.deps, recorder().metrics)).toEqual({ ...summary, noticesWritten: 0 });
    const { notices } = await h.deps.officerInbox.list({ limit: 100 }, h.clock.now());
    expect(notices.filter((n) => n.state === 'overdue')).toHaveLength(4);
  });

  it('shows the officers their inbox a page at a time, and leaves expired notices out', async () => {
    const first = await officerNotices(h.deps, { limit: 5 });
    expect(first.notices).toHaveLength(5);
    const second = await officerNotices(h.deps, { limit: 5, cursor: first.cursor });
    expect(second.notices.length).toBe(3);
    expect(JSON.stringify([...first.notices, ...second.notices])).not.toMatch(/@example\.com/);
    // Past OFFICER_NOTICE_TTL_DAYS every notice is gone for readers, whether or not TTL deleted it yet.
    const later = { ...h.deps, clock: { now: () => new Date(h.clock.now().getTime() + daysInSeconds(31) * 1000) } };
    expect((await officerNotices(later, { limit: 100 })).notices).toEqual([]);
  });

  it('reads the queues by range query only: never a Scan', () => {
    expect(sent.length).toBeGreaterThan(0);
    expect(sent).toContain('QueryCommand');
    expect(sent).not.toContain('ScanCommand');
    // Gets: the category of each overdue complaint (is it a breach report past its triage?).
    expect(new Set(sent)).toEqual(new Set(['QueryCommand', 'PutCommand', 'GetCommand']));
  });

  it('holds ids, kinds and dates only, expiring after 30 days', async () => {
    const dump = await dumpTables(h.names);
    expect(dump).not.toContain('Canary deadline 91c2');
    const { Items = [] } = await h.deps.ddb.send(
      new QueryCommand({
        TableName: h.names.data,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': OFFICER_INBOX_PK },
      }),
    );
    for (const item of Items) {
      expect(Object.keys(item).sort()).toEqual(
        ['at', 'day', 'dueAt', 'expiresAt', 'id', 'kind', 'pk', 'sk', 'state', 'status', 'type'].sort(),
      );
      expect(item.expiresAt).toBe(epochSeconds(new Date(String(item.at))) + daysInSeconds(30));
    }
  });

  it('follows the queue pages to the end', async () => {
    const paged = new OfficerInbox({ ddb: h.deps.ddb, table: h.names.data, queuePageSize: 1 });
    const before = sent.length;
    h.clock.advance(SECONDS_PER_DAY);
    const summary = await monitorDeadlines(
      { clock: h.clock, config: h.deps.config, officerInbox: paged, complaints: h.deps.complaints },
      recorder().metrics,
    );
    expect(summary.overdue).toEqual({ privacyRequests: 2, complaints: 2, incidents: 0 });
    expect(summary.noticesWritten).toBe(4);
    // Five open queues with page size 1: at least one query per item and one per queue end.
    expect(sent.slice(before).filter((c) => c === 'QueryCommand').length).toBeGreaterThanOrEqual(4 + 5);
  });
});

describe('the privacy-request backlog by type and age', () => {
  it('counts the open requests of each type and the age of the oldest, across every open status and page', async () => {
    const h = await harness({ start: new Date('2026-05-01T00:00:00.000Z') });
    const now = h.clock.now();
    await putPrivacyRequest(h, 'ann', 'received', addDays(now, -12), 'erasure');
    await putPrivacyRequest(h, 'ben', 'in_progress', addDays(now, -3), 'erasure');
    await putPrivacyRequest(h, 'cat', 'received', addDays(now, -1), 'export');
    // Closed requests are no backlog, however old.
    await putPrivacyRequest(h, 'dan', 'completed', addDays(now, -40), 'export');
    await putPrivacyRequest(h, 'eve', 'rejected', addDays(now, -50), 'restriction');
    const paged = new OfficerInbox({ ddb: h.deps.ddb, table: h.names.data, queuePageSize: 1 });
    expect(await privacyRequestBacklog({ clock: h.clock, officerInbox: paged })).toEqual({
      erasure: { open: 2, oldestAgeDays: 12 },
      export: { open: 1, oldestAgeDays: 1 },
      restriction: { open: 0, oldestAgeDays: 0 },
    });
  });
});

describe('the deadline-monitor job module', () => {
  const saved = { ...process.env };
  afterAll(() => {
    process.env = saved;
  });

  it('runs with the declared access, returns its summary and publishes both metrics', async () => {
    // Filed 31 days ago by the real clock the job uses: overdue today.
    const h = await harness({ start: addDays(new Date(), -31) });
    await seedInitialPolicy(h.deps, { content: 'P', summary: 'S', effectiveAt: new Date('2020-01-01T00:00:00Z') });
    await registerProfile(h.deps, { name: 'dora', email: 'dora@example.com', acceptPolicyVersion: 1 }, self('dora'));
    await fileComplaint(h.deps, { category: 'consent', description: CANARY }, self('dora'));

    Object.assign(process.env, testEnvironment(h.names), { POWERTOOLS_METRICS_DISABLED: 'false' });
    const log = jest.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const job = await import('../../functions/jobs/deadline-monitor');
      const summary = await job.run();
      expect(summary).toEqual({
        dueSoon: { privacyRequests: 0, complaints: 0, incidents: 0 },
        overdue: { privacyRequests: 0, complaints: 1, incidents: 0 },
        breachTriageOverdue: 0,
        noticesWritten: 1,
        backlog: {
          export: { open: 0, oldestAgeDays: 0 },
          erasure: { open: 0, oldestAgeDays: 0 },
          restriction: { open: 0, oldestAgeDays: 0 },
        },
      });
      const emf = log.mock.calls.map(([line]) => JSON.parse(String(line)));
      // The backlog: one data point per request type and metric, the type as the only other dimension.
      const backlog = emf.filter((line) => 'requestType' in line);
      expect(
        backlog
          .map((line) => [line.requestType, line.OpenPrivacyRequests ?? line.OldestOpenPrivacyRequestAgeDays])
          .sort(),
      ).toEqual([
        ['erasure', 0],
        ['erasure', 0],
        ['export', 0],
        ['export', 0],
        ['restriction', 0],
        ['restriction', 0],
      ]);
      for (const line of backlog) {
        expect(line._aws.CloudWatchMetrics[0].Dimensions).toEqual([expect.arrayContaining(['service', 'requestType'])]);
      }
      expect(emf.filter((line) => !('requestType' in line))).toEqual([
        expect.objectContaining({
          _aws: expect.objectContaining({
            CloudWatchMetrics: [
              expect.objectContaining({
                Namespace: 'PrivacyOrders',
                Metrics: expect.arrayContaining([
                  { Name: 'DeadlinesDueSoon', Unit: 'Count' },
                  { Name: 'DeadlinesOverdue', Unit: 'Count' },
                ]),
              }),
            ],
          }),
          DeadlinesDueSoon: 0,
          DeadlinesOverdue: 1,
        }),
      ]);
      expect(await job.handler()).toMatchObject({ overdue: { complaints: 1 }, noticesWritten: 0 });
      expect(JSON.stringify(log.mock.calls)).not.toContain('Canary');
    } finally {
      log.mockRestore();
    }
  });
});
