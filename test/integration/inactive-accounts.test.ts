/**
 * The inactive-accounts sweep on DynamoDB Local with a ManualClock: a notice at +730 days, no
 * erasure before +760 days, then an erasure request submitted by the system that the
 * privacy-requests processor carries out; activity in between postpones both; re-runs send
 * nothing twice; the notice goes out by e-mail too; a sign-in counts always, any authenticated
 * request once a day; a restricted account's erasure waits for the privacy officer.
 */
import { GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { startMailServer } from '../../local/mail/server';
import { inactiveBucket, PROFILE_SK, subjectPk } from '../../shared/adapters/dynamodb/keys';
import { SesMailer } from '../../shared/adapters/mail';
import { epochSeconds } from '../../shared/domain/time';
import { registerProfile } from '../../shared/usecases/account';
import { signedIn, visited } from '../../shared/usecases/activity';
import { sweepInactiveAccounts } from '../../shared/usecases/inactive-accounts';
import { processOpenRequests, processRequest } from '../../shared/usecases/privacy-processor';
import { submitPrivacyRequest } from '../../shared/usecases/privacy-requests';
import { dynamodbClient, type Harness, harness, selfAccess } from '../support/app-harness';

const DAY = 86_400;
const self = selfAccess;

async function fresh(): Promise<Harness> {
  const h = await harness({ seedPolicy: true });
  return h;
}

const register = (h: Harness, subject: string) =>
  registerProfile(h.deps, { name: 'N', email: `${subject}@example.com`, acceptPolicyVersion: 1 }, self(subject));

async function profileItem(h: Harness, subject: string) {
  const { Item } = await dynamodbClient().send(
    new GetItemCommand({
      TableName: h.names.data,
      Key: marshall({ pk: subjectPk(subject), sk: PROFILE_SK }),
      ConsistentRead: true,
    }),
  );
  return Item ? unmarshall(Item) : undefined;
}

const notices = async (h: Harness, subject: string) =>
  (await h.deps.notifications.list(subject, { limit: 50 }, h.clock.now())).items.filter(
    (n) => n.type === 'account.inactivity-notice',
  );

const erasureRequests = async (h: Harness, subject: string) =>
  (await h.deps.privacyRequests.list(subject, { limit: 50 })).requests.filter((r) => r.type === 'erasure');

/** Moves the clock to `days` (and `seconds`) after `t0`. */
const at = (h: Harness, t0: Date, days: number, seconds = 0) =>
  h.clock.advance((t0.getTime() - h.clock.now().getTime()) / 1000 + days * DAY + seconds);

describe('inactive-accounts sweep', () => {
  it('[P-41] notices at +730 d, erases through a privacy request only from +760 d, and activity postpones both', async () => {
    const h = await fresh();
    const t0 = h.clock.now();
    await register(h, 'idle');
    await register(h, 'active');
    await register(h, 'woken');
    expect(await profileItem(h, 'idle')).toMatchObject({
      lastActiveAt: t0.toISOString(),
      retentionAction: 'inactive-notice',
      retentionBucket: inactiveBucket('idle'),
      retentionDueAt: epochSeconds(t0) + 730 * DAY,
    });

    // `active` does something at +700 d: its clock restarts.
    at(h, t0, 700);
    await expect(h.deps.profiles.recordActivity('active', h.clock.now())).resolves.toBe(true);
    await expect(h.deps.profiles.recordActivity('nobody', h.clock.now())).resolves.toBe(false);

    at(h, t0, 730, -1);
    await expect(sweepInactiveAccounts(h.deps)).resolves.toMatchObject({ noticesSent: 0, erasuresRequested: 0 });

    at(h, t0, 730);
    const noticeRun = await sweepInactiveAccounts(h.deps);
    expect(noticeRun).toMatchObject({ noticesSent: 2, erasuresRequested: 0 });
    const eraseOn = new Date(t0.getTime() + 760 * DAY * 1000).toISOString().slice(0, 10);
    for (const subject of ['idle', 'woken']) {
      expect((await notices(h, subject)).map((n) => n.message)).toEqual([
        `Your account has been inactive for 24 months; it will be erased on ${eraseOn} unless you sign in or place an order.`,
      ]);
    }
    expect(await notices(h, 'active')).toEqual([]);
    const audit = await h.deps.audit.list('idle', { limit: 10 });
    expect(audit.records[0]).toMatchObject({
      actor: { id: 'inactive-accounts', role: 'system' },
      action: 'account.inactivity-notice',
      fields: [],
    });
    // A re-run sends nothing twice.
    await expect(sweepInactiveAccounts(h.deps)).resolves.toMatchObject({ noticesSent: 0, erasuresRequested: 0 });
    expect(await notices(h, 'idle')).toHaveLength(1);

    // `woken` signs in between the notice and the erasure date.
    at(h, t0, 745);
    await h.deps.profiles.recordActivity('woken', h.clock.now());

    at(h, t0, 760, -1);
    await expect(sweepInactiveAccounts(h.deps)).resolves.toMatchObject({ erasuresRequested: 0 });
    expect(await erasureRequests(h, 'idle')).toEqual([]);

    at(h, t0, 760);
    const eraseRun = await sweepInactiveAccounts(h.deps);
    expect(eraseRun).toMatchObject({ noticesSent: 0, erasuresRequested: 1 });
    const [request] = await erasureRequests(h, 'idle');
    expect(request).toMatchObject({ status: 'received', subjectId: 'idle' });
    expect(await h.published()).toContainEqual(
      expect.objectContaining({
        type: 'PrivacyRequestReceived',
        requestId: request?.requestId,
        requestType: 'erasure',
      }),
    );
    expect((await h.deps.audit.list('idle', { limit: 10 })).records[0]).toMatchObject({
      actor: { id: 'inactive-accounts', role: 'system' },
      action: 'privacy-request.submit',
      resource: `privacy-request/${request?.requestId}`,
    });
    await expect(sweepInactiveAccounts(h.deps)).resolves.toMatchObject({ erasuresRequested: 0 });
    expect(await erasureRequests(h, 'idle')).toHaveLength(1);

    // The processor carries it out like any erasure: profile gone, key shredded.
    await expect(processOpenRequests(h.deps)).resolves.toMatchObject({ completed: 1 });
    expect(await profileItem(h, 'idle')).toBeUndefined();
    expect((await erasureRequests(h, 'idle'))[0]).toMatchObject({ status: 'completed' });
    await expect(h.deps.keyring.dataKey('idle', { create: false, uses: 1 })).rejects.toMatchObject({ status: 410 });

    // The others are untouched, due again 730 days after their last activity.
    for (const [subject, last] of [
      ['active', 700],
      ['woken', 745],
    ] as const) {
      expect(await erasureRequests(h, subject)).toEqual([]);
      expect(await profileItem(h, subject)).toMatchObject({
        retentionAction: 'inactive-notice',
        retentionDueAt: epochSeconds(t0) + (last + 730) * DAY,
      });
    }
    at(h, t0, 700 + 730);
    await expect(sweepInactiveAccounts(h.deps)).resolves.toMatchObject({ noticesSent: 1 });
    expect(await notices(h, 'active')).toHaveLength(1);
  });

  it('sends the notice by e-mail too, through SES v2: the greeting name, the date and links, nothing else', async () => {
    const h = await fresh();
    const t0 = h.clock.now();
    await registerProfile(
      h.deps,
      { name: 'Mia Canary', email: 'mia.canary@example.com', phone: '+441632960777', acceptPolicyVersion: 1 },
      self('mia'),
    );
    const outbox = await startMailServer();
    const client = new SESv2Client({
      endpoint: outbox.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const settings = { from: 'Shop <no-reply@shop.example>', accountUrl: 'https://shop.example/account' };
    const mail = new SesMailer({ profiles: () => h.deps.profiles, settings, client });
    try {
      at(h, t0, 730);
      await expect(sweepInactiveAccounts({ ...h.deps, mail })).resolves.toMatchObject({ noticesSent: 1, mailsSent: 1 });
      const [sent, ...more] = outbox.mails();
      expect(more).toEqual([]);
      expect(sent).toMatchObject({ from: settings.from, to: ['mia.canary@example.com'] });
      const eraseOn = new Date(t0.getTime() + 760 * DAY * 1000).toISOString().slice(0, 10);
      expect(sent?.subject).toContain(eraseOn);
      expect(sent?.text).toMatch(/^Hello Mia Canary,/);
      expect(`${sent?.subject}${sent?.text}`.replace('Hello Mia Canary,', '')).not.toMatch(/Canary|canary|\+44/);
      // Opening the address and name was recorded before the mail left, by the job, for its purpose.
      const { records } = await h.deps.audit.list('mia', { limit: 2 });
      expect(records.map((r) => r.action)).toEqual(['profile.read', 'account.inactivity-notice']);
      expect(records[0]).toMatchObject({
        actor: { id: 'inactive-accounts', role: 'system' },
        purpose: 'storage_limitation',
        fields: ['name', 'email'],
      });
      // A re-run mails nobody twice.
      await expect(sweepInactiveAccounts({ ...h.deps, mail })).resolves.toMatchObject({ mailsSent: 0 });
      expect(outbox.mails()).toHaveLength(1);
    } finally {
      client.destroy();
      await outbox.stop();
    }
  });

  it('counts a sign-in always, an authenticated request once a day, and nothing once the erasure began', async () => {
    const h = await fresh();
    const t0 = h.clock.now();
    await register(h, 'daily');
    at(h, t0, 10);
    await expect(visited(h.deps, 'daily')).resolves.toBe(true);
    h.clock.advance(60);
    await expect(visited(h.deps, 'daily')).resolves.toBe(false);
    await expect(signedIn(h.deps, 'daily')).resolves.toBe(true);
    at(h, t0, 11);
    await expect(visited(h.deps, 'daily')).resolves.toBe(true);
    expect(await profileItem(h, 'daily')).toMatchObject({ retentionDueAt: epochSeconds(t0) + (11 + 730) * DAY });

    await h.deps.uow.commit([h.deps.profiles.close('daily', h.clock.now(), h.clock.now())], []);
    at(h, t0, 12);
    await expect(signedIn(h.deps, 'daily')).resolves.toBe(false);
    await expect(visited(h.deps, 'daily')).resolves.toBe(false);
  });

  it('holds the erasure of a restricted account for the privacy officer', async () => {
    const h = await fresh();
    const t0 = h.clock.now();
    await register(h, 'restricted');
    const restriction = await submitPrivacyRequest(
      h.deps,
      'restriction',
      epochSeconds(h.clock.now()),
      self('restricted'),
    );
    await processRequest(h.deps, { subjectId: 'restricted', requestId: restriction.requestId });
    at(h, t0, 730);
    await sweepInactiveAccounts(h.deps);
    at(h, t0, 760);
    await expect(sweepInactiveAccounts(h.deps)).resolves.toMatchObject({
      erasuresRequested: 0,
      erasuresHeldForDecision: 1,
    });
    await expect(processOpenRequests(h.deps)).resolves.toMatchObject({ awaitingDecision: 1, completed: 0 });
    expect(await profileItem(h, 'restricted')).toBeDefined();
  });

  it('finds accounts through the index only', async () => {
    const h = await fresh();
    const t0 = h.clock.now();
    await register(h, 'idle-scan');
    const ddb = h.deps.ddb as unknown as { send: (c: unknown) => Promise<unknown> };
    const send = ddb.send.bind(ddb);
    const names: string[] = [];
    ddb.send = async (command: unknown) => {
      names.push((command as object).constructor.name);
      return send(command);
    };
    try {
      at(h, t0, 730);
      await expect(sweepInactiveAccounts(h.deps)).resolves.toMatchObject({ noticesSent: 1 });
      at(h, t0, 760);
      await expect(sweepInactiveAccounts(h.deps)).resolves.toMatchObject({ erasuresRequested: 1 });
    } finally {
      ddb.send = send;
    }
    expect(names).toContain('QueryCommand');
    expect(names).not.toContain(ScanCommand.name);
  });
});
