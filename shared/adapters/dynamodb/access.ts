/** Who is reading or changing data, and why; every repository read of personal data takes one. */
import type { Role } from '../../domain/access';

export interface AccessContext {
  readonly actor: { readonly id: string; readonly role: Role };
  readonly purpose: string;
  readonly requestId: string;
}

/** A subject acting on their own data is not an internal use; anyone else's access is audited. */
export const isSelfAccess = (access: AccessContext, subjectId: string): boolean =>
  access.actor.role === 'customer' && access.actor.id === subjectId;
