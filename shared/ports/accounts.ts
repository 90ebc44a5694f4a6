/**
 * Ports of the account area: profiles, the consent ledger (which also records policy acceptances),
 * privacy policy versions and engagement events. Methods that prepare a change return a named
 * `Write` for the unit of work; the names are listed with each method.
 */
import type { AccessContext, ConsentPurpose } from '../domain/access';
import type { AuditContext } from '../domain/audit';
import type { ConsentEntry } from '../domain/consent';
import type { EngagementBatch } from '../domain/engagement';
import type { PolicyAcceptance, PolicyVersion } from '../domain/policy';
import type { PersonalProfileField, Profile, ProfileStatus } from '../domain/profile';
import type { Write } from './unit-of-work';

export interface ProfileStore {
  /**
   * `profile.create`: the profile, personal details sealed with a new subject key. Registration is
   * activity: the inactivity clock starts at `createdAt`. Fails if the subject is registered; throws
   * SubjectErasedError, before any key is made, while the subject's erasure tombstone lasts.
   */
  create(profile: Profile): Promise<Write>;
  /**
   * `profile.close`: the erasure has begun. The profile takes no more activity, orders or
   * rectification, and a tombstone refuses the subject's registration until `tombstoneUntil`
   * (outliving every token issued before), even after the profile is gone. Fails if there is no profile.
   */
  close(subjectId: string, at: Date, tombstoneUntil: Date): Write;
  /** `profile.update`: the `changed` fields and new version of `profile`; fails unless the stored version is `expectedVersion`. */
  update(profile: Profile, changed: readonly PersonalProfileField[], expectedVersion: number): Promise<Write>;
  /** The profile with its personal details; a read by anyone but the subject is audited first. */
  read(subjectId: string, access: AccessContext): Promise<Profile | undefined>;
  /** What may be known without decryption or audit. */
  status(subjectId: string): Promise<ProfileStatus | undefined>;
  /**
   * The name and e-mail address to write to the subject (a mail), for the system acting under
   * `context`: the read is written to the subject's audit trail, with its purpose, before it is opened.
   */
  contact(subjectId: string, context: AuditContext): Promise<Contact | undefined>;
  /**
   * `profile.activity`: activity at `at` (an order, a privacy request) moves the inactivity notice
   * INACTIVE_ACCOUNT_DAYS ahead and supersedes a notice already sent. Fails if there is no open
   * profile; with `mayOrder`, also if processing is restricted or `minimumPolicyVersion` is not accepted.
   */
  activity(subjectId: string, at: Date, mayOrder?: { minimumPolicyVersion: number }): Write;
  /** The same as `activity`, on its own (a sign-in); false when the subject has no open profile. */
  recordActivity(subjectId: string, at: Date): Promise<boolean>;
  /**
   * The same as `recordActivity`, at most once per subject per UTC day (an authenticated request):
   * false when the day's activity is recorded already, or there is no open profile.
   */
  recordDailyActivity(subjectId: string, at: Date): Promise<boolean>;
  /** `profile.accept-policy`: fails unless only older versions were accepted. */
  acceptPolicy(subjectId: string, version: number, at: Date): Write;
  /** `profile.restrict`: restricts processing from `at` (no new orders, no staff reads but the officer's); fails if there is no profile. */
  restrict(subjectId: string, at: Date): Write;
  /** `profile.lift-restriction`: fails unless processing is restricted. */
  liftRestriction(subjectId: string, at: Date): Write;
}

/** Where and how to address a subject. */
export interface Contact {
  readonly name: string;
  readonly email: string;
}

export interface ConsentStore {
  /** `consent.record`: appends a choice; entries are never overwritten. */
  record(subjectId: string, entry: ConsentEntry): Write;
  /**
   * `consent.purge`: orders the deletion of what was collected under `withdrawal.purpose` up to the
   * withdrawal (the retention sweep carries it out, within a day). Commit it with the withdrawal.
   */
  purgeCollected(subjectId: string, withdrawal: ConsentEntry): Write;
  /** `policy-acceptance.record`: one record per version; fails if this version's is there. */
  recordPolicyAcceptance(subjectId: string, acceptance: PolicyAcceptance): Write;
  /** Every choice the subject made, for every purpose. */
  entries(subjectId: string): Promise<ConsentEntry[]>;
  /** The newest choice for `purpose`, read strongly consistent: a withdrawal takes effect at once. */
  latest(subjectId: string, purpose: ConsentPurpose): Promise<ConsentEntry | undefined>;
}

export interface PolicyStore {
  /** Every version, oldest first (a few per year, so always the whole list). */
  all(): Promise<PolicyVersion[]>;
  /**
   * The list at most a minute old, for per-request checks (orders, consents). Safe because a version
   * takes effect at least the notice period after its announcement.
   */
  recent(): Promise<PolicyVersion[]>;
  /** `policy.create`: a new version; fails if its number is taken. */
  create(version: PolicyVersion): Write;
  /** `policy.announce`: the draft `version` takes effect at `effectiveAt`; fails unless it is still a draft. */
  announce(version: number, effectiveAt: Date, at: Date): Write;
}

/**
 * Engagement events: collected under `analytics` consent, so write-only here. Nothing reads them
 * but the export, through the consent gate (`mayRead` in shared/domain/consent.ts); a future
 * reader must go through it too.
 */
export interface EngagementStore {
  /**
   * `engagement.record`: one batch, sealed (async: sealing may create the subject's data key), to
   * commit with its audit record; it expires `expiresAt`.
   */
  record(subjectId: string, batch: EngagementBatch): Promise<{ write: Write; expiresAt: Date }>;
}

export interface AccountPorts {
  readonly profiles: ProfileStore;
  readonly consents: ConsentStore;
  readonly policies: PolicyStore;
  readonly engagement: EngagementStore;
}
