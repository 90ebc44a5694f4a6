/**
 * docs/retention.md's period table is the data-kind catalogue (shared/config/data-kinds.ts) with the
 * configured defaults: a new kind, a changed period or a changed reason fails here until the page
 * says so too. test/e2e/retention-kinds.test.ts checks what is really stored against the catalogue.
 */
import { readFileSync } from 'node:fs';
import { DATA_KINDS, type DataKind } from '../../shared/config/data-kinds';
import { ERASED_TOMBSTONE_MINIMUM_DAYS, loadRetention } from '../../shared/config/retention';

const START =
  '<!-- data-kinds:start (generated from shared/config/data-kinds.ts; test/unit/retention-kinds.test.ts checks it) -->';
const END = '<!-- data-kinds:end -->';

const ENFORCEMENT: Record<DataKind['enforcedBy'][number], string> = {
  ttl: 'TTL',
  'ttl-once-closed': 'TTL set when it closes',
  'retention-sweep': '`retention-sweep`',
  'inactive-accounts': '`inactive-accounts`',
  erasure: 'erasure',
  'audit-retention': '`audit-retention` (keeps each chain’s floor; no TTL)',
  kept: '— (no personal data)',
};

function table(): string {
  const defaults = loadRetention({});
  const rows = DATA_KINDS.map((k) =>
    [
      k.table === 'data' ? `\`${k.kind}\`` : `\`${k.kind}\` (${k.table} table)`,
      k.what,
      k.keptFor(defaults),
      k.why,
      k.enforcedBy.map((e) => ENFORCEMENT[e]).join(', '),
      k.settings.map((s) => `\`${s}\``).join(', ') || '—',
    ].join(' | '),
  );
  return [
    '| kind | what | kept for | why | enforced by | settings |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r} |`),
  ].join('\n');
}

describe('the retention catalogue', () => {
  it('is what docs/retention.md shows (regenerate the block from the failure output)', () => {
    const doc = readFileSync('docs/retention.md', 'utf8');
    const start = doc.indexOf(START);
    const end = doc.indexOf(END);
    expect(start).toBeGreaterThan(-1);
    expect(doc.slice(start + START.length, end).trim()).toBe(table());
  });

  it('[P-02] names each kind once, and every period setting it names exists', () => {
    const keys = DATA_KINDS.map((k) => `${k.table}:${k.kind}`);
    expect(new Set(keys).size).toBe(keys.length);
    const settings = Object.keys(loadRetention({}));
    for (const kind of DATA_KINDS) for (const s of kind.settings) expect(settings).toContain(s);
  });

  it('keeps an erased subject’s tombstone at least as long as any token issued before the erasure lives', () => {
    expect(loadRetention({}).ERASED_SUBJECT_TOMBSTONE_DAYS).toBeGreaterThanOrEqual(ERASED_TOMBSTONE_MINIMUM_DAYS);
    expect(() => loadRetention({ ERASED_SUBJECT_TOMBSTONE_DAYS: '7' })).toThrow(/ERASED_SUBJECT_TOMBSTONE_DAYS/);
  });
});
