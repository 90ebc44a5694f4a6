/**
 * The tamper suite: an insider with write access to the audit table (or more) attacks the trail
 * directly through DynamoDB, bypassing every grant and policy; the verifier reports each attack as
 * invalid, naming the chain and sequence number (or the digest) where it shows. An untouched store
 * verifies valid. Every case runs on tables of its own: a victim with eight support reads, a
 * bystander, two signed digests.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client';
import {
  AUDIT_HEAD_SK,
  auditIndexKey,
  auditRecordSk,
  DIGEST_PK,
  digestSk,
  subjectPk,
} from '../../shared/adapters/dynamodb/keys';
import type { AccessContext } from '../../shared/domain/access';
import { type AuditRecord, chainRecord } from '../../shared/domain/audit';
import {
  type DigestPayload,
  digestBytes,
  digestHash,
  MerkleTree,
  payloadOf,
  type VerificationFinding,
} from '../../shared/domain/audit-digest';
import { addDays } from '../../shared/domain/time';
import { accessLog } from '../../shared/usecases/access-log';
import { registerProfile } from '../../shared/usecases/account';
import { auditRecords } from '../../shared/usecases/audit';
import { writeDigest } from '../../shared/usecases/audit-digests';
import { verifyAuditTrail } from '../../shared/usecases/audit-verification';
import { changeConsent } from '../../shared/usecases/consents';
import { dynamodbClient, type Harness, harness, selfAccess } from '../support/app-harness';

const support = (n: number): AccessContext => ({
  actor: { id: 'agent-7', role: 'support' },
  purpose: 'customer_support',
  requestId: `support-${n}`,
});
const auditor: AccessContext = { actor: { id: 'aud-1', role: 'auditor' }, purpose: 'audit', requestId: 'aud' };
const STAFF_READS = 8;

interface Store {
  readonly h: Harness;
  readonly doc: DynamoDBDocumentClient;
  /** The victim's records as they were before any attack. */
  readonly victim: AuditRecord[];
}

/** A victim (registered, eight support reads, a consent change), a bystander, digests 1 and 2. */
async function store(): Promise<Store> {
  const h = await harness({ seedPolicy: true, catalogue: false });
  for (const subject of ['victim', 'bystander']) {
    await registerProfile(
      h.deps,
      { name: `Canary ${subject}`, email: `${subject}@example.com`, acceptPolicyVersion: 1 },
      selfAccess(subject),
    );
  }
  for (let n = 1; n <= STAFF_READS; n++) await h.deps.profiles.read('victim', support(n));
  await writeDigest(h.deps);
  h.clock.advance(60 * 60);
  await changeConsent(h.deps, 'analytics', true, selfAccess('victim'));
  await changeConsent(h.deps, 'analytics', true, selfAccess('bystander'));
  await writeDigest(h.deps);
  const doc = createDocumentClient(dynamodbClient());
  return { h, doc, victim: [...(await h.deps.audit.chain('victim')).records] };
}

const fullPass = (h: Harness) => verifyAuditTrail(h.deps, { mode: 'full', record: false });

const putRecord = (s: Store, record: AuditRecord) =>
  s.doc.send(
    new PutCommand({
      TableName: s.h.names.audit,
      Item: {
        pk: subjectPk(record.subjectId),
        sk: auditRecordSk(record.seq),
        ...record,
        gsi1pk: auditIndexKey(record.subjectId),
        gsi1sk: `${record.at}#${record.subjectId}#${record.seq}`,
      },
    }),
  );
const putHead = (s: Store, subjectId: string, head: { seq: number; hash: string }) =>
  s.doc.send(
    new PutCommand({ TableName: s.h.names.audit, Item: { pk: subjectPk(subjectId), sk: AUDIT_HEAD_SK, ...head } }),
  );
const deleteItem = (s: Store, table: string, key: { pk: string; sk: string }) =>
  s.doc.send(new DeleteCommand({ TableName: table, Key: key }));

/** Re-chains `records` from genesis as an attacker would: same content, fresh sequence numbers and hashes. */
function rechain(records: readonly AuditRecord[]): AuditRecord[] {
  const out: AuditRecord[] = [];
  for (const { seq: _seq, hash: _hash, prevHash: _prev, ...event } of records) {
    const last = out.at(-1);
    out.push(chainRecord(event, last && { seq: last.seq, hash: last.hash }, { id: event.id, at: new Date(event.at) }));
  }
  return out;
}

const chainFindings = (findings: readonly VerificationFinding[], chain: string) =>
  findings.filter((f) => 'chain' in f && f.chain === chain);

