// Route matching as API Gateway HTTP API does it: method + path template, the most specific route wins.

/** The part of a route definition the gateway needs (the app's `routes` and test fixtures both fit). */
export interface GatewayRoute {
  readonly method: string;
  /** API Gateway path syntax: `/v1/orders/{orderId}`, greedy `{proxy+}` as the last segment. */
  readonly path: string;
  /** Handler module relative to the repository root, exporting `handler`. */
  readonly entry: string;
  readonly auth: 'public' | 'jwt';
  readonly memoryMb?: number;
}

export type RouteTable = Readonly<Record<string, GatewayRoute>>;

export interface RouteMatch {
  readonly name: string;
  readonly route: GatewayRoute;
  /** Decoded values; empty when the template has no parameters. */
  readonly pathParameters: Record<string, string>;
}

/** Finds the route for a request, or undefined (a known path with another method is not found too, like HTTP API). */
export function matchRoute(routes: RouteTable, method: string, rawPath: string): RouteMatch | undefined {
  return bestMatch(routes, rawPath, (route) => route.method === method.toUpperCase());
}

/** The most specific route whose path template matches, whatever its method (what an `ANY` route of it would take). */
export function matchPath(routes: RouteTable, rawPath: string): RouteMatch | undefined {
  return bestMatch(routes, rawPath, () => true);
}

function bestMatch(
  routes: RouteTable,
  rawPath: string,
  admits: (route: GatewayRoute) => boolean,
): RouteMatch | undefined {
  const segments = rawPath.split('/');
  let best: { match: RouteMatch; rank: number[] } | undefined;
  for (const [name, route] of Object.entries(routes)) {
    if (!admits(route)) continue;
    const parameters = matchTemplate(route.path.split('/'), segments);
    if (!parameters) continue;
    const rank = specificity(route.path);
    if (!best || compareRanks(rank, best.rank) > 0) best = { match: { name, route, pathParameters: parameters }, rank };
  }
  return best?.match;
}

function matchTemplate(template: string[], segments: string[]): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const part = template[i] as string;
    const greedy = /^\{(.+)\+\}$/.exec(part)?.[1];
    if (greedy && i === template.length - 1) {
      const rest = segments.slice(i);
      if (rest.length === 0 || rest.join('') === '') return undefined;
      parameters[greedy] = decode(rest.join('/'));
      return parameters;
    }
    const segment = segments[i];
    if (segment === undefined) return undefined;
    const name = /^\{(.+)\}$/.exec(part)?.[1];
    if (name) {
      if (segment === '') return undefined;
      parameters[name] = decode(segment);
    } else if (part !== segment) {
      return undefined;
    }
  }
  return template.length === segments.length ? parameters : undefined;
}

/** Literal segments outrank parameters, which outrank a greedy tail, compared left to right. */
function specificity(template: string): number[] {
  return template.split('/').map((part) => (part.endsWith('+}') ? 0 : part.startsWith('{') ? 1 : 2));
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? -1) - (b[i] ?? -1);
    if (diff !== 0) return diff;
  }
  return 0;
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // malformed escapes are passed on as sent; the handler's validation rejects them
  }
}
