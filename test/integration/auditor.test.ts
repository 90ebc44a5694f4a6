/**
 * The auditor's side on DynamoDB Local: records by subject and by time (each read recorded), one
 * chain checked against its signed digest, the status view, the digest job and the incremental pass.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client';
import { auditRecordSk, subjectPk } from '../../shared/adapters/dynamodb/keys';
import type { AccessContext } from '../../shared/domain/access';
import { type AuditRecord, SYSTEM_CHAIN } from '../../shared/domain/audit';
import { registerProfile } from '../../shared/usecases/account';
import { auditRecords, auditStatus, verifyAuditChain } from '../../shared/usecases/audit';
import { writeDigest } from '../../shared/usecases/audit-digests';
import { verifyAuditTrail } from '../../shared/usecases/audit-verification';
import { changeConsent } from '../../shared/usecases/consents';
import { dynamodbClient, type Harness, harness, selfAccess } from '../support/app-harness';

const self = selfAccess;
const auditor: AccessContext = { actor: { id: 'aud-1', role: 'auditor' }, purpose: 'audit', requestId: 'r-aud' };

async function registered(h: Harness, subjects: readonly string[]): Promise<void> {
  for (const s of subjects) {
    await registerProfile(h.deps, { name: `Canary ${s}`, email: `${s}@example.com`, acceptPolicyVersion: 1 }, self(s));
  }
}

/** Overwrites a stored record with PutItem, as an audit writer could. */
async function overwrite(h: Harness, record: AuditRecord): Promise<void> {
  await createDocumentClient(dynamodbClient()).send(
    new PutCommand({
      TableName: h.names.audit,
      Item: { pk: subjectPk(record.subjectId), sk: auditRecordSk(record.seq), ...record },
    }),
  );
}

describe('auditor', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ seedPolicy: true, catalogue: false });
    await registered(h, ['aud-1', 'aud-2']);
    for (const s of ['aud-1', 'aud-2']) await changeConsent(h.deps, 'analytics', true, self(s));
  });

  it('lists a subject’s records after recording the read on the subject’s chain', async () => {
    const bySubject = await auditRecords(h.deps, { subjectId: 'aud-1', limit: 100 }, auditor);
    expect(bySubject.records.map((r) => r.action)).toEqual([
      'audit.read',
      'consent.change',
      'policy.accept',
      'profile.register',
    ]);
    expect(bySubject.records[0]).toMatchObject({ actor: { id: 'aud-1', role: 'auditor' }, purpose: 'audit' });
  });

  it('lists today’s records across subjects, recording the read on the system chain, with no personal values', async () => {
    const today = await auditRecords(h.deps, { limit: 500 }, auditor);
    const subjects = new Set(today.records.map((r) => r.subjectId));
    expect([...subjects]).toEqual(expect.arrayContaining(['aud-1', 'aud-2', SYSTEM_CHAIN]));
    expect(today.records.find((r) => r.subjectId === SYSTEM_CHAIN)).toMatchObject({ action: 'audit.list' });
    expect(JSON.stringify(today)).not.toMatch(/Canary|@example\.com/);
  });

  it('refuses an unbounded time range without a subject', async () => {
    await expect(
      auditRecords(h.deps, { from: '2020-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z', limit: 10 }, auditor),
    ).rejects.toMatchObject({ status: 422 });
  });

  it('checks one chain against the digest that signed it, and names a rewritten record', async () => {
    const unsigned = await verifyAuditChain(h.deps, 'aud-2', auditor);
    expect(unsigned).toMatchObject({ valid: true, signed: null });

    await writeDigest(h.deps);
    const signed = await verifyAuditChain(h.deps, 'aud-2', auditor);
    expect(signed).toMatchObject({ valid: true, signed: { digest: 1, seq: 3 }, digestProblems: [] });

    const [first] = (await h.deps.audit.chain('aud-2')).records;
    await overwrite(h, { ...(first as AuditRecord), purpose: 'marketing' });
    const tampered = await verifyAuditChain(h.deps, 'aud-2', auditor);
    expect(tampered).toMatchObject({ valid: false, problems: [{ seq: 1, problem: 'hash-mismatch' }] });
    expect((await verifyAuditChain(h.deps, 'aud-1', auditor)).valid).toBe(true);
    // Each check was recorded on the system chain, naming the chain checked.
    const system = await h.deps.audit.list(SYSTEM_CHAIN, { limit: 3 });
    expect(system.records.map((r) => [r.action, r.resource])).toEqual([
      ['audit.verify', 'audit-trail/aud-1'],
      ['audit.verify', 'audit-trail/aud-2'],
      ['audit.verify', 'audit-trail/aud-2'],
    ]);
  });

  it('[P-26] shows the newest digest (signature checked) and the newest verification, and the newest that failed', async () => {
    const failed = await verifyAuditTrail(h.deps, { mode: 'full' });
    expect(failed.valid).toBe(false);
    const status = await auditStatus(h.deps, auditor);
    expect(status.latestDigest).toMatchObject({ seq: 1, signatureValid: true });
    expect(status.latestVerification).toEqual(failed);
    expect(status.latestFailedVerification).toEqual(failed);
    expect(failed.problems).toContainEqual({ chain: 'aud-2', seq: 1, problem: 'hash-mismatch' });
  });
});

