/**
 * Who may do what: the roles from `cognito:groups`, the purposes a staff read can name, and the
 * consent purposes a customer can grant. Declared once; the HTTP layer and the audit trail use it.
 */

export const ROLES = ['customer', 'support', 'fulfillment', 'privacy-officer', 'auditor', 'catalogue-manager'] as const;
export type Role = (typeof ROLES)[number];

export const STAFF_ROLES = [
  'support',
  'fulfillment',
  'privacy-officer',
  'auditor',
  'catalogue-manager',
] as const satisfies readonly Role[];
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Purposes a staff member names in `X-Access-Purpose`; each role serves only its own. */
export const ACCESS_PURPOSES = {
  support: ['customer_support', 'refund_handling', 'identity_verification'],
  fulfillment: ['shipping'],
  'privacy-officer': ['privacy_request', 'complaint_handling'],
  auditor: ['audit'],
  // Products and stock hold no personal data: the purpose is recorded, never needed to unlock a read.
  'catalogue-manager': ['catalogue_management'],
} as const satisfies Record<StaffRole, readonly string[]>;

/** Purpose recorded when subjects act on their own data (self-service). */
export const SELF_SERVICE_PURPOSE = 'self_service';

/** Optional processing a customer grants or withdraws; core order processing rests on the accepted policy. */
export const CONSENT_PURPOSES = ['analytics', 'service_improvement'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/** True when `purpose` is one the role serves. Customers never name purposes. */
export function roleServesPurpose(role: Role, purpose: string): boolean {
  if (role === 'customer') return false;
  return (ACCESS_PURPOSES[role] as readonly string[]).includes(purpose);
}

/**
 * Roles from a JWT's `cognito:groups` claim. API Gateway's JWT authorizer flattens array claims
 * into a string like `[support auditor]`, separated by spaces only (group names cannot contain
 * whitespace but may contain commas: `[x,support]` is the one group `x,support`, not `support`);
 * tokens seen directly carry a real array. No known group means `customer`; unknown group names
 * are ignored, never promoted.
 */
export function rolesFromGroupsClaim(claim: unknown): Role[] {
  let groups: string[] = [];
  if (Array.isArray(claim)) groups = claim.map(String);
  else if (typeof claim === 'string') groups = claim.replace(/^\[|\]$/g, '').split(/\s+/);
  const roles = [...new Set(groups.map((g) => g.trim()).filter(isRole))];
  return roles.length > 0 ? roles : ['customer'];
}

/** Who is reading or changing data, and why; every read of personal data and every change takes one. */
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
export const mayReadRestricted = (access: AccessContext, subjectId: string): boolean =>
  isSelfAccess(access, subjectId) || access.actor.role === 'privacy-officer';
