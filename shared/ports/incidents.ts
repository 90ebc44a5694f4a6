/**
 * Ports of the breach workflow: incidents (the description sealed, the rest in the clear for the
 * officers' queue and the auditors' register) and the subjects each affects. Methods that prepare a
 * change return a named `Write` for the unit of work; the names are listed with each method.
 */
import type { Incident, IncidentStatus, RecordedDecision } from '../domain/incident';
import type { Page } from './page';
import type { Write } from './unit-of-work';

export interface IncidentStore {
  /** `incident.create`: the incident, queued as `open` by its decision due time, its description sealed under its own key. */
  create(incident: Incident, description: string): Promise<Write>;
  /** `incident.subject`: one affected subject of the incident; writing it again changes nothing. */
  addSubject(incidentId: string, subjectId: string, at: Date): Write;
  /** `incident.decide`: records the authority decision; fails unless the incident is still `open`. */
  decide(incident: Incident, decision: RecordedDecision): Write;
  /** The incident without its description: no key, no audit. */
  summary(incidentId: string): Promise<Incident | undefined>;
  /** The description, opened with the incident's key: callers record the read first. */
  description(incidentId: string): Promise<string | undefined>;
  /** The officers' queue over `statuses`, soonest decision due first; with `dueBefore`, only those due before it. */
  queue(
    statuses: readonly IncidentStatus[],
    page: Page & { readonly dueBefore?: Date | undefined },
  ): Promise<{ incidents: Incident[]; cursor?: string | undefined }>;
  /** Every incident, newest opened first: the register. */
  register(page: Page): Promise<{ incidents: Incident[]; cursor?: string | undefined }>;
  /** The incident's affected subject ids, a page at a time, in id order. */
  subjects(incidentId: string, page: Page): Promise<{ subjectIds: string[]; cursor?: string | undefined }>;
}

export interface IncidentPorts {
  readonly incidents: IncidentStore;
}
