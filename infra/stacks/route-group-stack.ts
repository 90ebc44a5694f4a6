/**
 * One route group of the HTTP API (infra/naming.ts `routeGroupOf`): for each route a function with
 * its narrow grants, a `live` alias that API Gateway invokes, and a CodeDeploy deployment group that
 * shifts the alias to a new version as the stage says (all at once, canary or linear) and rolls back
 * when the API's 5xx alarm or this group's Lambda error alarm fires. Plus the group's error and
 * throttle alarms. Split per group so no stack nears CloudFormation's 500-resource limit.
 * See docs/decisions/0023-stack-split-and-delivery.md.
 */
import { Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { type HttpApi, HttpMethod, HttpRoute, HttpRouteKey } from 'aws-cdk-lib/aws-apigatewayv2';
import type { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { Alarm, IAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import {
  type ILambdaDeploymentConfig,
  LambdaApplication,
  LambdaDeploymentConfig,
  LambdaDeploymentGroup,
} from 'aws-cdk-lib/aws-codedeploy';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Alias } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { type Role as AppRole, STAFF_ROLES } from '../../shared/domain/access';
import { type RouteDefinition, routeAccess } from '../../shared/http/route';
import { notify } from '../constructs/alert-topics';
import { ApiFunction } from '../constructs/api-function';
import { type GrantTargets, grantFunctionAccess } from '../constructs/grants';
import { sumAlarms } from '../constructs/group-alarms';
import { type RouteGroup, resourcePrefix, routeRoleName } from '../naming';
import type { StageSettings, TrafficShifting } from '../stages';

/** The alias API Gateway invokes; CodeDeploy moves it from version to version. */
export const LIVE_ALIAS = 'live';

const SHIFTING: Record<TrafficShifting, ILambdaDeploymentConfig> = {
  'all-at-once': LambdaDeploymentConfig.ALL_AT_ONCE,
  'canary-10-percent-5-minutes': LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
  'linear-10-percent-every-minute': LambdaDeploymentConfig.LINEAR_10PERCENT_EVERY_1MINUTE,
};

/** Throttled invocations in 5 minutes that make a group's throttle alarm fire. */
export const THROTTLE_ALARM_THRESHOLD = 10;

export interface RouteGroupStackProps extends StackProps {
  readonly stage: string;
  readonly settings: StageSettings;
  readonly group: RouteGroup;
  /** The group's routes, by route name. */
  readonly routes: Readonly<Record<string, RouteDefinition>>;
  readonly repoRoot: string;
  readonly api: HttpApi;
  readonly customerAuthorizer: HttpJwtAuthorizer;
  readonly staffAuthorizer: HttpJwtAuthorizer;
  readonly grantTargets: GrantTargets;
  readonly logRetention: RetentionDays;
  /** API-wide alarms that also roll a deployment back (the 5xx rate). */
  readonly rollbackAlarms: readonly IAlarm[];
  readonly operators: ITopic;
  /**
   * Builds the 405 function (`entry`) and routes `ANY <path>` of every path of the whole route table
   * to it, so a known path called with another method answers 405 rather than API Gateway's 404.
   * One group (the public one) carries it.
   */
  readonly methodNotAllowed?: { readonly entry: string; readonly paths: readonly string[] };
}

/** A route's function, the alias API Gateway calls and how traffic moves between versions. */
export interface RouteFunction {
  readonly route: RouteDefinition;
  readonly fn: ApiFunction;
  /** Its POWERTOOLS_SERVICE_NAME: the `service` dimension of the metrics it emits. */
  readonly serviceName: string;
  readonly alias: Alias;
  readonly deploymentGroup: LambdaDeploymentGroup;
}

export class RouteGroupStack extends Stack {
  readonly group: RouteGroup;
  /** By route name. */
  readonly functions: Readonly<Record<string, RouteFunction>>;
  readonly errorAlarms: readonly Alarm[];
  readonly throttleAlarms: readonly Alarm[];
  /** The function behind the `ANY` routes, in the group that carries them. */
  readonly methodNotAllowedFunction?: ApiFunction;

  constructor(scope: Construct, id: string, props: RouteGroupStackProps) {
    super(scope, id, props);
    this.group = props.group;
    const { settings } = props;

    const built: Record<string, Omit<RouteFunction, 'deploymentGroup'>> = {};
    for (const [name, route] of Object.entries(props.routes)) {
      const open = route.auth === 'public';
      // A function whose metrics an alarm watches gets a service name of its own in this stage
      // (`service` is a dimension of every metric it emits); the others share one.
      const serviceName =
        route.access.carrierWebhookSecret === true ? `${resourcePrefix(props.stage)}-${name}` : 'orders';
      const fn = new ApiFunction(this, `${capitalise(name)}Fn`, {
        repoRoot: props.repoRoot,
        entry: route.entry,
        serviceName,
        memorySize: route.memoryMb,
        description: `${route.method} ${route.path}`,
        roleName: routeRoleName(props.stage, name),
        logLevel: settings.logLevel,
        logRetention: props.logRetention,
        // Anyone can call these: a flood may use this many execution environments and no more.
        reservedConcurrentExecutions: open ? settings.unauthenticatedConcurrency : undefined,
        callsPaymentProcessor: route.access.paymentProcessor === true,
      });
      grantFunctionAccess(fn, routeAccess(route), props.grantTargets, { exposure: open ? 'public' : 'authenticated' });
      const alias = new Alias(this, `${capitalise(name)}Live`, {
        aliasName: LIVE_ALIAS,
        version: fn.function.currentVersion,
        description: 'The version API Gateway serves; moved by CodeDeploy',
      });

      const httpRoute = new HttpRoute(this, `${capitalise(name)}Route`, {
        httpApi: props.api,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration: new HttpLambdaIntegration(`${capitalise(name)}Integration`, alias),
        authorizer: open ? undefined : authorizerFor(route, props),
      });
      if (open) {
        // A public route that reads the carrier webhook secret is a signed webhook: no JWT, because
        // carriers have no Cognito identity; the handler rejects any request without a valid signature.
        const signedWebhook = route.access.carrierWebhookSecret === true;
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: signedWebhook
            ? `Carrier webhook (${name}): carriers hold no Cognito identity; the handler authenticates every request by its HMAC-SHA256 X-Signature over timestamp and raw body, refusing stale timestamps`
            : `Public by design in functions/routes.ts (${name}): readable without an account; no personal data`,
        });
      }
      built[name] = { route, fn, serviceName, alias };
    }

    const members = Object.values(built);
    const fallback = props.methodNotAllowed && this.methodNotAllowedRoutes(props, props.methodNotAllowed);
    this.methodNotAllowedFunction = fallback;
    const groupName = `${props.group} routes`;
    this.errorAlarms = sumAlarms(this, 'LambdaErrors', {
      stage: props.stage,
      what: `${props.group}-lambda-errors`,
      metrics: [...members, ...(fallback ? [{ fn: fallback }] : [])].map((m) => m.fn.function.metricErrors()),
      threshold: 1,
      description: `A function of the ${groupName} crashed, timed out or failed to start (Lambda Errors; handled failures answer 5xx and show in the API alarm). Also rolls back a deployment in progress. Runbook: docs/runbook.md#lambda-errors-or-throttles`,
    });
    this.throttleAlarms = sumAlarms(this, 'LambdaThrottles', {
      stage: props.stage,
      what: `${props.group}-lambda-throttles`,
      metrics: members.map((m) => m.fn.function.metricThrottles()),
      threshold: THROTTLE_ALARM_THRESHOLD,
      description: `Functions of the ${groupName} were throttled ${THROTTLE_ALARM_THRESHOLD}+ times in 5 minutes: reserved concurrency or the account limit is exhausted. Runbook: docs/runbook.md#lambda-errors-or-throttles`,
    });
    for (const alarm of [...this.errorAlarms, ...this.throttleAlarms]) notify(alarm, props.operators);

    // One CodeDeploy application and service role per group; the role may move only these aliases and
    // read only the alarms that stop a deployment.
    const application = new LambdaApplication(this, 'Deployments', {
      applicationName: `${resourcePrefix(props.stage)}-${props.group}`,
    });
    const rollbackAlarms = [...props.rollbackAlarms, ...this.errorAlarms];
    const deployRole = new Role(this, 'DeploymentRole', {
      assumedBy: new ServicePrincipal('codedeploy.amazonaws.com'),
      description: `CodeDeploy moves the live aliases of the ${groupName}`,
    });
    deployRole.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'MoveLiveAliases',
        effect: Effect.ALLOW,
        actions: ['lambda:GetAlias', 'lambda:UpdateAlias', 'lambda:GetProvisionedConcurrencyConfig'],
        resources: members.flatMap((m) => [m.fn.function.functionArn, m.alias.functionArn]),
      }),
    );
    deployRole.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadRollbackAlarms',
        effect: Effect.ALLOW,
        actions: ['cloudwatch:DescribeAlarms'],
        resources: rollbackAlarms.map((a) => a.alarmArn),
      }),
    );
    const functions: Record<string, RouteFunction> = {};
    for (const [name, member] of Object.entries(built)) {
      const deploymentGroup = new LambdaDeploymentGroup(this, `${capitalise(name)}Deployment`, {
        application,
        alias: member.alias,
        deploymentConfig: SHIFTING[settings.trafficShifting],
        // The group adds AWSCodeDeployRoleForLambdaLimited (which reaches every function) to a role it may
        // change; ours already holds exactly what moving these aliases needs.
        role: deployRole.withoutPolicyUpdates(),
        alarms: rollbackAlarms,
        autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: true },
      });
      functions[name] = { ...member, deploymentGroup };
    }
    this.functions = functions;
  }

  /**
   * The 405 answer: one small public function (no grants: it reads nothing) behind `ANY` routes.
   * API Gateway prefers a route with the request's method, so these catch only the methods a path
   * does not take. No authorizer: which methods a path takes is no secret, as its 404 is none.
   */
  private methodNotAllowedRoutes(
    props: RouteGroupStackProps,
    fallback: NonNullable<RouteGroupStackProps['methodNotAllowed']>,
  ): ApiFunction {
    const fn = new ApiFunction(this, 'MethodNotAllowedFn', {
      repoRoot: props.repoRoot,
      entry: fallback.entry,
      serviceName: 'orders',
      memorySize: 128,
      description: 'ANY <path>: 405 with Allow for a method the path does not take',
      roleName: routeRoleName(props.stage, 'methodNotAllowed'),
      logLevel: props.settings.logLevel,
      logRetention: props.logRetention,
      reservedConcurrentExecutions: props.settings.unauthenticatedConcurrency,
    });
    const integration = new HttpLambdaIntegration('MethodNotAllowedIntegration', fn.function);
    for (const [i, path] of [...new Set(fallback.paths)].entries()) {
      const route = new HttpRoute(this, `MethodNotAllowed${i}Route`, {
        httpApi: props.api,
        routeKey: HttpRouteKey.with(path, HttpMethod.ANY),
        integration,
      });
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: `ANY ${path} only answers 405 with the methods the path takes (functions/public/method-not-allowed.ts); it reads no data`,
      });
    }
    return fn;
  }
}

const STAFF: readonly AppRole[] = STAFF_ROLES;

/** Customer routes trust the customers' pool, staff routes the staff pool; one route cannot take both. */
function authorizerFor(route: RouteDefinition, props: RouteGroupStackProps): HttpJwtAuthorizer {
  const staff = route.roles.filter((r) => STAFF.includes(r));
  if (staff.length === 0) return props.customerAuthorizer;
  if (staff.length === route.roles.length) return props.staffAuthorizer;
  throw new Error(
    `Route ${route.method} ${route.path} admits customers and staff (${route.roles}); their tokens come from different user pools, so split it into a customer and a staff route`,
  );
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
