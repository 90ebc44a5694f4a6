/**
 * Deployment settings read once from CDK context and the environment: target account/region, stage
 * and the browser origins allowed by CORS. Everything else about the stacks is code.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Environment } from 'aws-cdk-lib';
import type { Node } from 'constructs';
import { cors } from '../functions/routes';

/**
 * Used only when neither context nor the CDK CLI names an account/region, so `cdk synth` works offline
 * with no AWS credentials. Deploying with these values fails on purpose (the account does not exist).
 * See docs/decisions/0006-offline-synth-environment.md.
 */
export const SYNTH_ONLY_ENV = { account: '123456789012', region: 'eu-west-1' } as const;

export const DEFAULT_STAGE = 'dev';

export interface DeploymentConfig {
  /** Concrete account and region: TableV2 with a customer-managed key cannot render region-agnostic. */
  readonly env: Required<Pick<Environment, 'account' | 'region'>>;
  /** Short lowercase name used in stack ids and resource names (`dev`, `prod`). */
  readonly stage: string;
  /** Browser origins allowed by the HTTP API's CORS configuration. */
  readonly allowedOrigins: string[];
}

function contextString(node: Node, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`Context "${key}" must be a string, got ${typeof value}`);
  return value;
}

/**
 * Resolves the deployment settings. Precedence for account/region: context (`-c account=… -c region=…`),
 * then the CLI's `CDK_DEFAULT_ACCOUNT`/`CDK_DEFAULT_REGION`, then {@link SYNTH_ONLY_ENV}.
 */
export function resolveConfig(node: Node, env: NodeJS.ProcessEnv = process.env): DeploymentConfig {
  const account = contextString(node, 'account') ?? env.CDK_DEFAULT_ACCOUNT ?? SYNTH_ONLY_ENV.account;
  const region = contextString(node, 'region') ?? env.CDK_DEFAULT_REGION ?? SYNTH_ONLY_ENV.region;
  const stage = contextString(node, 'stage') ?? DEFAULT_STAGE;
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(stage)) {
    throw new Error(`Context "stage" must be lowercase letters, digits or dashes (max 16): ${stage}`);
  }
  const origins = contextString(node, 'allowedOrigins');
  const allowedOrigins = origins
    ? origins
        .split(',')
        .map((o) => o.trim())
        .filter((o) => o.length > 0)
    : [...cors.defaultOrigins];
  for (const origin of allowedOrigins) {
    // A wildcard would let any site call the API with a user's token; name the frontends instead.
    if (origin === '*' || !/^https?:\/\/[^/\s*]+$/.test(origin)) {
      throw new Error(`Context "allowedOrigins" entries must be scheme://host[:port] origins: ${origin}`);
    }
  }
  return { env: { account, region }, stage, allowedOrigins };
}

/**
 * The repository root: the nearest directory at or above the working directory holding `cdk.json`.
 * Handler entries in `functions/routes.ts` are relative to it. (No `import.meta`/`__dirname`: this
 * module runs both under tsx as ESM and under Jest as CommonJS.)
 */
export function findRepoRoot(start: string = process.cwd()): string {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'cdk.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No cdk.json found at or above ${start}`);
    dir = parent;
  }
}
