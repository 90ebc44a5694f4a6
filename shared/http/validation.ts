/** Turns zod issues into the `errors` member of a problem: a path and a message, never the value. */
import type { z } from 'zod';
import type { FieldIssue } from '../domain/errors';

const MAX_ISSUES = 20;
/** A path segment is echoed up to this many characters: a client's 5 KB key name is not sent back whole. */
export const MAX_ECHOED_SEGMENT = 64;

/**
 * One issue per offending field. zod reports unknown keys of a strict object as one issue at the
 * object's own path; a client fixing its request needs each key's path (`body.cardNumber`).
 */
export function issuesOf(error: z.ZodError, root: string): FieldIssue[] {
  return error.issues
    .flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({ path: pathOf(root, [...issue.path, key]), message: 'Unknown field' }))
        : [{ path: pathOf(root, issue.path), message: issue.message }],
    )
    .slice(0, MAX_ISSUES);
}

const pathOf = (root: string, path: readonly PropertyKey[]): string =>
  [root, ...path.map((segment) => capped(String(segment)))].join('.');

const capped = (segment: string): string =>
  segment.length <= MAX_ECHOED_SEGMENT ? segment : `${segment.slice(0, MAX_ECHOED_SEGMENT)}…`;

/**
 * Names given more than once in a query string. API Gateway joins repeated parameters with a comma
 * (`limit=5&limit=9` arrives as `limit: "5,9"`), which would otherwise be reported as a bad value.
 */
export function repeatedParameters(rawQueryString: string | undefined): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const name of new URLSearchParams(rawQueryString ?? '').keys()) {
    if (seen.has(name)) repeated.add(name);
    seen.add(name);
  }
  return [...repeated];
}
