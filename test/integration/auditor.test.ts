/** The auditor's routes' use cases on DynamoDB Local: records by subject and by time, and chain verification. */
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { auditRecordSk, subjectPk } from '../../shared/adapters/dynamodb/keys';
import { registerProfile } from '../../shared/usecases/account';
import { auditRecords, verifyAudit } from '../../shared/usecases/audit';
import { changeConsent } from '../../shared/usecases/consents';
import { dynamodbClient, type Harness, harness, selfAccess } from '../support/app-harness';

const self = selfAccess;

let h: Harness;
beforeAll(async () => {
  h = await harness({ seedPolicy: true });
  for (const s of ['aud-1', 'aud-2']) {
    await registerProfile(h.deps, { name: `Canary ${s}`, email: `${s}@example.com`, acceptPolicyVersion: 1 }, self(s));
    await changeConsent(h.deps, 'analytics', true, self(s));
  }
});

describe('auditor', () => {
  it('lists a subject’s records and today’s records across subjects, with no personal values', async () => {
    const bySubject = await auditRecords(h.deps, { subjectId: 'aud-1', limit: 100 });
    expect(bySubject.records.map((r) => r.action).sort()).toEqual([
      'consent.change',
      'policy.accept',
      'profile.register',
    ]);
    const today = await auditRecords(h.deps, { limit: 500 });
    const subjects = new Set(today.records.map((r) => r.subjectId));
    expect([...subjects]).toEqual(expect.arrayContaining(['aud-1', 'aud-2']));
    expect(JSON.stringify(today)).not.toMatch(/Canary|@example\.com/);
  });

  it('refuses an unbounded time range without a subject', async () => {
    await expect(
      auditRecords(h.deps, { from: '2020-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z', limit: 10 }),
    ).rejects.toMatchObject({ status: 422 });
  });

  it('verifies every chain changed since yesterday, and names a tampered one', async () => {
    await expect(verifyAudit(h.deps)).resolves.toMatchObject({ valid: true, invalid: [] });
    await dynamodbClient().send(
      new UpdateItemCommand({
        TableName: h.names.audit,
        Key: { pk: { S: subjectPk('aud-2') }, sk: { S: auditRecordSk(1) } },
        UpdateExpression: 'SET purpose = :p',
        ExpressionAttributeValues: { ':p': { S: 'marketing' } },
      }),
    );
    const result = await verifyAudit(h.deps);
    expect(result.valid).toBe(false);
    expect(result.invalid.map((c) => c.subjectId)).toEqual(['aud-2']);
    expect((await verifyAudit(h.deps, 'aud-1')).valid).toBe(true);
  });
});
