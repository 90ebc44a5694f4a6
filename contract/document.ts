/**
 * The OpenAPI 3.1 document, built from the route table (methods, paths, who may call), the handlers'
 * own request schemas, the response contracts (contract/routes.ts), the problem catalogue
 * (contract/problems.ts) and what API Gateway answers by itself. `npm run openapi` writes it to
 * docs/openapi.json; `npm run lint` fails when that file is not what this builds.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { OpenAPIObject, ParameterObject, ResponseObject, SchemaObject } from 'openapi3-ts/oas31';
import * as z from 'zod';
import type { RouteName } from '../functions/routes';
import { ACCESS_PURPOSES, type Role, STAFF_ROLES, type StaffRole } from '../shared/domain/access';
import type { ProblemKind } from '../shared/domain/errors';
import { GATEWAY_MAX_PAYLOAD_BYTES, GATEWAY_MESSAGES, type GatewayStatus } from '../shared/http/gateway-responses';
import type { RequestSchemas } from '../shared/http/handler';
import { PROBLEM_CONTENT_TYPE } from '../shared/http/problem';
import { PROBLEMS, problemTypeUri } from '../shared/http/problem-types';
import type { RouteDefinition } from '../shared/http/route';
import {
  contracts,
  type HtmlResponse,
  type RequestHeader,
  type ResponseHeader,
  type RouteContract,
  type SuccessResponse,
} from './routes';

export interface DocumentInputs {
  readonly routes: Readonly<Record<RouteName, RouteDefinition>>;
  /** What each route's handler validates its input with (its `schemas`). */
  readonly requests: Readonly<Record<RouteName, RequestSchemas<unknown, unknown, unknown>>>;
  /** docs/export-schema.json. */
  readonly exportSchema: Record<string, unknown>;
}

export const API_VERSION = '1.0.0';

