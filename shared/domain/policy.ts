/**
 * Privacy policy versions. A version is drafted, then announced with the date it takes effect;
 * at any instant exactly one version is in force: the announced one with the latest `effectiveAt`
 * not after now. The previous version stays in force until then.
 */

import * as z from 'zod';
import { SYSTEM_CHAIN } from './audit';
import { addDays } from './time';

interface PolicyVersionText {
  readonly version: number;
  readonly content: string;
  readonly summary: string;
  /** A material change requires every user to accept the new version again. */
  readonly material: boolean;
  readonly createdAt: string;
}

/** Written, not yet announced: nobody sees it, it has no date. */
export interface DraftPolicyVersion extends PolicyVersionText {
  readonly status: 'draft';
  readonly announcedAt?: undefined;
  readonly effectiveAt?: undefined;
}

/** Announced on `announcedAt`, in force from `effectiveAt` until a later version takes effect. */
export interface AnnouncedPolicyVersion extends PolicyVersionText {
  readonly status: 'announced';
  readonly announcedAt: string;
  readonly effectiveAt: string;
}

export type PolicyVersion = DraftPolicyVersion | AnnouncedPolicyVersion;

/**
 * The audit chain of policy events (drafts, announcements): they concern no single subject, so they
 * go on the trail's system chain.
 */
export const POLICY_AUDIT_CHAIN = SYSTEM_CHAIN;

/** A subject's acceptance of one version. */
export interface PolicyAcceptance {
  readonly version: number;
  readonly at: string;
}

const isAnnounced = (v: PolicyVersion): v is AnnouncedPolicyVersion => v.status === 'announced';

/** The version in force at `now`, if any. */
export function effectiveVersion(versions: readonly PolicyVersion[], now: Date): AnnouncedPolicyVersion | undefined {
  return versions
    .filter(isAnnounced)
    .filter((v) => Date.parse(v.effectiveAt) <= now.getTime())
    .sort((a, b) => Date.parse(b.effectiveAt) - Date.parse(a.effectiveAt) || b.version - a.version)[0];
}

/** The announced version that takes effect next, if any. */
export function upcomingVersion(versions: readonly PolicyVersion[], now: Date): AnnouncedPolicyVersion | undefined {
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
): (AnnouncedPolicyVersion & { publicStatus: PublicStatus })[] {
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

export const policyDraftSchema = z.strictObject({
  content: z.string().trim().min(1).max(100_000),
  summary: z.string().trim().min(1).max(2_000),
  material: z.boolean(),
});

export const announceSchema = z.strictObject({ effectiveAt: z.iso.datetime() });

export const acceptanceSchema = z.strictObject({ version: z.number().int().positive() });

/** `{version}` in paths: a version number as the path carries it. */
export const policyVersionParams = z.strictObject({ version: z.coerce.number().int().positive().max(1_000_000) });

/** The earliest instant an announcement made at `now` may take effect. */
export function earliestEffectiveAt(now: Date, noticeDays: number): Date {
  return addDays(now, noticeDays);
}

/**
 * The version a subject must accept before their next order or consent change, if any: the one in
 * force, when a material version newer than the one they accepted has taken effect. A non-material
 * change asks nothing.
 */
export function acceptanceRequired(
  versions: readonly PolicyVersion[],
  acceptedVersion: number,
  now: Date,
): AnnouncedPolicyVersion | undefined {
  const inForce = effectiveVersion(versions, now);
  if (!inForce || inForce.version <= acceptedVersion) return undefined;
  const materialSince = versions
    .filter(isAnnounced)
    .some(
      (v) =>
        v.material &&
        v.version > acceptedVersion &&
        v.version <= inForce.version &&
        Date.parse(v.effectiveAt) <= now.getTime(),
    );
  return materialSince ? inForce : undefined;
}

/** The lowest accepted version that needs no new acceptance now: the newest material version in force. */
export function minimumAcceptedVersion(versions: readonly PolicyVersion[], now: Date): number {
  const inForce = effectiveVersion(versions, now);
  if (!inForce) return 0;
  return Math.max(
    0,
    ...versions
      .filter(isAnnounced)
      .filter((v) => v.material && v.version <= inForce.version && Date.parse(v.effectiveAt) <= now.getTime())
      .map((v) => v.version),
  );
}
