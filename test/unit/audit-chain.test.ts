import {
  type AuditEvent,
  type AuditRecord,
  type ChainHead,
  chainRecord,
  GENESIS_HASH,
  type StoredChain,
  verifyChain,
} from '../../shared/domain/audit';

const event = (action: string): AuditEvent => ({
  actor: { id: 'u1', role: 'customer' },
  action,
  subjectId: 'u1',
  resource: 'profile',
  purpose: 'self_service',
  fields: ['name'],
  outcome: 'success',
  requestId: 'r1',
});

/** `n` linked records, one a day from 2020-01-01. */
function chain(n: number): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (let i = 0; i < n; i++) {
    const last = records.at(-1);
    records.push(
      chainRecord(event(`a${i}`), last && { seq: last.seq, hash: last.hash }, {
        id: `id${i}`,
        at: new Date(Date.UTC(2020, 0, 1 + i)),
      }),
    );
  }
  return records;
}
const headOf = (r: readonly AuditRecord[]): ChainHead | undefined => {
  const last = r.at(-1);
  return last && { seq: last.seq, hash: last.hash };
};
const at = (records: readonly AuditRecord[], seq: number) => records[seq - 1] as AuditRecord;
const stored = (records: readonly AuditRecord[], extra: Partial<StoredChain> = {}): StoredChain => ({
  subjectId: 'u1',
  records,
  head: headOf(records),
  floor: undefined,
  ...extra,
});
/** Nothing has expired: the floor is long before the first record. */
const CHECK = { retentionFloor: new Date('2000-01-01T00:00:00Z') };

