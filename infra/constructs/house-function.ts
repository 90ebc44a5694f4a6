/**
 * The house Lambda function: every entry point — HTTP route or job — gets the same runtime, bundle,
 * logging, tracing and role shape, so nothing can quietly drift from the house defaults. The entry
 * point kinds (`ApiFunction`, `ScheduledJob`) add only what differs: memory and timeout defaults,
 * and how failed invocations are kept.
 */
import * as path from 'node:path';
import { type Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  ApplicationLogLevel,
  Architecture,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * ESM has no `require`, but CommonJS packages bundled into an ESM file keep their `require()` calls
 * (mostly for Node built-ins). Defining one from `import.meta.url` makes those calls work.
 */
const ESM_REQUIRE_SHIM =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/**
 * Provided by the Node.js 24 Lambda runtime (AWS SDK for JavaScript v3 and its Smithy core), so left
 * out of every bundle. See docs/decisions/0010-sdk-external-to-bundles.md.
 */
export const RUNTIME_PROVIDED_MODULES = ['@aws-sdk/*', '@smithy/*'];

/**
 * The payment processor's SDK: loaded on first use by the payment adapter, so only functions that
 * call the processor bundle it; every other bundle leaves it out (it would double their size).
 */
export const PAYMENT_SDK_MODULE = 'stripe';

/** What a function's bundle leaves out: what the runtime provides, and the payment SDK unless it calls the processor. */
export const externalModulesFor = (props: Pick<HouseFunctionProps, 'callsPaymentProcessor'>): string[] => [
  ...RUNTIME_PROVIDED_MODULES,
  ...(props.callsPaymentProcessor ? [] : [PAYMENT_SDK_MODULE]),
];

/**
 * Node built-ins a bundle takes as CommonJS (`process.getBuiltinModule`) instead of through an ESM
 * import: importing `node:http` from ESM builds a facade that reads every export, and its lazy
 * getters load undici — about 25 ms of CPU on every cold start (Powertools' tracer and middy import
 * it that way). esbuild aliases each to a one-line module in infra/bundling/. Decision 0062.
 */
export const BUILTINS_AS_COMMONJS = ['http', 'https'];

/** esbuild `--alias` values for BUILTINS_AS_COMMONJS, with and without the `node:` prefix. */
export const builtinAliases = (repoRoot: string): string[] =>
  BUILTINS_AS_COMMONJS.flatMap((name) => {
    const shim = path.join(repoRoot, 'infra', 'bundling', `node-${name}.cjs`);
    return [`node:${name}=${shim}`, `${name}=${shim}`];
  });

/**
 * CloudWatch namespace of every metric the backend emits (Powertools reads POWERTOOLS_METRICS_NAMESPACE);
 * the same value the local runtime uses. Powertools adds a `service` dimension = POWERTOOLS_SERVICE_NAME.
 */
export const METRICS_NAMESPACE = 'PrivacyOrders';

export interface HouseFunctionProps {
  /** Repository root; `entry` is resolved against it. */
  readonly repoRoot: string;
  /** Handler module relative to the repository root, e.g. `functions/account/get-profile.ts`. It exports `handler`. */
  readonly entry: string;
  /** Powertools service name (logs, traces, and the `service` dimension of metrics). */
  readonly serviceName: string;
  /** Memory in MB: always explicit, each entry point kind has its own default. */
  readonly memorySize: number;
  /** Always explicit, each entry point kind has its own default. */
  readonly timeout: Duration;
  /** @default RetentionDays.ONE_MONTH — logs carry pseudonymous ids and request metadata; keep them short-lived. */
  readonly logRetention?: RetentionDays;
  /**
   * Encrypts the function's log group. The key policy must allow the CloudWatch Logs service principal.
   * @default - CloudWatch Logs' own encryption
   */
  readonly logEncryptionKey?: IKey;
  /** Extra environment variables (table names etc. are set by the grant helper). */
  readonly environment?: Record<string, string>;
  /** Description shown in the Lambda console. @default - the entry path */
  readonly description?: string;
  /**
   * The execution role's name. Fixed names let the subject key's policy (stateful stack, deployed
   * first) name the roles that may use it before they exist (infra/naming.ts).
   */
  readonly roleName: string;
  /** Application log level (Powertools and Lambda's own filter). @default 'INFO' */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** Removal of the log group with the function. @default RemovalPolicy.DESTROY */
  readonly logRemovalPolicy?: RemovalPolicy;
  /** Reserved concurrency: a cap on this function and a guarantee for it. @default - none (account pool) */
  readonly reservedConcurrentExecutions?: number;
  /**
   * Where Lambda puts asynchronous invocations that still fail after its own retries (the function's
   * DeadLetterConfig). @default - none: only right for functions that are never invoked asynchronously
   */
  readonly deadLetterQueue?: IQueue;
  /** The function's access declares the payment processor: its bundle carries the payment SDK. @default false */
  readonly callsPaymentProcessor?: boolean;
}

/**
 * A Node.js 24 / arm64 Lambda function: minified ESM bundle with source maps built by the local
 * esbuild (no Docker), JSON logs in its own log group with retention, active X-Ray tracing, explicit
 * memory and timeout, and a role with no managed policies.
 */
export class HouseFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: HouseFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      encryptionKey: props.logEncryptionKey,
      // Logs are diagnostics, not records: nothing to keep once the function is gone.
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });

    // An explicit role instead of AWSLambdaBasicExecutionRole (an AWS-managed policy that may write to
    // any log group): this function may only write to its own.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      roleName: props.roleName,
      description: `Execution role for ${props.entry}`,
    });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(props.repoRoot, props.entry),
      handler: 'handler',
      projectRoot: props.repoRoot,
      depsLockFilePath: path.join(props.repoRoot, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      description: props.description ?? props.entry,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel[props.logLevel ?? 'INFO'],
      systemLogLevelV2: SystemLogLevel.INFO,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      // Lambda's own segments (initialisation, invocation, overhead) for every request; the SDK passes
      // the trace header on to the AWS services it calls. No tracing SDK in the bundle (decision 0052).
      tracing: Tracing.ACTIVE,
      // Adds DeadLetterConfig and sqs:SendMessage on that one queue to the role.
      deadLetterQueue: props.deadLetterQueue,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_SHIM,
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.EXTERNAL,
        // Source text stays out of the .map: stack traces need file/line mappings, not the code.
        sourcesContent: false,
        externalModules: externalModulesFor(props),
        esbuildArgs: { '--alias': builtinAliases(props.repoRoot) },
        forceDockerBundling: false,
      },
    });

    // Tracing.ACTIVE adds xray:PutTraceSegments/PutTelemetryRecords on "*" to the role's default policy.
    const defaultPolicy = this.role.node.tryFindChild('DefaultPolicy');
    if (defaultPolicy) {
      Validations.of(defaultPolicy).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Only the X-Ray actions xray:PutTraceSegments and xray:PutTelemetryRecords use Resource "*": X-Ray supports no resource-level permissions for them',
      });
    }
  }
}
