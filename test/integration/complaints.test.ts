/**
 * Complaints on DynamoDB Local: filing (registered subjects only, description sealed), the officers'
 * queue from gsi2 (no personal text, overdue as a range), assignment and resolution with their
 * conditions, notifications and audit records, isolation between subjects, staff reads through the
 * audited-read rule, and stored items decoded rather than trusted.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { CorruptItemError } from '../../shared/adapters/dynamodb/decode';
import { complaintSk, subjectPk } from '../../shared/adapters/dynamodb/keys';
import type { AccessContext } from '../../shared/domain/access';
import { daysInSeconds, epochSeconds, SECONDS_PER_DAY } from '../../shared/domain/time';
import { registerProfile } from '../../shared/usecases/account';
import {
  assignComplaint,
  complaintForOfficer,
  fileComplaint,
  getOwnComplaint,
  listComplaintQueue,
  listOwnComplaints,
  resolveComplaint,
} from '../../shared/usecases/complaints';
import { processRequest } from '../../shared/usecases/privacy-processor';
import { submitPrivacyRequest } from '../../shared/usecases/privacy-requests';
import { listNotifications } from '../../shared/usecases/records';
import { dumpTables, type Harness, harness, selfAccess } from '../support/app-harness';
import { MemoryStaffDirectory } from '../support/fakes/staff';

const self = selfAccess;
const officer = (purpose = 'privacy-officer_operation'): AccessContext => ({
  actor: { id: 'officer-1', role: 'privacy-officer' },
  purpose,
  requestId: 'r-officer',
});
const DESCRIPTION = 'Canary complaint 7f3e: you emailed my diagnosis to my employer';
const RESOLUTION = 'Canary resolution 7f3e: the email was recalled and the sender retrained';
const UNKNOWN_ID = '01JZZZZZZZZZZZZZZZZZZZZZZZ';
const page = { limit: 100 };
/** The staff pool as the directory shows it: officers 7 and 8, and a support agent. */
const STAFF = new MemoryStaffDirectory({
  'officer-7': ['privacy-officer'],
  'officer-8': ['privacy-officer'],
  'agent-3': ['support'],
});

async function setup(): Promise<Harness> {
  // A fixed date keeps the expected due dates literal; complaints carry no short-lived (TTL) items.
  const h = await harness({ start: new Date('2026-03-01T00:00:00.000Z'), seedPolicy: true, staff: STAFF });
  for (const sub of ['alice', 'bob', 'carol']) {
    await registerProfile(h.deps, { name: `N ${sub}`, email: `${sub}@example.com`, acceptPolicyVersion: 1 }, self(sub));
  }
  return h;
}

