/** Turns zod issues into the `errors` member of a problem: a path and a message, never the value. */
import type { z } from 'zod';
import type { FieldIssue } from '../domain/errors';

export function issuesOf(error: z.ZodError, root: string): FieldIssue[] {
  return error.issues.slice(0, 20).map((issue) => ({
    path: [root, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}
