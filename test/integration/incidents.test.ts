/**
 * Breach incidents on DynamoDB Local: opening (explicit subjects, or promoted from a privacy_breach
 * complaint, which is triaged in the same transaction), the description sealed, the 72-hour decision
 * clock in the officers' queue and on the deadline monitor, the decision recorded once, the
 * auditors' register holding no personal data, and refused input leaving nothing behind.
 */
import type { AccessContext } from '../../shared/domain/access';
import { ConflictError, UnprocessableError } from '../../shared/domain/errors';
import { incidentChain } from '../../shared/domain/incident';
import { registerProfile } from '../../shared/usecases/account';
import { fileComplaint, getOwnComplaint, listComplaintQueue, resolveComplaint } from '../../shared/usecases/complaints';
import { type DeadlineMetrics, monitorDeadlines } from '../../shared/usecases/deadlines';
import {
  decideIncident,
  incidentForOfficer,
  incidentRegister,
  listIncidentQueue,
  openIncident,
} from '../../shared/usecases/incidents';
import { listNotifications } from '../../shared/usecases/records';
import { dumpTables, type Harness, harness, selfAccess } from '../support/app-harness';

const officer: AccessContext = {
  actor: { id: 'officer-1', role: 'privacy-officer' },
  purpose: 'breach_handling',
  requestId: 'r-officer',
};
const auditor: AccessContext = { actor: { id: 'auditor-1', role: 'auditor' }, purpose: 'audit', requestId: 'r-aud' };
const CANARY = 'Canary incident 5b1d: Alice Canary’s address was printed on Bob’s parcel';
const COMPLAINT = 'Canary complaint 5b1d: my address was on someone else’s parcel';
const page = { limit: 100 };

function recorder() {
  const calls: { name: string; value: number }[] = [];
  const metrics: DeadlineMetrics = { addMetric: (name, _unit, value) => void calls.push({ name, value }) };
  return { calls, metrics };
}

