/**
 * Typed errors the domain and use cases raise. Each carries its problem kind (the suffix of the
 * RFC 9457 `type`) and the HTTP status; messages never contain personal values.
 */

export type ProblemKind =
  | 'validation'
  | 'unprocessable'
  | 'unsupported-media-type'
  | 'method-not-allowed'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'precondition-failed'
  | 'precondition-required'
  | 'consent-required'
  | 'reauthentication-required'
  | 'payload-too-large'
  | 'gone'
  | 'payment-declined'
  | 'unavailable'
  | 'internal';

export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

export abstract class AppError extends Error {
  abstract readonly kind: ProblemKind;
  abstract readonly status: number;
  abstract readonly title: string;
  /** Extra problem members (e.g. `requiredPolicyVersion`); never personal values. */
  readonly extensions: Record<string, unknown> = {};

  /** Adds problem members and returns the error itself, so `throw error.with({...})` reads as one step. */
  with(extensions: Record<string, unknown>): this {
    Object.assign(this.extensions, extensions);
    return this;
  }
}

const define = (kind: ProblemKind, status: number, title: string, name: string) =>
  class extends AppError {
    readonly kind = kind;
    readonly status = status;
    readonly title = title;
    constructor(detail: string = title) {
      super(detail);
      this.name = name;
    }
  };

export class ValidationError extends AppError {
  readonly kind = 'validation';
  readonly status = 400;
  readonly title = 'Request is not valid';
  constructor(
    detail: string,
    readonly errors: readonly FieldIssue[] = [],
  ) {
    super(detail);
    this.name = 'ValidationError';
  }
}

/** Well-formed but semantically unacceptable (e.g. accepting a policy version that is not in force). */
export class UnprocessableError extends AppError {
  readonly kind = 'unprocessable';
  readonly status = 422;
  readonly title = 'Request cannot be processed';
  constructor(
    detail: string,
    readonly errors: readonly FieldIssue[] = [],
  ) {
    super(detail);
    this.name = 'UnprocessableError';
  }
}

export class UnauthorizedError extends define('unauthorized', 401, 'Authentication required', 'UnauthorizedError') {}
export class ReauthenticationRequiredError extends define(
  'reauthentication-required',
  401,
  'Recent sign-in required',
  'ReauthenticationRequiredError',
) {}
export class ForbiddenError extends define('forbidden', 403, 'Forbidden', 'ForbiddenError') {}
/** A path that exists, called with a method it does not take; `allow` lists the ones it does. */
export class MethodNotAllowedError extends AppError {
  readonly kind = 'method-not-allowed';
  readonly status = 405;
  readonly title = 'Method not allowed';
  constructor(
    detail: string,
    readonly allow: readonly string[],
  ) {
    super(detail);
    this.name = 'MethodNotAllowedError';
  }
}
export class NotFoundError extends define('not-found', 404, 'Not found', 'NotFoundError') {}
export class ConflictError extends define('conflict', 409, 'Conflict', 'ConflictError') {}
export class GoneError extends define('gone', 410, 'Gone', 'GoneError') {}
export class PayloadTooLargeError extends define(
  'payload-too-large',
  413,
  'Payload too large',
  'PayloadTooLargeError',
) {}
export class UnsupportedMediaTypeError extends define(
  'unsupported-media-type',
  415,
  'Unsupported media type',
  'UnsupportedMediaTypeError',
) {}
export class PreconditionFailedError extends define(
  'precondition-failed',
  412,
  'Precondition failed',
  'PreconditionFailedError',
) {}
export class PreconditionRequiredError extends define(
  'precondition-required',
  428,
  'Precondition required',
  'PreconditionRequiredError',
) {}

/** A dependency (KMS, DynamoDB, the audit trail) cannot serve; the request changed nothing. */
export class UnavailableError extends define('unavailable', 503, 'Service unavailable', 'UnavailableError') {
  readonly retryAfterSeconds: number = 1;
}

/**
 * The payment processor cannot be reached or failed; nothing was charged or written. A processor
 * outage lasts longer than a lost DynamoDB race, so clients are asked to wait longer.
 */
export class PaymentUnavailableError extends UnavailableError {
  override readonly retryAfterSeconds: number = 10;
  constructor(
    detail = 'The payment processor is unavailable; nothing was charged and nothing was saved. Retry shortly.',
  ) {
    super(detail);
    this.name = 'PaymentUnavailableError';
  }
}

/**
 * The processor declined the payment (HTTP 402): nothing was written. `declineCode` is the
 * processor's reason category (`card_declined`, `insufficient_funds`…), never card data.
 */
export class PaymentDeclinedError extends AppError {
  readonly kind = 'payment-declined';
  readonly status = 402;
  readonly title = 'Payment declined';
  constructor(detail: string, declineCode?: string) {
    super(detail);
    this.name = 'PaymentDeclinedError';
    if (declineCode) this.extensions.declineCode = declineCode;
  }
}

/** A conflict the client can resolve with the facts it carries (`extensions`: ids, counts, amounts). */
export class ConflictWithFactsError extends AppError {
  readonly kind = 'conflict';
  readonly status = 409;
  readonly title = 'Conflict';
  constructor(detail: string, facts: Readonly<Record<string, string | number>>) {
    super(detail);
    this.name = 'ConflictWithFactsError';
    Object.assign(this.extensions, facts);
  }
}

export class ConsentRequiredError extends AppError {
  readonly kind = 'consent-required';
  readonly status = 403;
  readonly title = 'Consent required';
  constructor(detail: string, extensions: Record<string, unknown> = {}) {
    super(detail);
    this.name = 'ConsentRequiredError';
    Object.assign(this.extensions, extensions);
  }
}

/** The account was erased: tokens issued before the erasure may write nothing, registration included. */
export class SubjectErasedError extends define('gone', 410, 'Account erased', 'SubjectErasedError') {}

/** The subject's data key no longer exists (crypto-shredded): their ciphertext is unreadable for good. */
export class DataKeyShreddedError extends define('gone', 410, 'Personal data erased', 'DataKeyShreddedError') {}