describe('complaints on DynamoDB Local', () => {
  let h: Harness;
  let id = '';
  beforeAll(async () => {
    h = await setup();
  });

  it('refuses a complaint from an unregistered subject with 404', async () => {
    await expect(fileComplaint(h.deps, { category: 'other', description: 'x' }, self('ghost'))).rejects.toMatchObject({
      status: 404,
    });
  });

  it('[P-37] files a complaint due 30 days later and queues it for the officers without its text', async () => {
    const filed = await fileComplaint(
      h.deps,
      { category: 'unauthorised_use', description: DESCRIPTION },
      self('alice'),
    );
    id = filed.id;
    expect(filed).toEqual({
      id: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/),
      category: 'unauthorised_use',
      status: 'open',
      filedAt: '2026-03-01T00:00:00.000Z',
      dueAt: '2026-03-31T00:00:00.000Z',
    });
    const queue = await listComplaintQueue(h.deps, page);
    expect(queue.complaints).toEqual([
      {
        id,
        subjectId: 'alice',
        category: 'unauthorised_use',
        status: 'open',
        filedAt: filed.filedAt,
        dueAt: filed.dueAt,
        overdue: false,
      },
    ]);
    expect(JSON.stringify(queue)).not.toContain('Canary');
  });

  it('stores the description sealed: no table holds it in the clear', async () => {
    const { Item } = await h.deps.ddb.send(
      new GetCommand({ TableName: h.names.data, Key: { pk: subjectPk('alice'), sk: complaintSk(id) } }),
    );
    expect(Item).toMatchObject({
      pk: subjectPk('alice'),
      gsi1pk: `COMPLAINT#${id}`,
      gsi2pk: 'QUEUE#complaints#open',
      gsi2sk: `2026-03-31T00:00:00.000Z#${id}`,
      history: [{ status: 'open', at: '2026-03-01T00:00:00.000Z' }],
    });
    expect(typeof Item?.description).toBe('string');
    expect(Item?.description).not.toContain('Canary');
    expect(await dumpTables(h.names)).not.toContain('Canary complaint 7f3e');
  });

  it('shows the subject their own complaint decrypted, and nobody else', async () => {
    expect(await getOwnComplaint(h.deps, id, self('alice'))).toMatchObject({
      id,
      status: 'open',
      description: DESCRIPTION,
    });
    expect((await listOwnComplaints(h.deps, page, self('alice'))).complaints.map((c) => c.id)).toEqual([id]);
    await expect(getOwnComplaint(h.deps, id, self('bob'))).rejects.toMatchObject({ status: 404 });
    expect((await listOwnComplaints(h.deps, page, self('bob'))).complaints).toEqual([]);
  });

  it('assigns it: moves it to the assigned queue, tells the subject, audits under complaint_handling', async () => {
    h.clock.advance(3600);
    const assigned = await assignComplaint(h.deps, id, 'officer-7', officer());
    expect(assigned).toMatchObject({ id, status: 'assigned', assignee: 'officer-7', overdue: false });
    expect((await listComplaintQueue(h.deps, { ...page, status: 'open' })).complaints).toEqual([]);
    expect((await listComplaintQueue(h.deps, { ...page, status: 'assigned' })).complaints).toEqual([
      expect.objectContaining({ id, status: 'assigned', assignee: 'officer-7' }),
    ]);
    const { notifications } = await listNotifications(h.deps, page, self('alice'));
    expect(notifications).toEqual([
      expect.objectContaining({
        type: 'complaint.assigned',
        message: `Your complaint ${id} has been assigned to a privacy officer.`,
        resource: `complaint/${id}`,
      }),
    ]);
    const [record] = (await h.deps.audit.list('alice', { limit: 1 })).records;
    expect(record).toMatchObject({
      action: 'complaint.assign',
      actor: { id: 'officer-1', role: 'privacy-officer' },
      purpose: 'complaint_handling',
      resource: `complaint/${id}`,
    });
    // The subject's view does not name the officer.
    expect(await getOwnComplaint(h.deps, id, self('alice'))).not.toHaveProperty('assignee');
  });

  it('[P-36] assigns only to privacy officers: the caller, or a staff id the directory shows in the role (422 otherwise)', async () => {
    for (const stranger of ['agent-3', 'nobody', 'alice']) {
      await expect(assignComplaint(h.deps, id, stranger, officer())).rejects.toMatchObject({ status: 422 });
    }
    await expect(assignComplaint(h.deps, id, 'officer-1', officer())).resolves.toMatchObject({ assignee: 'officer-1' });
  });

  it('lets an officer read the complaint in full for complaint handling, audited; never without the purpose', async () => {
    const full = await complaintForOfficer(h.deps, id, officer('complaint_handling'));
    expect(full).toMatchObject({ id, subjectId: 'alice', description: DESCRIPTION, status: 'assigned' });
    const [record] = (await h.deps.audit.list('alice', { limit: 1 })).records;
    expect(record).toMatchObject({
      action: 'complaint.read',
      actor: { id: 'officer-1', role: 'privacy-officer' },
      purpose: 'complaint_handling',
      fields: ['description'],
    });
    await expect(complaintForOfficer(h.deps, id, officer())).rejects.toMatchObject({ status: 403 });
    await expect(complaintForOfficer(h.deps, UNKNOWN_ID, officer('complaint_handling'))).rejects.toMatchObject({
      status: 404,
    });
  });

  it('records the purpose an officer named when their role serves it', async () => {
    await assignComplaint(h.deps, id, 'officer-8', officer('privacy_request'));
    const [record] = (await h.deps.audit.list('alice', { limit: 1 })).records;
    expect(record).toMatchObject({
      action: 'complaint.assign',
      purpose: 'privacy_request',
      details: { assignee: 'officer-8' },
    });
  });

  it('[P-38] resolves it: sealed resolution, resolved queue, second notification; then 409 on resolve or assign', async () => {
    h.clock.advance(SECONDS_PER_DAY);
    const resolved = await resolveComplaint(h.deps, id, RESOLUTION, officer());
    expect(resolved).toMatchObject({ id, status: 'resolved', resolvedAt: '2026-03-02T01:00:00.000Z', overdue: false });
    expect(JSON.stringify(resolved)).not.toContain('Canary');
    expect((await listComplaintQueue(h.deps, page)).complaints).toEqual([]);
    expect((await listComplaintQueue(h.deps, { ...page, status: 'resolved' })).complaints.map((c) => c.id)).toEqual([
      id,
    ]);

    const own = await getOwnComplaint(h.deps, id, self('alice'));
    expect(own).toMatchObject({ status: 'resolved', description: DESCRIPTION, resolution: RESOLUTION });
    expect(own.history.map((c) => c.status)).toEqual(['open', 'assigned', 'assigned', 'assigned', 'resolved']);
    const { notifications } = await listNotifications(h.deps, page, self('alice'));
    expect(notifications.map((n) => n.type)).toEqual([
      'complaint.resolved',
      'complaint.assigned',
      'complaint.assigned',
      'complaint.assigned',
    ]);
    expect(notifications[0]?.message).toBe(`Your complaint ${id} was resolved: see the resolution in your account.`);
    expect(JSON.stringify(notifications)).not.toContain('Canary');

    await expect(resolveComplaint(h.deps, id, 'again', officer())).rejects.toMatchObject({ status: 409 });
    await expect(assignComplaint(h.deps, id, 'officer-9', officer())).rejects.toMatchObject({ status: 409 });
    expect(await dumpTables(h.names)).not.toContain('Canary resolution 7f3e');
  });

  it('answers 404 for an unknown complaint id', async () => {
    await expect(assignComplaint(h.deps, UNKNOWN_ID, 'officer-7', officer())).rejects.toMatchObject({ status: 404 });
    await expect(resolveComplaint(h.deps, UNKNOWN_ID, 'x', officer())).rejects.toMatchObject({ status: 404 });
    await expect(getOwnComplaint(h.deps, UNKNOWN_ID, self('alice'))).rejects.toMatchObject({ status: 404 });
  });

  it('keeps personal values out of the audit trail, whose chain stays intact', async () => {
    const { records } = await h.deps.audit.list('alice', page);
    expect(records.map((r) => r.action)).toEqual(
      expect.arrayContaining(['complaint.file', 'complaint.assign', 'complaint.resolve']),
    );
    expect(records.find((r) => r.action === 'complaint.file')).toMatchObject({
      fields: ['description'],
      purpose: 'self_service',
      details: { category: 'unauthorised_use' },
    });
    expect(records.find((r) => r.action === 'complaint.resolve')).toMatchObject({ fields: ['resolution'] });
    expect(JSON.stringify(records)).not.toContain('Canary');
    expect((await h.deps.audit.verify('alice')).valid).toBe(true);
  });

  it('lets exactly one of two concurrent resolutions win', async () => {
    const { id: other } = await fileComplaint(h.deps, { category: 'access', description: 'slow reply' }, self('bob'));
    const results = await Promise.allSettled([
      resolveComplaint(h.deps, other, 'first', officer()),
      resolveComplaint(h.deps, other, 'second', officer()),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { status: 409 } });
    const own = await getOwnComplaint(h.deps, other, self('bob'));
    expect(own.history.map((c) => c.status)).toEqual(['open', 'resolved']);
  });
});

