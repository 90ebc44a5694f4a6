/**
 * Builds the CDK app. The CLI entry point (`infra/app.ts`) and the infra tests both call `buildApp`,
 * so the tests check exactly the app that deploys.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { type JobDefinition, jobs } from '../functions/jobs/index';
import { routes } from '../functions/routes';
import type { RouteDefinition } from '../shared/http/route';
import { findRepoRoot, resolveConfig } from './config';
import { StatefulStack } from './stacks/stateful-stack';
import { StatelessStack } from './stacks/stateless-stack';

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
  /** @default the nearest directory at or above the working directory that holds cdk.json */
  readonly repoRoot?: string;
}

export interface BuiltApp {
  readonly app: App;
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

/** Builds the app: both stacks, connected by typed props, with the cdk-nag packs registered as validation plugins. */
export function buildApp(props: BuildAppProps = {}): BuiltApp {
  const repoRoot = props.repoRoot ?? findRepoRoot();
  // cdk.json's context (feature flags, stage, origins) is the base for every host — the CLI, tests and
  // a plain `tsx infra/app.ts` — so all of them synthesise the same app.
  const app = new App({
    ...props.appProps,
    context: { ...cdkJsonContext(repoRoot), ...props.appProps?.context },
  });
  const config = resolveConfig(app.node);
  const prefix = `Orders-${config.stage}`;

  const stateful = new StatefulStack(app, `${prefix}-Stateful`, {
    env: config.env,
    stage: config.stage,
    description: 'Privacy-first order backend: KMS key, DynamoDB tables, event bus, carrier webhook secret',
    terminationProtection: config.stage === 'prod',
  });
  const stateless = new StatelessStack(app, `${prefix}-Stateless`, {
    env: config.env,
    stage: config.stage,
    description: 'Privacy-first order backend: Cognito, HTTP API, functions, jobs, privacy officer alerts',
    stateful,
    routes: props.routes ?? routes,
    jobs: props.jobs ?? jobs,
    repoRoot,
    allowedOrigins: config.allowedOrigins,
  });

  // cdk-nag 3 packs are policy-validation plugins (not Aspects): they run on the finished construct
  // tree during synthesis, and any unacknowledged finding fails `cdk synth`.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));

  return { app, stateful, stateless };
}

function cdkJsonContext(repoRoot: string): Record<string, unknown> {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(repoRoot, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}
