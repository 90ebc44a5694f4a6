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

/**
 * What is collected under each consent purpose. Such data is readable only while its consent is
 * granted (`mayRead`), and a withdrawal deletes it (the retention sweep, within a day). Nothing is
 * collected under `service_improvement` yet: a feature that starts to must list its data here.
 */
export const CONSENT_BOUND_DATA = {
  analytics: ['engagement'],
  service_improvement: [],
} as const satisfies Record<ConsentPurpose, readonly string[]>;

/** A kind of data collected under some consent. */
export type ConsentBoundKind = (typeof CONSENT_BOUND_DATA)[ConsentPurpose][number];

/** The purpose `kind` was collected under. */
export function purposeOf(kind: ConsentBoundKind): ConsentPurpose {
  const purpose = CONSENT_PURPOSES.find((p) => (CONSENT_BOUND_DATA[p] as readonly string[]).includes(kind));
  if (!purpose) throw new Error(`No consent purpose lists ${kind}`);
  return purpose;
}

/**
 * The consent gate: data of `kind` may be read only while the consent it was collected under is
 * granted now. No consent, no data — for every reader, the subject's own export included: after a
 * withdrawal the data is only waiting to be deleted.
 */
export function mayRead(kind: ConsentBoundKind, consents: readonly ConsentState[]): boolean {
  const purpose = purposeOf(kind);
  return consents.some((c) => c.purpose === purpose && c.granted);
}
