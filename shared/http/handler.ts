/**
 * The HTTP handler stack every API function uses. Middleware first, handler last:
 * request id and logging context, then problem+json for every error, then parsing, strict
 * validation and authorisation, so the function body receives only a typed, authorised request.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { recordVisit } from '../adapters/activity';
import { logger } from '../adapters/logger';
import { SecretSource } from '../adapters/secrets';
import { ConfigError, type SecretLocation } from '../config';
import type { AccessContext } from '../domain/access';
import {
  ACCESS_PURPOSES,
  type Role,
  roleServesPurpose,
  rolesFromGroupsClaim,
  SELF_SERVICE_PURPOSE,
} from '../domain/access';
import {
  AppError,
  type FieldIssue,
  ForbiddenError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  UnauthorizedError,
  UnavailableError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../domain/errors';
import { type CursorBinding, CursorSeal } from './cursor';
import { problemResponse } from './problem';
import type { RouteDefinition } from './route';
import { issuesOf, repeatedParameters } from './validation';

export interface Caller {
  readonly subjectId: string;
  /** The caller's role for this route: the first of their groups the route admits. */
  readonly role: Role;
  /** When the user last signed in (epoch seconds), from `auth_time`. */
  readonly authTime?: number | undefined;
}

export interface HttpRequest<B, Q, P> {
  readonly body: B;
  /** The body exactly as received (after base64 decoding), for signature checks. */
  readonly rawBody: string;
  readonly query: Q;
  readonly params: P;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly requestId: string;
  /** Present on every `jwt` route. */
  readonly caller: Caller;
  /** Who acts and why, for repositories and the audit trail. */
  readonly access: AccessContext;
}

export interface HttpResult {
  readonly status: number;
  readonly body?: unknown;
  /** A body already serialised (a part of a stored JSON document), sent as is; its content type goes in `headers`. */
  readonly text?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RequestSchemas<B, Q, P> {
  readonly body?: z.ZodType<B>;
  readonly query?: z.ZodType<Q>;
  readonly params?: z.ZodType<P>;
  /** Accept a body without parsing it (the function verifies a signature over it first). */
  readonly rawBody?: true;
}

export interface HandlerOptions {
  /** Largest accepted body in bytes. */
  readonly maxBodyBytes: number;
  /** The secret page cursors are sealed with; required by routes that page (`?cursor=`). */
  readonly cursorSecret?: SecretLocation | undefined;
}

type Event = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2['requestContext'] & {
    authorizer?: { jwt?: { claims?: Record<string, unknown> } };
  };
};

export type ApiHandler = ((
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>) & {
  /**
   * The schemas the handler validates its input with: the OpenAPI document is generated from these
   * very objects (contract/), so what is documented is what is enforced.
   */
  readonly schemas: RequestSchemas<unknown, unknown, unknown>;
};

const DEFAULT_OPTIONS: HandlerOptions = { maxBodyBytes: 64 * 1024 };

/** Builds the Lambda handler for `route` around `fn`. */
export function httpHandler<B = undefined, Q = Record<string, never>, P = Record<string, never>>(
  route: RouteDefinition,
  schemas: RequestSchemas<B, Q, P>,
  fn: (request: HttpRequest<B, Q, P>) => Promise<HttpResult>,
  options: HandlerOptions = DEFAULT_OPTIONS,
): ApiHandler {
  const cursors = isPaged(schemas) ? cursorSeal(route, options.cursorSecret) : undefined;
  const core = async (event: Event): Promise<APIGatewayProxyStructuredResultV2> => {
    const requestId = requestIdOf(event);
    const caller = route.auth === 'jwt' ? authorise(route, event) : anonymous;
    const binding: CursorBinding = { route: `${route.method} ${route.path}`, subject: caller.subjectId };
    const access: AccessContext = {
      actor: { id: caller.subjectId, role: caller.role },
      purpose: accessPurpose(route, caller, event),
      requestId,
    };
    const rawBody = decodeBody(event);
    const request: HttpRequest<B, Q, P> = {
      body: schemas.rawBody ? (undefined as B) : parseBody(schemas.body, rawBody, event, options.maxBodyBytes),
      rawBody: checkSize(rawBody, options.maxBodyBytes),
      query: await openCursor(validateQuery(schemas.query, event), cursors, binding),
      params: validate(schemas.params, event.pathParameters ?? {}, 'path'),
      headers: event.headers ?? {},
      requestId,
      caller,
      access,
    };
    // A customer's request is activity (inactive accounts): recorded alongside, at most once a day.
    const visit = caller.role === 'customer' && route.auth === 'jwt' ? recordVisit(caller.subjectId) : undefined;
    const result = await sealCursor(await fn(request).finally(() => visit), cursors, binding);
    const body = result.text ?? (result.body !== undefined ? JSON.stringify(result.body) : undefined);
    return {
      statusCode: result.status,
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json' }),
        'cache-control': 'no-store',
        'x-request-id': requestId,
        ...result.headers,
      },
      ...(body !== undefined && { body }),
    };
  };
  const handler = middy<Event, APIGatewayProxyStructuredResultV2>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(problemDetails())
    .handler(core);
  return Object.assign(handler, { schemas }) as unknown as ApiHandler;
}

