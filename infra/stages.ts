/**
 * The typed stage configuration: everything that differs between a stage a developer can tear down
 * (`dev`) and the one customers use (`prod`). Stacks read these settings and nothing else decides
 * them. A stage name that is not listed here deploys with the `dev` profile (a developer's own
 * `-c stage=alice` stack), never with `prod`'s. See docs/decisions/0018-stage-configuration.md.
 */
import type { RouteName } from '../functions/routes';
import type { WriteShardsSetting } from '../shared/config/scale';

/** Cognito threat protection (Plus feature plan) for the staff pool: off, audit-only or enforced. */
export type ThreatProtection = 'off' | 'audit' | 'enforced';

/** Steady-state requests per second and burst (token bucket) for an API Gateway stage or route. */
export interface Throttle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/** How CodeDeploy moves an API function's `live` alias to a new version. */
export type TrafficShifting = 'all-at-once' | 'canary-10-percent-5-minutes' | 'linear-10-percent-every-minute';

export interface StageSettings {
  /** `retain`: data, keys, user pools and alert topics survive stack deletion. `destroy`: a dev stage can be torn down. */
  readonly removal: 'retain' | 'destroy';
  /** Powertools and Lambda application log level. */
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** Days function and API access logs are kept (a CloudWatch Logs retention value). */
  readonly logRetentionDays: 7 | 14 | 30 | 60 | 90 | 180 | 365;
  readonly throttle: {
    /** Every route not listed below. */
    readonly stage: Throttle;
    /** Tighter (or looser) limits for individual routes. */
    readonly routes: Partial<Record<RouteName, Throttle>>;
  };
  /**
   * Reserved concurrency of the functions reachable without a token: a flood of anonymous requests
   * can use at most this many execution environments each, and never starves order placement.
   */
  readonly unauthenticatedConcurrency: number;
  /** Most concurrent batches the privacy-requests queue may drive (the SQS mapping's maximum concurrency, ≥ 2). */
  readonly privacyRequestsMaxConcurrency: number;
  readonly staff: {
    readonly threatProtection: ThreatProtection;
    /** Minutes a staff ID or access token is accepted: how long a removed staff member keeps access. */
    readonly tokenMinutes: number;
    /** Hours a staff refresh token lasts: one working shift. */
    readonly sessionHours: number;
  };
  /**
   * Cognito mail through SES: the verified identity to send from. Required for `prod` (Cognito's own
   * sender allows 50 messages a day); a dev stage without it uses Cognito's sender.
   */
  readonly email?: { readonly fromAddress: string; readonly fromName: string; readonly replyTo?: string };
  /** Where alarms go. Subscriptions are confirmed out of band (mail), so addresses are optional here. */
  readonly alarms: {
    /** Mail addresses subscribed to the operators' topic (infrastructure and delivery alarms). */
    readonly operatorEmails: readonly string[];
    /** Mail addresses subscribed to the privacy officers' topic (deadlines, audit, staff reads). */
    readonly officerEmails: readonly string[];
    /** API-wide thresholds; they also roll back a canary deployment. */
    readonly api: {
      /** Share of requests answered 5xx, in percent, over two 5-minute periods. */
      readonly serverErrorPercent: number;
      /** Fewer requests than this in 5 minutes never count as an error rate (a single 500 at night is not 100%). */
      readonly minimumRequests: number;
      readonly p99LatencyMs: number;
    };
  };
  /** How the `live` alias of API functions moves to a new version; rolls back when a group alarm fires. */
  readonly trafficShifting: TrafficShifting;
  /** AWS Backup of the data and audit tables (never the keys table): daily, kept this many days; 0 = no plan. */
  readonly backupRetentionDays: number;
  /**
   * Days the bus's archive keeps every published domain event for replay (at least 1: EventBridge
   * reads 0 as "forever"). Events hold ids, states and amounts, never a personal value (decision 0040).
   */
  readonly eventArchiveDays: number;
  /**
   * Shard counts of the keys every order writes (shared/config/scale.ts), where they differ from the
   * defaults; set on every function as `WRITE_SHARDS`. A count only grows: to lower one, lower
   * `writes` and keep `reads` at the largest count this stage ever used, or items already written to
   * the higher shards disappear from queues and sweeps (docs/decisions/0081). `-c writeShards=<json>`
   * replaces it for one deployment. @default {} (the defaults)
   */
  readonly writeShards?: WriteShardsSetting;
  /**
   * The API's own domain (regional endpoint, TLS 1.2, mapped to the `$default` stage), from
   * `-c apiDomainName=… -c apiCertificateArn=…`; the DNS alias to its target is created by hand
   * (output `CustomDomainTarget`). @default - none: the `execute-api` URL only
   */
  readonly customDomain?: { readonly domainName: string; readonly certificateArn: string };
}

const DEV: StageSettings = {
  removal: 'destroy',
  logLevel: 'DEBUG',
  logRetentionDays: 14,
  throttle: {
    stage: { rateLimit: 50, burstLimit: 100 },
    routes: { receiveCarrierEvents: { rateLimit: 10, burstLimit: 20 } },
  },
  unauthenticatedConcurrency: 5,
  privacyRequestsMaxConcurrency: 2,
  staff: { threatProtection: 'audit', tokenMinutes: 5, sessionHours: 12 },
  alarms: {
    operatorEmails: [],
    officerEmails: [],
    api: { serverErrorPercent: 5, minimumRequests: 20, p99LatencyMs: 3000 },
  },
  trafficShifting: 'all-at-once',
  backupRetentionDays: 0,
  eventArchiveDays: 7,
};

const PROD: StageSettings = {
  removal: 'retain',
  logLevel: 'INFO',
  logRetentionDays: 90,
  throttle: {
    stage: { rateLimit: 500, burstLimit: 1000 },
    routes: {
      // Anonymous routes get a small share each: none of them may eat the stage's budget.
      health: { rateLimit: 5, burstLimit: 10 },
      listProcessors: { rateLimit: 5, burstLimit: 10 },
      getPrivacyPolicy: { rateLimit: 50, burstLimit: 100 },
      listPrivacyPolicyVersions: { rateLimit: 20, burstLimit: 40 },
      receiveCarrierEvents: { rateLimit: 20, burstLimit: 40 },
      // Staff reads of personal data: a person reads a handful a minute; a script reads thousands.
      getCustomerForSupport: { rateLimit: 5, burstLimit: 10 },
      getOrderForSupport: { rateLimit: 5, burstLimit: 10 },
      getFulfillmentQueue: { rateLimit: 5, burstLimit: 10 },
    },
  },
  unauthenticatedConcurrency: 20,
  privacyRequestsMaxConcurrency: 5,
  staff: { threatProtection: 'enforced', tokenMinutes: 5, sessionHours: 12 },
  alarms: {
    operatorEmails: [],
    officerEmails: [],
    api: { serverErrorPercent: 1, minimumRequests: 50, p99LatencyMs: 1500 },
  },
  trafficShifting: 'canary-10-percent-5-minutes',
  backupRetentionDays: 35,
  eventArchiveDays: 90,
};

/** The stages with their own profile; any other stage name gets `dev`'s. */
export const STAGES = { dev: DEV, prod: PROD } as const satisfies Record<string, StageSettings>;

/** Stages customers use: they need explicit origins, account, region and a mail identity. */
export const PRODUCTION_STAGES: readonly string[] = ['prod'];

/** The settings of `stage`: its own profile, or `dev`'s for a personal or feature stage. */
export function stageSettings(stage: string): StageSettings {
  return (STAGES as Record<string, StageSettings>)[stage] ?? STAGES.dev;
}