describe('tamper suite: attacks through DynamoDB directly', () => {
  it('an untouched store verifies valid, every digest and chain checked', async () => {
    const s = await store();
    const result = await fullPass(s.h);
    expect(result).toMatchObject({ valid: true, problems: [], digestsVerified: 2 });
    // The victim's and the bystander's chains (seeding the first policy records nothing).
    expect(result.chainsVerified).toBe(2);
    expect(result.recordsVerified).toBeGreaterThanOrEqual(s.victim.length);
  });

  it('[P-26] dropping the eight support reads and re-hashing the rest: the customer no longer sees them, the verifier does', async () => {
    const s = await store();
    const kept = s.victim.filter((r) => r.action !== 'profile.read');
    expect(kept).toHaveLength(s.victim.length - STAFF_READS);
    const rewritten = rechain(kept);
    for (const r of s.victim)
      await deleteItem(s, s.h.names.audit, { pk: subjectPk('victim'), sk: auditRecordSk(r.seq) });
    for (const r of rewritten) await putRecord(s, r);
    const last = rewritten.at(-1) as AuditRecord;
    await putHead(s, 'victim', { seq: last.seq, hash: last.hash });

    // The attack works on the stored chain alone...
    expect(await s.h.deps.audit.verify('victim')).toMatchObject({ valid: true });
    const log = await accessLog(s.h.deps, { limit: 100 }, selfAccess('victim'));
    expect(log.entries.some((e) => e.action === 'profile.read')).toBe(false);
    // ...not against what the digests signed.
    const result = await fullPass(s.h);
    expect(result.valid).toBe(false);
    expect(chainFindings(result.problems, 'victim')).toEqual([
      { chain: 'victim', seq: last.seq + 1, problem: 'truncated' },
    ]);
    expect(chainFindings(result.problems, 'bystander')).toEqual([]);
  });

  it('...and padded back to the signed length with benign records, the signed head no longer matches', async () => {
    const s = await store();
    const kept = s.victim.filter((r) => r.action !== 'profile.read');
    const padding = s.victim.filter((r) => r.action === 'profile.read').map((r) => ({ ...r, action: 'consent.list' }));
    const rewritten = rechain([...kept, ...padding]);
    for (const r of rewritten) await putRecord(s, r);
    const last = rewritten.at(-1) as AuditRecord;
    await putHead(s, 'victim', { seq: last.seq, hash: last.hash });

    const result = await fullPass(s.h);
    expect(chainFindings(result.problems, 'victim')).toEqual([
      { chain: 'victim', seq: s.victim.length, problem: 'signed-head-mismatch' },
    ]);
  });

  it('rewriting one support read with PutItem alone: named at the record that no longer follows it', async () => {
    const s = await store();
    const read = s.victim.find((r) => r.action === 'profile.read') as AuditRecord;
    // A "harmless" purpose, re-hashed so the record itself checks out.
    const { hash: _, ...unhashed } = { ...read, purpose: 'identity_verification' };
    const forged = chainRecord(
      unhashed,
      { seq: read.seq - 1, hash: read.prevHash },
      { id: read.id, at: new Date(read.at) },
    );
    await putRecord(s, forged);

    const result = await fullPass(s.h);
    expect(result.valid).toBe(false);
    expect(chainFindings(result.problems, 'victim')).toEqual([
      { chain: 'victim', seq: read.seq + 1, problem: 'broken-link' },
    ]);
  });

  it('TTL cannot delete a record: the audit table has none, and a record deleted at the old end is a removal', async () => {
    const s = await store();
    const ttl = await dynamodbClient().send(new DescribeTimeToLiveCommand({ TableName: s.h.names.audit }));
    expect(ttl.TimeToLiveDescription?.TimeToLiveStatus ?? 'DISABLED').toBe('DISABLED');
    const { Items } = await s.doc.send(
      new QueryCommand({
        TableName: s.h.names.audit,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': subjectPk('victim') },
      }),
    );
    expect(Items?.some((item) => 'expiresAt' in item)).toBe(false);

    // What an expiry set by a writer would have done: the oldest record gone, years before its time.
    await deleteItem(s, s.h.names.audit, { pk: subjectPk('victim'), sk: auditRecordSk(1) });
    expect(chainFindings((await fullPass(s.h)).problems, 'victim')).toEqual([
      { chain: 'victim', seq: 1, problem: 'missing-record' },
    ]);
  });

  describe('the detection cases', () => {
    it('a rewritten record', async () => {
      const s = await store();
      const target = s.victim[2] as AuditRecord;
      await putRecord(s, { ...target, purpose: 'marketing' });
      expect(chainFindings((await fullPass(s.h)).problems, 'victim')).toEqual([
        { chain: 'victim', seq: target.seq, problem: 'hash-mismatch' },
      ]);
    });

    it('a record removed from the middle', async () => {
      const s = await store();
      await deleteItem(s, s.h.names.audit, { pk: subjectPk('victim'), sk: auditRecordSk(4) });
      expect(chainFindings((await fullPass(s.h)).problems, 'victim')).toEqual([
        { chain: 'victim', seq: 4, problem: 'missing-record' },
      ]);
    });

    it('a truncated tail, the head rolled back', async () => {
      const s = await store();
      const keep = s.victim.length - 3;
      for (const r of s.victim.slice(keep)) {
        await deleteItem(s, s.h.names.audit, { pk: subjectPk('victim'), sk: auditRecordSk(r.seq) });
      }
      const head = s.victim[keep - 1] as AuditRecord;
      await putHead(s, 'victim', { seq: head.seq, hash: head.hash });
      expect(chainFindings((await fullPass(s.h)).problems, 'victim')).toEqual([
        { chain: 'victim', seq: keep + 1, problem: 'truncated' },
      ]);
    });

    it('a deleted chain', async () => {
      const s = await store();
      const { Items = [] } = await s.doc.send(
        new QueryCommand({
          TableName: s.h.names.audit,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': subjectPk('bystander') },
        }),
      );
      for (const item of Items) await deleteItem(s, s.h.names.audit, { pk: String(item.pk), sk: String(item.sk) });
      expect(chainFindings((await fullPass(s.h)).problems, 'bystander')).toEqual([
        { chain: 'bystander', seq: 1, problem: 'chain-missing' },
      ]);
    });

    it('a forged digest, signed without the digest key', async () => {
      const s = await store();
      const latest = (await s.h.deps.digests.latest())?.digest;
      if (!latest) throw new Error('no digest');
      // Digest 3 "signs" a rewritten victim chain, with a key of the attacker's own.
      const forgedEntries = [{ chain: 'victim', seq: 99, hash: 'f'.repeat(64) }];
      const payload: DigestPayload = {
        ...payloadOf(latest),
        seq: 3,
        previous: { seq: 2, hash: digestHash(latest) },
        root: new MerkleTree(forgedEntries).root,
        entries: 1,
      };
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const signature = sign('sha256', digestBytes(payload), privateKey).toString('base64');
      await s.doc.send(
        new PutCommand({
          TableName: s.h.names.digests,
          Item: { pk: DIGEST_PK, sk: digestSk(3), ...payload, signature, attempt: 'forged' },
        }),
      );
      await s.doc.send(
        new PutCommand({
          TableName: s.h.names.digests,
          Item: { pk: 'DIGEST#000000000003#forged', sk: 'PART#000000', entries: forgedEntries },
        }),
      );
      const result = await fullPass(s.h);
      expect(result.problems).toContainEqual({ digest: 3, problem: 'signature-invalid' });
    });

    it('a missing digest: removed after it was verified, or none written for too long', async () => {
      const s = await store();
      const checked = await verifyAuditTrail(s.h.deps, { mode: 'full' });
      expect(checked.through?.seq).toBe(2);
      await deleteItem(s, s.h.names.digests, { pk: DIGEST_PK, sk: digestSk(2) });
      const incremental = await verifyAuditTrail(s.h.deps, { mode: 'incremental', record: false });
      expect(incremental.problems).toContainEqual({ digest: 2, problem: 'missing' });

      // The digest job stopped: three hours without a digest.
      const quiet = await store();
      quiet.h.clock.advance(3 * 60 * 60);
      expect((await fullPass(quiet.h)).problems).toEqual([{ digest: 3, problem: 'missing' }]);
    });

    it('a gap in the digest sequence', async () => {
      const s = await store();
      s.h.clock.advance(60 * 60);
      await writeDigest(s.h.deps);
      await deleteItem(s, s.h.names.digests, { pk: DIGEST_PK, sk: digestSk(2) });
      expect((await fullPass(s.h)).problems).toContainEqual({ digest: 3, problem: 'sequence-gap' });
    });
  });

  it('the customer’s access log and the auditor’s view show the same records, with the same proof', async () => {
    const s = await store();
    const log = await accessLog(s.h.deps, { limit: 100 }, selfAccess('victim'));
    const view = await auditRecords(
      s.h.deps,
      { subjectId: 'victim', limit: 100, from: addDays(s.h.clock.now(), -1).toISOString() },
      auditor,
    );
    // The auditor's read is itself recorded first, on the victim's chain: the newest record of the view.
    const [own, ...rest] = view.records;
    expect(own).toMatchObject({ action: 'audit.read', actor: { role: 'auditor' } });
    expect(rest.map((r) => [r.seq, r.action])).toEqual(log.entries.map((e) => [e.seq, e.action]));
    expect(view.signedThrough).toEqual(log.signedThrough);
    expect(log.signedThrough).toEqual({ digest: 2, seq: s.victim.length });
    expect(log.entries.every((e) => e.signed)).toBe(true);
  });
});
