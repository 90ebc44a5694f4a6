/**
 * The end of the audit retention period on DynamoDB Local: six years on, the audit-retention job
 * removes a chain's oldest records and keeps the last of them as the chain's floor; the verifier
 * accepts that expiry against the digests that signed those records, and still reports a removal
 * anywhere else.
 */
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client';
import { auditRecordSk, subjectPk } from '../../shared/adapters/dynamodb/keys';
import { registerProfile } from '../../shared/usecases/account';
import { writeDigest } from '../../shared/usecases/audit-digests';
import { expireAuditRecords } from '../../shared/usecases/audit-retention';
import { verifyAuditTrail } from '../../shared/usecases/audit-verification';
import { changeConsent } from '../../shared/usecases/consents';
import { dynamodbClient, harness, selfAccess } from '../support/app-harness';

const DAY = 86_400;

it('removes records past six years at the old end only, keeping a floor the verifier accepts', async () => {
  const h = await harness({ seedPolicy: true, catalogue: false });
  const { AUDIT_RETENTION_DAYS } = h.deps.config.retention;
  await registerProfile(h.deps, { name: 'N', email: 'old@example.com', acceptPolicyVersion: 1 }, selfAccess('old'));
  await writeDigest(h.deps);
  h.clock.advance(3 * 365 * DAY);
  await changeConsent(h.deps, 'analytics', true, selfAccess('old'));
  await writeDigest(h.deps);

  // Six years and two days after registration: that day's records are past the period, the consent change is not.
  h.clock.advance((AUDIT_RETENTION_DAYS - 3 * 365 + 2) * DAY);
  const summary = await expireAuditRecords(h.deps);
  expect(summary).toMatchObject({ chains: 1, recordsRemoved: 2, recordsKept: 0 });
  const stored = await h.deps.audit.chain('old');
  expect(stored.records.map((r) => r.action)).toEqual(['consent.change']);
  expect(stored.floor).toMatchObject({ seq: 2, action: 'policy.accept' });
  // A second run finds nothing more to do.
  expect(await expireAuditRecords(h.deps)).toMatchObject({ days: 0, recordsRemoved: 0 });

  await writeDigest(h.deps);
  const verified = await verifyAuditTrail(h.deps, { mode: 'full', record: false });
  expect(verified).toMatchObject({ valid: true, problems: [] });

  // Removing the record still inside the period is tampering, floor or not.
  await createDocumentClient(dynamodbClient()).send(
    new DeleteCommand({ TableName: h.names.audit, Key: { pk: subjectPk('old'), sk: auditRecordSk(3) } }),
  );
  const tampered = await verifyAuditTrail(h.deps, { mode: 'full', record: false });
  expect(tampered.problems).toEqual([
    { chain: 'old', seq: 3, problem: 'truncated' },
    { chain: 'old', seq: 3, problem: 'head-mismatch' },
  ]);
});
