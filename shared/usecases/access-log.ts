/**
 * The access log a customer sees: audit records of their own chain — when, which role, what
 * action, for what purpose. Staff identities are not shown, only their role.
 */
import type { AccessContext } from '../domain/access';
import type { Ports } from '../ports';
import type { Page } from '../ports/page';

export interface AccessLogEntry {
  readonly at: string;
  readonly actorRole: string;
  readonly byYou: boolean;
  readonly action: string;
  readonly resource: string;
  readonly purpose: string;
  readonly fields: readonly string[];
  readonly outcome: string;
}

export async function accessLog(
  deps: Pick<Ports, 'audit'>,
  page: Page,
  access: AccessContext,
): Promise<{ entries: AccessLogEntry[]; cursor?: string | undefined }> {
  const subjectId = access.actor.id;
  const { records, cursor } = await deps.audit.list(subjectId, page);
  return {
    entries: records.map((r) => ({
      at: r.at,
      actorRole: r.actor.role,
      byYou: r.actor.id === subjectId,
      action: r.action,
      resource: r.resource,
      purpose: r.purpose,
      fields: r.fields,
      outcome: r.outcome,
    })),
    ...(cursor && { cursor }),
  };
}
