/** In-memory fakes of the account-area ports (shared/ports/accounts.ts), with the conditions DynamoDB enforces. */
import { loadRetention } from '../../../shared/config/retention';
import type { AccessContext, ConsentPurpose } from '../../../shared/domain/access';
import type { ConsentEntry } from '../../../shared/domain/consent';
import type { EngagementBatch } from '../../../shared/domain/engagement';
import { SubjectErasedError } from '../../../shared/domain/errors';
import type { PolicyAcceptance, PolicyVersion } from '../../../shared/domain/policy';
import {
  PERSONAL_PROFILE_FIELDS,
  type PersonalProfileField,
  type Profile,
  type ProfileStatus,
} from '../../../shared/domain/profile';
import { addDays } from '../../../shared/domain/time';
import type { ConsentStore, Contact, EngagementStore, PolicyStore, ProfileStore } from '../../../shared/ports/accounts';
import { auditedRead } from './orders';
import { type MemoryAuditLog, type MemoryWrite, memoryWrite } from './unit-of-work';

interface StoredProfile {
  profile: Profile;
  restricted: boolean;
  lastActiveAt: string;
  closedAt?: string;
}

export class MemoryProfiles implements ProfileStore {
  readonly profiles = new Map<string, StoredProfile>();
  /** Erased subjects, and until when their tombstone stands. */
  readonly tombstones = new Map<string, Date>();

  constructor(
    private readonly deps: {
      audit: MemoryAuditLog;
      restricted: Set<string>;
      /** Registration creates the subject's data key (the order fake checks it). */
      keys: Set<string>;
    },
  ) {}

  async create(profile: Profile): Promise<MemoryWrite> {
    if (this.tombstones.has(profile.subjectId)) throw new SubjectErasedError('This account was erased.');
    return memoryWrite(
      'profile.create',
      () => !this.profiles.has(profile.subjectId),
      () => {
        this.profiles.set(profile.subjectId, { profile, restricted: false, lastActiveAt: profile.createdAt });
        this.deps.keys.add(profile.subjectId);
      },
    );
  }

  async update(
    profile: Profile,
    _changed: readonly PersonalProfileField[],
    expectedVersion: number,
  ): Promise<MemoryWrite> {
    return memoryWrite(
      'profile.update',
      () => this.profiles.get(profile.subjectId)?.profile.version === expectedVersion,
      () => this.patch(profile.subjectId, (p) => ({ ...p, profile })),
    );
  }

  async read(subjectId: string, access: AccessContext): Promise<Profile | undefined> {
    const stored = this.profiles.get(subjectId);
    if (!stored) return undefined;
    const fields = PERSONAL_PROFILE_FIELDS.filter((f) => stored.profile[f] !== undefined);
    return auditedRead(
      { audit: this.deps.audit, restricted: this.deps.restricted },
      access,
      subjectId,
      { action: 'profile.read', resource: 'profile', fields },
      () => stored.profile,
    );
  }

  async contact(subjectId: string): Promise<Contact | undefined> {
    const stored = this.profiles.get(subjectId);
    return stored && { name: stored.profile.name, email: stored.profile.email };
  }

  async status(subjectId: string): Promise<ProfileStatus | undefined> {
    const stored = this.profiles.get(subjectId);
    return (
      stored && {
        subjectId,
        version: stored.profile.version,
        acceptedPolicyVersion: stored.profile.acceptedPolicyVersion,
        restricted: stored.restricted,
      }
    );
  }

  activity(subjectId: string, at: Date, mayOrder?: { minimumPolicyVersion: number }): MemoryWrite {
    return memoryWrite(
      'profile.activity',
      () => {
        const stored = this.profiles.get(subjectId);
        if (!stored || stored.closedAt) return false;
        return (
          !mayOrder || (!stored.restricted && stored.profile.acceptedPolicyVersion >= mayOrder.minimumPolicyVersion)
        );
      },
      () => this.patch(subjectId, (p) => ({ ...p, lastActiveAt: at.toISOString() })),
    );
  }

  async recordActivity(subjectId: string, at: Date): Promise<boolean> {
    const stored = this.profiles.get(subjectId);
    if (!stored || stored.closedAt) return false;
    this.patch(subjectId, (p) => ({ ...p, lastActiveAt: at.toISOString() }));
    return true;
  }

  async recordDailyActivity(subjectId: string, at: Date): Promise<boolean> {
    const last = this.profiles.get(subjectId)?.lastActiveAt;
    if (last && last.slice(0, 10) >= at.toISOString().slice(0, 10)) return false;
    return this.recordActivity(subjectId, at);
  }

