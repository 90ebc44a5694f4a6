/**
 * The authorisation matrix, generated from the route table: every route (through the sample
 * scenario) × { no token, expired token, wrong issuer, wrong audience, the rightful caller, another
 * customer, each staff role } → the expected status. A route missing from the scenario fails the
 * first test, so a new route cannot escape the matrix (OWASP API1 / API5).
 */

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { type RouteName, routes } from '../../functions/routes';
import { signToken } from '../../local/auth/issuer';
import { ACCESS_PURPOSES, STAFF_ROLES } from '../../shared/domain/access';
import { type ApiResponse, apiClient, type CallOptions } from '../support/api-client';
import { type RunningStack, stackHookTimeoutMs, startRunningStack } from '../support/running-stack';
import {
  newScenarioContext,
  type SampleRequest,
  SCENARIO_STAFF_ID,
  type ScenarioContext,
  sampleRequests,
  scenario,
  scenarioRoutes,
} from '../support/sample-requests';

const SECRET = 'matrix-carrier-secret';
let stack: RunningStack;
beforeAll(async () => {
  // Jobs run only when the scenario says so, as their schedule would, so every state is deterministic.
  stack = await startRunningStack({ CARRIER_WEBHOOK_SECRET: SECRET, LOCAL_JOB_TRIGGERS: 'off' });
  // The other customer is registered too, so their calls reach their own (empty) data.
  const other = await call(
    { method: 'POST', url: '/v1/me', body: { name: 'Other', email: 'other@example.com', acceptPolicyVersion: 1 } },
    { sub: OTHER },
  );
  expect(other.status).toBe(201);
}, stackHookTimeoutMs());
afterAll(async () => {
  await stack?.stop();
});

const OWNER = 'matrix-owner';
const OTHER = 'matrix-other';
const ctx: ScenarioContext = newScenarioContext(OWNER, SECRET);

function call(sample: SampleRequest, options: CallOptions): Promise<ApiResponse> {
  return apiClient(stack.url)(sample.method, sample.url, {
    ...options,
    headers: { ...sample.headers, ...options.headers },
    ...(sample.rawBody !== undefined ? { raw: sample.rawBody } : sample.body !== undefined && { body: sample.body }),
  });
}

const now = () => Math.floor(Date.now() / 1000);
/** Tokens the API Gateway authorizer (and the local gateway) must refuse. */
const badTokens: Record<string, () => string> = {
  'no token': () => '',
  'expired token': () => signToken({ sub: OWNER, now: now() - 7200, expiresInSeconds: 3600 }),
  'wrong issuer': () => signToken({ sub: OWNER, issuer: 'https://evil.example/issuer' }),
  'wrong audience': () => signToken({ sub: OWNER, audience: 'another-client' }),
};

type Caller = { name: string; options: CallOptions };

function callers(sample: SampleRequest): { rightful: Caller; others: Caller[] } {
  const rightful: Caller = sample.groups
    ? { name: `staff ${sample.groups.join(',')}`, options: { sub: SCENARIO_STAFF_ID, groups: sample.groups } }
    : { name: 'owner', options: { sub: OWNER } };
  // Each other staff role names a purpose it does serve, so only the role check can refuse it.
  const staff = STAFF_ROLES.filter((r) => !sample.groups?.includes(r)).map((role) => ({
    name: role,
    options: { sub: `staff-${role}`, groups: [role], headers: { 'x-access-purpose': ACCESS_PURPOSES[role][0] } },
  }));
  const customers = sample.groups
    ? [
        { name: 'owner (customer)', options: { sub: OWNER } },
        { name: 'another customer', options: { sub: OTHER } },
      ]
    : [{ name: 'another customer', options: { sub: OTHER } }];
  return { rightful, others: [...customers, ...staff] };
}

/** What a caller other than the rightful one must get. */
function expectedForOther(route: RouteName, sample: SampleRequest, caller: Caller): (r: ApiResponse) => void {
  const def = routes[route];
  if (def.auth === 'public') return (r) => expect(r.status).toBeLessThan(300);
  const isCustomer = !caller.options.groups;
  if (!isCustomer || sample.groups) return (r) => expect(r.status).toBe(403);
  // Another customer: someone else's order does not exist for them; /v1/me routes act on their own data.
  if (def.path.includes('{orderId}')) return (r) => expect(r.status).toBe(404);
  return (r) => {
    expect(r.status).toBeLessThan(500);
    expect(r.text).not.toContain(OWNER);
    if (ctx.orderId) expect(r.text).not.toContain(ctx.orderId);
  };
}

describe('[P-13] authorisation matrix', () => {
  it('covers every route in the route table', () => {
    expect(scenarioRoutes()).toEqual(new Set(Object.keys(routes)));
  });

  for (const [i, step] of scenario.entries()) {
    const title =
      'job' in step
        ? `job ${step.job}`
        : `${routes[step.route].method} ${routes[step.route].path}${step.variant ? ` (${step.variant})` : ''}`;
    it(`${i + 1}. ${title}`, async () => {
      if ('job' in step) {
        const job = spawnSync(path.join(process.cwd(), 'node_modules/.bin/tsx'), ['local/job.ts', step.job], {
          env: { ...process.env, LOCAL_RUNTIME_STATE: stack.stateFile },
          encoding: 'utf8',
        });
        expect(job.status).toBe(0);
        return;
      }
      const def = routes[step.route];
      const sample = sampleRequests[step.route](ctx, step.variant);
      const outcomes: string[] = [];
      const record = async (caller: Caller, check: (r: ApiResponse) => void) => {
        const res = await call(sample, caller.options);
        try {
          check(res);
          expect(res.status).toBeLessThan(500);
        } catch {
          outcomes.push(`${caller.name}: unexpected ${res.status} ${res.text.slice(0, 200)}`);
        }
      };
      if (def.auth === 'jwt') {
        for (const [name, token] of Object.entries(badTokens)) {
          await record({ name, options: { token: token() || undefined } }, (r) => expect(r.status).toBe(401));
        }
      }
      const { rightful, others } = callers(sample);
      for (const caller of others) await record(caller, expectedForOther(step.route, sample, caller));
      const res = await call(sample, rightful.options);
      if (res.status >= 300) outcomes.push(`${rightful.name}: unexpected ${res.status} ${res.text.slice(0, 200)}`);
      else step.capture?.(ctx, res.json as Record<string, unknown>);
      expect(outcomes).toEqual([]);
    });
  }
});