describe('the digest job', () => {
  it('lists only chains whose head moved, each with where the previous digest left it', async () => {
    const h = await harness({ seedPolicy: true, catalogue: false });
    await registered(h, ['d-1', 'd-2']);
    const first = await writeDigest(h.deps);
    expect(first).toMatchObject({ seq: 1, entries: 2 });

    h.clock.advance(60 * 60);
    await changeConsent(h.deps, 'analytics', true, self('d-2'));
    const second = await writeDigest(h.deps);
    // d-1 did not move; the overlap with the previous window lists it again, but it is left out.
    expect(second).toMatchObject({ seq: 2, entries: 1 });
    const digest = await h.deps.digests.get(2);
    const entries = digest ? await h.deps.digests.entries(digest) : [];
    expect(entries).toEqual([
      { chain: 'd-2', seq: 3, hash: expect.any(String), previous: { seq: 2, hash: expect.any(String), digest: 1 } },
    ]);
    expect(digest?.previous?.seq).toBe(1);

    h.clock.advance(60 * 60);
    // An hour without activity still gets its digest: a missing one is evidence.
    expect(await writeDigest(h.deps)).toMatchObject({ seq: 3, entries: 0 });
  });

  it('finishes indexing a digest whose run died before, and never writes a digest number twice', async () => {
    const h = await harness({ seedPolicy: true, catalogue: false });
    await registered(h, ['c-1']);
    const store = h.deps.digests;
    const index = store.index.bind(store);
    store.index = async () => {
      throw new Error('crash after the digest was stored');
    };
    await expect(writeDigest(h.deps)).rejects.toThrow('crash');
    store.index = index;
    expect(await store.latest()).toMatchObject({ indexed: false });
    expect(await store.signedPosition('c-1')).toBeUndefined();

    h.clock.advance(60 * 60);
    await writeDigest(h.deps);
    expect(await store.signedPosition('c-1')).toMatchObject({ digest: 1, entry: { seq: 2 } });
    expect((await store.latest())?.digest.seq).toBe(2);
    const existing = await store.get(2);
    if (!existing) throw new Error('digest 2 missing');
    await expect(store.append({ ...existing }, [])).rejects.toMatchObject({
      name: 'DigestExists',
      seq: 2,
    });
  });
});

describe('the incremental pass', () => {
  it('reads only the digests since its checkpoint and the records they sign', async () => {
    const h = await harness({ seedPolicy: true, catalogue: false });
    await registered(h, ['i-1', 'i-2', 'i-3']);
    await writeDigest(h.deps);
    const first = await verifyAuditTrail(h.deps, { mode: 'incremental' });
    // No checkpoint yet: the first run is a full pass.
    expect(first).toMatchObject({ mode: 'full', valid: true, chainsVerified: 3, recordsVerified: 6 });

    h.clock.advance(60 * 60);
    await changeConsent(h.deps, 'analytics', true, self('i-1'));
    await changeConsent(h.deps, 'analytics', false, self('i-1'));
    await writeDigest(h.deps);
    const second = await verifyAuditTrail(h.deps, { mode: 'incremental' });
    expect(second).toMatchObject({
      mode: 'incremental',
      valid: true,
      digestsVerified: 1,
      chainsVerified: 1,
      recordsVerified: 2,
      through: { seq: 2 },
    });

    // A record appended since the last digest and rewritten before the next: caught at the next digest.
    h.clock.advance(60 * 60);
    await changeConsent(h.deps, 'analytics', true, self('i-2'));
    const [, , third] = (await h.deps.audit.chain('i-2')).records;
    await writeDigest(h.deps);
    await overwrite(h, { ...(third as AuditRecord), purpose: 'marketing' });
    const found = await verifyAuditTrail(h.deps, { mode: 'incremental' });
    expect(found.problems).toEqual([{ chain: 'i-2', seq: 3, problem: 'hash-mismatch' }]);
  });
});
