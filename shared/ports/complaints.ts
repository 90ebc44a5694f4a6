/**
 * Ports of the complaint area. TRANSITIONAL: typed by the adapter classes until the area is
 * converted to port interfaces (named writes, decoded reads).
 */
import type { ComplaintRepository } from '../adapters/dynamodb/complaint-repository';
import type { OfficerInbox } from '../adapters/dynamodb/officer-inbox';

export interface ComplaintPorts {
  readonly complaints: ComplaintRepository;
  readonly officerInbox: OfficerInbox;
}
