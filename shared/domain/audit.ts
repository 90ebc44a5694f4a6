/**
 * The audit record and its hash chain. Pure: the repository stores records; this module decides
 * what a record holds, how it is hashed and whether a chain is intact. A record names fields and
 * purposes, never personal values.
 */
import { createHash } from 'node:crypto';
import type { Role } from './access';

export const GENESIS_HASH = '0'.repeat(64);

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

export interface ChainProblem {
  readonly seq: number;
  readonly problem: 'hash-mismatch' | 'broken-link' | 'missing-record' | 'head-mismatch';
}

export interface ChainVerification {
  readonly subjectId: string;
  readonly valid: boolean;
  readonly records: number;
  readonly problems: readonly ChainProblem[];
}

/**
 * Checks a chain given its records in sequence order and its head. Detects an edited record (its
 * hash), a removed record in the middle (a gap or broken link) and a removed tail (the head).
 */
export function verifyChain(
  subjectId: string,
  records: readonly AuditRecord[],
  head: { seq: number; hash: string } | undefined,
): ChainVerification {
  const problems: ChainProblem[] = [];
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  for (const record of records) {
    if (record.seq !== expectedSeq) problems.push({ seq: expectedSeq, problem: 'missing-record' });
    const { hash, ...rest } = record;
    if (hashRecord(rest) !== hash) problems.push({ seq: record.seq, problem: 'hash-mismatch' });
    else if (record.prevHash !== prevHash) problems.push({ seq: record.seq, problem: 'broken-link' });
    expectedSeq = record.seq + 1;
    prevHash = hash;
  }
  const last = records.at(-1);
  if ((head?.seq ?? 0) !== (last?.seq ?? 0) || (head && head.hash !== last?.hash)) {
    problems.push({ seq: head?.seq ?? 0, problem: 'head-mismatch' });
  }
  return { subjectId, valid: problems.length === 0, records: records.length, problems };
}
