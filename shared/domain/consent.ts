/** The consent ledger: an append-only list of grants and withdrawals; the latest entry per purpose wins. */
import { CONSENT_PURPOSES, type ConsentPurpose } from './access';

export interface ConsentEntry {
  readonly id: string;
  readonly purpose: ConsentPurpose;
  readonly granted: boolean;
  /** The policy version in force for the subject when the choice was made. */
  readonly policyVersion: number;
  readonly at: string;
}

export interface ConsentState {
  readonly purpose: ConsentPurpose;
  readonly granted: boolean;
  readonly policyVersion: number | null;
  readonly at: string | null;
}

/** Current state per purpose; a purpose never chosen is not granted (consent is opt-in). */
export function currentConsents(entries: readonly ConsentEntry[]): ConsentState[] {
  return CONSENT_PURPOSES.map((purpose) => {
    const latest = entries.filter((e) => e.purpose === purpose).sort((a, b) => (a.id < b.id ? 1 : -1))[0];
    return latest
      ? { purpose, granted: latest.granted, policyVersion: latest.policyVersion, at: latest.at }
      : { purpose, granted: false, policyVersion: null, at: null };
  });
}
