/** RFC 9457 problem details: the one shape every error response takes. */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { FieldIssue, ProblemKind } from '../domain/errors';

export const PROBLEM_TYPE_BASE = 'https://privacy-orders.example/problems/';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly requestId: string;
  readonly errors?: readonly FieldIssue[];
  readonly [extension: string]: unknown;
}

export function problemResponse(
  kind: ProblemKind,
  status: number,
  title: string,
  detail: string,
  requestId: string,
  extra: {
    errors?: readonly FieldIssue[];
    extensions?: Record<string, unknown>;
    headers?: Record<string, string>;
  } = {},
): APIGatewayProxyStructuredResultV2 {
  const problem: Problem = {
    ...extra.extensions,
    type: `${PROBLEM_TYPE_BASE}${kind}`,
    title,
    status,
    detail,
    requestId,
    ...(extra.errors && extra.errors.length > 0 && { errors: extra.errors }),
  };
  return {
    statusCode: status,
    headers: {
      'content-type': PROBLEM_CONTENT_TYPE,
      'cache-control': 'no-store',
      'x-request-id': requestId,
      ...extra.headers,
    },
    body: JSON.stringify(problem),
  };
}
