/**
 * Ports of the account area. TRANSITIONAL: typed by the DynamoDB classes until the account area is
 * converted to port interfaces (named writes, decoded reads).
 */
import type { ConsentLedger } from '../adapters/dynamodb/consent-ledger';
import type { EngagementRepository } from '../adapters/dynamodb/engagement-repository';
import type { PolicyRepository } from '../adapters/dynamodb/policy-repository';
import type { ProfileRepository } from '../adapters/dynamodb/profile-repository';

export interface AccountPorts {
  readonly profiles: ProfileRepository;
  readonly consents: ConsentLedger;
  readonly policies: PolicyRepository;
  readonly engagement: EngagementRepository;
}
