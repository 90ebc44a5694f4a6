/**
 * The audit record and its hash chain. Pure: the repository stores records; this module decides
 * what a record holds, how it is hashed and whether a chain is intact. A record names fields and
 * purposes, never personal values.
 */
import { createHash } from 'node:crypto';
import type { Role } from './access';
import { addDays } from './time';

export const GENESIS_HASH = '0'.repeat(64);

/**
 * The chain of events that concern no single subject (policy versions, the auditors' own reads of
 * the trail as a whole).
 */
export const SYSTEM_CHAIN = 'SYSTEM';

export type AuditOutcome = 'success' | 'denied' | 'failure';

/** What the caller states about an event; the trail adds sequence, time and hashes. */
export interface AuditEvent {
  readonly actor: { readonly id: string; readonly role: Role | 'system' };
  /** Dotted verb, e.g. `profile.register`, `profile.read`, `consent.change`. */
  readonly action: string;
  /** The subject whose chain records it (or the system chain). */
  readonly subjectId: string;
  /** The resource touched, by kind and opaque id (`profile`, `order/01J…`). */
  readonly resource: string;
  readonly purpose: string;
  /** Attribute names touched; values are never recorded. */
  readonly fields: readonly string[];
  readonly outcome: AuditOutcome;
  readonly requestId: string;
  /** Small non-personal facts, e.g. `{ purpose: 'analytics', granted: true }` for a consent change. */
  readonly details?: Readonly<Record<string, string | number | boolean>>;
}

/**
 * Who acts, why and in which request or run: a request's AccessContext, or a job's system context
 * (`{ actor: { id: 'retention-sweep', role: 'system' }, purpose, requestId: <run id> }`).
 */
export interface AuditContext {
  readonly actor: AuditEvent['actor'];
  readonly purpose: string;
  readonly requestId: string;
}

/** What happened, to which subject and resource; the context supplies who, why and the request. */
export interface AuditFact {
  readonly action: string;
  readonly subjectId: string;
  readonly resource: string;
  /** Attribute names touched (never values). @default [] */
  readonly fields?: readonly string[];
  readonly details?: AuditEvent['details'];
  /** Overrides the context's purpose (e.g. the purpose a complaint is handled under). */
  readonly purpose?: string;
  /** @default 'success' */
  readonly outcome?: AuditOutcome;
}

/** The one way to build an audit event: the context's actor, purpose and request id, and the fact. */
export function auditEvent(context: AuditContext, fact: AuditFact): AuditEvent {
  return {
    actor: context.actor,
    action: fact.action,
    subjectId: fact.subjectId,
    resource: fact.resource,
    purpose: fact.purpose ?? context.purpose,
    fields: fact.fields ?? [],
    outcome: fact.outcome ?? 'success',
    requestId: context.requestId,
    ...(fact.details && { details: fact.details }),
  };
}

/** The context of a scheduled job's run: a system actor named after the job. */
export const systemContext = (job: string, purpose: string, runId: string): AuditContext => ({
  actor: { id: job, role: 'system' },
  purpose,
  requestId: runId,
});

export interface AuditRecord extends AuditEvent {
  readonly seq: number;
  readonly id: string;
  readonly at: string;
  readonly prevHash: string;
  readonly hash: string;
}