describe('the officers’ queue', () => {
  let h: Harness;
  const ids: string[] = [];
  beforeAll(async () => {
    h = await setup();
    // Seven complaints filed a day apart; every other one assigned.
    for (let i = 0; i < 7; i++) {
      const sub = ['alice', 'bob', 'carol'][i % 3] as string;
      const { id } = await fileComplaint(h.deps, { category: 'other', description: `d${i}` }, self(sub));
      ids.push(id);
      if (i % 2 === 1) await assignComplaint(h.deps, id, 'officer-7', officer());
      h.clock.advance(SECONDS_PER_DAY);
    }
  });

  it('merges the open and assigned queues soonest due first, page by page, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const result = await listComplaintQueue(h.deps, { limit: 2, cursor });
      expect(result.complaints.length).toBeLessThanOrEqual(2);
      seen.push(...result.complaints.map((c) => c.id));
      cursor = result.cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(ids);
  });

  it('lists only the overdue ones with overdue=true, and never resolved ones', async () => {
    // Now day 7; the complaints are due on days 30…36. At day 32 exactly, the one due then is not yet
    // overdue; a second later it is.
    h.clock.advance(daysInSeconds(25));
    expect((await listComplaintQueue(h.deps, { ...page, overdue: true })).complaints.map((c) => c.id)).toEqual(
      ids.slice(0, 2),
    );
    h.clock.advance(1);
    const overdue = await listComplaintQueue(h.deps, { ...page, overdue: true });
    expect(overdue.complaints.map((c) => c.id)).toEqual(ids.slice(0, 3));
    expect(overdue.complaints.every((c) => c.overdue)).toBe(true);
    const all = await listComplaintQueue(h.deps, page);
    expect(all.complaints.map((c) => c.overdue)).toEqual([true, true, true, false, false, false, false]);
    const assignedOverdue = await listComplaintQueue(h.deps, { ...page, status: 'assigned', overdue: true });
    expect(assignedOverdue.complaints.map((c) => c.id)).toEqual([ids[1]]);

    await resolveComplaint(h.deps, ids[0] as string, 'done', officer());
    expect((await listComplaintQueue(h.deps, { ...page, overdue: true })).complaints.map((c) => c.id)).toEqual(
      ids.slice(1, 3),
    );
    expect((await listComplaintQueue(h.deps, { ...page, status: 'resolved', overdue: true })).complaints).toEqual([]);
    const resolved = await listComplaintQueue(h.deps, { ...page, status: 'resolved' });
    expect(resolved.complaints).toEqual([expect.objectContaining({ id: ids[0], overdue: false })]);
  });
});

