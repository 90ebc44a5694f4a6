/**
 * Fuzzing every route over HTTP against `npm start`: generated bodies (wrong types, unknown and
 * missing fields, huge strings and arrays, unicode, numbers at the edges, malformed JSON), path
 * parameters, query strings, headers and content types. Properties: never a 5xx, every answer is
 * one the OpenAPI document describes for its route and status (docs/openapi.json), and rejected
 * requests write nothing. `FUZZ_RUNS` sets the count
 * (1,000 in `npm test`, 10,000 in `npm run test:stress`).
 */
import fc from 'fast-check';
import { type RouteName, routes } from '../../functions/routes';
import { signToken } from '../../local/auth/issuer';
import { dumpAllTables } from '../support/api-client';
import { contractViolation } from '../support/contract';
import { useRunningStack } from '../support/running-stack';
import { type ScenarioContext, sampleRequests } from '../support/sample-requests';
import { limit } from '../support/timeouts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const stack = useRunningStack({ LOCAL_JOB_TRIGGERS: 'off' });

const ctx: ScenarioContext = {
  subject: 'fuzz-owner',
  complaintId: '01J00000000000000000000000',
  incidentId: '01J00000000000000000000000',
  privacyRequestId: '01J00000000000000000000000',
  policyVersion: 2,
  orderId: '01J00000000000000000000000',
  otherOrderId: '01J00000000000000000000000',
  trackingNumber: 'DH0000000000',
  carrierSecret: 'wrong',
  now: new Date(),
};

const routeNames = Object.keys(routes) as RouteName[];

const edgeValue = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, -0, 1e308, -1e308, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, 0.1, ''),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('x'.repeat(70_000), '💥'.repeat(5000), '\u0000\u202e', '<script>', "' OR 1=1 --", '../../etc/passwd'),
  fc.array(fc.integer(), { maxLength: 5 }),
  fc.constant(Array.from({ length: 2000 }, () => ({ sku: 'X', quantity: 1 }))),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Values of another JSON type than `like`, so a field set to one is always invalid. */
const wrongTypeFor = (like: unknown) =>
  edgeValue.filter(
    (v) =>
      (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v) !==
      (Array.isArray(like) ? 'array' : like === null ? 'null' : typeof like),
  );

/**
 * A body derived from the route's valid sample with one field given a value of the wrong type or
 * one unknown field added (own `__proto__` included) — always invalid — or something else entirely.
 */
function bodyFor(name: RouteName): fc.Arbitrary<string | undefined> {
  const sample = sampleRequests[name](ctx).body as Record<string, unknown> | undefined;
  const fields = sample && typeof sample === 'object' ? Object.keys(sample) : [];
  const mutated = fields.length
    ? fc.oneof(
        fc
          .constantFrom(...fields)
          .chain((key) => wrongTypeFor(sample?.[key]).map((value) => JSON.stringify({ ...sample, [key]: value }))),
        fc
          .tuple(fc.constantFrom('unexpectedField', '__proto__', 'constructor', 'isAdmin'), edgeValue)
          .map(([key, value]) => {
            const copy: Record<string, unknown> = { ...sample };
            Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
            return JSON.stringify(copy);
          }),
      )
    : fc.constant(undefined);
  return fc.oneof(
    { weight: 4, arbitrary: mutated },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.constantFrom('{', '{"a":', 'null', '[]', '""', 'not json', '{"a":1}{"b":2}', '\u0000') },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

const pathFor = (name: RouteName) =>
  fc
    .tuple(
      fc.oneof(
        fc.constant(undefined),
        fc.constantFrom(
          '01J00000000000000000000000',
          '..',
          '%00',
          'x'.repeat(300),
          '-1',
          '1e9',
          '%F0%9F%92%A5',
          'null',
        ),
        fc.string({ minLength: 1, maxLength: 30 }).map(encodeURIComponent),
      ),
      fc.oneof(
        fc.constant(''),
        fc.constantFrom(
          '?limit=-1',
          '?limit=1000',
          '?limit=abc',
          '?cursor=%%%',
          '?status=x',
          '?overdue=maybe',
          '?a=1&a=2',
        ),
      ),
    )
    .map(([param, query]) => {
      const path =
        param === undefined
          ? sampleRequests[name](ctx).url.split('?')[0]
          : routes[name].path.replace(/\{[^}]+\}/g, param);
      return `${path}${query}`;
    });

