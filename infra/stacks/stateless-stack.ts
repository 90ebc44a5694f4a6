/**
 * Everything that can be replaced by a redeploy: Cognito sign-in, the HTTP API with one function per
 * entry in `functions/routes.ts`, one scheduled (and possibly queue-driven) job per entry in
 * `functions/jobs/index.ts`, and the privacy officers' alerts — all wired to the stateful resources it
 * receives as typed props. Jobs live here because erasure deletes users from this stack's user pool.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
  type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { ComparisonOperator, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { AccountRecovery, FeaturePlan, Mfa, UserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { JobDefinition, JobName } from '../../functions/jobs/index';
import { cors } from '../../functions/routes';
import { STAFF_ROLES } from '../../shared/domain/access';
import type { RouteDefinition } from '../../shared/http/route';
import { ApiFunction } from '../constructs/api-function';
import { type GrantTargets, grantFunctionAccess } from '../constructs/grants';
import { OfficerAlerts } from '../constructs/officer-alerts';
import { ScheduledJob } from '../constructs/scheduled-job';
import type { StatefulResources } from './stateful-stack';

/** The job that counts privacy deadlines, and the metric it emits for overdue ones (shared/usecases/deadlines.ts). */
export const DEADLINE_MONITOR_JOB: JobName = 'deadline-monitor';
export const DEADLINES_OVERDUE_METRIC = 'DeadlinesOverdue';

export interface StatelessStackProps extends StackProps {
  readonly stage: string;
  /** The key, tables, bus and carrier webhook secret from the stateful stack. */
  readonly stateful: StatefulResources;
  /** The route table to build (normally `routes` from `functions/routes.ts`). */
  readonly routes: Readonly<Record<string, RouteDefinition>>;
  /** The job table to build (normally `jobs` from `functions/jobs/index.ts`). */
  readonly jobs: Readonly<Record<string, JobDefinition>>;
  /** Repository root; route entries are relative to it. */
  readonly repoRoot: string;
  /** Browser origins allowed by CORS. */
  readonly allowedOrigins: string[];
  /** Steady-state request rate limit for the whole stage. @default 50 */
  readonly throttleRateLimit?: number;
  /** Burst limit for the whole stage. @default 100 */
  readonly throttleBurstLimit?: number;
  /**
   * Tighter limit for public routes that authenticate by signature (the carrier webhook): anyone can
   * reach them, so they get their own, smaller share of the stage. @default 10 rps, burst 20
   */
  readonly signedWebhookThrottle?: Required<ThrottleSettings>;
}