describe('staff reading a complaint’s text', () => {
  let h: Harness;
  let id = '';
  const support: AccessContext = {
    actor: { id: 'support-1', role: 'support' },
    purpose: 'customer_support',
    requestId: 'r-support',
  };
  const reads = async () =>
    (await h.deps.audit.list('carol', page)).records.filter((r) => r.action === 'complaint.read');

  beforeAll(async () => {
    h = await setup();
    ({ id } = await fileComplaint(h.deps, { category: 'consent', description: DESCRIPTION }, self('carol')));
  });

  it('lets the subject read their own without an audit record', async () => {
    await expect(h.deps.complaints.read('carol', id, self('carol'))).resolves.toMatchObject({
      description: DESCRIPTION,
    });
    await h.deps.complaints.list('carol', page, self('carol'));
    expect(await reads()).toEqual([]);
  });

  it('audits an officer’s read under the purpose they named, before returning the text', async () => {
    const read = await h.deps.complaints.read('carol', id, officer('complaint_handling'));
    expect(read).toMatchObject({ description: DESCRIPTION });
    expect(await reads()).toEqual([
      expect.objectContaining({
        actor: { id: 'officer-1', role: 'privacy-officer' },
        purpose: 'complaint_handling',
        resource: `complaint/${id}`,
        fields: ['description'],
      }),
    ]);
  });

  it('refuses a read without a purpose the role serves, and records nothing', async () => {
    await expect(h.deps.complaints.read('carol', id, officer('curiosity'))).rejects.toMatchObject({ status: 403 });
    await expect(h.deps.complaints.list('carol', page, officer('curiosity'))).rejects.toMatchObject({ status: 403 });
    expect(await reads()).toHaveLength(1);
  });

  it('keeps staff other than the privacy officer out once the subject restricted processing', async () => {
    await expect(h.deps.complaints.read('carol', id, support)).resolves.toMatchObject({ description: DESCRIPTION });
    const restriction = await submitPrivacyRequest(h.deps, 'restriction', epochSeconds(h.clock.now()), self('carol'));
    await processRequest(h.deps, { subjectId: 'carol', requestId: restriction.requestId });
    await expect(h.deps.complaints.read('carol', id, support)).rejects.toMatchObject({ status: 403 });
    await expect(h.deps.complaints.read('carol', id, officer('complaint_handling'))).resolves.toMatchObject({
      description: DESCRIPTION,
    });
    expect((await reads()).map((r) => r.actor.role)).toEqual(['privacy-officer', 'support', 'privacy-officer']);
  });
});

describe('stored complaints are decoded, not trusted', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await setup();
  });

  it('refuses a queue position it did not issue (400), rather than starting again from the top', async () => {
    for (const sub of ['bob', 'carol']) {
      await fileComplaint(h.deps, { category: 'other', description: 'd' }, self(sub));
    }
    const forged = Buffer.from(JSON.stringify({ open: 'not-a-key' }), 'utf8').toString('base64url');
    const first = await listComplaintQueue(h.deps, { limit: 1 });
    expect(first.cursor).toBeDefined();
    await expect(listComplaintQueue(h.deps, { limit: 1, cursor: forged })).rejects.toMatchObject({
      status: 400,
      errors: [{ path: 'query.cursor', message: 'Invalid cursor' }],
    });
  });

  it('refuses an item whose status is not a complaint status, naming the attribute but not its value', async () => {
    const { id } = await fileComplaint(h.deps, { category: 'other', description: DESCRIPTION }, self('alice'));
    const key = { pk: subjectPk('alice'), sk: complaintSk(id) };
    const { Item } = await h.deps.ddb.send(new GetCommand({ TableName: h.names.data, Key: key }));
    await h.deps.ddb.send(new PutCommand({ TableName: h.names.data, Item: { ...Item, status: 'lost' } }));
    const failure = h.deps.complaints.summary('alice', id);
    await expect(failure).rejects.toBeInstanceOf(CorruptItemError);
    await expect(failure).rejects.toThrow(/\(status\)/);
    await expect(failure).rejects.not.toThrow(/lost/);
    await expect(h.deps.complaints.read('alice', id, self('alice'))).rejects.toBeInstanceOf(CorruptItemError);
  });
});
