import { effectiveVersion, type PolicyVersion, publicVersions, upcomingVersion } from '../../shared/domain/policy';

/** Version `version`, announced to take effect at `effectiveAt`, or a draft without it. */
const v = (version: number, effectiveAt?: string): PolicyVersion => {
  const text = {
    version,
    content: `c${version}`,
    summary: `s${version}`,
    material: false,
    createdAt: '2026-01-01T00:00:00Z',
  };
  return effectiveAt
    ? { ...text, status: 'announced', announcedAt: '2026-01-01T00:00:00Z', effectiveAt }
    : { ...text, status: 'draft' };
};

const versions = [v(1, '2026-01-01T00:00:00Z'), v(2, '2026-06-01T00:00:00Z'), v(3)];

describe('policy versions in force', () => {
  it('[P-40] keeps the old version in force until the new one’s effective instant', () => {
    expect(effectiveVersion(versions, new Date('2026-05-31T23:59:59Z'))?.version).toBe(1);
    expect(effectiveVersion(versions, new Date('2026-06-01T00:00:00Z'))?.version).toBe(2);
  });

  it('[P-39] announces the next version only before it takes effect', () => {
    expect(upcomingVersion(versions, new Date('2026-03-01T00:00:00Z'))?.version).toBe(2);
    expect(upcomingVersion(versions, new Date('2026-07-01T00:00:00Z'))).toBeUndefined();
  });

  it('has no version in force before the first takes effect, and never a draft', () => {
    expect(effectiveVersion(versions, new Date('2025-12-31T00:00:00Z'))).toBeUndefined();
    expect(effectiveVersion([v(3)], new Date())).toBeUndefined();
  });

  it('lists announced versions newest first with their status, hiding drafts', () => {
    const list = publicVersions(versions, new Date('2026-03-01T00:00:00Z'));
    expect(list.map((x) => [x.version, x.publicStatus])).toEqual([
      [2, 'announced'],
      [1, 'effective'],
    ]);
    const later = publicVersions(versions, new Date('2026-07-01T00:00:00Z'));
    expect(later.map((x) => [x.version, x.publicStatus])).toEqual([
      [2, 'effective'],
      [1, 'superseded'],
    ]);
  });
});
