/**
 * Builds the CDK app. The CLI entry point (`infra/app.ts`) and the infra tests both call `buildApp`,
 * so the tests check exactly the app that deploys.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { type JobDefinition, jobs } from '../functions/jobs/index';
import { methodNotAllowed, routes } from '../functions/routes';
import { type StreamDefinition, streams } from '../functions/streams/index';
import { identityTriggers } from '../functions/triggers/index';
import type { FunctionAccess } from '../shared/config/resources';
import { resolveWriteShards, WRITE_SHARDS_ENV } from '../shared/config/scale';
import type { RouteDefinition } from '../shared/http/route';
import { findRepoRoot, resolveConfig } from './config';
import { subjectKeyUse } from './constructs/grants';
import { HouseFunction } from './constructs/house-function';
import type { SubjectKeyUser } from './constructs/subject-key';
import {
  jobRoleName,
  ROUTE_GROUPS,
  type RouteGroup,
  routeGroupOf,
  routeRoleName,
  stackId,
  streamRoleName,
} from './naming';
import { ApiStack } from './stacks/api-stack';
import { JobsStack } from './stacks/jobs-stack';
import { OperationsStack } from './stacks/operations-stack';
import { RouteGroupStack } from './stacks/route-group-stack';
import { type AuditRoles, StatefulStack } from './stacks/stateful-stack';
import { StreamsStack } from './stacks/streams-stack';
import { WebStack } from './stacks/web-stack';
import type { StageSettings } from './stages';

export interface BuildAppProps {
  /**
   * Passed to `App`. `context` here overrides cdk.json; the CLI's context (`-c`, cdk.context.json)
   * overrides both.
   */
  readonly appProps?: AppProps;
  /** @default `routes` from functions/routes.ts */
  readonly routes?: Readonly<Record<string, RouteDefinition>>;
  /** @default `jobs` from functions/jobs/index.ts */
  readonly jobs?: Readonly<Record<string, JobDefinition>>;
  /** @default `streams` from functions/streams/index.ts */
  readonly streams?: Readonly<Record<string, StreamDefinition>>;
  /** @default the nearest directory at or above the working directory that holds cdk.json */
  readonly repoRoot?: string;
}

export interface BuiltApp {
  readonly app: App;
  readonly stage: string;
  readonly settings: StageSettings;
  readonly stateful: StatefulStack;
  readonly api: ApiStack;
  /** One stack per route group that has routes, by group. */
  readonly routeGroups: Readonly<Partial<Record<RouteGroup, RouteGroupStack>>>;
  readonly jobs: JobsStack;
  /** The stream-fed functions (the outbox publisher). */
  readonly streams: StreamsStack;
  readonly operations: OperationsStack;
  /** The web app: private bucket, CloudFront, the built pages (decision 0071). */
  readonly web: WebStack;
}

/**
 * Builds the app with the cdk-nag packs registered as validation plugins. Deployment order (each
 * stack depends only on earlier ones): Stateful → Api → Routes-<group>, Jobs and Streams → Operations → Web.
 */
