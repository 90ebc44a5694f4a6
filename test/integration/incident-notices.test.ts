/**
 * Telling a breach's affected subjects, on DynamoDB Local with the real mailer and the local SES
 * outbox: a thousand subjects, the job killed part-way twice (fault injection: once between
 * transactions, once after a mail left and before it was recorded), then rerun: every subject has
 * exactly one in-app notice and one audit record, every reachable subject got the mail (at most one
 * twice: the one in flight at the kill), and the run is completed with exact counts. Also: subjects
 * chosen by a time range of their orders, answered from the placement index.
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { startMailServer } from '../../local/mail/server';
import { SesMailer } from '../../shared/adapters/mail';
import type { AccessContext } from '../../shared/domain/access';
import { ConflictError, UnprocessableError } from '../../shared/domain/errors';
import { incidentChain, NOTICE_MAIL_LEASE_SECONDS } from '../../shared/domain/incident';
import type { Mailer } from '../../shared/ports/mail';
import type { UnitOfWork } from '../../shared/ports/unit-of-work';
import { registerProfile } from '../../shared/usecases/account';
import {
  addIncidentSubjects,
  incidentNoticeStatus,
  sendIncidentNotices,
  startIncidentNotices,
} from '../../shared/usecases/incident-notices';
import { openIncident } from '../../shared/usecases/incidents';
import { placeOrder } from '../../shared/usecases/orders';
import { dumpTables, dynamodbClient, type Harness, harness, selfAccess } from '../support/app-harness';
import { limit } from '../support/timeouts';

const officer: AccessContext = {
  actor: { id: 'officer-1', role: 'privacy-officer' },
  purpose: 'breach_handling',
  requestId: 'r-officer',
};
const NOTICE = {
  natureOfBreach: 'A courier manifest with names and delivery addresses was e-mailed to the wrong carrier.',
  likelyConsequences: 'Your name and delivery address may be known to one courier company.',
  measuresTaken: 'The carrier confirmed it deleted the manifest. No payment data was involved.',
  contactPoint: 'Data Protection Officer, dpo@shop.example',
};
const SUBJECTS = 1000;
/** Subjects with a profile (a mail address); the rest are ids no mail can reach. */
const REGISTERED = 30;

class Killed extends Error {
  override readonly name = 'Killed';
}

/**
 * A process that dies: after `commits` more transactions (or right after the `mails`-th mail left),
 * every further call throws, as nothing runs in a killed process.
 */
function killable(deps: Harness['deps'], at: { commits?: number; mails?: number }) {
  let commits = at.commits ?? Number.POSITIVE_INFINITY;
  let mails = at.mails ?? Number.POSITIVE_INFINITY;
  let dead = false;
  const check = () => {
    if (dead) throw new Killed('killed');
  };
  const uow: UnitOfWork = {
    combine: (name, writes) => deps.uow.combine(name, writes),
    commitInBatches: (writes, options) => deps.uow.commitInBatches(writes, options),
    commit: async (writes, audit, errors) => {
      check();
      if (--commits < 0) {
        dead = true;
        check();
      }
      return deps.uow.commit(writes, audit, errors);
    },
  };
  return {
    uow,
    mailer: (real: Mailer): Mailer => ({
      send: async (subjectId, template, values, context) => {
        check();
        const outcome = await real.send(subjectId, template, values, context);
        // The mail left; the process dies before recording it.
        if (--mails <= 0) dead = true;
        check();
        return outcome;
      },
    }),
  };
}

