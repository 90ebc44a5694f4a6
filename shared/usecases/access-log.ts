/**
 * The access log a customer sees: audit records of their own chain — when, which role, what
 * action, for what purpose. Staff identities are not shown, only their role. Read through the same
 * `subjectTrail` as the auditor's view of the subject, so both show the same records, each with its
 * sequence number and whether a signed digest covers it yet.
 */
import type { AccessContext } from '../domain/access';
import type { Ports } from '../ports';
import type { Page } from '../ports/page';
import { type SignedThrough, subjectTrail } from './audit';

export interface AccessLogEntry {
  /** The record's place in the customer's chain. */
  readonly seq: number;
  readonly at: string;
  readonly actorRole: string;
  readonly byYou: boolean;
  readonly action: string;
  readonly resource: string;
  readonly purpose: string;
  readonly fields: readonly string[];
  readonly outcome: string;
  /** A digest signed this record (anyone can check the digest with the public key). */
  readonly signed: boolean;
}

export async function accessLog(
  deps: Pick<Ports, 'audit' | 'digests'>,
  page: Page,
  access: AccessContext,
): Promise<{ entries: AccessLogEntry[]; cursor?: string | undefined; signedThrough: SignedThrough | null }> {
  const subjectId = access.actor.id;
  const { records, cursor, signedThrough } = await subjectTrail(deps, subjectId, page);
  return {
    entries: records.map((r) => ({
      seq: r.seq,
      at: r.at,
      actorRole: r.actor.role,
      byYou: r.actor.id === subjectId,
      action: r.action,
      resource: r.resource,
      purpose: r.purpose,
      fields: r.fields,
      outcome: r.outcome,
      signed: signedThrough !== null && r.seq <= signedThrough.seq,
    })),
    ...(cursor && { cursor }),
    signedThrough,
  };
}
