/**
 * What a route declares: method and path, its handler module, who may call it, what it may touch.
 * The route table (functions/routes.ts) is a list of these; the handler stack, the local gateway and
 * the CDK app read them. Pure data.
 */
import type { FunctionAccess } from '../config/resources';
import type { Role } from '../domain/access';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDefinition {
  readonly method: HttpMethod;
  /** API Gateway path syntax, e.g. `/v1/me/consents/{purpose}`. */
  readonly path: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  /** `public` routes have no authorizer; all others require a valid JWT. */
  readonly auth: 'public' | 'jwt';
  /** Roles allowed to call it (ignored for public routes). */
  readonly roles: readonly Role[];
  readonly access: FunctionAccess;
  /** `required`: staff must name an `X-Access-Purpose` their role serves (routes returning personal data). */
  readonly staffPurpose?: 'required';
  /** Memory for the function in MB. @default 256 */
  readonly memoryMb?: number;
}

/**
 * What a route's function touches, all told: its declared access, and for every customer route the
 * recording of the caller's activity, which the handler stack does on each request (inactive
 * accounts). Infra grants exactly this.
 */
export function routeAccess(route: RouteDefinition): FunctionAccess {
  const customer = route.auth === 'jwt' && route.roles.includes('customer');
  return customer ? { ...route.access, activity: 'record' } : route.access;
}