const anonymous: Caller = { subjectId: 'anonymous', role: 'customer' };

/** A route pages when its query takes a `cursor` (shared/http/pagination.ts). */
const isPaged = (schemas: RequestSchemas<unknown, unknown, unknown>): boolean => {
  const shape = (schemas.query as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape !== undefined && 'cursor' in shape;
};

type Seal = () => Promise<CursorSeal>;

/** The cursor seal of a paging route, keyed by the secret's current value (rotation takes effect with it). */
function cursorSeal(route: RouteDefinition, secret: SecretLocation | undefined): Seal {
  if (!secret) {
    throw new ConfigError(`${route.method} ${route.path} pages its results: declare pageCursors in its access.`);
  }
  const source = new SecretSource(secret);
  let current: { value: string; seal: CursorSeal } | undefined;
  return async () => {
    const value = await source.value();
    if (current?.value !== value) current = { value, seal: new CursorSeal(value) };
    return current.seal;
  };
}

/** The query with its sealed cursor replaced by the position it carries (what the use case pages from). */
async function openCursor<Q>(query: Q, seal: Seal | undefined, binding: CursorBinding): Promise<Q> {
  const cursor = (query as { cursor?: unknown }).cursor;
  if (!seal || typeof cursor !== 'string') return query;
  return { ...query, cursor: (await seal()).open(cursor, binding) };
}

/** The result with the position of its next page sealed for this caller and route. */
async function sealCursor(result: HttpResult, seal: Seal | undefined, binding: CursorBinding): Promise<HttpResult> {
  const body = result.body as { cursor?: unknown } | undefined;
  if (!seal || typeof body?.cursor !== 'string') return result;
  return { ...result, body: { ...body, cursor: (await seal()).seal(body.cursor, binding) } };
}

function requestIdOf(event: Event): string {
  return event.requestContext?.requestId ?? 'unknown';
}

/** Roles come from `cognito:groups`; API Gateway has already verified the token's signature. */
function authorise(route: RouteDefinition, event: Event): Caller {
  const claims = event.requestContext?.authorizer?.jwt?.claims;
  const sub = claims?.sub;
  if (typeof sub !== 'string' || sub.length === 0) throw new UnauthorizedError('A valid bearer token is required.');
  const roles = rolesFromGroupsClaim(claims?.['cognito:groups']);
  const role = roles.find((r) => route.roles.includes(r));
  if (!role) throw new ForbiddenError('Your role does not allow this operation.');
  const authTime = Number(claims?.auth_time);
  logger.appendKeys({ actorRole: role });
  return { subjectId: sub, role, authTime: Number.isFinite(authTime) ? authTime : undefined };
}

/**
 * Staff name the purpose of every read of personal data; customers act for themselves. A purpose
 * the role does not serve is refused, as is a missing one on routes that return personal data.
 */
function accessPurpose(route: RouteDefinition, caller: Caller, event: Event): string {
  if (caller.role === 'customer') return SELF_SERVICE_PURPOSE;
  const purpose = event.headers?.['x-access-purpose']?.trim();
  // Both refusals name the purposes the caller's role serves, so a client can correct the header.
  const allowedPurposes = { allowedPurposes: ACCESS_PURPOSES[caller.role] };
  if (!purpose) {
    if (route.staffPurpose === 'required') {
      throw new ValidationError('The X-Access-Purpose header is required for this route.', [
        { path: 'headers.x-access-purpose', message: 'Required' },
      ]).with(allowedPurposes);
    }
    return `${caller.role}_operation`;
  }
  if (!roleServesPurpose(caller.role, purpose)) {
    throw new ForbiddenError(`The purpose '${sanitise(purpose)}' is not one your role serves.`).with(allowedPurposes);
  }
  return purpose;
}

const decodeBody = (event: Event): string =>
  event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';

function checkSize(raw: string, maxBytes: number): string {
  if (Buffer.byteLength(raw, 'utf8') > maxBytes)
    throw new PayloadTooLargeError(`The request body exceeds ${maxBytes} bytes.`);
  return raw;
}

function parseBody<B>(schema: z.ZodType<B> | undefined, raw: string, event: Event, maxBytes: number): B {
  if (!schema) {
    if (raw.length > 0) throw new ValidationError('This operation takes no request body.');
    return undefined as B;
  }
  checkSize(raw, maxBytes);
  const contentType = event.headers?.['content-type'] ?? '';
  if (!/^application\/([a-z.+-]+\+)?json\s*(;|$)/i.test(contentType)) {
    throw new UnsupportedMediaTypeError('Send the request body as application/json.');
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new ValidationError('The request body is not valid JSON.');
  }
  if (json === null || typeof json !== 'object') throw new ValidationError('The request body must be a JSON object.');
  return validate(schema, json, 'body');
}

function validateQuery<Q>(schema: z.ZodType<Q> | undefined, event: Event): Q {
  const repeated = repeatedParameters(event.rawQueryString);
  if (repeated.length > 0) {
    throw new ValidationError(
      'A query parameter was given more than once.',
      repeated.map((name) => ({ path: `query.${name}`, message: 'Give this parameter once' })),
    );
  }
  return validate(schema, event.queryStringParameters ?? {}, 'query');
}

function validate<T>(schema: z.ZodType<T> | undefined, value: object, where: 'body' | 'query' | 'path'): T {
  if (!schema) {
    if (where === 'query' && Object.keys(value).length > 0) {
      throw new ValidationError('This operation takes no query parameters.', [
        { path: 'query', message: 'Unexpected' },
      ]);
    }
    return value as T;
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  // A path parameter outside its schema names no resource that exists.
  if (where === 'path') throw new NotFoundError('No resource exists at this path.');
  throw new ValidationError(`The request ${where} is not valid.`, issuesOf(parsed.error, where));
}

/** Headers a problem carries: when to retry a 503, which methods a 405's path takes. */
function problemHeaders(error: AppError): Record<string, string> | undefined {
  if (error instanceof UnavailableError) return { 'retry-after': String(error.retryAfterSeconds) };
  if (error instanceof MethodNotAllowedError) return { allow: error.allow.join(', ') };
  return undefined;
}

const sanitise = (text: string): string => text.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 40);

/** Every error becomes problem+json; unknown errors become a bare 500 with nothing internal. */
function problemDetails(): MiddlewareObj<Event, APIGatewayProxyStructuredResultV2> {
  return {
    onError: async (request) => {
      const error = request.error;
      const requestId = requestIdOf(request.event);
      if (error instanceof AppError) {
        if (error.status >= 500) logger.warn('Request refused: dependency unavailable', { errorName: error.name });
        request.response = problemResponse(error.kind, error.status, error.title, error.message, requestId, {
          errors: 'errors' in error ? (error.errors as FieldIssue[]) : undefined,
          extensions: error.extensions,
          headers: problemHeaders(error),
        });
        return request.response;
      }
      // Messages of unexpected errors may quote data; log the name and frames only.
      logger.error('Unhandled error', {
        errorName: error?.name,
        frames: error?.stack?.split('\n').slice(1, 6).join('\n'),
      });
      request.response = problemResponse(
        'internal',
        500,
        'Internal error',
        'The request could not be completed. Quote the request id if you contact support.',
        requestId,
      );
      return request.response;
    },
  };
}