async function scanCount(
  table: string,
  filter: string,
  values: Record<string, unknown>,
  names?: Record<string, string>,
) {
  const counts = new Map<string, number>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await DynamoDBDocumentClient.from(dynamodbClient()).send(
      new ScanCommand({
        TableName: table,
        FilterExpression: filter,
        ExpressionAttributeValues: values,
        ...(names && { ExpressionAttributeNames: names }),
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const key = String(item.subjectId ?? item.pk);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return counts;
}

describe('telling the subjects of a breach, exactly once each', () => {
  let h: Harness;
  let outbox: Awaited<ReturnType<typeof startMailServer>>;
  let client: SESv2Client;
  let mail: Mailer;
  const ids = Array.from({ length: SUBJECTS }, (_, i) =>
    i < REGISTERED ? `reg-${String(i).padStart(3, '0')}` : `sub-${String(i).padStart(4, '0')}`,
  );

  beforeAll(async () => {
    h = await harness({ seedPolicy: true, catalogue: true });
    for (const id of ids.slice(0, REGISTERED)) {
      await registerProfile(
        h.deps,
        { name: `Canary ${id}`, email: `canary.${id}@example.com`, acceptPolicyVersion: 1 },
        selfAccess(id),
      );
    }
    outbox = await startMailServer();
    client = new SESv2Client({
      endpoint: outbox.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    mail = new SesMailer({
      profiles: () => h.deps.profiles,
      settings: { from: 'Shop <no-reply@shop.example>', accountUrl: 'https://shop.example/account' },
      client,
    });
  }, limit(120_000));

  afterAll(async () => {
    client?.destroy();
    await outbox?.stop();
  });

  it(
    'survives two kills: a thousand subjects, one notice and one audit record each, the mail to all who have an address',
    async () => {
      const incident = await openIncident(
        h.deps,
        {
          discoveredAt: new Date(h.clock.now().getTime() - 3_600_000).toISOString(),
          description: 'Manifest sent to the wrong carrier',
          dataCategories: ['identity', 'address'],
          subjectIds: ids,
        },
        officer,
      );
      const started = await startIncidentNotices(h.deps, incident.id, NOTICE, officer);
      expect(started).toMatchObject({ status: 'sending', subjectCount: SUBJECTS, notified: 0 });
      await expect(startIncidentNotices(h.deps, incident.id, NOTICE, officer)).rejects.toThrow(ConflictError);

      // Killed between two transactions, part-way through.
      const first = killable(h.deps, { commits: 400 });
      await expect(sendIncidentNotices({ ...h.deps, uow: first.uow, mail: first.mailer(mail) })).rejects.toThrow(
        Killed,
      );
      const afterFirst = await incidentNoticeStatus(h.deps, incident.id);
      expect(afterFirst.status).toBe('sending');
      expect(afterFirst.notified).toBeGreaterThan(0);
      expect(afterFirst.notified).toBeLessThan(SUBJECTS);

      // Killed again, right after a mail left and before it was recorded.
      const second = killable(h.deps, { mails: 3 });
      await expect(sendIncidentNotices({ ...h.deps, uow: second.uow, mail: second.mailer(mail) })).rejects.toThrow(
        Killed,
      );

      // The restart: the mails the dead runs had claimed wait for their lease, then go out.
      await sendIncidentNotices({ ...h.deps, mail });
      h.clock.advance(NOTICE_MAIL_LEASE_SECONDS + 1);
      const last = await sendIncidentNotices({ ...h.deps, mail });
      expect(last.completed).toBe(1);

      const done = await incidentNoticeStatus(h.deps, incident.id);
      expect(done).toMatchObject({
        status: 'completed',
        subjectCount: SUBJECTS,
        notified: SUBJECTS,
        mailed: REGISTERED,
        unreachable: SUBJECTS - REGISTERED,
      });
      // Nothing left: another pass does nothing.
      await expect(sendIncidentNotices({ ...h.deps, mail })).resolves.toMatchObject({ runs: 0, notified: 0 });

      const notices = await scanCount(h.names.data, 'notificationType = :t', { ':t': 'incident.notice' });
      expect(notices.size).toBe(SUBJECTS);
      expect([...notices.values()].every((n) => n === 1)).toBe(true);
      const records = await scanCount(h.names.audit, '#a = :a', { ':a': 'incident.notice' }, { '#a': 'action' });
      expect(records.size).toBe(SUBJECTS);
      expect([...records.values()].every((n) => n === 1)).toBe(true);
      for (const id of ids) expect(notices.has(`SUBJECT#${id}`) || notices.has(id)).toBe(true);

      // Every reachable subject mailed; only the mail in flight at the second kill went twice.
      const perAddress = new Map<string, number>();
      for (const m of outbox.mails()) for (const to of m.to) perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
      expect(perAddress.size).toBe(REGISTERED);
      expect([...perAddress.values()].filter((n) => n > 1).length).toBeLessThanOrEqual(1);
      expect([...perAddress.values()].every((n) => n <= 2)).toBe(true);
      // The mail holds the greeting name, the officer's texts and links, nothing else planted.
      for (const m of outbox.mails()) {
        expect(m.text).toContain(NOTICE.natureOfBreach);
        expect(m.text).toContain(NOTICE.contactPoint);
        expect(m.text.replace(/^Hello Canary reg-\d{3},/, '')).not.toMatch(/Canary|canary/);
      }
      // The incident's own chain: started and completed, with counts.
      const trail = await h.deps.audit.list(incidentChain(incident.id), { limit: 10 });
      expect(trail.records.find((r) => r.action === 'incident.notices.complete')).toMatchObject({
        details: { notified: SUBJECTS, mailed: REGISTERED, unreachable: SUBJECTS - REGISTERED },
      });
    },
    limit(600_000),
  );

  it(
    'selects the customers with orders placed in a time range from the index, and tells those added after a completed run',
    async () => {
      const t0 = h.clock.now();
      const order = (id: string) =>
        placeOrder(
          h.deps,
          {
            currency: 'EUR',
            items: [{ sku: 'BOOT-42', quantity: 1 }],
            delivery: { carrier: 'royalmail', service: 'tracked48' },
            shippingAddress: {
              recipient: `Canary ${id}`,
              line1: '1 High St',
              city: 'Leeds',
              postalCode: 'LS1 4AB',
              country: 'GB',
            },
            billing: { payment: { processor: 'stripe', paymentMethod: 'pm_card_visa' } },
          },
          `order-${id}-${h.clock.now().getTime()}`,
          selfAccess(id),
        );
      await order('reg-000'); // before the range
      h.clock.advance(3600);
      const from = h.clock.now();
      await order('reg-001');
      await order('reg-002');
      await order('reg-001'); // twice in the range: selected once
      h.clock.advance(3600);
      const to = h.clock.now();
      h.clock.advance(3600);
      await order('reg-003'); // after it

      const incident = await openIncident(
        h.deps,
        {
          discoveredAt: t0.toISOString(),
          description: 'Labels printed with the wrong addresses',
          dataCategories: ['address'],
          subjectIds: ['reg-004'],
        },
        officer,
      );
      await startIncidentNotices(h.deps, incident.id, NOTICE, officer);
      await sendIncidentNotices({ ...h.deps, mail });
      expect((await incidentNoticeStatus(h.deps, incident.id)).status).toBe('completed');

      const added = await addIncidentSubjects(
        h.deps,
        incident.id,
        { ordersPlaced: { from: from.toISOString(), to: to.toISOString() } },
        officer,
      );
      expect(added).toEqual({ id: incident.id, selected: 2, subjectCount: 3, noticesResumed: true });
      const subjects = await h.deps.incidents.subjects(incident.id, { limit: 10 });
      expect(subjects.subjectIds).toEqual(['reg-001', 'reg-002', 'reg-004']);

      await sendIncidentNotices({ ...h.deps, mail });
      expect(await incidentNoticeStatus(h.deps, incident.id)).toMatchObject({
        status: 'completed',
        notified: 3,
        mailed: 3,
      });
      // Selecting the same range again adds nobody and leaves the run as it is.
      await expect(
        addIncidentSubjects(
          h.deps,
          incident.id,
          { ordersPlaced: { from: from.toISOString(), to: to.toISOString() } },
          officer,
        ),
      ).resolves.toMatchObject({ selected: 2, subjectCount: 3, noticesResumed: false });
      expect(await dumpTables(h.names)).not.toContain('Labels printed');
    },
    limit(180_000),
  );

  it('refuses to start notices for an incident without subjects', async () => {
    const empty = await openIncident(
      h.deps,
      {
        discoveredAt: h.clock.now().toISOString(),
        description: 'Nobody yet',
        dataCategories: ['other'],
        subjectIds: [],
      },
      officer,
    );
    await expect(startIncidentNotices(h.deps, empty.id, NOTICE, officer)).rejects.toThrow(UnprocessableError);
  });
});
