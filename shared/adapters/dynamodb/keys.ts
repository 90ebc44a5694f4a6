/** Item key builders: every prefix used in the tables is spelled here once. */

export const subjectPk = (subjectId: string): string => `SUBJECT#${subjectId}`;

export const subjectKey = (subjectId: string) => ({ pk: subjectPk(subjectId) });

export const PROFILE_SK = 'PROFILE';
export const consentSk = (purpose: string, id: string): string => `CONSENT#${purpose}#${id}`;
export const CONSENT_PREFIX = 'CONSENT#';
export const policyAcceptanceSk = (version: number): string => `POLICY_ACCEPTANCE#${pad(version)}`;
export const engagementSk = (id: string): string => `ENGAGEMENT#${id}`;

export const POLICY_PK = 'POLICY';
export const policyVersionSk = (version: number): string => `VERSION#${pad(version)}`;
export const POLICY_VERSION_PREFIX = 'VERSION#';

export const AUDIT_HEAD_SK = 'HEAD';
export const auditRecordSk = (seq: number): string => `REC#${pad(seq, 12)}`;
export const AUDIT_RECORD_PREFIX = 'REC#';
/** Chain for events that concern no single subject (policy publication, for example). */
export const SYSTEM_CHAIN = 'SYSTEM';

function pad(n: number, width = 10): string {
  return String(n).padStart(width, '0');
}
