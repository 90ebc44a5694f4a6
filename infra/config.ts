/**
 * Deployment settings read once from CDK context and the environment: target account/region, stage,
 * the browser origins allowed by CORS, the stage's settings (infra/stages.ts) and the deployment's
 * own mail addresses. Everything else about the stacks is code.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Environment } from 'aws-cdk-lib';
import type { Node } from 'constructs';
import { cors } from '../functions/routes';
import { type WriteShardsSetting, writeShardsSchema } from '../shared/config/scale';
import { PRODUCTION_STAGES, type StageSettings, stageSettings } from './stages';

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
  /** The stage's settings, with this deployment's mail identity and alarm subscribers from context. */
  readonly settings: StageSettings;
}

/** Thrown for a configuration that must not synthesise; the message says what to pass. */
export class DeploymentConfigError extends Error {
  override readonly name = 'DeploymentConfigError';
}

function contextString(node: Node, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`Context "${key}" must be a string, got ${typeof value}`);
  return value;
}

/** A comma-separated context list, trimmed, empty entries dropped. */
function contextList(node: Node, key: string): string[] | undefined {
  return contextString(node, key)
    ?.split(',')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

/**
 * `-c writeShards='{"fulfillmentQueue":128}'`: this deployment's shard counts (JSON, as the
 * WRITE_SHARDS variable; shared/config/scale.ts), replacing the stage's. Checked at synth.
 */
function writeShards(node: Node): WriteShardsSetting | undefined {
  const raw: unknown = node.tryGetContext('writeShards');
  if (raw === undefined || raw === null || raw === '') return undefined;
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new DeploymentConfigError('Context "writeShards" is not JSON');
    }
  }
  const parsed = writeShardsSchema.safeParse(value);
  if (!parsed.success) {
    throw new DeploymentConfigError(
      `Context "writeShards": ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return value as WriteShardsSetting;
}

/**
 * `-c apiDomainName=api.shop.example.com -c apiCertificateArn=arn:aws:acm:<region>:…`: the API's own
 * domain (both or neither). A regional endpoint needs an ACM certificate in the stack's region.
 */
function customDomain(node: Node, region: string): StageSettings['customDomain'] {
  const domainName = contextString(node, 'apiDomainName');
  const certificateArn = contextString(node, 'apiCertificateArn');
  if (!domainName && !certificateArn) return undefined;
  if (!domainName || !certificateArn) {
    throw new DeploymentConfigError(
      'Context "apiDomainName" and "apiCertificateArn" go together: pass both or neither',
    );
  }
  if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domainName)) {
    throw new DeploymentConfigError(`Context "apiDomainName" is not a lowercase domain name: ${domainName}`);
  }
  const arn = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[A-Za-z0-9-]+$/.exec(certificateArn);
  if (!arn)
    throw new DeploymentConfigError(`Context "apiCertificateArn" is not an ACM certificate ARN: ${certificateArn}`);
  if (arn[1] !== region) {
    throw new DeploymentConfigError(
      `Context "apiCertificateArn" is in ${arn[1]}; the API's regional domain needs a certificate in ${region}`,
    );
  }
  return { domainName, certificateArn };
}

const EMAIL = /^[^@\s,]+@[^@\s,]+\.[^@\s,]+$/;

function emails(node: Node, key: string): string[] | undefined {
  const list = contextList(node, key);
  for (const address of list ?? []) {
    if (!EMAIL.test(address))
      throw new DeploymentConfigError(`Context "${key}" has an entry that is not a mail address: ${address}`);
  }
  return list;
}

/**
 * Resolves the deployment settings. Precedence for account/region: context (`-c account=… -c region=…`),
 * then the CLI's `CDK_DEFAULT_ACCOUNT`/`CDK_DEFAULT_REGION`, then {@link SYNTH_ONLY_ENV}.
 */
export function resolveConfig(node: Node, env: NodeJS.ProcessEnv = process.env): DeploymentConfig {
  const stage = contextString(node, 'stage') ?? DEFAULT_STAGE;
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(stage)) {
    throw new Error(`Context "stage" must be lowercase letters, digits or dashes (max 16): ${stage}`);
  }
  const production = PRODUCTION_STAGES.includes(stage);
  const explicitAccount = contextString(node, 'account');
  const explicitRegion = contextString(node, 'region');
  const explicitOrigins = contextList(node, 'allowedOrigins');
  const defaults = stageSettings(stage);
  const fromAddress = contextString(node, 'emailFrom');

  if (production) {
    // The CLI silently falls back to us-east-1 and to whatever credentials are active, and cdk.json
    // carries the local dev origin: a production deploy must say where it goes and who may call it.
    const missing = [
      ...(explicitAccount ? [] : ['-c account=<12-digit account id>']),
      ...(explicitRegion ? [] : ['-c region=<region, e.g. eu-west-1>']),
      ...(explicitOrigins && !explicitOrigins.some(isLocalOrigin)
        ? []
        : ['-c allowedOrigins=<https origins of the shop frontends>']),
      ...(fromAddress ? [] : ['-c emailFrom=<address of a verified SES identity>']),
    ];
    if (missing.length > 0) {
      throw new DeploymentConfigError(
        `Stage "${stage}" serves customers and must be configured explicitly; add ${missing.join(' ')} ` +
          '(see docs/deploy.md).',
      );
    }
  }

  const account = explicitAccount ?? env.CDK_DEFAULT_ACCOUNT ?? SYNTH_ONLY_ENV.account;
  const region = explicitRegion ?? env.CDK_DEFAULT_REGION ?? SYNTH_ONLY_ENV.region;
  const allowedOrigins = explicitOrigins ?? [...cors.defaultOrigins];
  for (const origin of allowedOrigins) {
    // A wildcard would let any site call the API with a user's token; name the frontends instead.
    if (origin === '*' || !/^https?:\/\/[^/\s*]+$/.test(origin)) {
      throw new Error(`Context "allowedOrigins" entries must be scheme://host[:port] origins: ${origin}`);
    }
    if (production && !origin.startsWith('https://')) {
      throw new DeploymentConfigError(`Stage "${stage}" allows only https origins: ${origin}`);
    }
  }
  if (fromAddress && !EMAIL.test(fromAddress)) {
    throw new DeploymentConfigError(`Context "emailFrom" is not a mail address: ${fromAddress}`);
  }

  const domain = customDomain(node, region);
  const settings: StageSettings = {
    ...defaults,
    writeShards: writeShards(node) ?? defaults.writeShards,
    ...(domain ? { customDomain: domain } : {}),
    ...(fromAddress
      ? {
          email: {
            fromAddress,
            fromName: contextString(node, 'emailFromName') ?? 'Customer service',
            ...(contextString(node, 'emailReplyTo') ? { replyTo: contextString(node, 'emailReplyTo') } : {}),
          },
        }
      : {}),
    alarms: {
      ...defaults.alarms,
      operatorEmails: emails(node, 'operatorEmails') ?? defaults.alarms.operatorEmails,
      officerEmails: emails(node, 'officerEmails') ?? defaults.alarms.officerEmails,
    },
  };
  return { env: { account, region }, stage, allowedOrigins, settings };
}

const isLocalOrigin = (origin: string): boolean => /^https?:\/\/(localhost|127\.0\.0\.1)(:|$)/.test(origin);

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
