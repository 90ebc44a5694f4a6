/** The profile as the subject sees it, and its ETag (the record version). */
import { ValidationError } from '../domain/errors';
import type { Profile } from '../domain/profile';

export const profileView = (p: Profile) => ({
  subjectId: p.subjectId,
  name: p.name,
  email: p.email,
  ...(p.phone !== undefined && { phone: p.phone }),
  addresses: p.addresses,
  acceptedPolicyVersion: p.acceptedPolicyVersion,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});

export const etagOf = (p: Profile): string => `"${p.version}"`;

/**
 * Parses `If-Match`: a strong or weak quoted version, or `*`; undefined when absent. A value that is
 * sent but is no entity tag (`If-Match: 1`, unquoted) is a 400 naming the header, not a 428 asking
 * for a header the client did send.
 */
export function versionFromIfMatch(header: string | undefined): number | '*' | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const value = header.trim();
  if (value === '*') return '*';
  const match = /^(?:W\/)?"(\d{1,15})"$/.exec(value);
  if (!match?.[1]) {
    throw new ValidationError('If-Match must be the entity tag from ETag, quotes included (e.g. "3"), or *.', [
      { path: 'headers.if-match', message: 'Not an entity tag' },
    ]);
  }
  return Number(match[1]);
}