export function buildApp(props: BuildAppProps = {}): BuiltApp {
  const repoRoot = props.repoRoot ?? findRepoRoot();
  // cdk.json's context (feature flags, stage, origins) is the base for every host — the CLI, tests and
  // a plain `tsx infra/app.ts` — so all of them synthesise the same app.
  const app = new App({
    ...props.appProps,
    context: { ...cdkJsonContext(repoRoot), ...props.appProps?.context },
  });
  const config = resolveConfig(app.node);
  const { stage, settings } = config;
  const routeTable = props.routes ?? routes;
  const jobTable = props.jobs ?? jobs;
  const streamTable = props.streams ?? streams;
  const retained = settings.removal === 'retain';
  const common = { env: config.env, stage, settings, terminationProtection: retained };

  const stateful = new StatefulStack(app, stackId(stage, 'Stateful'), {
    ...common,
    description:
      'Privacy-first order backend: keys, tables, backups, event bus, carrier webhook, payment processor and cursor secrets, alert topics',
    subjectKeyUsers: subjectKeyUsers(stage, routeTable, jobTable, streamTable),
    auditRoles: auditRoles(stage, routeTable, jobTable),
  });
  const { operators, officers } = stateful.alerts;
  const statefulTargets = {
    key: stateful.key,
    subjectKey: stateful.subjectKey,
    auditSigningKey: stateful.auditSigningKey,
    tables: stateful.tables,
    bus: stateful.bus,
    carrierWebhookSecrets: stateful.carrierWebhookSecrets,
    paymentProcessorKey: stateful.paymentProcessorKey,
    cursorSecret: stateful.cursorSecret,
  };
  const logRetention = settings.logRetentionDays;
  const api = new ApiStack(app, stackId(stage, 'Api'), {
    ...common,
    description: 'Privacy-first order backend: customer and staff user pools, HTTP API, API alarms',
    allowedOrigins: config.allowedOrigins,
    operators,
    repoRoot,
    identityTriggers,
    triggerGrants: statefulTargets,
    logRetention,
  });
  // Mail to subjects comes from the stage's SES identity; its links go to the first frontend's account pages.
  const mail = settings.email && { ...settings.email, accountUrl: `${config.allowedOrigins[0]}/account` };
  const grantTargets = { ...statefulTargets, userPool: api.userPool, staffPool: api.staffPool, ...(mail && { mail }) };

  const routeGroups: Partial<Record<RouteGroup, RouteGroupStack>> = {};
  for (const group of ROUTE_GROUPS) {
    const members = Object.fromEntries(Object.entries(routeTable).filter(([, r]) => routeGroupOf(r) === group));
    if (Object.keys(members).length === 0) continue;
    routeGroups[group] = new RouteGroupStack(app, stackId(stage, `Routes-${capitalise(group)}`), {
      ...common,
      description: `Privacy-first order backend: the ${group} routes and their functions`,
      group,
      routes: members,
      repoRoot,
      api: api.api,
      customerAuthorizer: api.customerAuthorizer,
      staffAuthorizer: api.staffAuthorizer,
      grantTargets,
      logRetention,
      rollbackAlarms: [api.serverErrorRateAlarm],
      operators,
      ...(group === 'public' && {
        methodNotAllowed: { entry: methodNotAllowed.entry, paths: Object.values(routeTable).map((r) => r.path) },
      }),
    });
  }
  const jobsStack = new JobsStack(app, stackId(stage, 'Jobs'), {
    ...common,
    description: 'Privacy-first order backend: scheduled and queue-driven jobs and their alarms',
    jobs: jobTable,
    repoRoot,
    grantTargets,
    logRetention,
    operators,
    officers,
  });
  const streamsStack = new StreamsStack(app, stackId(stage, 'Streams'), {
    ...common,
    description: 'Privacy-first order backend: stream-fed functions (the outbox publisher) and their alarms',
    streams: streamTable,
    repoRoot,
    grantTargets,
    logRetention,
    operators,
  });
  const operations = new OperationsStack(app, stackId(stage, 'Operations'), {
    ...common,
    description: 'Privacy-first order backend: API stage and throttles, access-log metrics, alarms, dashboard',
    api,
    routes: routeTable,
    routeGroups: Object.values(routeGroups),
    jobs: jobsStack,
    streams: streamsStack,
    tables: stateful.tables,
    logRetention,
    operators,
    officers,
  });

  const web = new WebStack(app, stackId(stage, 'Web'), {
    ...common,
    description: 'Privacy-first order backend: the web app (private S3 bucket, CloudFront with security headers)',
    apiUrl: operations.stage.url,
    apiOrigin: api.api.apiEndpoint,
    hostedSignIn: { domain: api.hostedSignInDomain.baseUrl(), clientId: api.hostedSignInClient.userPoolClientId },
  });

  // One configuration point for the shard counts: validated here (an invalid stage setting fails synth
  // with the problem named), then the same JSON on every function, so writers and readers agree.
  const shardCounts = JSON.stringify(resolveWriteShards(settings.writeShards));
  for (const construct of app.node.findAll()) {
    if (construct instanceof HouseFunction) construct.function.addEnvironment(WRITE_SHARDS_ENV, shardCounts);
  }

  // cdk-nag 3 packs are policy-validation plugins (not Aspects): they run on the finished construct
  // tree during synthesis, and any unacknowledged finding fails `cdk synth`.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));

  return {
    app,
    stage,
    settings,
    stateful,
    api,
    routeGroups,
    jobs: jobsStack,
    streams: streamsStack,
    operations,
    web,
  };
}

/** The roles the subject key's policy names: every route, job and stream function whose access uses subject data keys. */
export function subjectKeyUsers(
  stage: string,
  routeTable: Readonly<Record<string, RouteDefinition>>,
  jobTable: Readonly<Record<string, JobDefinition>>,
  streamTable: Readonly<Record<string, StreamDefinition>> = streams,
): SubjectKeyUser[] {
  const users: SubjectKeyUser[] = [];
  for (const [name, route] of Object.entries(routeTable)) {
    const use = subjectKeyUse(route.access);
    if (use) users.push({ roleName: routeRoleName(stage, name), use });
  }
  for (const [name, job] of Object.entries(jobTable)) {
    const use = subjectKeyUse(job.access);
    if (use) users.push({ roleName: jobRoleName(stage, name), use });
  }
  for (const [name, stream] of Object.entries(streamTable)) {
    const use = subjectKeyUse(stream.access);
    if (use) users.push({ roleName: streamRoleName(stage, name), use });
  }
  return users;
}

/** The roles the audit stores' policies name, from what each route and job declares it touches. */
export function auditRoles(
  stage: string,
  routeTable: Readonly<Record<string, RouteDefinition>>,
  jobTable: Readonly<Record<string, JobDefinition>>,
): AuditRoles {
  const roles = [
    ...Object.entries(routeTable).map(([name, route]) => ({ role: routeRoleName(stage, name), access: route.access })),
    ...Object.entries(jobTable).map(([name, job]) => ({ role: jobRoleName(stage, name), access: job.access })),
  ];
  const where = (test: (access: FunctionAccess) => boolean) => roles.filter((r) => test(r.access)).map((r) => r.role);
  return {
    digestSigners: where((a) => a.auditSigning === 'sign'),
    digestWriters: where((a) => a.auditDigests === 'append' || a.auditDigests === 'verify'),
    auditExpirers: where((a) => a.audit === 'expire'),
  };
}

function cdkJsonContext(repoRoot: string): Record<string, unknown> {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(repoRoot, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