const request = fc.constantFrom(...routeNames).chain((name) =>
  fc.record({
    name: fc.constant(name),
    url: pathFor(name),
    body: bodyFor(name),
    caller: fc.constantFrom('owner', 'staff', 'none', 'garbage'),
    contentType: fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'application/xml',
      '',
    ),
    ifMatch: fc.constantFrom(undefined, '*', '"1"', 'W/"x"', '"999999999999999999"'),
    idempotencyKey: fc.constantFrom(undefined, 'k', ' ', 'x'.repeat(300), 'fuzz-key'),
    signature: fc.constantFrom(
      undefined,
      't=1,v1=00',
      'garbage',
      `t=${Math.floor(Date.now() / 1000)},v1=${'a'.repeat(64)}`,
    ),
  }),
);

describe(`fuzzing every route (${RUNS} requests)`, () => {
  it(
    'never answers 5xx, always answers errors as problem+json, and rejected requests write nothing',
    async () => {
      const owner = signToken({ sub: ctx.subject });
      const staff = signToken({ sub: 'fuzz-staff', groups: ['support', 'fulfillment', 'privacy-officer', 'auditor'] });
      const before = await dumpAllTables(stack);
      const samples = fc.sample(request, { numRuns: RUNS, seed: 42 });
      const failures: string[] = [];
      const statuses = new Map<number, number>();
      const acceptedWrites: string[] = [];
      const concurrency = 8;
      for (let i = 0; i < samples.length; i += concurrency) {
        await Promise.all(
          samples.slice(i, i + concurrency).map(async (r) => {
            const headers: Record<string, string> = {};
            if (r.caller === 'owner') headers.authorization = `Bearer ${owner}`;
            if (r.caller === 'staff') headers.authorization = `Bearer ${staff}`;
            if (r.caller === 'garbage') headers.authorization = 'Bearer a.b.c';
            if (r.contentType) headers['content-type'] = r.contentType;
            if (r.ifMatch) headers['if-match'] = r.ifMatch;
            if (r.idempotencyKey) headers['idempotency-key'] = r.idempotencyKey;
            if (r.signature) headers['x-signature'] = r.signature;
            headers['x-access-purpose'] = 'customer_support';
            const res = await fetch(`${stack.url}${r.url}`, {
              method: routes[r.name].method,
              headers,
              ...(r.body !== undefined && routes[r.name].method !== 'GET' && { body: r.body }),
            });
            const text = await res.text();
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            // Whatever the input, the answer is one the OpenAPI document describes (a 4xx with its body).
            const violation = contractViolation({
              method: routes[r.name].method,
              path: new URL(`${stack.url}${r.url}`).pathname,
              status: res.status,
              headers: res.headers,
              text,
            });
            if (res.status < 400 && !violation) {
              if (routes[r.name].method !== 'GET') acceptedWrites.push(`${routes[r.name].method} ${r.url}`);
              return;
            }
            const ok = res.status < 500 && !violation && !/\bat .+\.(ts|js):\d+/.test(text);
            if (!ok)
              failures.push(violation ?? `${routes[r.name].method} ${r.url} → ${res.status} ${text.slice(0, 160)}`);
          }),
        );
      }
      expect(failures.slice(0, 10)).toEqual([]);
      // The generator reached the validation, auth, not-found and size paths, not just one of them.
      for (const status of [400, 401, 403, 404]) expect(statuses.get(status) ?? 0).toBeGreaterThan(0);
      // Reads may succeed (public routes, the caller's own empty data); generated writes are refused,
      // and every refused request left every table exactly as it was.
      expect(acceptedWrites).toEqual([]);
      expect(await dumpAllTables(stack)).toBe(before);
    },
    limit(600_000),
  );
});