describe('audit hash chain', () => {
  it('links each record to the previous hash, starting from genesis', () => {
    const records = chain(3);
    expect(at(records, 1).prevHash).toBe(GENESIS_HASH);
    expect(at(records, 2).prevHash).toBe(at(records, 1).hash);
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3]);
  });

  it('verifies an intact chain, as stored and against its signed head', () => {
    const records = chain(5);
    expect(verifyChain(stored(records), CHECK)).toMatchObject({ valid: true, records: 5, problems: [] });
    expect(verifyChain(stored(records), { ...CHECK, signed: headOf(records.slice(0, 3)) }).valid).toBe(true);
  });

  it('detects an edited record', () => {
    const records = chain(4);
    const tampered = records.map((r) => (r.seq === 2 ? { ...r, purpose: 'marketing' } : r));
    expect(verifyChain(stored(tampered), CHECK).problems).toEqual([{ seq: 2, problem: 'hash-mismatch' }]);
  });

  it('detects a record deleted from the middle', () => {
    const records = chain(4);
    const result = verifyChain(stored(records.filter((r) => r.seq !== 2)), CHECK);
    expect(result.problems).toEqual([{ seq: 2, problem: 'missing-record' }]);
  });

  it('detects the last record deleted, through the head', () => {
    const records = chain(3);
    const result = verifyChain(stored(records.slice(0, 2), { head: headOf(records) }), CHECK);
    expect(result.problems).toEqual([{ seq: 3, problem: 'head-mismatch' }]);
  });

  it('detects a record replaced by one re-hashed after editing, through the broken link', () => {
    const records = chain(3);
    const forged = chainRecord(event('forged'), { seq: 1, hash: 'f'.repeat(64) }, { id: 'x', at: new Date(5) });
    const result = verifyChain(stored([at(records, 1), forged, at(records, 3)]), CHECK);
    expect(result.problems).toContainEqual({ seq: 2, problem: 'broken-link' });
  });

  it('detects a chain rewritten and re-hashed from an edit on, through the signed head', () => {
    const records = chain(5);
    const signed = headOf(records);
    // Records 3..5 rebuilt with record 3 edited: every hash and link checks out, the head follows.
    const rewritten = [...records.slice(0, 2)];
    for (const r of records.slice(2)) {
      const { hash: _, seq: __, prevHash: ___, ...rest } = r;
      const edited = r.seq === 3 ? { ...rest, purpose: 'marketing' } : rest;
      rewritten.push(chainRecord(edited, headOf(rewritten), { id: r.id, at: new Date(r.at) }));
    }
    expect(verifyChain(stored(rewritten), CHECK).valid).toBe(true);
    expect(verifyChain(stored(rewritten), { ...CHECK, signed }).problems).toEqual([
      { seq: 5, problem: 'signed-head-mismatch' },
    ]);
  });

  it('detects a truncated tail whose head was rolled back, through the signed head', () => {
    const records = chain(5);
    const result = verifyChain(stored(records.slice(0, 3)), { ...CHECK, signed: headOf(records) });
    expect(result.problems).toEqual([{ seq: 4, problem: 'truncated' }]);
  });

  it('detects a deleted chain that a digest signed', () => {
    const result = verifyChain(stored([], { head: undefined }), { ...CHECK, signed: { seq: 4, hash: 'a'.repeat(64) } });
    expect(result.problems).toEqual([{ seq: 1, problem: 'chain-missing' }]);
    expect(verifyChain(stored([], { head: undefined }), CHECK).valid).toBe(true);
  });

  it('reports an item that is no longer a record, and keeps checking what follows', () => {
    const records = chain(4);
    const result = verifyChain(
      stored(
        records.filter((r) => r.seq !== 2),
        { unreadable: [2] },
      ),
      CHECK,
    );
    expect(result.problems).toEqual([{ seq: 2, problem: 'hash-mismatch' }]);
  });

  describe('incremental, from a position verified before', () => {
    it('checks only the records after it, and that the first links to it', () => {
      const records = chain(6);
      const from = headOf(records.slice(0, 3));
      const after = records.slice(3);
      expect(verifyChain(stored(after), { ...CHECK, from, signed: headOf(records) })).toMatchObject({
        valid: true,
        records: 3,
      });
      const otherFrom = { seq: 3, hash: 'b'.repeat(64) };
      expect(verifyChain(stored(after), { ...CHECK, from: otherFrom }).problems).toEqual([
        { seq: 4, problem: 'broken-link' },
      ]);
    });
  });

  describe('the retention floor', () => {
    const records = chain(6);
    const floor = at(records, 3);
    const kept = records.slice(3);
    // Records up to 2020-01-03 are past the retention period; later ones are not.
    const expiredUntil = { retentionFloor: new Date('2020-01-03T12:00:00Z') };

    it('accepts records expired at the old end when the floor explains them', () => {
      expect(verifyChain(stored(kept, { floor }), { ...expiredUntil, signed: headOf(records) })).toMatchObject({
        valid: true,
        records: 3,
      });
    });

    it('accepts a chain whose every record expired', () => {
      const result = verifyChain(stored([], { floor: at(records, 6), head: headOf(records) }), {
        retentionFloor: new Date('2021-01-01T00:00:00Z'),
        signed: headOf(records),
      });
      expect(result.valid).toBe(true);
    });

    it('reports records removed at the old end without a floor', () => {
      expect(verifyChain(stored(kept), expiredUntil).problems).toEqual([{ seq: 1, problem: 'missing-record' }]);
    });

    it('reports a floor younger than the retention period, and the gap it was meant to hide', () => {
      const result = verifyChain(stored(kept, { floor }), { retentionFloor: new Date('2020-01-02T00:00:00Z') });
      expect(result.problems).toEqual([
        { seq: 3, problem: 'invalid-floor' },
        { seq: 1, problem: 'missing-record' },
      ]);
    });

    it('reports a forged floor that does not hash', () => {
      const forged = { ...floor, purpose: 'marketing' };
      expect(verifyChain(stored(kept, { floor: forged }), expiredUntil).problems).toContainEqual({
        seq: 3,
        problem: 'invalid-floor',
      });
    });

    it('still reports a removal after the floor', () => {
      const result = verifyChain(
        stored(
          kept.filter((r) => r.seq !== 5),
          { floor },
        ),
        expiredUntil,
      );
      expect(result.problems).toEqual([{ seq: 5, problem: 'missing-record' }]);
    });
  });
});
