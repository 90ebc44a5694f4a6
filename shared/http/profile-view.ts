/** The profile as the subject sees it, and its ETag (the record version). */
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

/** Parses `If-Match`: a strong or weak quoted version, or `*`; undefined when absent or unusable. */
export function versionFromIfMatch(header: string | undefined): number | '*' | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === '*') return '*';
  const match = /^(?:W\/)?"(\d{1,15})"$/.exec(value);
  return match?.[1] ? Number(match[1]) : undefined;
}