describe('breach incidents on DynamoDB Local', () => {
  let h: Harness;
  let complaintId = '';
  let incidentId = '';
  beforeAll(async () => {
    h = await harness({ start: new Date('2026-03-01T00:00:00.000Z'), seedPolicy: true });
    for (const sub of ['alice', 'bob']) {
      await registerProfile(
        h.deps,
        { name: sub, email: `${sub}@example.com`, acceptPolicyVersion: 1 },
        selfAccess(sub),
      );
    }
    complaintId = (
      await fileComplaint(h.deps, { category: 'privacy_breach', description: COMPLAINT }, selfAccess('alice'))
    ).id;
  });

  it('refuses a complaint that is not a privacy breach, and a discovery in the future, writing nothing', async () => {
    const other = await fileComplaint(h.deps, { category: 'access', description: 'slow' }, selfAccess('bob'));
    const base = { description: CANARY, dataCategories: ['address' as const], subjectIds: ['bob'] };
    await expect(
      openIncident(h.deps, { ...base, discoveredAt: '2026-02-28T00:00:00Z', fromComplaintId: other.id }, officer),
    ).rejects.toThrow(UnprocessableError);
    await expect(openIncident(h.deps, { ...base, discoveredAt: '2026-03-02T00:00:00Z' }, officer)).rejects.toThrow(
      UnprocessableError,
    );
    expect((await listIncidentQueue(h.deps, page)).incidents).toEqual([]);
    expect(await dumpTables(h.names)).not.toContain('Canary incident');
  });

  it('opens an incident from a breach complaint: due 72 h after discovery, the complaint triaged and its subject told', async () => {
    const opened = await openIncident(
      h.deps,
      {
        discoveredAt: '2026-02-28T12:00:00Z',
        description: CANARY,
        dataCategories: ['address', 'contact'],
        subjectIds: ['bob', 'alice'],
        fromComplaintId: complaintId,
      },
      officer,
    );
    incidentId = opened.id;
    expect(opened).toMatchObject({
      status: 'open',
      discoveredAt: '2026-02-28T12:00:00.000Z',
      decisionDueAt: '2026-03-03T12:00:00.000Z',
      overdue: false,
      subjectCount: 2,
      fromComplaintId: complaintId,
    });
    const complaint = await getOwnComplaint(h.deps, complaintId, selfAccess('alice'));
    expect(complaint.status).toBe('resolved');
    expect(complaint.resolution).toContain(incidentId);
    const { notifications } = await listNotifications(h.deps, page, selfAccess('alice'));
    expect(notifications.map((n) => n.resource)).toContain(`complaint/${complaintId}`);
    expect((await h.deps.incidents.subjects(incidentId, page)).subjectIds).toEqual(['alice', 'bob']);
    // Sealed at rest; opened for an officer only after the read is recorded.
    const dump = await dumpTables(h.names);
    expect(dump).not.toContain('Canary incident');
    expect(dump).not.toContain('Canary complaint');
    expect((await incidentForOfficer(h.deps, incidentId, officer)).description).toBe(CANARY);
    const trail = await h.deps.audit.list(incidentChain(incidentId), page);
    expect(trail.records.map((r) => r.action).sort()).toEqual(['incident.open', 'incident.read']);
    const aliceTrail = await h.deps.audit.list('alice', page);
    expect(aliceTrail.records.map((r) => r.action)).toContain('complaint.triage');
  });

  it('refuses to promote the same complaint twice', async () => {
    await expect(
      openIncident(
        h.deps,
        {
          discoveredAt: '2026-02-28T12:00:00Z',
          description: 'again',
          dataCategories: ['other'],
          subjectIds: [],
          fromComplaintId: complaintId,
        },
        officer,
      ),
    ).rejects.toThrow(UnprocessableError);
  });

  it('selects a thousand subjects by id across many transactions', async () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `subject-${String(i).padStart(4, '0')}`);
    const big = await openIncident(
      h.deps,
      {
        discoveredAt: '2026-03-01T00:00:00Z',
        description: 'Export bucket left public',
        dataCategories: ['order_history'],
        subjectIds: ids,
      },
      officer,
    );
    expect(big.subjectCount).toBe(1000);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const p = await h.deps.incidents.subjects(big.id, { limit: 300, cursor });
      seen.push(...p.subjectIds);
      cursor = p.cursor;
    } while (cursor);
    expect(seen).toEqual(ids);
    // The queue: soonest decision due first.
    expect((await listIncidentQueue(h.deps, page)).incidents.map((i) => i.id)).toEqual([incidentId, big.id]);
  });

  it('[P-21] the monitor warns of an undecided incident at once and reports it overdue past 72 h, with its own metric', async () => {
    const soon = recorder();
    const first = await monitorDeadlines(h.deps, soon.metrics);
    expect(first.dueSoon.incidents).toBe(2);
    expect(soon.calls).toContainEqual({ name: 'IncidentDecisionsOverdue', value: 0 });
    h.clock.advance(3 * 86_400);
    const late = recorder();
    const summary = await monitorDeadlines(h.deps, late.metrics);
    expect(summary.overdue.incidents).toBe(1);
    expect(late.calls).toContainEqual({ name: 'IncidentDecisionsOverdue', value: 1 });
    const { notices } = await h.deps.officerInbox.list(page, h.clock.now());
    expect(notices).toContainEqual(
      expect.objectContaining({ kind: 'incident', id: incidentId, status: 'open', state: 'overdue' }),
    );
    expect((await listIncidentQueue(h.deps, { ...page, overdue: true })).incidents.map((i) => i.id)).toEqual([
      incidentId,
    ]);
  });

  it('records the decision once; the incident leaves the open queue and the monitor', async () => {
    const decided = await decideIncident(
      h.deps,
      incidentId,
      { notifyAuthority: true, reasons: 'Addresses disclosed', authorityReference: 'ICO-2026-0042' },
      officer,
    );
    expect(decided).toMatchObject({
      status: 'decided',
      overdue: false,
      decision: { authorityReference: 'ICO-2026-0042' },
    });
    await expect(
      decideIncident(h.deps, incidentId, { notifyAuthority: false, reasons: 'changed my mind' }, officer),
    ).rejects.toThrow(ConflictError);
    expect((await listIncidentQueue(h.deps, { ...page, overdue: true })).incidents).toEqual([]);
    expect((await listIncidentQueue(h.deps, { ...page, status: 'decided' })).incidents.map((i) => i.id)).toEqual([
      incidentId,
    ]);
    const trail = await h.deps.audit.list(incidentChain(incidentId), page);
    expect(trail.records.find((r) => r.action === 'incident.decide')).toMatchObject({
      action: 'incident.decide',
      details: { withinDeadline: false },
    });
  });

  it('gives auditors a register of counts and decisions, without a description or a subject id', async () => {
    const register = await incidentRegister(h.deps, page, auditor);
    expect(register.incidents).toHaveLength(2);
    const entry = register.incidents.find((i) => i.id === incidentId);
    expect(entry).toMatchObject({ subjectCount: 2, decidedWithinDeadline: false });
    const text = JSON.stringify(register);
    expect(text).not.toContain('Canary');
    expect(text).not.toContain('alice');
    expect(text).not.toContain('subject-0001');
  });

  it('gives a breach report 72 hours to be triaged, on the hourly monitor with its own metric; resolving it triages it', async () => {
    const filed = await fileComplaint(
      h.deps,
      { category: 'privacy_breach', description: 'Canary complaint: a stranger got my invoice' },
      selfAccess('bob'),
    );
    expect(Date.parse(filed.dueAt) - Date.parse(filed.filedAt)).toBe(72 * 3_600_000);
    const other = await fileComplaint(h.deps, { category: 'access', description: 'slow' }, selfAccess('bob'));
    expect(Date.parse(other.dueAt) - Date.parse(other.filedAt)).toBe(30 * 86_400_000);
    // The officers' queue puts it first: it is due soonest.
    expect((await listComplaintQueue(h.deps, page)).complaints[0]?.id).toBe(filed.id);

    const inTime = recorder();
    expect((await monitorDeadlines(h.deps, inTime.metrics)).breachTriageOverdue).toBe(0);
    expect(inTime.calls).toContainEqual({ name: 'BreachTriageOverdue', value: 0 });
    h.clock.advance(72 * 3600 + 60);
    const late = recorder();
    expect((await monitorDeadlines(h.deps, late.metrics)).breachTriageOverdue).toBe(1);
    expect(late.calls).toContainEqual({ name: 'BreachTriageOverdue', value: 1 });
    const { notices } = await h.deps.officerInbox.list(page, h.clock.now());
    expect(notices).toContainEqual(expect.objectContaining({ kind: 'complaint', id: filed.id, state: 'overdue' }));

    // Closed with reasons: triaged, the alarm's count falls back.
    await resolveComplaint(h.deps, filed.id, 'Checked: the invoice went to the right address.', officer);
    const after = recorder();
    expect((await monitorDeadlines(h.deps, after.metrics)).breachTriageOverdue).toBe(0);
  });
});
