/** RFC 9457 problem details: the one shape every error response takes. */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { FieldIssue, ProblemKind } from '../domain/errors';

/**
 * Problem type URIs are absolute-path references (RFC 9457 §3.1.1): the same string in every
 * deployment, resolved against the API's own origin to `GET /v1/problems/{type}`, which documents
 * the type. See docs/decisions/0046-problem-types-resolve-on-the-api.md.
 */
export const PROBLEM_TYPE_BASE = '/v1/problems/';
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
