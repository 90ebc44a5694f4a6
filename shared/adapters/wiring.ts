/**
 * How a function gets its adapters: it names the providers it uses (shared/adapters/providers.ts),
 * and gets exactly those, each built once per process on first use. A function's bundle then holds
 * only the adapters it names and what they need — the rest of the repositories, their item schemas
 * and their clients are never imported (decision 0053). Tests and local tools wire everything at
 * once (shared/adapters/dependencies.ts).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type AppConfig, loadConfig } from '../config';
import type { FunctionAccess } from '../config/resources';
import type { StaffDirectory } from '../ports/complaints';
import type { EventPublisher } from '../ports/events';
import type { PaymentProcessor } from '../ports/payments';
import type { IdentityDirectory } from '../ports/privacy';
import { type Clock, systemClock } from './clock';
import { createDocumentClient } from './dynamodb/client';
import { lazyClient } from './lazy-client';

/** Clients and adapters a test or a benchmark puts in place of the ones built from the environment. */
export interface DependencyOverrides {
  readonly dynamodb?: DynamoDBClient;
  readonly kms?: KMSClient;
  readonly clock?: Clock;
  readonly events?: EventPublisher;
  readonly identity?: IdentityDirectory;
  readonly staff?: StaffDirectory;
  /** Another payment processor adapter (fault-injecting tests); by default Stripe, configured from the environment. */
  readonly payments?: PaymentProcessor;
}

/**
 * One process's (or one test's) configuration, clock and clients, and the adapters built from them
 * so far. Only the DynamoDB client is made here, at import: every function reads or writes a table.
 * KMS is loaded on first use (decision 0061).
 */
export class Wiring {
  readonly clock: Clock;
  readonly ddb: DynamoDBDocumentClient;
  readonly kms: () => Promise<KMSClient>;
  private readonly built = new Map<Provider<unknown>, unknown>();

  constructor(
    readonly config: AppConfig,
    readonly overrides: DependencyOverrides = {},
  ) {
    this.clock = overrides.clock ?? systemClock(config.clockOffsetSeconds);
    this.ddb = createDocumentClient(overrides.dynamodb ?? new DynamoDBClient({}));
    this.kms = lazyClient(overrides.kms, async () => new (await import('@aws-sdk/client-kms')).KMSClient({}));
  }

  readonly now = (): Date => this.clock.now();

  /** What `provider` built for this wiring, building it on the first call. */
  once<T>(provider: Provider<T>, build: () => T): T {
    if (!this.built.has(provider)) this.built.set(provider, build());
    return this.built.get(provider) as T;
  }
}

/** Builds one adapter from a wiring (memoised with `Wiring.once`, so each is built once per wiring). */
export type Provider<T> = (wiring: Wiring) => T;

export type Providers = Record<string, Provider<unknown>>;

/** What every function gets, whatever it names: the configuration, the clock and the document client. */
export interface BaseDependencies {
  readonly config: AppConfig;
  readonly clock: Clock;
  readonly ddb: DynamoDBDocumentClient;
}

/** The base dependencies and one property per named provider, built when first read. */
export type Wired<P extends Providers> = BaseDependencies & { readonly [K in keyof P]: ReturnType<P[K]> };

export function expose<P extends Providers>(wiring: Wiring, uses: P): Wired<P> {
  const deps: BaseDependencies = { config: wiring.config, clock: wiring.clock, ddb: wiring.ddb };
  for (const [name, provider] of Object.entries(uses)) {
    Object.defineProperty(deps, name, { get: () => provider(wiring), enumerable: true });
  }
  return deps as Wired<P>;
}

let processWiring: Wiring | undefined;

/**
 * The process-wide wiring, made on first use from the environment. `access` is the calling
 * function's declared access: exactly its configuration is required, and checked at cold start.
 */
export function wiringOfProcess(access?: FunctionAccess): Wiring {
  processWiring ??= new Wiring(loadConfig(process.env, access));
  return processWiring;
}

/**
 * A function's dependencies: `uses` names the providers it needs. Handlers call this at module scope
 * with their route's access, e.g. `appDependencies(routes.getOrder.access, { orders })`.
 */
export function appDependencies<P extends Providers>(access: FunctionAccess | undefined, uses: P): Wired<P> {
  return expose(wiringOfProcess(access), uses);
}
