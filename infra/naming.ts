/**
 * Names that more than one stack must agree on before any of them is deployed: execution role names
 * (the subject key's policy in the stateful stack names the roles that may use it), alarm names
 * (the alert topics let CloudWatch publish only for alarms of this stage), stack ids and route groups.
 */
import type { RouteDefinition } from '../shared/http/route';

/** Prefix of every named resource of a stage: `orders-<stage>`. */
export const resourcePrefix = (stage: string): string => `orders-${stage}`;

/** Stack id of a stage's stack: `Orders-<stage>-<part>`. */
export const stackId = (stage: string, part: string): string => `Orders-${stage}-${part}`;

/** IAM caps role names at 64 characters. */
const MAX_ROLE_NAME = 64;

/** Execution role name of an API route's function: `orders-<stage>-<route>`. */
export function routeRoleName(stage: string, route: string): string {
  return checked(`${resourcePrefix(stage)}-${route}`);
}

/** Execution role name of a job's function: `orders-<stage>-job-<job>`. */
export function jobRoleName(stage: string, job: string): string {
  return checked(`${resourcePrefix(stage)}-job-${job}`);
}

/** Execution role name of a stream function: `orders-<stage>-stream-<name>`. */
export function streamRoleName(stage: string, stream: string): string {
  return checked(`${resourcePrefix(stage)}-stream-${stream}`);
}

/** Execution role name of an identity trigger's function: `orders-<stage>-trigger-<operation>`. */
export function triggerRoleName(stage: string, operation: string): string {
  return checked(`${resourcePrefix(stage)}-trigger-${operation}`);
}

function checked(name: string): string {
  if (name.length > MAX_ROLE_NAME) throw new Error(`Role name ${name} is longer than ${MAX_ROLE_NAME} characters`);
  return name;
}

/** `orders-<stage>-<what>`: every alarm is named so, and only such alarms may publish to the alert topics. */
export const alarmName = (stage: string, what: string): string => `${resourcePrefix(stage)}-${what}`;

/**
 * The route groups the HTTP API is split into, one stack each. Routes anyone can call (no token)
 * form their own group whatever their directory, so their limits and alarms sit together; the
 * others are grouped by the directory of their handler (`functions/<group>/…`): `store` is the
 * shop's daily work (support, fulfilment, catalogue), `admin` its governance (privacy officers,
 * auditors). About ten resources per route: a group stays under 25 routes, well below the 500
 * resources a stack may hold.
 */
export const ROUTE_GROUPS = ['public', 'account', 'orders', 'privacy', 'store', 'admin'] as const;
export type RouteGroup = (typeof ROUTE_GROUPS)[number];

export function routeGroupOf(route: RouteDefinition): RouteGroup {
  if (route.auth === 'public') return 'public';
  const directory = route.entry.split('/')[1];
  const group = ROUTE_GROUPS.find((g) => g === directory);
  if (!group) {
    throw new Error(
      `Route ${route.method} ${route.path}: functions/${directory}/ is not a route group (${ROUTE_GROUPS})`,
    );
  }
  return group;
}