/** Deterministic JSON: keys sorted at every level, so the hash does not depend on key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function hashRecord(record: Omit<AuditRecord, 'hash'>): string {
  const { seq, id, at, prevHash, actor, action, subjectId, resource, purpose, fields, outcome, requestId, details } =
    record;
  const content = {
    seq,
    id,
    at,
    prevHash,
    actor,
    action,
    subjectId,
    resource,
    purpose,
    fields,
    outcome,
    requestId,
    details,
  };
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/** Builds the next record of a chain whose head is `head` (undefined for an empty chain). */
export function chainRecord(
  event: AuditEvent,
  head: { seq: number; hash: string } | undefined,
  meta: { id: string; at: Date },
): AuditRecord {
  const unhashed = {
    ...event,
    seq: (head?.seq ?? 0) + 1,
    id: meta.id,
    at: meta.at.toISOString(),
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  return { ...unhashed, hash: hashRecord(unhashed) };
}

/** A chain's position: its last sequence number and that record's hash (a head, or what a digest signed). */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

/**
 * What can be wrong with a chain, each named at the sequence number where it shows:
 * - `hash-mismatch`: the record does not hash to its stored hash (rewritten in place);
 * - `broken-link`: the record does not name the previous record's hash (one of them was replaced);
 * - `missing-record`: a sequence number is absent (removed from the middle, or from the old end
 *   before the retention period ended);
 * - `head-mismatch`: the head item does not point at the last record (head moved or tail removed);
 * - `truncated`: a digest signed the chain up to a later record than the store holds (tail removed,
 *   head rolled back);
 * - `signed-head-mismatch`: the record a digest signed has another hash now (the chain up to it was
 *   rewritten and re-hashed);
 * - `chain-missing`: a digest signed the chain, the store holds nothing of it (chain deleted);
 * - `invalid-floor`: the kept copy of the last expired record does not hash, or is younger than the
 *   retention period (expiry forged to hide a removal).
 */
export const CHAIN_PROBLEMS = {
  'hash-mismatch': 'the record was rewritten: it no longer hashes to its stored hash',
  'broken-link': 'the record does not follow the one before it: one of them was replaced',
  'missing-record': 'a record was removed (a gap in the sequence, not explained by the retention floor)',
  'head-mismatch': 'the chain head does not point at the last record: the head or the tail was altered',
  truncated: 'records a digest signed are gone: the tail was removed and the head rolled back',
  'signed-head-mismatch': 'the record a digest signed hashes differently now: the chain was rewritten and re-hashed',
  'chain-missing': 'a digest signed this chain but the store holds none of it: the chain was deleted',
  'invalid-floor': 'the retention floor is forged: its record does not hash or is not past the retention period',
} as const;

export type ChainProblemKind = keyof typeof CHAIN_PROBLEMS;

export interface ChainProblem {
  readonly seq: number;
  readonly problem: ChainProblemKind;
}

export interface ChainVerification {
  /** The chain: a subject id, or the system chain. */
  readonly subjectId: string;
  readonly valid: boolean;
  /** Records re-hashed. */
  readonly records: number;
  readonly problems: readonly ChainProblem[];
}

/** One chain as stored: records in sequence order, its head item, and the retention floor if records expired. */
export interface StoredChain {
  readonly subjectId: string;
  /** The whole stored chain, or (incremental) every record after `ChainCheck.from`. */
  readonly records: readonly AuditRecord[];
  readonly head: ChainHead | undefined;
  /** The last record removed at the end of the retention period, kept whole so its hash can be checked. */
  readonly floor: AuditRecord | undefined;
  /** Sequence numbers of stored items that are not audit records at all any more (rewritten beyond recognition). */
  readonly unreadable?: readonly number[];
}

/** What a stored chain is checked against. */
export interface ChainCheck {
  /** Start after this position (a position signed and verified before); genesis when absent. */
  readonly from?: ChainHead | undefined;
  /** The chain's latest position signed by a digest; absent when no digest covers it yet. */
  readonly signed?: ChainHead | undefined;
  /** Records at or after this instant cannot have expired yet (now − the audit retention period). */
  readonly retentionFloor: Date;
}

/** The instant before which audit records may have expired: `now` less the audit retention period. */
export const retentionFloor = (now: Date, retentionDays: number): Date => addDays(now, -retentionDays);

/** Re-hashes a record and compares it with its stored hash. */
export function recordIntact(record: AuditRecord): boolean {
  const { hash, ...rest } = record;
  return hashRecord(rest) === hash;
}

/**
 * Checks a stored chain: every record re-hashed and linked to the one before, no sequence gap, the
 * head on the last record, and — when a digest signed the chain — the signed record still there with
 * the signed hash. Because each hash covers the previous one, the signed head vouches for every
 * record up to it: rewriting any of them, even re-hashing the rest, changes the record at the signed
 * sequence. Records missing at the old end are accepted only when the retention floor explains them:
 * the kept copy of the last expired record hashes, is older than `retentionFloor`, and the first
 * stored record links to it.
 */
export function verifyChain(stored: StoredChain, check: ChainCheck): ChainVerification {
  const problems: ChainProblem[] = [];
  const found = (seq: number, problem: ChainProblemKind) => problems.push({ seq, problem });
  const { records, head } = stored;
  const { signed } = check;
  const result = (): ChainVerification => ({
    subjectId: stored.subjectId,
    valid: problems.length === 0,
    records: records.length,
    problems,
  });
  if (records.length === 0 && !head && !stored.floor) {
    if (signed) found(check.from ? check.from.seq + 1 : 1, 'chain-missing');
    return result();
  }

  let position: ChainHead = check.from ?? { seq: 0, hash: GENESIS_HASH };
  const floor = usableFloor(stored.floor, position, check.retentionFloor, found);
  const unreadable = new Set(stored.unreadable);
  for (const seq of unreadable) if (seq > position.seq) found(seq, 'hash-mismatch');
  for (const record of records) {
    if (record.seq <= position.seq) continue;
    // Unknown: the item before this one is unreadable (already reported), so there is no hash to link to.
    let linkable = true;
    if (record.seq > position.seq + 1) {
      const missing = firstMissing(position.seq + 1, record.seq - 1, unreadable);
      // The old end may have expired: the floor is the last removed record, and this one follows it.
      if (floor && record.seq === floor.seq + 1 && floor.seq > position.seq) position = floor;
      else if (missing === undefined) linkable = false;
      else found(missing, 'missing-record');
    }
    if (!recordIntact(record)) found(record.seq, 'hash-mismatch');
    else if (linkable && record.seq === position.seq + 1 && record.prevHash !== position.hash)
      found(record.seq, 'broken-link');
    if (signed && record.seq === signed.seq && record.hash !== signed.hash) found(record.seq, 'signed-head-mismatch');
    position = { seq: record.seq, hash: record.hash };
  }
  // Every record expired: the floor is where the chain now ends.
  if (records.length === 0 && floor && floor.seq > position.seq) position = floor;

  if (signed && position.seq < signed.seq) found(position.seq + 1, 'truncated');
  if (!head || head.seq !== position.seq || head.hash !== position.hash)
    found(head?.seq ?? position.seq, 'head-mismatch');
  return result();
}

/** The first sequence number in [from, to] that is not an unreadable item (undefined if every one is). */
function firstMissing(from: number, to: number, unreadable: ReadonlySet<number>): number | undefined {
  for (let seq = from; seq <= to; seq++) if (!unreadable.has(seq)) return seq;
  return undefined;
}

/** The floor as a chain position, if it is genuine (hashes, expired) and beyond `position`; a forged one is a problem. */
function usableFloor(
  floor: AuditRecord | undefined,
  position: ChainHead,
  retentionFloor: Date,
  found: (seq: number, problem: ChainProblemKind) => void,
): ChainHead | undefined {
  if (!floor || floor.seq <= position.seq) return undefined;
  if (!recordIntact(floor) || new Date(floor.at) >= retentionFloor) {
    found(floor.seq, 'invalid-floor');
    return undefined;
  }
  return { seq: floor.seq, hash: floor.hash };
}
