/**
 * Who may call the API and where it listens: the customers' Cognito user pool, the staff user pool
 * (MFA required, administrator-created accounts, short-lived tokens, threat protection per stage),
 * the HTTP API with its CORS policy and one JWT authorizer per pool, and the two API-wide alarms
 * (5xx rate, p99 latency) that also roll back a canary deployment. Routes are added by the route
 * group stacks; the stage is created by the operations stack once every route exists.
 * See docs/decisions/0022-staff-user-pool.md and 0023-stack-split-and-delivery.md.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { Alarm, ComparisonOperator, MathExpression, Metric, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
  UserPoolEmail,
} from 'aws-cdk-lib/aws-cognito';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { cors } from '../../functions/routes';
import type { TriggerDefinition } from '../../functions/triggers/index';
import { CUSTOMER_TOKEN_LIFETIMES } from '../../shared/config/resources';
import { STAFF_ROLES } from '../../shared/domain/access';
import { notify } from '../constructs/alert-topics';
import type { GrantTargets } from '../constructs/grants';
import { IdentityTriggers } from '../constructs/identity-triggers';
import { alarmName, resourcePrefix } from '../naming';
import type { StageSettings, ThreatProtection } from '../stages';

/** The API Gateway stage every route is served from (created by the operations stack). */
export const API_STAGE_NAME = '$default';

export interface ApiStackProps extends StackProps {
  readonly stage: string;
  readonly settings: StageSettings;
  readonly allowedOrigins: string[];
  /** Operators hear about the API-wide alarms. */
  readonly operators: ITopic;
  readonly repoRoot: string;
  /** The customer pool's triggers (functions/triggers/index.ts) and what they may touch. */
  readonly identityTriggers: Readonly<Record<string, TriggerDefinition>>;
  readonly triggerGrants: GrantTargets;
  readonly logRetention: RetentionDays;
}

const THREAT_PROTECTION: Record<ThreatProtection, StandardThreatProtectionMode> = {
  off: StandardThreatProtectionMode.NO_ENFORCEMENT,
  audit: StandardThreatProtectionMode.AUDIT_ONLY,
  enforced: StandardThreatProtectionMode.FULL_FUNCTION,
};

export class ApiStack extends Stack {
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  /**
   * The web app's client for the hosted sign-in: authorisation code with PKCE (a public client, no secret),
   * returning to the stage's allowed origins.
   */
  readonly hostedSignInClient: UserPoolClient;
  /** The customer pool's hosted sign-in domain (`https://<prefix>.auth.<region>.amazoncognito.com`). */
  readonly hostedSignInDomain: UserPoolDomain;
  /** The customer pool's trigger functions (functions/triggers/index.ts). */
  readonly customerTriggers: IdentityTriggers;
  readonly staffPool: UserPool;
  /** The staff web app's client (SRP) and the command line's (password + TOTP, docs/deploy.md). */
  readonly staffClients: readonly UserPoolClient[];
  readonly api: HttpApi;
  /** Validates customer tokens (the customers' pool and web client). */
  readonly customerAuthorizer: HttpJwtAuthorizer;
  /** Validates staff tokens (the staff pool and its clients). */
  readonly staffAuthorizer: HttpJwtAuthorizer;
  /** Share of requests answered 5xx, and p99 latency, over the whole stage. */
  readonly serverErrorRateAlarm: Alarm;
  readonly latencyAlarm: Alarm;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const prefix = resourcePrefix(props.stage);
    const { settings } = props;
    const removal = settings.removal === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    // Without a configured identity (dev only: config.ts requires one for prod), Cognito's own sender.
    const email = settings.email
      ? UserPoolEmail.withSES({
          fromEmail: settings.email.fromAddress,
          fromName: settings.email.fromName,
          replyTo: settings.email.replyTo,
          sesRegion: this.region,
        })
      : UserPoolEmail.withCognito();

