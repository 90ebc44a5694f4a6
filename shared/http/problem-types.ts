/**
 * Every problem type the API answers with: its status, title, when it happens and what a client does
 * about it. docs/problems.md (one section per type, anchored by the kind), the page each type URI
 * resolves to (`GET /v1/problems/{type}`) and the OpenAPI document are generated from this list, and a test checks it against the domain's ProblemKind.
 */
import type { ProblemKind } from '../domain/errors';
import { PROBLEM_TYPE_BASE } from './problem';

export interface ProblemType {
  readonly status: number;
  readonly title: string;
  /** When the API answers it. */
  readonly when: string;
  /** What the client does about it. */
  readonly action: string;
  /** Members beyond type, title, status, detail and requestId. */
  readonly members?: string;
}

export const PROBLEMS = {
  validation: {
    status: 400,
    title: 'Request is not valid',
    when: 'A path, query, header or body value breaks its schema: an unknown or missing field, a wrong type, a parameter given twice, a malformed `If-Match`, a missing `Idempotency-Key` or `X-Access-Purpose`, a cursor this list did not issue to you.',
    action:
      'Fix the request; `errors` names each offending input by path (`body.items.0.quantity`, `query.cursor`, `headers.if-match`). Retrying unchanged fails again.',
    members: '`errors`: `[{ path, message }]` (never the value); `allowedPurposes` when the purpose header is missing.',
  },
  unprocessable: {
    status: 422,
    title: 'Request cannot be processed',
    when: 'The request is well formed but the rules refuse it: accepting a policy version that is not in force, a carrier that does not offer the service, a refund of more than was delivered, a time range the wrong way round.',
    action: 'Change what you ask for; `errors` names the input.',
    members: '`errors`.',
  },
  'unsupported-media-type': {
    status: 415,
    title: 'Unsupported media type',
    when: 'A body was sent without `Content-Type: application/json`.',
    action: 'Send JSON with that content type.',
  },
  unauthorized: {
    status: 401,
    title: 'Authentication required',
    when: 'A carrier event whose `X-Signature` is missing, stale or wrong. (A missing or refused token is answered by API Gateway itself: `{"message":"Unauthorized"}`, see docs/api.md.)',
    action: 'Sign the timestamp, the carrier and the raw body with that carrier’s own secret.',
  },
  'reauthentication-required': {
    status: 401,
    title: 'Recent sign-in required',
    when: 'Erasure asks for a sign-in within the last 15 minutes (`auth_time`).',
    action: 'Have the user sign in again, then repeat the request with the new token.',
  },
  forbidden: {
    status: 403,
    title: 'Forbidden',
    when: 'Your role may not call this route, the `X-Access-Purpose` you named is not one your role serves, the customer restricted processing, or an order cannot take this change.',
    action: 'Do not retry as is. A purpose refusal lists `allowedPurposes`.',
    members: '`allowedPurposes` on purpose refusals.',
  },
  'consent-required': {
    status: 403,
    title: 'Consent required',
    when: 'Recording engagement events while the `analytics` consent is not granted, or acting after a material policy change that the user has not accepted.',
    action:
      'Ask the user for the consent (`PUT /v1/me/consents/{purpose}`) or for acceptance of the new policy version (`POST /v1/me/policy-acceptances`).',
    members: '`requiredPolicyVersion` or `purpose`, when one is missing.',
  },
  'not-found': {
    status: 404,
    title: 'Not found',
    when: 'The resource does not exist, or is not yours (indistinguishable on purpose), or a path parameter is not a valid id. (A path with no route at all is API Gateway\'s `{"message":"Not Found"}`.)',
    action: 'Check the id; do not retry.',
  },
  'method-not-allowed': {
    status: 405,
    title: 'Method not allowed',
    when: 'A known path called with a method it does not take, e.g. `DELETE /v1/me`.',
    action: 'Use one of the methods in the `Allow` header.',
  },
  conflict: {
    status: 409,
    title: 'Conflict',
    when: 'The resource is in a state that forbids the change: registering twice, cancelling a shipped order, a second refund, deciding a closed request; an order for more units than are left, or whose `expectedTotal` is not what it costs now.',
    action:
      'Read the resource again and decide; retrying unchanged fails again. Orders say what changed: `sku` and `available`, or `currentTotal`.',
    members: '`sku` and `available` (out of stock), `currentTotal` and `currency` (the total changed).',
  },
  gone: {
    status: 410,
    title: 'Gone',
    when: "The export document expired, or the subject's personal data was erased (their key destroyed).",
    action: 'Request a new export; erased data cannot come back.',
  },
  'precondition-failed': {
    status: 412,
    title: 'Precondition failed',
    when: 'The `If-Match` entity tag is not the current version: someone changed the profile (or the product: every sale moves its version) since you read it.',
    action: 'GET it again, reapply your change, send the new `ETag`.',
  },
  'payment-declined': {
    status: 402,
    title: 'Payment declined',
    when: 'The payment processor refused to authorise the card for the order’s total (declined, insufficient funds, expired, needs authentication). No order was placed and no stock taken.',
    action:
      'Ask the customer for another payment method and place the order again (a new `Idempotency-Key`); `declineCode` is the processor’s reason category.',
    members: '`declineCode`.',
  },
  'payload-too-large': {
    status: 413,
    title: 'Payload too large',
    when: 'The body is over the functions\' limit (64 KiB by default). (Over 10 MB, API Gateway answers `{"message":"Request Entity Too Large"}`.)',
    action: 'Send less: split engagement batches, shorten texts.',
  },
  'precondition-required': {
    status: 428,
    title: 'Precondition required',
    when: 'Changing the profile, or replacing a product that exists, without `If-Match`.',
    action: 'Send `If-Match` with the `ETag` from the last read (`GET /v1/me`, `GET /v1/products/{sku}`).',
  },
  unavailable: {
    status: 503,
    title: 'Service unavailable',
    when: 'A dependency (DynamoDB, KMS, a secret, the payment processor) could not serve; nothing was changed.',
    action:
      'Retry after `Retry-After` seconds, with backoff; writes are safe to retry (orders with the same `Idempotency-Key`).',
  },
  internal: {
    status: 500,
    title: 'Internal error',
    when: 'An unexpected failure. The response says nothing about it; the logs have the request id.',
    action: 'Retry later; quote `requestId` to support if it persists.',
  },
} as const satisfies Record<ProblemKind, ProblemType>;

export const problemTypeUri = (kind: ProblemKind): string => `${PROBLEM_TYPE_BASE}${kind}`;
