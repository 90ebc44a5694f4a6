/**
 * Ports of the account area. TRANSITIONAL: profiles, consents and engagement are typed by the
 * DynamoDB classes until they are converted to port interfaces (named writes, decoded reads).
 */
import type { ConsentLedger } from '../adapters/dynamodb/consent-ledger';
import type { EngagementRepository } from '../adapters/dynamodb/engagement-repository';
import type { ProfileRepository } from '../adapters/dynamodb/profile-repository';
import type { PolicyVersion } from '../domain/policy';
import type { Write } from './unit-of-work';

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

export interface AccountPorts {
  readonly profiles: ProfileRepository;
  readonly consents: ConsentLedger;
  readonly policies: PolicyStore;
  readonly engagement: EngagementRepository;
}