    this.userPool = new UserPool(this, 'Users', {
      userPoolName: `${prefix}-users`,
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
      email,
      deletionProtection: removal === RemovalPolicy.RETAIN,
      // Sign-in identities are not recreatable: keep the pool if a production stack is ever deleted.
      removalPolicy: removal,
    });
    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason:
          'Customers self-register for a shop; MFA is optional (TOTP offered, no SMS) so sign-up needs no authenticator app. Staff sign in to a separate pool that requires MFA',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'Plus tier (threat protection) is billed per monthly active user, and customers are most of them; the staff pool, where a stolen session reads personal data, has it',
      },
    );
    this.userPoolClient = this.userPool.addClient('WebClient', {
      userPoolClientName: `${prefix}-web`,
      generateSecret: false,
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      // An erased subject's tombstone outlives these (shared/config/resources.ts, retention.ts).
      idTokenValidity: Duration.hours(CUSTOMER_TOKEN_LIFETIMES.idTokenHours),
      accessTokenValidity: Duration.hours(CUSTOMER_TOKEN_LIFETIMES.accessTokenHours),
      refreshTokenValidity: Duration.days(CUSTOMER_TOKEN_LIFETIMES.refreshTokenDays),
    });
    // The web app signs customers in on Cognito's hosted page (decision 0071): the code flow, PKCE, back to the
    // origins the API's CORS allows, which are the frontends of this stage.
    this.hostedSignInDomain = this.userPool.addDomain('HostedSignIn', {
      cognitoDomain: { domainPrefix: `${prefix}-${this.account}` },
    });
    const returnTo = props.allowedOrigins.map((origin) => `${origin}/`);
    this.hostedSignInClient = this.userPool.addClient('HostedWebClient', {
      userPoolClientName: `${prefix}-web-hosted`,
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
        callbackUrls: returnTo,
        logoutUrls: returnTo,
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(CUSTOMER_TOKEN_LIFETIMES.idTokenHours),
      accessTokenValidity: Duration.hours(CUSTOMER_TOKEN_LIFETIMES.accessTokenHours),
      refreshTokenValidity: Duration.days(CUSTOMER_TOKEN_LIFETIMES.refreshTokenDays),
    });
    // Every sign-in postpones the inactivity notice (docs/retention.md).
    this.customerTriggers = new IdentityTriggers(this, 'CustomerTriggers', {
      repoRoot: props.repoRoot,
      stage: props.stage,
      pool: this.userPool,
      triggers: props.identityTriggers,
      grantTargets: props.triggerGrants,
      logLevel: settings.logLevel,
      logRetention: props.logRetention,
    });

    const threatProtection = settings.staff.threatProtection;
    this.staffPool = new UserPool(this, 'Staff', {
      userPoolName: `${prefix}-staff`,
      // Staff accounts are created by an administrator (`npm run staff -- create`), never by sign-up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: false } },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(1),
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.NONE,
      // Threat protection needs the Plus plan; `off` keeps Essentials (no per-user charge).
      featurePlan: threatProtection === 'off' ? FeaturePlan.ESSENTIALS : FeaturePlan.PLUS,
      ...(threatProtection === 'off' ? {} : { standardThreatProtectionMode: THREAT_PROTECTION[threatProtection] }),
      email,
      deletionProtection: removal === RemovalPolicy.RETAIN,
      removalPolicy: removal,
    });
    if (threatProtection === 'off') {
      Validations.of(this.staffPool).acknowledge(
        {
          id: 'AwsSolutions-COG3',
          reason:
            'This stage turns staff threat protection off in infra/stages.ts (a development stage without real staff); production stages enforce it',
        },
        {
          id: 'AwsSolutions-COG8',
          reason:
            'Threat protection is off for this stage (infra/stages.ts), so the staff pool stays on Essentials; production stages use Plus and enforce it',
        },
      );
    }
    for (const role of STAFF_ROLES) {
      this.staffPool.addGroup(`Group-${role}`, {
        groupName: role,
        description: `Staff role "${role}" (read from the cognito:groups claim)`,
      });
    }
    const staffToken = Duration.minutes(settings.staff.tokenMinutes);
    const staffClient = (clientId: string, name: string, flows: { userSrp?: boolean; userPassword?: boolean }) =>
      this.staffPool.addClient(clientId, {
        userPoolClientName: `${prefix}-${name}`,
        generateSecret: false,
        authFlows: flows,
        disableOAuth: true,
        preventUserExistenceErrors: true,
        enableTokenRevocation: true,
        // A removed staff member's tokens stop working within minutes: access ends at expiry, and
        // removal revokes the refresh token (`npm run staff -- remove`).
        idTokenValidity: staffToken,
        accessTokenValidity: staffToken,
        refreshTokenValidity: Duration.hours(settings.staff.sessionHours),
      });
    this.staffClients = [
      staffClient('StaffWebClient', 'staff-web', { userSrp: true }),
      // Password + TOTP over TLS to Cognito, for `npm run staff -- sign-in` (SRP needs a browser library).
      staffClient('StaffCliClient', 'staff-cli', { userPassword: true }),
    ];

    this.api = new HttpApi(this, 'Api', {
      apiName: prefix,
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
    const issuer = (pool: UserPool) => `https://cognito-idp.${this.region}.amazonaws.com/${pool.userPoolId}`;
    this.customerAuthorizer = new HttpJwtAuthorizer('CustomerJwt', issuer(this.userPool), {
      jwtAudience: [this.userPoolClient.userPoolClientId, this.hostedSignInClient.userPoolClientId],
    });
    this.staffAuthorizer = new HttpJwtAuthorizer('StaffJwt', issuer(this.staffPool), {
      jwtAudience: this.staffClients.map((c) => c.userPoolClientId),
    });

    const apiMetric = (metricName: string, statistic: string) =>
      new Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensionsMap: { ApiId: this.api.apiId, Stage: API_STAGE_NAME },
        statistic,
        period: Duration.minutes(5),
      });
    const { api: limits } = settings.alarms;
    this.serverErrorRateAlarm = new Alarm(this, 'ServerErrorRate', {
      alarmName: alarmName(props.stage, 'api-5xx-rate'),
      alarmDescription: `More than ${limits.serverErrorPercent}% of API requests answered 5xx (with at least ${limits.minimumRequests} requests in 5 minutes). Runbook: docs/runbook.md#api-5xx-or-latency`,
      metric: new MathExpression({
        expression: `IF(requests >= ${limits.minimumRequests}, 100 * errors / requests, 0)`,
        usingMetrics: { requests: apiMetric('Count', Stats.SUM), errors: apiMetric('5xx', Stats.SUM) },
        label: '5xx share of requests (%)',
        period: Duration.minutes(5),
      }),
      threshold: limits.serverErrorPercent,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.latencyAlarm = new Alarm(this, 'Latency', {
      alarmName: alarmName(props.stage, 'api-p99-latency'),
      alarmDescription: `p99 API latency above ${limits.p99LatencyMs} ms for 15 minutes. Runbook: docs/runbook.md#api-5xx-or-latency`,
      metric: apiMetric('Latency', Stats.p(99)),
      threshold: limits.p99LatencyMs,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    for (const alarm of [this.serverErrorRateAlarm, this.latencyAlarm]) notify(alarm, props.operators);

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'StaffUserPoolId', { value: this.staffPool.userPoolId });
    new CfnOutput(this, 'StaffWebClientId', { value: (this.staffClients[0] as UserPoolClient).userPoolClientId });
    new CfnOutput(this, 'StaffCliClientId', { value: (this.staffClients[1] as UserPoolClient).userPoolClientId });
  }
}
