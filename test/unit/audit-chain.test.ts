import { type AuditEvent, type AuditRecord, chainRecord, GENESIS_HASH, verifyChain } from '../../shared/domain/audit';

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

function chain(n: number): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (let i = 0; i < n; i++) {
    const last = records.at(-1);
    records.push(
      chainRecord(event(`a${i}`), last && { seq: last.seq, hash: last.hash }, {
        id: `id${i}`,
        at: new Date(1_000 * i),
      }),
    );
  }
  return records;
}
const headOf = (r: AuditRecord[]) => {
  const last = r.at(-1);
  return last && { seq: last.seq, hash: last.hash };
};

describe('audit hash chain', () => {
  it('links each record to the previous hash, starting from genesis', () => {
    const records = chain(3);
    expect(records[0]?.prevHash).toBe(GENESIS_HASH);
    expect(records[1]?.prevHash).toBe(records[0]?.hash);
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3]);
  });

  it('verifies an intact chain', () => {
    const records = chain(5);
    expect(verifyChain('u1', records, headOf(records))).toMatchObject({ valid: true, records: 5, problems: [] });
  });

  it('detects an edited record', () => {
    const records = chain(4);
    const tampered = records.map((r) => (r.seq === 2 ? { ...r, purpose: 'marketing' } : r));
    const result = verifyChain('u1', tampered, headOf(records));
    expect(result.valid).toBe(false);
    expect(result.problems).toContainEqual({ seq: 2, problem: 'hash-mismatch' });
  });

  it('detects a record deleted from the middle', () => {
    const records = chain(4);
    const result = verifyChain(
      'u1',
      records.filter((r) => r.seq !== 2),
      headOf(records),
    );
    expect(result.valid).toBe(false);
    expect(result.problems).toContainEqual({ seq: 2, problem: 'missing-record' });
  });

  it('detects the last record deleted, through the head', () => {
    const records = chain(3);
    const result = verifyChain('u1', records.slice(0, 2), headOf(records));
    expect(result.valid).toBe(false);
    expect(result.problems).toContainEqual({ seq: 3, problem: 'head-mismatch' });
  });

  it('detects a record re-hashed after editing, through the broken link', () => {
    const records = chain(3);
    const forged = chainRecord({ ...event('forged') }, { seq: 1, hash: 'f'.repeat(64) }, { id: 'x', at: new Date(5) });
    const result = verifyChain('u1', [records[0] as AuditRecord, forged, records[2] as AuditRecord], headOf(records));
    expect(result.valid).toBe(false);
    expect(result.problems.map((p) => p.problem)).toContain('broken-link');
  });
});
