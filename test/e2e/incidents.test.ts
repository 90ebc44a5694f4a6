/**
 * Breach incidents over HTTP against `npm start`: a customer reports a breach, a privacy officer
 * promotes the complaint to an incident with more affected subjects, the queue shows its 72-hour
 * clock, the deadline monitor (run with a shifted clock) reports the undecided incident overdue in
 * the officers' inbox, the officer records the decision, and the auditor reads a register with no
 * personal data. Other roles are kept out; bad input is a problem+json 4xx that writes nothing; the
 * planted description is never in a table in the clear or in the logs.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { apiClient, type CallOptions, dumpAllTables } from '../support/api-client';
import { useRunningStack } from '../support/running-stack';
import { sampleOrder } from '../support/sample-requests';
import { limit, waitUntil } from '../support/timeouts';

const stack = useRunningStack();
const api = (method: string, url: string, options?: CallOptions) => apiClient(stack.url)(method, url, options);

const PLANTED = 'Canary incident e9d4: Paula Canary’s address printed on the wrong parcel';
const COMPLAINT = 'Canary complaint e9d4: my address was on a stranger’s parcel';
const NOTICE = {
  natureOfBreach: 'A courier manifest with delivery addresses was e-mailed to the wrong carrier.',
  likelyConsequences: 'Your delivery address may be known to one courier company.',
  measuresTaken: 'The carrier confirmed it deleted the manifest.',
  contactPoint: 'Data Protection Officer, dpo@shop.example',
};
const officer: CallOptions = { sub: 'dpo-1', groups: ['privacy-officer'] };
const auditor: CallOptions = { sub: 'aud-1', groups: ['auditor'], headers: { 'x-access-purpose': 'audit' } };

function runJob(name: string, env: Record<string, string> = {}) {
  return spawnSync(path.join(process.cwd(), 'node_modules/.bin/tsx'), ['local/job.ts', name], {
    env: { ...process.env, LOCAL_RUNTIME_STATE: stack.stateFile, ...env },
    encoding: 'utf8',
  });
}

describe('breach incidents over HTTP', () => {
  let complaintId = '';
  let incidentId = '';
  beforeAll(async () => {
    for (const sub of ['paula', 'quinn']) {
      const res = await api('POST', '/v1/me', {
        sub,
        body: { name: `Name ${sub}`, email: `${sub}@example.com`, acceptPolicyVersion: 1 },
      });
      expect(res.status).toBe(201);
    }
    const filed = await api('POST', '/v1/me/complaints', {
      sub: 'paula',
      body: { category: 'privacy_breach', description: COMPLAINT },
    });
    expect(filed.status).toBe(201);
    complaintId = filed.json.id;
  }, limit(120_000));

  it(
    'refuses bad input with problem+json and writes nothing; customers and auditors cannot open one',
    async () => {
      const future = await api('POST', '/v1/admin/incidents', {
        ...officer,
        body: {
          discoveredAt: new Date(Date.now() + 86_400_000).toISOString(),
          description: PLANTED,
          dataCategories: ['address'],
        },
      });
      expect(future.status).toBe(422);
      expect(future.headers.get('content-type')).toContain('application/problem+json');
      expect(future.text).not.toContain('Canary');
      const malformed = await api('POST', '/v1/admin/incidents', {
        ...officer,
        body: { discoveredAt: 'yesterday', description: PLANTED, dataCategories: [] },
      });
      expect(malformed.status).toBe(400);
      expect(malformed.text).not.toContain('Canary');
      for (const caller of [{ sub: 'paula' }, auditor]) {
        const res = await api('POST', '/v1/admin/incidents', {
          ...caller,
          body: { discoveredAt: new Date().toISOString(), description: PLANTED, dataCategories: ['address'] },
        });
        expect(res.status).toBe(403);
      }
      expect((await api('GET', '/v1/admin/incidents', officer)).json.incidents).toEqual([]);
    },
    limit(60_000),
  );

  it(
    'promotes the complaint: the clock is 72 h from discovery, the complaint resolved and its subject told',
    async () => {
      const discoveredAt = new Date(Date.now() - 3_600_000).toISOString();
      const opened = await api('POST', '/v1/admin/incidents', {
        ...officer,
        body: {
          discoveredAt,
          description: PLANTED,
          dataCategories: ['address', 'contact'],
          subjectIds: ['quinn'],
          fromComplaintId: complaintId,
        },
      });
      expect(opened.status).toBe(201);
      incidentId = opened.json.id;
      expect(opened.headers.get('location')).toBe(`/v1/admin/incidents/${incidentId}`);
      expect(opened.json).toMatchObject({ status: 'open', subjectCount: 2, overdue: false });
      expect(Date.parse(opened.json.decisionDueAt) - Date.parse(discoveredAt)).toBe(72 * 3_600_000);
      expect(opened.text).not.toContain('Canary');

      const queue = await api('GET', '/v1/admin/incidents', officer);
      expect(queue.json.incidents.map((i: { id: string }) => i.id)).toEqual([incidentId]);
      const full = await api('GET', `/v1/admin/incidents/${incidentId}`, officer);
      expect(full.json.description).toBe(PLANTED);

      const complaint = await api('GET', `/v1/me/complaints/${complaintId}`, { sub: 'paula' });
      expect(complaint.json.status).toBe('resolved');
      expect(complaint.json.resolution).toContain(incidentId);
    },
    limit(60_000),
  );

  it(
    'the monitor reports the undecided incident overdue once the clock has passed 72 h',
    async () => {
      const later = { CLOCK_OFFSET_SECONDS: String(4 * 86_400) };
      const run = runJob('deadline-monitor', later);
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ overdue: { incidents: 1 } });
      const inbox = await api('GET', '/v1/admin/officer-inbox', officer);
      expect(inbox.json.notices).toContainEqual(
        expect.objectContaining({ kind: 'incident', id: incidentId, state: 'overdue', status: 'open' }),
      );
    },
    limit(120_000),
  );

  it(
    'records the decision once, and the auditor reads a register without personal data',
    async () => {
      const decided = await api('POST', `/v1/admin/incidents/${incidentId}/decision`, {
        ...officer,
        body: { notifyAuthority: true, reasons: 'Addresses disclosed', authorityReference: 'ICO-2026-0042' },
      });
      expect(decided.status).toBe(200);
      expect(decided.json).toMatchObject({ status: 'decided', decision: { authorityReference: 'ICO-2026-0042' } });
      const again = await api('POST', `/v1/admin/incidents/${incidentId}/decision`, {
        ...officer,
        body: { notifyAuthority: false, reasons: 'second thoughts' },
      });
      expect(again.status).toBe(409);
      const noReference = await api('POST', `/v1/admin/incidents/${incidentId}/decision`, {
        ...officer,
        body: { notifyAuthority: true, reasons: 'x' },
      });
      expect(noReference.status).toBe(400);

      const register = await api('GET', '/v1/admin/incident-register', auditor);
      expect(register.status).toBe(200);
      expect(register.json.incidents).toEqual([
        expect.objectContaining({ id: incidentId, subjectCount: 2, decidedWithinDeadline: true }),
      ]);
      expect(register.text).not.toMatch(/Canary|paula|quinn/);
      expect((await api('GET', '/v1/admin/incident-register', officer)).status).toBe(403);

      const tables = await dumpAllTables(stack);
      expect(tables).not.toContain('Canary incident');
      expect(tables).toContain(`INCIDENT#${incidentId}`);
      expect(stack.output()).not.toContain('Canary');
    },
    limit(120_000),
  );

  it(
    'selects the customers with orders in a time range, tells them in-app and by mail through the job, and reports progress',
    async () => {
      const before = new Date(Date.now() - 1000).toISOString();
      for (const [sub, key] of [
        ['paula', 'inc-order-1'],
        ['quinn', 'inc-order-2'],
        ['quinn', 'inc-order-3'],
      ] as const) {
        const res = await api('POST', '/v1/orders', { sub, body: sampleOrder(), headers: { 'idempotency-key': key } });
        expect(res.status).toBe(201);
      }
      const after = new Date(Date.now() + 1000).toISOString();
      const opened = await api('POST', '/v1/admin/incidents', {
        ...officer,
        body: { discoveredAt: before, description: PLANTED, dataCategories: ['address'] },
      });
      expect(opened.status).toBe(201);
      const id = opened.json.id;

      const tooEarly = await api('POST', `/v1/admin/incidents/${id}/notices`, { ...officer, body: NOTICE });
      expect(tooEarly.status).toBe(422);
      const badRange = await api('POST', `/v1/admin/incidents/${id}/subjects`, {
        ...officer,
        body: { ordersPlaced: { from: after, to: before } },
      });
      expect(badRange.status).toBe(400);
      const added = await api('POST', `/v1/admin/incidents/${id}/subjects`, {
        ...officer,
        body: { ordersPlaced: { from: before, to: after } },
      });
      expect(added.status).toBe(200);
      expect(added.json).toEqual({ id, selected: 2, subjectCount: 2, noticesResumed: false });

      for (const caller of [{ sub: 'paula' }, auditor]) {
        expect((await api('POST', `/v1/admin/incidents/${id}/notices`, { ...caller, body: NOTICE })).status).toBe(403);
      }
      const extra = await api('POST', `/v1/admin/incidents/${id}/notices`, {
        ...officer,
        body: { ...NOTICE, subjectIds: ['paula'] },
      });
      expect(extra.status).toBe(400);
      const started = await api('POST', `/v1/admin/incidents/${id}/notices`, { ...officer, body: NOTICE });
      expect(started.status).toBe(202);
      expect(started.headers.get('location')).toBe(`/v1/admin/incidents/${id}/notices`);
      expect((await api('POST', `/v1/admin/incidents/${id}/notices`, { ...officer, body: NOTICE })).status).toBe(409);

      // The event wakes the job in the local runtime, as the queue does in AWS.
      const progress = await waitUntil(
        async () => (await api('GET', `/v1/admin/incidents/${id}/notices`, officer)).json,
        (p) => p.status === 'completed',
        'the notices to be sent',
      );
      expect(progress).toMatchObject({ subjectCount: 2, notified: 2, mailed: 2, unreachable: 0 });
      for (const sub of ['paula', 'quinn']) {
        const inbox = await api('GET', '/v1/me/notifications', { sub });
        const notices = inbox.json.notifications.filter(
          (n: { type: string; resource: string }) => n.type === 'incident.notice' && n.resource === `incident/${id}`,
        );
        expect(notices).toHaveLength(1);
        expect(notices[0].message).toContain(NOTICE.natureOfBreach);
      }
      const mails = (
        (await (await fetch(`${stack.mailEndpoint}/outbox`)).json()) as {
          mails: { to: string[]; text: string }[];
        }
      ).mails.filter((m) => m.text.includes(`incident ${id}`));
      expect(mails.map((m) => m.to[0]).sort()).toEqual(['paula@example.com', 'quinn@example.com']);
      for (const m of mails) {
        expect(m.text).toContain(NOTICE.contactPoint);
        expect(m.text).not.toContain('Canary');
      }
      // A rerun of the job tells nobody twice.
      const rerun = runJob('incident-notices');
      expect(rerun.status).toBe(0);
      expect(JSON.parse(rerun.stdout)).toMatchObject({ runs: 0, notified: 0 });
    },
    limit(180_000),
  );
});
