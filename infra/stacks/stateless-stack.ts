/**
 * Everything that can be replaced by a redeploy: Cognito sign-in, the HTTP API and one function per
 * entry in `functions/routes.ts`, wired to the stateful resources it receives as typed props.
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
import { AccountRecovery, FeaturePlan, Mfa, UserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { cors, type RouteDefinition } from '../../functions/routes';
import { STAFF_ROLES } from '../../shared/domain/access';
import { ApiFunction } from '../constructs/api-function';
import { grantFunctionAccess } from '../constructs/grants';
import type { StatefulResources } from './stateful-stack';

export interface StatelessStackProps extends StackProps {
  readonly stage: string;
  /** The key, tables, bus and carrier webhook secret from the stateful stack. */
  readonly stateful: StatefulResources;
  /** The route table to build (normally `routes` from `functions/routes.ts`). */
  readonly routes: Readonly<Record<string, RouteDefinition>>;
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
      grantFunctionAccess(fn, route.access, props.stateful);
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

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
  }
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
