/** The privacy officer's decisions on DynamoDB Local: extend once, reject, and release a held erasure. */
import type { AccessContext } from '../../shared/domain/access';
import { daysInSeconds, epochSeconds, MS_PER_DAY } from '../../shared/domain/time';
import { registerProfile } from '../../shared/usecases/account';
import { announcePolicy, currentPolicy, draftPolicy } from '../../shared/usecases/policy';
import { processRequest } from '../../shared/usecases/privacy-processor';
import { decidePrivacyRequest, requestQueue, submitPrivacyRequest } from '../../shared/usecases/privacy-requests';
import { listNotifications } from '../../shared/usecases/records';
import { type Harness, harness, selfAccess } from '../support/app-harness';

const self = selfAccess;
const officer: AccessContext = {
  actor: { id: 'officer', role: 'privacy-officer' },
  purpose: 'privacy_request',
  requestId: 'r',
};

let h: Harness;
beforeAll(async () => {
  h = await harness({ seedPolicy: true });
});

async function open(subject: string, type: 'export' | 'erasure' = 'export') {
  await registerProfile(h.deps, { name: 'N', email: `${subject}@example.com`, acceptPolicyVersion: 1 }, self(subject));
  return submitPrivacyRequest(h.deps, type, epochSeconds(h.clock.now()), self(subject));
}

describe('privacy officer decisions', () => {
  it('extends an open request once by 60 days, tells the customer, and refuses a second extension', async () => {
    const request = await open('ext');
    const extended = await decidePrivacyRequest(
      h.deps,
      request.requestId,
      { action: 'extend', reason: 'Large archive' },
      officer,
    );
    expect(extended).toMatchObject({ status: 'extended' });
    expect(Date.parse(extended?.dueAt ?? '') - Date.parse(request.dueAt)).toBe(60 * MS_PER_DAY);
    await expect(
      decidePrivacyRequest(h.deps, request.requestId, { action: 'extend', reason: 'again' }, officer),
    ).rejects.toMatchObject({ status: 409 });
    const inbox = await listNotifications(h.deps, { limit: 10 }, self('ext'));
    expect(inbox.notifications[0]?.message).toMatch(/Large archive/);
  });

  it('rejects with a reason, after which the processor leaves the request alone', async () => {
    const request = await open('rej');
    await decidePrivacyRequest(
      h.deps,
      request.requestId,
      { action: 'reject', reason: 'Duplicate of another request' },
      officer,
    );
    await expect(processRequest(h.deps, { subjectId: 'rej', requestId: request.requestId })).resolves.toMatchObject({
      result: 'skipped',
    });
  });

  it('lists overdue requests only once they are past due', async () => {
    const request = await open('late');
    const overdue = async () => (await requestQueue(h.deps, { overdue: true, limit: 100 })).requests.map((r) => r.id);
    expect(await overdue()).not.toContain(request.requestId);
    h.clock.advance(daysInSeconds(31));
    expect(await overdue()).toContain(request.requestId);
  });

  it('needs no decision for an ordinary request', async () => {
    const request = await open('plain');
    await expect(
      decidePrivacyRequest(h.deps, request.requestId, { action: 'approve', reason: 'ok' }, officer),
    ).rejects.toMatchObject({ status: 409 });
  });
});

describe('the first policy version', () => {
  it('may take effect at once on a fresh deployment, while later versions need the notice period', async () => {
    const fresh = await harness();
    const officerAccess: AccessContext = {
      actor: { id: 'officer', role: 'privacy-officer' },
      purpose: 'privacy_request',
      requestId: 'r',
    };
    const { version } = await draftPolicy(
      fresh.deps,
      { content: 'First', summary: 'First', material: false },
      officerAccess,
    );
    await announcePolicy(fresh.deps, version, fresh.clock.now(), officerAccess);
    expect((await currentPolicy(fresh.deps)).version).toBe(version);
    const next = await draftPolicy(fresh.deps, { content: 'Second', summary: 'Second', material: true }, officerAccess);
    await expect(announcePolicy(fresh.deps, next.version, fresh.clock.now(), officerAccess)).rejects.toMatchObject({
      status: 422,
    });
  });
});
