/**
 * The one rule for reading personal data, used by every repository read that opens sealed fields:
 * a subject reads their own freely; anyone else must act for a purpose their role serves, may not
 * read a subject who restricted processing (the privacy officer excepted), and the read is written
 * to the subject's audit chain before anything is decrypted or returned. Any failure — no purpose,
 * a restriction, an unwritable audit record — refuses the read (fail closed).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { type AccessContext, isSelfAccess, mayReadRestricted, roleServesPurpose } from '../../domain/access';
import { type AuditContext, auditEvent } from '../../domain/audit';
import { ForbiddenError } from '../../domain/errors';
import type { AuditLog } from '../../ports/audit';
import { type DynamoDeps, guarded } from './client';
import { PROFILE_SK, subjectPk } from './keys';

/** What a read touches: the audit record's action, resource and the sealed fields present. */
export interface PersonalRead {
  readonly action: string;
  readonly resource: string;
  readonly fields: readonly string[];
}

export class AuditedReads {
  constructor(private readonly deps: DynamoDeps & { readonly audit: () => AuditLog }) {}

  /**
   * Runs `open` (which decrypts) only after the checks and the audit record. `restricted` may be
   * passed when the caller already read the subject's profile; otherwise it is read here.
   */
  async read<T>(
    access: AccessContext,
    subjectId: string,
    what: PersonalRead,
    open: () => Promise<T>,
    restricted?: boolean,
  ): Promise<T> {
    if (isSelfAccess(access, subjectId)) return open();
    if (!roleServesPurpose(access.actor.role, access.purpose)) {
      throw new ForbiddenError('Reading personal data needs a purpose your role serves (X-Access-Purpose).');
    }
    if (!mayReadRestricted(access, subjectId) && (restricted ?? (await this.restricted(subjectId)))) {
      throw new ForbiddenError('Processing of this customer’s data is restricted at their request.');
    }
    await this.deps
      .audit()
      .append(auditEvent(access, { action: what.action, subjectId, resource: what.resource, fields: what.fields }));
    return open();
  }

  /**
   * A read by the system itself (a job writing to the subject): no role to check, but the record,
   * with the job as actor and its purpose, is written before `open` runs, as for any staff read.
   */
  async forSystem<T>(context: AuditContext, subjectId: string, what: PersonalRead, open: () => Promise<T>): Promise<T> {
    await this.deps
      .audit()
      .append(auditEvent(context, { action: what.action, subjectId, resource: what.resource, fields: what.fields }));
    return open();
  }

  /** Whether the subject restricted processing (their profile's flag; no profile, no restriction). */
  private async restricted(subjectId: string): Promise<boolean> {
    const { Item } = await guarded('Profiles', () =>
      this.deps.ddb.send(
        new GetCommand({
          TableName: this.deps.table,
          Key: { pk: subjectPk(subjectId), sk: PROFILE_SK },
          ProjectionExpression: 'restricted',
          ConsistentRead: true,
        }),
      ),
    );
    return Item?.restricted === true;
  }
}
