/**
 * The one Lambda construct: every HTTP entry point gets the same runtime, bundle, logging, tracing and
 * role shape, so a new route cannot quietly drift from the house defaults.
 */
import * as path from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
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

export interface ApiFunctionProps {
  /** Repository root; `entry` is resolved against it. */
  readonly repoRoot: string;
  /** Handler module relative to the repository root, e.g. `functions/account/get-profile.ts`. It exports `handler`. */
  readonly entry: string;
  /** Powertools service name (logs, metrics, traces). */
  readonly serviceName: string;
  /** @default 256 */
  readonly memorySize?: number;
  /** @default Duration.seconds(10) — API Gateway gives up after 30 s; a handler should be far quicker. */
  readonly timeout?: Duration;
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
}

/**
 * A Node.js 24 / arm64 Lambda function for one synchronous (API Gateway) entry point: minified ESM
 * bundle with source maps built by the local esbuild (no Docker), JSON logs in its own log group with
 * retention, active X-Ray tracing, explicit memory and timeout, and a role with no managed policies.
 */
export class ApiFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      encryptionKey: props.logEncryptionKey,
      // Logs are diagnostics, not records: nothing to keep once the function is gone.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // An explicit role instead of AWSLambdaBasicExecutionRole (an AWS-managed policy that may write to
    // any log group): this function may only write to its own.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
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
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(10),
      description: props.description ?? props.entry,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      tracing: Tracing.ACTIVE,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
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
        externalModules: RUNTIME_PROVIDED_MODULES,
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
    // Invoked synchronously by API Gateway: the caller receives the error, and Lambda never routes
    // synchronous invocations to a dead-letter queue, so a DLQ here would only ever be empty.
    Validations.of(this.function).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Synchronous API Gateway integration: errors return to the caller; Lambda sends only asynchronous invocations to a DLQ',
    });
  }
}
