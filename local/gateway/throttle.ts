// Throttling as an HTTP API stage applies it: a token bucket per route (the stage's default limits
// unless the route has its own), refilled at `rateLimit` per second up to `burstLimit`.

export interface Throttle {
  /** Steady requests per second. */
  readonly rateLimit: number;
  /** Requests the bucket holds: how many may arrive at once. */
  readonly burstLimit: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class Throttles {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly stage: Throttle,
    private readonly routes: Readonly<Record<string, Throttle>> = {},
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one request's token from `route`'s bucket; false when it is empty (the request is a 429). */
  take(route: string): boolean {
    const limit = this.routes[route] ?? this.stage;
    const at = this.now();
    const bucket = this.buckets.get(route) ?? { tokens: limit.burstLimit, at };
    bucket.tokens = Math.min(limit.burstLimit, bucket.tokens + ((at - bucket.at) / 1000) * limit.rateLimit);
    bucket.at = at;
    this.buckets.set(route, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
