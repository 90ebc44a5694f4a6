/**
 * Complaints over HTTP against `npm start`: a customer files one with a planted description, a
 * privacy officer works it from a queue that holds no personal text (reads it in full for complaint
 * handling, audited; assigns it to a privacy officer of the staff pool; resolves it), the customer
 * reads the outcome and two notifications; other customers and other roles are kept out. The
 * deadline monitor runs through `npm run -s job` and its notice shows in the officers' inbox. Finally every table and the logs are searched for
 * the planted values.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { LOCAL_STAFF_POOL_ID } from '../../local/identity/server';
import { apiClient, type CallOptions, dumpAllTables } from '../support/api-client';
import { useRunningStack } from '../support/running-stack';
import { limit } from '../support/timeouts';

const stack = useRunningStack();

const api = (method: string, path: string, options?: CallOptions) => apiClient(stack.url)(method, path, options);

const DESCRIPTION = 'Canary complaint c0a1: my parcel label showed my full medical condition';
const RESOLUTION = 'Canary resolution c0a1: label template fixed and affected labels destroyed';
const PLANTED = ['Canary complaint c0a1', 'Canary resolution c0a1'];
const officer = (sub = 'officer-1'): CallOptions => ({ sub, groups: ['privacy-officer'] });
const UNKNOWN = '01JZZZZZZZZZZZZZZZZZZZZZZZ';

function runJob(name: string, env: Record<string, string> = {}) {
  return spawnSync(path.join(process.cwd(), 'node_modules/.bin/tsx'), ['local/job.ts', name], {
    env: { ...process.env, LOCAL_RUNTIME_STATE: stack.stateFile, ...env },
    encoding: 'utf8',
  });
}

let id = '';
/** Staff subject ids of accounts in the local staff pool: a privacy officer and a support agent. */
const staffIds = { officer: '', agent: '' };