  close(subjectId: string, at: Date, tombstoneUntil: Date): MemoryWrite {
    return memoryWrite(
      'profile.close',
      () => this.profiles.has(subjectId),
      () => {
        this.patch(subjectId, (p) => ({ ...p, closedAt: at.toISOString() }));
        this.tombstones.set(subjectId, tombstoneUntil);
      },
    );
  }

  acceptPolicy(subjectId: string, version: number, at: Date): MemoryWrite {
    return memoryWrite(
      'profile.accept-policy',
      () => (this.profiles.get(subjectId)?.profile.acceptedPolicyVersion ?? Number.POSITIVE_INFINITY) < version,
      () =>
        this.patch(subjectId, (p) => ({
          ...p,
          profile: { ...p.profile, acceptedPolicyVersion: version, updatedAt: at.toISOString() },
        })),
    );
  }

  restrict(subjectId: string): MemoryWrite {
    return memoryWrite(
      'profile.restrict',
      () => this.profiles.has(subjectId),
      () => {
        this.patch(subjectId, (p) => ({ ...p, restricted: true }));
        this.deps.restricted.add(subjectId);
      },
    );
  }

  liftRestriction(subjectId: string): MemoryWrite {
    return memoryWrite(
      'profile.lift-restriction',
      () => this.profiles.get(subjectId)?.restricted === true,
      () => {
        this.patch(subjectId, (p) => ({ ...p, restricted: false }));
        this.deps.restricted.delete(subjectId);
      },
    );
  }

  private patch(subjectId: string, change: (stored: StoredProfile) => StoredProfile): void {
    const stored = this.profiles.get(subjectId);
    if (stored) this.profiles.set(subjectId, change(stored));
  }
}

export class MemoryConsents implements ConsentStore {
  readonly choices: (ConsentEntry & { subjectId: string })[] = [];
  readonly acceptances: (PolicyAcceptance & { subjectId: string })[] = [];

  record(subjectId: string, entry: ConsentEntry): MemoryWrite {
    return memoryWrite(
      'consent.record',
      () => true,
      () => this.choices.push({ ...entry, subjectId }),
    );
  }

  /** Purge orders, as the retention sweep would find them. */
  readonly purges: (ConsentEntry & { subjectId: string })[] = [];

  purgeCollected(subjectId: string, withdrawal: ConsentEntry): MemoryWrite {
    return memoryWrite(
      'consent.purge',
      () => true,
      () => this.purges.push({ ...withdrawal, subjectId }),
    );
  }

  recordPolicyAcceptance(subjectId: string, acceptance: PolicyAcceptance): MemoryWrite {
    return memoryWrite(
      'policy-acceptance.record',
      () => !this.acceptances.some((a) => a.subjectId === subjectId && a.version === acceptance.version),
      () => this.acceptances.push({ ...acceptance, subjectId }),
    );
  }

  async entries(subjectId: string): Promise<ConsentEntry[]> {
    return this.choices.filter((e) => e.subjectId === subjectId).map(({ subjectId: _s, ...e }) => e);
  }

  async latest(subjectId: string, purpose: ConsentPurpose): Promise<ConsentEntry | undefined> {
    return (await this.entries(subjectId)).filter((e) => e.purpose === purpose).at(-1);
  }
}

export class MemoryPolicies implements PolicyStore {
  readonly versions = new Map<number, PolicyVersion>();

  async all(): Promise<PolicyVersion[]> {
    return [...this.versions.values()].sort((a, b) => a.version - b.version);
  }

  async recent(): Promise<PolicyVersion[]> {
    return this.all();
  }

  create(version: PolicyVersion): MemoryWrite {
    return memoryWrite(
      'policy.create',
      () => !this.versions.has(version.version),
      () => this.versions.set(version.version, version),
    );
  }

  announce(version: number, effectiveAt: Date, at: Date): MemoryWrite {
    return memoryWrite(
      'policy.announce',
      () => this.versions.get(version)?.status === 'draft',
      () => {
        const draft = this.versions.get(version);
        if (draft)
          this.versions.set(version, {
            ...draft,
            status: 'announced',
            announcedAt: at.toISOString(),
            effectiveAt: effectiveAt.toISOString(),
          });
      },
    );
  }
}

export class MemoryEngagement implements EngagementStore {
  readonly batches: (EngagementBatch & { subjectId: string })[] = [];

  async record(subjectId: string, batch: EngagementBatch) {
    const write = memoryWrite(
      'engagement.record',
      () => !this.batches.some((b) => b.id === batch.id),
      () => this.batches.push({ ...batch, subjectId }),
    );
    return { write, expiresAt: addDays(new Date(batch.receivedAt), loadRetention({}).ENGAGEMENT_EVENT_TTL_DAYS) };
  }
}
