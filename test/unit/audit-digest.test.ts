import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import {
  DIGEST_FORMAT,
  DIGEST_SIGNING_ALGORITHM,
  type DigestEntry,
  type DigestPayload,
  describeFinding,
  digestBytes,
  digestHash,
  leafHash,
  MerkleTree,
  type SignedDigest,
  signatureValid,
  verifyDigests,
  verifyInclusion,
} from '../../shared/domain/audit-digest';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const spki = publicKey.export({ type: 'spki', format: 'der' });
const forger = generateKeyPairSync('ec', { namedCurve: 'P-256' });

const entries = (n: number, tag = 'h'): DigestEntry[] =>
  Array.from({ length: n }, (_, i) => ({
    chain: `chain-${String(i).padStart(3, '0')}`,
    seq: i + 1,
    hash: tag.repeat(64),
  }));

function signed(payload: DigestPayload, key = privateKey): SignedDigest {
  return { ...payload, signature: sign('sha256', digestBytes(payload), key).toString('base64') };
}

function digestChain(count: number, keyId = 'key'): { digest: SignedDigest; entries: DigestEntry[] }[] {
  const out: { digest: SignedDigest; entries: DigestEntry[] }[] = [];
  for (let seq = 1; seq <= count; seq++) {
    const listed = entries(seq, String(seq % 10));
    const previous = out.at(-1)?.digest;
    const at = new Date(Date.UTC(2026, 5, 1, seq)).toISOString();
    out.push({
      entries: listed,
      digest: signed({
        format: DIGEST_FORMAT,
        seq,
        at,
        window: { from: at, through: at },
        previous: previous ? { seq: previous.seq, hash: digestHash(previous) } : null,
        root: new MerkleTree(listed).root,
        entries: listed.length,
        keyId,
        algorithm: DIGEST_SIGNING_ALGORITHM,
      }),
    });
  }
  return out;
}

const LONG_AGO = { expiredBefore: new Date('2000-01-01T00:00:00Z') };

describe('Merkle tree (RFC 6962)', () => {
  const h = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();

  it('hashes the empty tree, one leaf, and an odd number of leaves as the RFC does', () => {
    expect(new MerkleTree([]).root).toBe(createHash('sha256').digest('hex'));
    const [a, b, c] = entries(3);
    expect(new MerkleTree([a as DigestEntry]).root).toBe(leafHash(a as DigestEntry).toString('hex'));
    // n = 3 splits at 2: H(1 ‖ H(1 ‖ a ‖ b) ‖ c).
    const ab = h(Buffer.of(1), leafHash(a as DigestEntry), leafHash(b as DigestEntry));
    expect(new MerkleTree([c, a, b] as DigestEntry[]).root).toBe(
      h(Buffer.of(1), ab, leafHash(c as DigestEntry)).toString('hex'),
    );
  });

  it('proves every entry of trees of many sizes, and no entry that is not there', () => {
    for (const size of [1, 2, 3, 5, 8, 13, 100]) {
      const tree = new MerkleTree(entries(size));
      tree.entries.forEach((entry, index) => {
        expect(verifyInclusion(entry, { index, size, path: tree.proof(index) }, tree.root)).toBe(true);
      });
      const stranger = { ...(tree.entries[0] as DigestEntry), seq: 999 };
      expect(verifyInclusion(stranger, { index: 0, size, path: tree.proof(0) }, tree.root)).toBe(false);
    }
  });

  it('commits to `previous`: the same head with another previous position is another leaf', () => {
    const [entry] = entries(1) as [DigestEntry];
    expect(leafHash({ ...entry, previous: { seq: 1, hash: 'a'.repeat(64), digest: 1 } })).not.toEqual(leafHash(entry));
  });
});

describe('signed digests', () => {
  it('verifies a chain of digests signed with the key', () => {
    const digests = digestChain(4);
    expect(digests.every(({ digest }) => signatureValid(digest, spki))).toBe(true);
    expect(verifyDigests(digests, spki, LONG_AGO)).toEqual([]);
  });

  it('detects a digest forged with another key, or altered after signing', () => {
    const digests = digestChain(3);
    const [first, second, third] = digests as [
      (typeof digests)[number],
      (typeof digests)[number],
      (typeof digests)[number],
    ];
    const { signature: _, ...payload } = second.digest;
    const forged = { ...second, digest: signed(payload, forger.privateKey) };
    expect(verifyDigests([first, forged, third], spki, LONG_AGO)).toEqual([
      { digest: 2, problem: 'signature-invalid' },
    ]);
    const altered = { ...second, digest: { ...second.digest, entries: 99 } };
    expect(verifyDigests([first, altered, third], spki, LONG_AGO)).toContainEqual({
      digest: 2,
      problem: 'signature-invalid',
    });
  });

  it('detects entries that are not the ones signed', () => {
    const [first, second] = digestChain(2) as [
      { digest: SignedDigest; entries: DigestEntry[] },
      { digest: SignedDigest; entries: DigestEntry[] },
    ];
    const dropped = { ...second, entries: second.entries.slice(1) };
    expect(verifyDigests([first, dropped], spki, LONG_AGO)).toEqual([{ digest: 2, problem: 'root-mismatch' }]);
  });

  it('detects a gap in the sequence, and a digest that does not name the one before', () => {
    const digests = digestChain(4);
    expect(
      verifyDigests(
        digests.filter((d) => d.digest.seq !== 2),
        spki,
        LONG_AGO,
      ),
    ).toEqual([{ digest: 3, problem: 'sequence-gap' }]);
    const other = digestChain(4, 'another key');
    const spliced = [digests[0], digests[1], other[2], digests[3]] as typeof digests;
    expect(verifyDigests(spliced, spki, LONG_AGO)).toEqual([
      { digest: 3, problem: 'broken-link' },
      { digest: 4, problem: 'broken-link' },
    ]);
  });

  it('accepts a first digest other than 1 only when its predecessors may have expired', () => {
    const digests = digestChain(3).slice(1);
    expect(verifyDigests(digests, spki, LONG_AGO)).toEqual([{ digest: 2, problem: 'sequence-gap' }]);
    expect(verifyDigests(digests, spki, { expiredBefore: new Date('2027-01-01T00:00:00Z') })).toEqual([]);
  });

  it('continues from a checkpoint, whose hash the next digest must name', () => {
    const digests = digestChain(3);
    const before = { seq: 1, hash: digestHash((digests[0] as (typeof digests)[number]).digest) };
    expect(verifyDigests(digests.slice(1), spki, { ...LONG_AGO, before })).toEqual([]);
    expect(verifyDigests(digests.slice(1), spki, { ...LONG_AGO, before: { seq: 1, hash: 'x' } })).toEqual([
      { digest: 2, problem: 'broken-link' },
    ]);
  });

  it('describes each problem with where it is', () => {
    expect(describeFinding({ chain: 'u1', seq: 3, problem: 'truncated' })).toMatch(
      /^chain u1, record 3: records a digest signed are gone/,
    );
    expect(describeFinding({ digest: 7, problem: 'sequence-gap' })).toBe(
      'digest 7: digests are missing from the sequence',
    );
  });
});