/** Creates a staff account in the stack's staff pool, as `npm run staff -- create --local` does; returns its sub. */
async function staffAccount(email: string, group: string): Promise<string> {
  const client = new CognitoIdentityProviderClient({
    endpoint: stack.identityEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const { User } = await client.send(
      new AdminCreateUserCommand({
        UserPoolId: LOCAL_STAFF_POOL_ID,
        Username: email,
        UserAttributes: [{ Name: 'email', Value: email }],
      }),
    );
    await client.send(
      new AdminAddUserToGroupCommand({ UserPoolId: LOCAL_STAFF_POOL_ID, Username: email, GroupName: group }),
    );
    return User?.Attributes?.find((a) => a.Name === 'sub')?.Value as string;
  } finally {
    client.destroy();
  }
}

describe('complaints over HTTP', () => {
  beforeAll(async () => {
    staffIds.officer = await staffAccount('dpo-2@example.com', 'privacy-officer');
    staffIds.agent = await staffAccount('agent-2@example.com', 'support');
    for (const sub of ['paula', 'mallory']) {
      const res = await api('POST', '/v1/me', {
        sub,
        body: { name: `Name ${sub}`, email: `${sub}@example.com`, acceptPolicyVersion: 1 },
      });
      expect(res.status).toBe(201);
    }
  });

  it('files a complaint: 201 with its due date, 404 for an unregistered caller, 400 for unknown fields', async () => {
    const res = await api('POST', '/v1/me/complaints', {
      sub: 'paula',
      body: { category: 'unauthorised_use', description: DESCRIPTION },
    });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      id: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/),
      category: 'unauthorised_use',
      status: 'open',
      filedAt: expect.any(String),
      dueAt: expect.any(String),
    });
    expect(Date.parse(res.json.dueAt) - Date.parse(res.json.filedAt)).toBe(30 * 86_400_000);
    expect(res.text).not.toContain('Canary');
    id = res.json.id;

    const ghost = await api('POST', '/v1/me/complaints', {
      sub: 'ghost',
      body: { category: 'other', description: 'x' },
    });
    expect(ghost.status).toBe(404);
    const extra = await api('POST', '/v1/me/complaints', {
      sub: 'paula',
      body: { category: 'other', description: 'x', status: 'resolved' },
    });
    expect(extra.status).toBe(400);
    expect(extra.headers.get('content-type')).toBe('application/problem+json');
  });

  it('keeps the complaint from other customers (404) and officer routes from customers and other staff (403)', async () => {
    expect((await api('GET', `/v1/me/complaints/${id}`, { sub: 'mallory' })).status).toBe(404);
    expect((await api('GET', '/v1/me/complaints', { sub: 'mallory' })).json.complaints).toEqual([]);
    expect((await api('GET', '/v1/me/complaints/not-a-ulid', { sub: 'paula' })).status).toBe(404);
    for (const caller of [{ sub: 'paula' }, { sub: 'sam', groups: ['support'] }, { sub: 'aud', groups: ['auditor'] }]) {
      expect((await api('GET', '/v1/admin/complaints', caller)).status).toBe(403);
      expect(
        (await api('POST', `/v1/admin/complaints/${id}/assign`, { ...caller, body: { assignee: 'x' } })).status,
      ).toBe(403);
      expect(
        (await api('POST', `/v1/admin/complaints/${id}/resolve`, { ...caller, body: { resolution: 'x' } })).status,
      ).toBe(403);
    }
  });

  it('shows the officers a queue with due dates and no personal text', async () => {
    const res = await api('GET', '/v1/admin/complaints', officer());
    expect(res.status).toBe(200);
    expect(res.json.complaints).toContainEqual({
      id,
      subjectId: 'paula',
      category: 'unauthorised_use',
      status: 'open',
      filedAt: expect.any(String),
      dueAt: expect.any(String),
      overdue: false,
    });
    for (const value of PLANTED) expect(res.text).not.toContain(value);
    const overdue = await api('GET', '/v1/admin/complaints?overdue=true', officer());
    expect(overdue.json.complaints).toEqual([]);
    expect((await api('GET', '/v1/admin/complaints?status=closed', officer())).status).toBe(400);
    expect((await api('GET', '/v1/admin/complaints?sort=dueAt', officer())).status).toBe(400);
  });

  it('lets a privacy officer read it in full for complaint handling, audited; nobody else, never without the purpose', async () => {
    const handling = { ...officer(), headers: { 'x-access-purpose': 'complaint_handling' } };
    const full = await api('GET', `/v1/admin/complaints/${id}`, handling);
    expect(full.status).toBe(200);
    expect(full.json).toMatchObject({ id, subjectId: 'paula', status: 'open', description: DESCRIPTION });
    expect((await api('GET', `/v1/admin/complaints/${id}`, officer())).status).toBe(400);
    const support = { sub: 'sam', groups: ['support'], headers: { 'x-access-purpose': 'customer_support' } };
    expect((await api('GET', `/v1/admin/complaints/${id}`, support)).status).toBe(403);
    expect((await api('GET', `/v1/admin/complaints/${UNKNOWN}`, handling)).status).toBe(404);
    // The customer sees the read in their access log: role and purpose, not who.
    const log = await api('GET', '/v1/me/access-log', { sub: 'paula' });
    expect(log.json.entries).toContainEqual(
      expect.objectContaining({
        action: 'complaint.read',
        actorRole: 'privacy-officer',
        purpose: 'complaint_handling',
      }),
    );
  });

  it('assigns only to a privacy officer’s staff id: another role’s, a customer’s or an unknown one is 422', async () => {
    for (const assignee of [staffIds.agent, 'paula', 'no-such-officer']) {
      const refused = await api('POST', `/v1/admin/complaints/${id}/assign`, { ...officer(), body: { assignee } });
      expect({ assignee, status: refused.status }).toEqual({ assignee, status: 422 });
    }
  });

  it('assigns and resolves it; a second resolution is 409 and an unknown id 404', async () => {
    const assigned = await api('POST', `/v1/admin/complaints/${id}/assign`, {
      ...officer(),
      body: { assignee: staffIds.officer },
    });
    expect(assigned.status).toBe(200);
    expect(assigned.json).toMatchObject({ id, status: 'assigned', assignee: staffIds.officer });
    const queue = await api('GET', '/v1/admin/complaints?status=assigned', officer());
    expect(queue.json.complaints.map((c: { id: string }) => c.id)).toContain(id);

    const resolved = await api('POST', `/v1/admin/complaints/${id}/resolve`, {
      ...officer(staffIds.officer),
      headers: { 'x-access-purpose': 'complaint_handling' },
      body: { resolution: RESOLUTION },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.json).toMatchObject({ id, status: 'resolved', resolvedAt: expect.any(String) });
    for (const value of PLANTED) expect(resolved.text).not.toContain(value);

    const again = await api('POST', `/v1/admin/complaints/${id}/resolve`, { ...officer(), body: { resolution: 'x' } });
    expect(again.status).toBe(409);
    const reassign = await api('POST', `/v1/admin/complaints/${id}/assign`, { ...officer(), body: { assignee: 'x' } });
    expect(reassign.status).toBe(409);
    const unknown = await api('POST', `/v1/admin/complaints/${UNKNOWN}/assign`, {
      ...officer(),
      body: { assignee: 'x' },
    });
    expect(unknown.status).toBe(404);

    const defaultQueue = await api('GET', '/v1/admin/complaints', officer());
    expect(defaultQueue.json.complaints.map((c: { id: string }) => c.id)).not.toContain(id);
    const resolvedQueue = await api('GET', '/v1/admin/complaints?status=resolved', officer());
    expect(resolvedQueue.json.complaints.map((c: { id: string }) => c.id)).toContain(id);
    for (const value of PLANTED) expect(resolvedQueue.text).not.toContain(value);
  });

  it('[P-38] shows the customer the status, the resolution and two notifications', async () => {
    const own = await api('GET', `/v1/me/complaints/${id}`, { sub: 'paula' });
    expect(own.status).toBe(200);
    expect(own.json).toMatchObject({
      id,
      status: 'resolved',
      description: DESCRIPTION,
      resolution: RESOLUTION,
    });
    expect(own.json).not.toHaveProperty('assignee');
    expect(own.json.history.map((h: { status: string }) => h.status)).toEqual(['open', 'assigned', 'resolved']);

    const list = await api('GET', '/v1/me/complaints', { sub: 'paula' });
    expect(list.json.complaints).toEqual([expect.objectContaining({ id, status: 'resolved', resolution: RESOLUTION })]);

    const { json } = await api('GET', '/v1/me/notifications', { sub: 'paula' });
    const mine = json.notifications.filter((n: { resource: string }) => n.resource === `complaint/${id}`);
    expect(mine.map((n: { type: string }) => n.type)).toEqual(['complaint.resolved', 'complaint.assigned']);
    expect(mine[0].message).toBe(`Your complaint ${id} was resolved: see the resolution in your account.`);
    expect(mine[1].message).toBe(`Your complaint ${id} has been assigned to a privacy officer.`);

    const log = await api('GET', '/v1/me/access-log', { sub: 'paula' });
    expect(log.json.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'complaint.assign',
          actorRole: 'privacy-officer',
          purpose: 'complaint_handling',
        }),
        expect.objectContaining({ action: 'complaint.resolve', purpose: 'complaint_handling', fields: ['resolution'] }),
      ]),
    );
  });

  it(
    'runs the deadline monitor with `npm run -s job`: overdue with a shifted clock, idempotent the same day',
    async () => {
      const filed = await api('POST', '/v1/me/complaints', {
        sub: 'mallory',
        body: { category: 'access', description: 'no answer yet' },
      });
      expect(filed.status).toBe(201);
      const later = { CLOCK_OFFSET_SECONDS: String(31 * 86_400) };
      const first = runJob('deadline-monitor', later);
      expect(first.status).toBe(0);
      // stdout is the summary alone (metrics go to CloudWatch in AWS, nowhere locally).
      expect(JSON.parse(first.stdout)).toEqual({
        dueSoon: { privacyRequests: 0, complaints: 0, incidents: 0 },
        overdue: { privacyRequests: 0, complaints: 1, incidents: 0 },
        breachTriageOverdue: 0,
        noticesWritten: 1,
        // The privacy-request backlog the dashboard shows: none open in this file.
        backlog: {
          export: { open: 0, oldestAgeDays: 0 },
          erasure: { open: 0, oldestAgeDays: 0 },
          restriction: { open: 0, oldestAgeDays: 0 },
        },
      });
      const second = runJob('deadline-monitor', later);
      expect(JSON.parse(second.stdout)).toMatchObject({ overdue: { complaints: 1 }, noticesWritten: 0 });
      const today = runJob('deadline-monitor');
      expect(JSON.parse(today.stdout)).toMatchObject({
        dueSoon: { complaints: 0 },
        overdue: { complaints: 0 },
        breachTriageOverdue: 0,
        noticesWritten: 0,
      });
      // The officers read the notice in their inbox: ids, kinds and dates, nothing personal.
      const inbox = await api('GET', '/v1/admin/officer-inbox', officer());
      expect(inbox.status).toBe(200);
      expect(inbox.json.notices).toContainEqual(
        expect.objectContaining({ kind: 'complaint', id: filed.json.id, state: 'overdue', status: 'open' }),
      );
      expect(inbox.text).not.toContain('no answer yet');
      expect((await api('GET', '/v1/admin/officer-inbox', { sub: 'sam', groups: ['support'] })).status).toBe(403);
    },
    limit(120_000),
  );

  it('leaves the planted values in no table in the clear and in no log line', async () => {
    const dump = await dumpAllTables(stack);
    expect(dump).toContain(`COMPLAINT#${id}`);
    for (const value of PLANTED) {
      expect(dump).not.toContain(value);
      expect(stack.output()).not.toContain(value);
    }
  });
});
