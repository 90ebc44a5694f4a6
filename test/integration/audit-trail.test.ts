import { DeleteItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { auditRecordSk, subjectPk } from '../../shared/adapters/dynamodb/keys';
import type { AccessContext } from '../../shared/domain/access';
import { rectifyProfile, registerProfile } from '../../shared/usecases/account';
import { changeConsent } from '../../shared/usecases/consents';
import { canaries, dynamodbClient, type Harness, harness, selfAccess } from '../support/app-harness';

const self = selfAccess;
const support: AccessContext = {
  actor: { id: 'staff-1', role: 'support' },
  purpose: 'customer_support',
  requestId: 'r2',
};

let h: Harness;
beforeAll(async () => {
  h = await harness({ seedPolicy: true });
});

async function registered(tag: string) {
  const c = canaries(tag);
  await registerProfile(
    h.deps,
    { name: c.name, email: c.email, phone: c.phone, acceptPolicyVersion: 1, consents: { analytics: true } },
    self(tag),
  );
  return c;
}

describe('audit trail on DynamoDB Local', () => {
  it('records registration, rectification and each consent change, with no personal value in any record', async () => {
    const c = await registered('au1');
    await rectifyProfile(h.deps, { email: 'canary.changed@example.com' }, 1, self('au1'));
    await changeConsent(h.deps, 'analytics', false, self('au1'));
    await changeConsent(h.deps, 'service_improvement', true, self('au1'));

    const { records } = await h.deps.audit.list('au1', { limit: 50 });
    expect(records.map((r) => r.action).reverse()).toEqual([
      'profile.register',
      'policy.accept',
      'consent.change',
      'profile.rectify',
      'consent.change',
      'consent.change',
    ]);
    expect(records.find((r) => r.action === 'profile.rectify')?.fields).toEqual(['email']);
    const text = JSON.stringify(records);
    for (const value of [...Object.values(c), 'canary.changed@example.com']) expect(text).not.toContain(value);
    await expect(h.deps.audit.verify('au1')).resolves.toMatchObject({ valid: true, records: 6 });
  });

  it('[P-25] audits a staff read before returning the profile', async () => {
    await registered('au2');
    const profile = await h.deps.profiles.read('au2', support);
    expect(profile?.name).toBe('Canary Name au2');
    const [latest] = (await h.deps.audit.list('au2', { limit: 1 })).records;
    expect(latest).toMatchObject({
      action: 'profile.read',
      purpose: 'customer_support',
      actor: { id: 'staff-1', role: 'support' },
      fields: ['name', 'email', 'phone'],
    });
  });

  it('keeps one intact chain under 20 concurrent appends', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        h.deps.audit.append({
          ...support,
          subjectId: 'au3',
          action: `test.${i}`,
          resource: 'x',
          fields: [],
          outcome: 'success',
          requestId: `r${i}`,
        }),
      ),
    );
    const result = await h.deps.audit.verify('au3');
    expect(result).toMatchObject({ valid: true, records: 20 });
  });

  it('detects a tampered record and a deleted one', async () => {
    await registered('au4');
    await changeConsent(h.deps, 'analytics', false, self('au4'));
    await changeConsent(h.deps, 'analytics', true, self('au4'));
    const client = dynamodbClient();
    await client.send(
      new UpdateItemCommand({
        TableName: h.names.audit,
        Key: { pk: { S: subjectPk('au4') }, sk: { S: auditRecordSk(2) } },
        UpdateExpression: 'SET purpose = :p',
        ExpressionAttributeValues: { ':p': { S: 'marketing' } },
      }),
    );
    expect((await h.deps.audit.verify('au4')).problems).toContainEqual({ seq: 2, problem: 'hash-mismatch' });

    await client.send(
      new DeleteItemCommand({
        TableName: h.names.audit,
        Key: { pk: { S: subjectPk('au4') }, sk: { S: auditRecordSk(4) } },
      }),
    );
    const afterDelete = await h.deps.audit.verify('au4');
    expect(afterDelete.valid).toBe(false);
    expect(afterDelete.problems).toContainEqual({ seq: 4, problem: 'missing-record' });
  });

  it('[P-25] fails closed: a staff read whose audit record cannot be written returns no data', async () => {
    await registered('au5');
    const broken = await harness({ names: { ...h.names, audit: 'no-such-audit-table' } });
    await expect(broken.deps.profiles.read('au5', support)).rejects.toMatchObject({ status: 503 });
  });

  it('fails closed: a change whose audit record cannot be written is not applied', async () => {
    await registered('au6');
    const broken = await harness({ names: { ...h.names, audit: 'no-such-audit-table' } });
    await expect(rectifyProfile(broken.deps, { name: 'Not Applied' }, 1, self('au6'))).rejects.toMatchObject({
      status: 503,
    });
    const profile = await h.deps.profiles.read('au6', self('au6'));
    expect(profile).toMatchObject({ name: 'Canary Name au6', version: 1 });
  });
});
