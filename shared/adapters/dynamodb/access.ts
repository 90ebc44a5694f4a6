/** Who is reading or changing data, and why; every repository read of personal data takes one. */
import type { Role } from '../../domain/access';
import { ForbiddenError } from '../../domain/errors';

export interface AccessContext {
  readonly actor: { readonly id: string; readonly role: Role };
  readonly purpose: string;
  readonly requestId: string;
}

/** A subject acting on their own data is not an internal use; anyone else's access is audited. */
export const isSelfAccess = (access: AccessContext, subjectId: string): boolean =>
  access.actor.role === 'customer' && access.actor.id === subjectId;

/**
 * A subject who restricted processing may still read their own data; among staff only the privacy
 * officer may (to handle the restriction itself).
 */
export function assertMayReadRestricted(access: AccessContext, subjectId: string): void {
  if (isSelfAccess(access, subjectId) || access.actor.role === 'privacy-officer') return;
  throw new ForbiddenError('Processing of this customer’s data is restricted at their request.');
}