export class StatelessStack extends Stack {
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly api: HttpApi;
  /** One function per route, by route name. */
  readonly functions: Readonly<Record<string, ApiFunction>>;
  /** One scheduled job per job table entry, by job name. */
  readonly jobs: Readonly<Record<string, ScheduledJob>>;
  readonly officerAlerts: OfficerAlerts;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);

    this.userPool = new UserPool(this, 'Users', {
      userPoolName: `orders-${props.stage}-users`,
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      autoVerify: { email: true },
      // Cognito holds only the sign-in identity (email); profile data lives encrypted in the data table.
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      // Sign-in identities are not recreatable: keep the pool if the stack is ever deleted.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason:
          'Customers self-register for a shop; MFA is optional (TOTP offered, no SMS) so sign-up needs no authenticator app',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'Plus tier (threat protection) is billed per monthly active user; Essentials plus strong passwords and optional TOTP is the chosen baseline',
      },
    );
    for (const role of STAFF_ROLES) {
      this.userPool.addGroup(`Group-${role}`, {
        groupName: role,
        description: `Staff role "${role}" (read from the cognito:groups claim)`,
      });
    }
    this.userPoolClient = this.userPool.addClient('WebClient', {
      userPoolClientName: `orders-${props.stage}-web`,
      generateSecret: false,
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });

    const authorizer = new HttpJwtAuthorizer(
      'CognitoJwt',
      `https://cognito-idp.${this.region}.amazonaws.com/${this.userPool.userPoolId}`,
      { jwtAudience: [this.userPoolClient.userPoolClientId] },
    );

    this.api = new HttpApi(this, 'Api', {
      apiName: `orders-${props.stage}`,
      description: 'Privacy-first order backend',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: props.allowedOrigins,
        allowMethods: cors.allowMethods.map((m) => CorsHttpMethod[m]),
        allowHeaders: [...cors.allowHeaders],
        exposeHeaders: [...cors.exposeHeaders],
        maxAge: Duration.seconds(cors.maxAgeSeconds),
      },
    });

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttleRateLimit ?? 50, burstLimit: props.throttleBurstLimit ?? 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // JSON, and deliberately without source IP, user agent or subject: the request id joins an
        // access log line to the function's own logs when an investigation needs it.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTimeEpoch',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationLatency: '$context.integration.latency',
            integrationStatus: '$context.integrationStatus',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    // Routes and jobs are granted on the same targets; only a declared `identityProvider` uses the pool.
    const grantTargets: GrantTargets & StatefulResources = { ...pick(props.stateful), userPool: this.userPool };

    const functions: Record<string, ApiFunction> = {};
    const signedWebhookRoutes: string[] = [];
    for (const [name, route] of Object.entries(props.routes)) {
      const fn = new ApiFunction(this, `${capitalise(name)}Fn`, {
        repoRoot: props.repoRoot,
        entry: route.entry,
        serviceName: 'orders',
        memorySize: route.memoryMb,
        description: `${route.method} ${route.path}`,
      });
      grantFunctionAccess(fn, route.access, grantTargets);
      functions[name] = fn;

      const [httpRoute] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${capitalise(name)}Integration`, fn.function),
        authorizer: route.auth === 'jwt' ? authorizer : undefined,
      });
      if (route.auth === 'public' && httpRoute) {
        // A public route that reads the carrier webhook secret is a signed webhook: no JWT, because
        // carriers have no Cognito identity; the handler rejects any request without a valid signature.
        const signedWebhook = route.access.carrierWebhookSecret === true;
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: signedWebhook
            ? `Carrier webhook (${name}): carriers hold no Cognito identity; the handler authenticates every request by its HMAC-SHA256 X-Signature over timestamp and raw body, refusing stale timestamps`
            : `Public by design in functions/routes.ts (${name}): readable without an account; no personal data`,
        });
        if (signedWebhook) {
          signedWebhookRoutes.push(`${route.method} ${route.path}`);
          // Route settings name the route by key; the stage must not be created or updated before it.
          stage.node.addDependency(httpRoute);
        }
      }
    }
    this.functions = functions;

    // The HttpStage L2 only sets the stage-wide default, so per-route throttling goes on the L1 stage.
    if (signedWebhookRoutes.length > 0) {
      const limit = props.signedWebhookThrottle ?? { rateLimit: 10, burstLimit: 20 };
      (stage.node.defaultChild as CfnStage).routeSettings = Object.fromEntries(
        signedWebhookRoutes.map((key) => [
          key,
          { ThrottlingRateLimit: limit.rateLimit, ThrottlingBurstLimit: limit.burstLimit },
        ]),
      );
    }

    const jobs: Record<string, ScheduledJob> = {};
    for (const [name, job] of Object.entries(props.jobs)) {
      jobs[name] = new ScheduledJob(this, `${pascal(name)}Job`, {
        repoRoot: props.repoRoot,
        name,
        job,
        stage: props.stage,
        grantTargets,
      });
    }
    this.jobs = jobs;

    this.officerAlerts = new OfficerAlerts(this, 'PrivacyOfficerAlerts', { stage: props.stage });
    const deadlineMonitor = jobs[DEADLINE_MONITOR_JOB];
    if (deadlineMonitor) {
      // The monitor runs daily and always reports the count (0 included), as a Maximum over one day.
      this.officerAlerts.addAlarm('DeadlinesOverdue', {
        alarmName: `orders-${props.stage}-privacy-deadlines-overdue`,
        alarmDescription:
          'Privacy requests or complaints are past their deadline (deadline-monitor job). See the officer inbox for which ones.',
        metric: deadlineMonitor.metric(DEADLINES_OVERDUE_METRIC, {
          period: Duration.days(1),
          statistic: Stats.MAXIMUM,
        }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        // No data means the monitor did not run: its failures are kept in its dead-letter queue, and
        // while deadlines are not counted there is nothing to say they are overdue.
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    }

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'PrivacyOfficerTopicArn', { value: this.officerAlerts.topic.topicArn });
  }
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
/** `privacy-requests` → `PrivacyRequests` */
const pascal = (s: string): string => s.split('-').map(capitalise).join('');
/** The stateful resources themselves (not the stack object they may be). */
const pick = ({ key, tables, bus, carrierWebhookSecret }: StatefulResources): StatefulResources => ({
  key,
  tables,
  bus,
  carrierWebhookSecret,
});
