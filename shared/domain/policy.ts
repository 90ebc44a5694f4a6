/**
 * Privacy policy versions. A version is drafted, then announced with the date it takes effect;
 * at any instant exactly one version is in force: the announced one with the latest `effectiveAt`
 * not after now. The previous version stays in force until then.
 */

export interface PolicyVersion {
  readonly version: number;
  readonly status: 'draft' | 'announced';
  readonly content: string;
  readonly summary: string;
  /** A material change requires every user to accept the new version again. */
  readonly material: boolean;
  readonly createdAt: string;
  readonly announcedAt?: string | undefined;
  readonly effectiveAt?: string | undefined;
}

const isAnnounced = (v: PolicyVersion): v is PolicyVersion & { effectiveAt: string } =>
  v.status === 'announced' && v.effectiveAt !== undefined;

/** The version in force at `now`, if any. */
export function effectiveVersion(versions: readonly PolicyVersion[], now: Date): PolicyVersion | undefined {
  return versions
    .filter(isAnnounced)
    .filter((v) => Date.parse(v.effectiveAt) <= now.getTime())
    .sort((a, b) => Date.parse(b.effectiveAt) - Date.parse(a.effectiveAt) || b.version - a.version)[0];
}

/** The announced version that takes effect next, if any. */
export function upcomingVersion(versions: readonly PolicyVersion[], now: Date): PolicyVersion | undefined {
  return versions
    .filter(isAnnounced)
    .filter((v) => Date.parse(v.effectiveAt) > now.getTime())
    .sort((a, b) => Date.parse(a.effectiveAt) - Date.parse(b.effectiveAt))[0];
}

export type PublicStatus = 'effective' | 'announced' | 'superseded';

/** Announced versions for the public list, newest first, each with its status at `now`. */
export function publicVersions(
  versions: readonly PolicyVersion[],
  now: Date,
): (PolicyVersion & { publicStatus: PublicStatus })[] {
  const inForce = effectiveVersion(versions, now);
  return versions
    .filter(isAnnounced)
    .sort((a, b) => Date.parse(b.effectiveAt) - Date.parse(a.effectiveAt) || b.version - a.version)
    .map((v) => ({
      ...v,
      publicStatus:
        v.version === inForce?.version
          ? 'effective'
          : Date.parse(v.effectiveAt) > now.getTime()
            ? 'announced'
            : 'superseded',
    }));
}