const ProblemSchema = z
  .object({
    type: z.string().startsWith('/v1/problems/').meta({
      format: 'uri-reference',
      description:
        'Identifies the problem: a reference that, resolved against the API’s origin, is the type’s page (`GET /v1/problems/{type}`); also in docs/problems.md',
    }),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string().meta({ description: 'What happened, for people; never a personal value' }),
    requestId: z
      .string()
      .meta({ description: 'The correlation id of this call (also in `X-Request-Id`); quote it to support' }),
    errors: z
      .array(z.strictObject({ path: z.string().meta({ example: 'body.items.0.quantity' }), message: z.string() }))
      .optional()
      .meta({ description: 'Each offending input, by path' }),
    allowedPurposes: z
      .array(z.string())
      .optional()
      .meta({ description: 'Purposes your role serves (purpose refusals)' }),
    requiredPolicyVersion: z.number().int().optional(),
    sku: z.string().optional().meta({ description: 'Out of stock: the SKU short of units' }),
    available: z.number().int().optional().meta({ description: 'Out of stock: how many units are left' }),
    currentTotal: z
      .number()
      .int()
      .optional()
      .meta({ description: '`expectedTotal` differed: the total the order costs now' }),
    currency: z.string().optional(),
    declineCode: z
      .string()
      .optional()
      .meta({ description: 'Payment declined: the processor’s reason category (e.g. `insufficient_funds`)' }),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details, as `application/problem+json`.' });

const GatewayMessageSchema = z
  .strictObject({ message: z.enum(Object.values(GATEWAY_MESSAGES) as [string, ...string[]]) })
  .meta({
    id: 'GatewayMessage',
    description: 'What API Gateway answers by itself (and the local gateway identically), as `application/json`.',
  });

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const REQUEST_HEADERS: Record<RequestHeader, ParameterObject> = {
  'Idempotency-Key': {
    name: 'Idempotency-Key',
    in: 'header',
    required: true,
    description: 'Your id for this attempt (1–255 visible ASCII characters); retries reuse it. Kept 24 hours.',
    schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
    example: 'order-2026-11-25-0001',
  },
  'If-Match': {
    name: 'If-Match',
    in: 'header',
    required: true,
    description: 'The `ETag` from your last read, quotes included (or `*`). Without it: 428; stale: 412.',
    schema: { type: 'string', pattern: '^(\\*|(W/)?"\\d{1,15}")$' },
    example: '"3"',
  },
  'X-Signature': {
    name: 'X-Signature',
    in: 'header',
    required: true,
    description:
      '`t=<epoch seconds>,v1=<hex HMAC-SHA256 of "<t>.<carrier>.<raw body>">` with the carrier’s own secret; several `v1=` allowed during a secret change.',
    schema: { type: 'string', pattern: '^t=\\d+(,v1=[0-9a-f]{64})+$' },
  },
};

const string = { type: 'string' } as const;
const RESPONSE_HEADERS: Record<
  ResponseHeader | 'X-Request-Id' | 'Retry-After' | 'Allow',
  { description: string; schema: SchemaObject }
> = {
  'X-Request-Id': { description: 'The correlation id of this call (the problem member `requestId`)', schema: string },
  ETag: { description: 'The version of the resource, for `If-Match`', schema: { ...string, example: '"3"' } },
  Location: {
    description: 'Where the created or accepted resource is',
    schema: { ...string, format: 'uri-reference' },
  },
  'Idempotent-Replayed': {
    description: '`true` when this is the stored answer to an earlier request with the same `Idempotency-Key`',
    schema: { type: 'string', enum: ['true'] },
  },
  'Content-Disposition': { description: 'A file name for the download', schema: string },
  'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'string', pattern: '^\\d+$' } },
  'X-Export-Part': {
    description: 'Which part of the export this is (from 1)',
    schema: { type: 'string', pattern: '^[1-9]\\d*$' },
  },
  'X-Export-Parts': {
    description: 'How many parts the export has',
    schema: { type: 'string', pattern: '^[1-9]\\d*$' },
  },
  Link: { description: 'The next part (`<…?part=n+1>; rel="next"`), on every part but the last', schema: string },
  Allow: { description: 'The methods this path takes', schema: string },
};

/** Response headers are components; `Idempotent-Replayed` and `Retry-After` are sent only sometimes. */
const OPTIONAL_HEADERS: readonly string[] = ['Idempotent-Replayed', 'Retry-After', 'Link'];
const header = (name: keyof typeof RESPONSE_HEADERS) => ({ [name]: { $ref: `#/components/headers/${name}` } });

/** Tags group the reference by who calls: the public, customers by area, each staff role, carriers. */
function tagOf(route: RouteDefinition): string {
  if (route.auth === 'public') return route.access.carrierWebhookSecret ? 'Carriers' : 'Public';
  const staff = route.roles.find((r): r is StaffRole => (STAFF_ROLES as readonly Role[]).includes(r));
  if (staff) return STAFF_TAGS[staff];
  return CUSTOMER_TAGS[route.entry.split('/')[1] ?? ''] ?? 'Account';
}
const STAFF_TAGS: Record<StaffRole, string> = {
  support: 'Support',
  fulfillment: 'Fulfilment',
  'privacy-officer': 'Privacy officers',
  auditor: 'Auditors',
  'catalogue-manager': 'Catalogue',
};
const CUSTOMER_TAGS: Record<string, string> = { account: 'Account', orders: 'Orders', privacy: 'Privacy rights' };

const TAGS = [
  { name: 'Public', description: 'No account needed.' },
  { name: 'Account', description: 'The signed-in customer’s profile, consents, records and policy acceptance.' },
  { name: 'Orders', description: 'Placing and following one’s own orders, refunds.' },
  { name: 'Privacy rights', description: 'Export, erasure, restriction and complaints.' },
  { name: 'Support', description: 'Staff (`support` group): masked views and refund decisions; each read is audited.' },
  { name: 'Fulfilment', description: 'Staff (`fulfillment` group): the queue and shipping.' },
  { name: 'Privacy officers', description: 'Staff (`privacy-officer` group): requests, complaints, policy versions.' },
  { name: 'Auditors', description: 'Staff (`auditor` group): the audit trail.' },
  {
    name: 'Catalogue',
    description: 'Staff (`catalogue-manager` group): products, prices and stock; every write audited.',
  },
  { name: 'Carriers', description: 'Signed webhooks from carriers.' },
];

/** Problems every route of this kind may answer, beyond the route's own list. */
function derivedProblems(route: RouteDefinition, request: RequestSchemas<unknown, unknown, unknown>): ProblemKind[] {
  const touchesSomething = Object.keys(route.access).length > 0;
  const hasBody = request.body !== undefined;
  return [
    'validation',
    'internal',
    ...(touchesSomething ? (['unavailable'] as const) : []),
    ...(hasBody ? (['unsupported-media-type', 'payload-too-large'] as const) : []),
    ...(request.rawBody ? (['payload-too-large'] as const) : []),
    ...(route.auth === 'jwt' ? (['forbidden'] as const) : []),
    ...(route.path.includes('{') ? (['not-found'] as const) : []),
    // Two writes racing for one item: the loser is told to read again.
    ...(route.access.data === 'readwrite' ? (['conflict'] as const) : []),
    // A subject erased meanwhile: their key is gone, and with it their data.
    ...(route.access.subjectKeys ? (['gone'] as const) : []),
  ];
}

/** What API Gateway itself may answer on this route. */
function gatewayStatuses(route: RouteDefinition, request: RequestSchemas<unknown, unknown, unknown>): GatewayStatus[] {
  return [
    ...(route.auth === 'jwt' ? ([401] as const) : []),
    ...(request.body !== undefined || request.rawBody ? ([413] as const) : []),
    429,
    500,
    503,
  ];
}

function problemContent(kinds: readonly ProblemKind[]) {
  return {
    schema: {
      allOf: [ref('Problem'), { type: 'object', properties: { type: { enum: kinds.map(problemTypeUri) } } }],
    } satisfies SchemaObject,
  };
}

function gatewayContent(status: GatewayStatus) {
  return {
    schema: {
      allOf: [ref('GatewayMessage'), { type: 'object', properties: { message: { const: GATEWAY_MESSAGES[status] } } }],
    } satisfies SchemaObject,
  };
}

/**
 * A route's error responses, each a reference to a shared response component: routes that answer a
 * status with the same problem types (and the same gateway answer) share one, named after them
 * (`409-conflict`, `401-gateway.reauthentication-required`).
 */
function errorResponses(
  route: RouteDefinition,
  request: RequestSchemas<unknown, unknown, unknown>,
  contract: RouteContract,
  shared: Map<string, ResponseObject>,
) {
  const kinds = [...new Set([...derivedProblems(route, request), ...(contract.problems ?? [])])];
  const byStatus = new Map<number, { kinds: ProblemKind[]; gateway?: GatewayStatus }>();
  for (const kind of kinds) {
    const status = PROBLEMS[kind].status;
    byStatus.set(status, { ...byStatus.get(status), kinds: [...(byStatus.get(status)?.kinds ?? []), kind] });
  }
  for (const status of gatewayStatuses(route, request)) {
    byStatus.set(status, { kinds: byStatus.get(status)?.kinds ?? [], gateway: status });
  }
  const responses: Record<string, { $ref: string }> = {};
  for (const [status, { kinds: here, gateway }] of [...byStatus].sort(([a], [b]) => a - b)) {
    const sorted = [...here].sort();
    const name = `${status}-${[...(gateway ? ['gateway'] : []), ...sorted].join('.')}`;
    const fromHandler = sorted.length > 0;
    shared.set(name, {
      description: describeError(sorted, gateway),
      headers: {
        // Only the functions set X-Request-Id; API Gateway's own answers carry `apigw-requestid`.
        ...(fromHandler && !gateway && header('X-Request-Id')),
        ...(status === 503 && header('Retry-After')),
      },
      content: {
        ...(fromHandler && { [PROBLEM_CONTENT_TYPE]: problemContent(sorted) }),
        ...(gateway && { 'application/json': gatewayContent(gateway) }),
      },
    });
    responses[String(status)] = { $ref: `#/components/responses/${name}` };
  }
  return responses;
}

function describeError(kinds: readonly ProblemKind[], gateway: GatewayStatus | undefined): string {
  const problems = kinds.map((k) => `\`${k}\` (${PROBLEMS[k].title.toLowerCase()})`).join(', ');
  const fromGateway = gateway ? `API Gateway: ${GATEWAY_DESCRIPTIONS[gateway]}` : '';
  return [problems && `Problem: ${problems}.`, fromGateway].filter(Boolean).join(' ');
}

const GATEWAY_DESCRIPTIONS: Record<GatewayStatus, string> = {
  401: 'no token, or one the JWT authorizer refuses (the reason is in `WWW-Authenticate`).',
  404: 'no route for this path.',
  413: `a body over ${GATEWAY_MAX_PAYLOAD_BYTES / 1024 / 1024} MB.`,
  429: 'throttled; retry with backoff.',
  500: 'the function failed before answering.',
  503: 'the function timed out or could not start.',
};

function successResponse(response: SuccessResponse | HtmlResponse) {
  if ('html' in response) {
    return {
      description: response.description,
      headers: header('X-Request-Id'),
      content: { 'text/html': { schema: { type: 'string' as const } } },
    };
  }
  const headers = response.headers ?? [];
  return {
    description: response.description,
    headers: Object.assign(header('X-Request-Id'), ...headers.map(header)),
    content: {
      'application/json': { schema: response.schema },
      ...(response.parts && {
        'application/octet-stream': { schema: { type: 'string' as const, description: response.parts } },
      }),
    },
  };
}

function purposeHeader(route: RouteDefinition): ParameterObject[] {
  const staff = route.roles.filter((r): r is StaffRole => (STAFF_ROLES as readonly Role[]).includes(r));
  if (staff.length === 0) return [];
  const purposes = staff.flatMap((r) => ACCESS_PURPOSES[r]);
  return [
    {
      name: 'X-Access-Purpose',
      in: 'header',
      required: route.staffPurpose === 'required',
      description: `Why you read this customer's data: ${staff.map((r) => `${r} may name ${ACCESS_PURPOSES[r].map((p) => `\`${p}\``).join(', ')}`).join('; ')}. Recorded in the audit trail and shown to the customer.`,
      schema: { type: 'string', enum: purposes },
    },
  ];
}

function securityOf(route: RouteDefinition) {
  if (route.auth === 'public') return route.access.carrierWebhookSecret ? [{ carrierSignature: [] }] : [];
  const staff = route.roles.some((r) => (STAFF_ROLES as readonly Role[]).includes(r));
  return [{ [staff ? 'staffJwt' : 'customerJwt']: [] }];
}

/**
 * A standalone JSON Schema placed at `at` in the document: its own `$schema`/`$id` dropped (the
 * document's dialect applies) and its local references (`#/$defs/…`) made to point where it now is.
 */
function embedded(schema: Record<string, unknown>, at: string): SchemaObject {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  const rebase = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rebase);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [
        key,
        key === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${at}/${v.slice(2)}` : rebase(v),
      ]),
    );
  };
  return rebase(rest) as SchemaObject;
}

export function buildDocument(inputs: DocumentInputs): OpenAPIObject {
  const registry = new OpenAPIRegistry();
  registry.registerComponent(
    'schemas',
    'PrivacyExport',
    embedded(inputs.exportSchema, '#/components/schemas/PrivacyExport'),
  );
  registry.registerComponent('securitySchemes', 'customerJwt', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'An ID or access token of the customers’ Cognito user pool (its web client). Locally: `npm run -s token -- --sub ID`.',
  });
  registry.registerComponent('securitySchemes', 'staffJwt', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'A token of the staff user pool; the `cognito:groups` claim names the roles (support, fulfillment, privacy-officer, auditor, catalogue-manager). Locally: `npm run -s token -- --sub ID --groups support`.',
  });
  registry.registerComponent('securitySchemes', 'carrierSignature', {
    type: 'apiKey',
    in: 'header',
    name: 'X-Signature',
    description:
      'An HMAC-SHA256 signature of the timestamp, the carrier and the raw body with that carrier’s own secret (see the carrier route).',
  });
  registry.registerComponent('responses', 'MethodNotAllowed', {
    description:
      'Any path below called with a method it does not take (e.g. `DELETE /v1/me`): problem `method-not-allowed`, with `Allow`.',
    headers: { ...header('X-Request-Id'), ...header('Allow') },
    content: { [PROBLEM_CONTENT_TYPE]: problemContent(['method-not-allowed']) },
  });
  registry.registerComponent('responses', 'NoRoute', {
    description: 'A path that is not below: API Gateway’s own `{"message":"Not Found"}`.',
    content: { 'application/json': gatewayContent(404) },
  });

  for (const [name, value] of Object.entries(RESPONSE_HEADERS)) {
    registry.registerComponent('headers', name, { ...value, required: !OPTIONAL_HEADERS.includes(name) });
  }
  const sharedResponses = new Map<string, ResponseObject>();
  for (const name of Object.keys(inputs.routes) as RouteName[]) {
    const route = inputs.routes[name];
    const request = inputs.requests[name];
    const contract: RouteContract = contracts[name];
    const bodySchema = request.body ?? contract.rawBody;
    registry.registerPath({
      method: route.method.toLowerCase() as Lowercase<RouteDefinition['method']>,
      path: route.path,
      operationId: name,
      summary: contract.summary,
      ...(contract.description && { description: contract.description }),
      tags: [tagOf(route)],
      security: securityOf(route),
      parameters: [
        ...purposeHeader(route),
        ...(contract.requestHeaders ?? []).map((h) => REQUEST_HEADERS[h]),
        ...(contract.optionalRequestHeaders ?? []).map((h) => ({ ...REQUEST_HEADERS[h], required: false })),
      ],
      request: {
        ...(request.params && { params: request.params as z.ZodObject }),
        ...(request.query && { query: request.query as z.ZodObject }),
        ...(bodySchema && {
          body: {
            required: true,
            content: {
              'application/json': {
                schema: bodySchema,
                ...(contract.example !== undefined && { example: contract.example }),
              },
            },
          },
        }),
      },
      responses: {
        ...Object.fromEntries(
          Object.entries(contract.responses).map(([status, response]) => [
            status,
            successResponse(response as SuccessResponse | HtmlResponse),
          ]),
        ),
        ...errorResponses(route, request, contract, sharedResponses),
      },
    });
  }

  for (const [name, response] of [...sharedResponses].sort(([a], [b]) => a.localeCompare(b))) {
    registry.registerComponent('responses', name, response);
  }
  // The two error shapes are referenced from raw schemas ($ref), so they are passed in by name.
  const definitions = [
    ...registry.definitions,
    { type: 'schema' as const, schema: ProblemSchema },
    { type: 'schema' as const, schema: GatewayMessageSchema },
  ];
  return new OpenApiGeneratorV31(definitions, { sortComponents: 'alphabetically' }).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Privacy-first order backend',
      version: API_VERSION,
      description: INTRODUCTION,
    },
    servers: [
      { url: 'http://127.0.0.1:3000', description: 'npm start (the local runtime)' },
      {
        url: 'https://{apiId}.execute-api.{region}.amazonaws.com',
        description: 'A deployed stage',
        variables: { apiId: { default: 'your-api-id' }, region: { default: 'eu-west-1' } },
      },
    ],
    tags: TAGS,
  });
}

const INTRODUCTION = `The HTTP contract of the backend; docs/api.md explains it in prose.

- **Authentication.** Customer routes take a JWT of the customers' user pool, staff routes one of the staff pool (\`Authorization: Bearer …\`). Staff reading personal data name why in \`X-Access-Purpose\`; the purposes each role may name are listed on each staff route.
- **Errors** come in two shapes. The functions answer RFC 9457 \`application/problem+json\` (types in docs/problems.md). API Gateway answers some requests itself with \`application/json\` \`{"message": …}\`: 401 (token missing or refused), 404 (no such route), 413 (over 10 MB), 429 (throttled), 500/503 (a function failed or timed out). A known path called with another method is 405 with \`Allow\`.
- **Pagination.** List routes take \`?limit=\` (1–100) and return \`cursor\` while more items follow; send it back as \`?cursor=\`. The last page has no cursor. Cursors are opaque and valid only for the caller and list that got them; a bad one is 400.
- **Idempotency.** \`POST /v1/orders\` requires \`Idempotency-Key\`; a retry with the same key returns the first answer, as it was sent, with \`Idempotent-Replayed: true\`.
- **Money.** Prices, totals and what a card is charged are the server's: amounts are integer minor units, tax included; payments are authorised at the order and captured at shipment.
- **Concurrency.** \`PATCH /v1/me\` requires \`If-Match\` with the \`ETag\` of your last read; replacing a product (\`PUT /v1/admin/products/{sku}\`) too.
- **Created resources.** Every 201, and 202 that accepts a request, carries \`Location\`.
- **Browsers.** CORS exposes \`Location\`, \`ETag\`, \`Retry-After\`, \`Content-Disposition\`, \`Idempotent-Replayed\` and \`X-Request-Id\`.`;
