/**
 * Ports of the breach workflow: incidents (the description sealed, the rest in the clear for the
 * officers' queue and the auditors' register) and the subjects each affects. Methods that prepare a
 * change return a named `Write` for the unit of work; the names are listed with each method.
 */
import type { Incident, IncidentStatus, NoticeRun, RecordedDecision } from '../domain/incident';
import type { Page } from './page';
import type { Write } from './unit-of-work';

export interface IncidentStore extends IncidentNotices {
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
  /** How many subject items the incident has (a consistent count of its partition). */
  countSubjects(incidentId: string): Promise<number>;
  /** `incident.count`: sets the incident's subject count. */
  setSubjectCount(incidentId: string, count: number): Write;
  /** The incident's affected subject ids, a page at a time, in id order. */
  subjects(incidentId: string, page: Page): Promise<{ subjectIds: string[]; cursor?: string | undefined }>;
}

/** Where one subject of an incident stands with its notice. */
export interface SubjectNoticeState {
  readonly subjectId: string;
  /** The in-app notice and its audit record are written. */
  readonly notifiedAt?: string | undefined;
  /** When a run last took on this subject's mail. */
  readonly mailClaimedAt?: string | undefined;
}

/** The notice run of an incident (`incident.notices.*` writes) and each subject's progress through it. */
export interface IncidentNotices {
  /** `incident.notices.start`: the incident's one notice run, queued as `sending`; fails if it exists. */
  startNotices(incident: Incident, run: NoticeRun): Write;
  /** The run, or none if notices were never started. */
  noticeRun(incidentId: string): Promise<NoticeRun | undefined>;
  /** Ids of the incidents whose notice run is still `sending`, oldest first. */
  sendingNoticeRuns(): Promise<string[]>;
  /** A page of the incident's subjects whose mail is not yet recorded (those told and mailed are left out). */
  subjectsToTell(
    incidentId: string,
    page: Page,
  ): Promise<{ subjects: SubjectNoticeState[]; cursor?: string | undefined }>;
  /** `incident.subject.notified`: marks the subject told and its mail claimed, and counts it; fails if it was told already. */
  markNotified(incidentId: string, subjectId: string, at: Date): Write;
  /** `incident.subject.mail-claim`: takes the subject's mail over from `previousClaim`; fails if another run did, or it is recorded. */
  claimMail(incidentId: string, subjectId: string, previousClaim: string | undefined, at: Date): Write;
  /** `incident.subject.mailed`: records the mail's outcome and counts it; fails if it is recorded already. */
  markMailed(incidentId: string, subjectId: string, outcome: 'sent' | 'unreachable', at: Date): Write;
  /** `incident.notices.complete`: fails unless the run is `sending` at `generation` (no subjects added since it was read). */
  completeNotices(incidentId: string, generation: number, at: Date): Write;
  /** `incident.notices.reopen`: subjects were added: the run is `sending` again at the next generation. */
  reopenNotices(run: NoticeRun): Write;
}

export interface IncidentPorts {
  readonly incidents: IncidentStore;
}
