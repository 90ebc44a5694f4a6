/**
 * Ports of the privacy-request area. TRANSITIONAL: typed by the adapter classes until the area is
 * converted to port interfaces (named writes, decoded reads).
 */
import type { SubjectKeyring } from '../adapters/crypto/subject-keyring';
import type { ExportStore } from '../adapters/dynamodb/export-store';
import type { PrivacyRequestRepository } from '../adapters/dynamodb/privacy-request-repository';
import type { SubjectCatalogue } from '../adapters/dynamodb/subject-catalogue';
import type { IdentityDirectory } from '../adapters/identity-directory';

export interface PrivacyPorts {
  readonly privacyRequests: PrivacyRequestRepository;
  readonly exports: ExportStore;
  readonly catalogue: SubjectCatalogue;
  readonly identity: IdentityDirectory;
  readonly keyring: SubjectKeyring;
}
