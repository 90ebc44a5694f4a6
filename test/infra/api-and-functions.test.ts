import * as fs from 'node:fs';
import * as path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { type JobDefinition, jobs } from '../../functions/jobs/index';
import { routes } from '../../functions/routes';
import { streams } from '../../functions/streams/index';
import { identityTriggers } from '../../functions/triggers/index';
import { STAGES } from '../../infra/stages';
import { STAFF_ROLES } from '../../shared/domain/access';
import type { RouteDefinition } from '../../shared/http/route';
import {
  cleanUp,
  functionForRouteKey,
  functionOfJob,
  type Json,
  logicalIdOf,
  type Synthesised,
  synthesise,
} from './support';

let s: Synthesised;
beforeAll(() => {
  // With bundling, exactly as `cdk synth`: a handler that esbuild cannot bundle fails here.
  s = synthesise();
});
afterAll(() => cleanUp(s));

const allRoutes = Object.entries(routes as Record<string, RouteDefinition>);
const allJobs = Object.entries(jobs as Record<string, JobDefinition>);
const routeKey = (r: RouteDefinition) => `${r.method} ${r.path}`;
const templateRoutes = (): Json[] => Object.values(s.stateless.findResources('AWS::ApiGatewayV2::Route'));
const routeByKey = (key: string): Json => {
  const found = templateRoutes().find((r) => r.Properties.RouteKey === key);
  if (!found) throw new Error(`route ${key} missing`);
  return found;
};
const poolId = (construct: 'userPool' | 'staffPool') => logicalIdOf(s.built.api[construct]);
/** The JWT authorizer whose issuer is the given pool. */
const authorizerOf = (construct: 'userPool' | 'staffPool'): string => {
  const authorizers = Object.entries(
    s.stateless.findResources('AWS::ApiGatewayV2::Authorizer', { Properties: { AuthorizerType: 'JWT' } }),
  ).filter(([, a]) => JSON.stringify((a as Json).Properties.JwtConfiguration.Issuer).includes(poolId(construct)));
  expect(authorizers).toHaveLength(1);
  return (authorizers[0] as [string, Json])[0];
};
const isStaffRoute = (r: RouteDefinition) => r.roles.every((role) => (STAFF_ROLES as readonly string[]).includes(role));

/** `ANY <path>` for every distinct path of the route table: the 405 routes. */
const anyRouteKeys = [...new Set(allRoutes.map(([, r]) => r.path))].map((path) => `ANY ${path}`);

describe('HTTP API', () => {
  test('has exactly the routes of functions/routes.ts, each once, and ANY of each of their paths', () => {
    const inTemplate = templateRoutes().map((r) => r.Properties.RouteKey as string);
    expect(inTemplate.sort()).toEqual([...allRoutes.map(([, r]) => routeKey(r)), ...anyRouteKeys].sort());
    expect(new Set(inTemplate).size).toBe(allRoutes.length + anyRouteKeys.length);
  });

  test('answers another method of a known path with the one 405 function, without a JWT', () => {
    const fallback = new Set(anyRouteKeys.map((key) => functionForRouteKey(s.stateless, key)));
    expect(fallback.size).toBe(1);
    for (const key of anyRouteKeys) expect(routeByKey(key).Properties.AuthorizationType).toBe('NONE');
    const [fnId] = [...fallback] as [string];
    expect(s.stateless.toJSON().Resources[fnId].Properties.Description).toMatch(/405/);
  });

  test('validates customer JWTs from the customer pool and staff JWTs from the staff pool, each for its own clients', () => {
    const issuer = (pool: string) => ({
      'Fn::Join': ['', [`https://cognito-idp.${s.built.api.region}.amazonaws.com/`, { Ref: pool }]],
    });
    const customerClient = logicalIdOf(s.built.api.userPoolClient);
    const staffClients = s.built.api.staffClients.map((c) => ({ Ref: logicalIdOf(c) }));
    const authorizers = s.stateless.findResources('AWS::ApiGatewayV2::Authorizer');
    expect(Object.keys(authorizers)).toHaveLength(2);
    expect((authorizers[authorizerOf('userPool')] as Json).Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      // The web client (password sign-in) and the hosted sign-in's PKCE client (infra/stacks/web-stack.ts).
      JwtConfiguration: {
        Audience: [{ Ref: customerClient }, { Ref: logicalIdOf(s.built.api.hostedSignInClient) }],
        Issuer: issuer(poolId('userPool')),
      },
    });
    expect((authorizers[authorizerOf('staffPool')] as Json).Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: staffClients, Issuer: issuer(poolId('staffPool')) },
    });
  });

  test.each(allRoutes.filter(([, r]) => r.auth === 'jwt'))(
    "jwt route %s requires the authorizer of its callers' pool",
    (_, r) => {
      const route = routeByKey(routeKey(r));
      expect(route.Properties.AuthorizationType).toBe('JWT');
      expect(route.Properties.AuthorizerId).toEqual({ Ref: authorizerOf(isStaffRoute(r) ? 'staffPool' : 'userPool') });
    },
  );

  test('every jwt route admits either customers or staff, never both (one authorizer per route)', () => {
    for (const [, r] of allRoutes.filter(([, route]) => route.auth === 'jwt')) {
      expect(isStaffRoute(r) || r.roles.every((role) => role === 'customer')).toBe(true);
    }
  });

  test.each(allRoutes.filter(([, r]) => r.auth === 'public'))('public route %s has no authorizer', (_, r) => {
    const route = routeByKey(routeKey(r));
    expect(route.Properties.AuthorizationType).toBe('NONE');
    expect(route.Properties.AuthorizerId).toBeUndefined();
  });

  test('only the routes declared public are reachable without a JWT', () => {
    const open = templateRoutes()
      .filter((r) => r.Properties.AuthorizationType !== 'JWT')
      .map((r) => r.Properties.RouteKey as string);
    const declaredPublic = allRoutes.filter(([, r]) => r.auth === 'public').map(([, r]) => routeKey(r));
    // The ANY routes answer only 405 (above).
    expect(open.sort()).toEqual([...declaredPublic, ...anyRouteKeys].sort());
  });

  test('the carrier webhook authenticates by signature, not JWT: no authorizer on it', () => {
    const route = routeByKey('POST /v1/carriers/{carrier}/events');
    expect(route.Properties.AuthorizationType).toBe('NONE');
    expect(route.Properties.AuthorizerId).toBeUndefined();
    expect(route.Properties.AuthorizationScopes).toBeUndefined();
  });

  test('each route invokes its own function', () => {
    const fns = allRoutes.map(([, r]) => functionForRouteKey(s.stateless, routeKey(r)));
    expect(new Set(fns).size).toBe(allRoutes.length);
  });

  test('CORS allows only the configured origins, the API methods and headers', () => {
    s.stateless.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: {
        AllowOrigins: ['http://localhost:5173'],
        AllowMethods: Match.arrayEquals(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']),
        AllowHeaders: Match.arrayEquals([
          'Authorization',
          'Content-Type',
          'If-Match',
          'Idempotency-Key',
          'X-Access-Purpose',
          'X-Signature',
        ]),
        ExposeHeaders: Match.arrayEquals([
          'Location',
          'ETag',
          'Retry-After',
          'Content-Disposition',
          'Idempotent-Replayed',
          'X-Request-Id',
          'X-Export-Part',
          'X-Export-Parts',
          'Link',
        ]),
      },
    });
  });

  test('the default stage throttles and writes JSON access logs to a log group with retention', () => {
    const stage = Object.values(s.stateless.findResources('AWS::ApiGatewayV2::Stage'))[0] as Json;
    expect(stage.Properties.StageName).toBe('$default');
    expect(stage.Properties.AutoDeploy).toBe(true);
    expect(stage.Properties.DefaultRouteSettings).toEqual({
      ThrottlingBurstLimit: STAGES.dev.throttle.stage.burstLimit,
      ThrottlingRateLimit: STAGES.dev.throttle.stage.rateLimit,
    });
    const format = JSON.parse(stage.Properties.AccessLogSettings.Format);
    expect(format.requestId).toBe('$context.requestId');
    expect(JSON.stringify(format)).not.toMatch(/sourceIp|userAgent|claims|path/);
    const logGroupId = stage.Properties.AccessLogSettings.DestinationArn['Fn::GetAtt'][0];
    expect(s.stateless.toJSON().Resources[logGroupId].Properties.RetentionInDays).toBe(STAGES.dev.logRetentionDays);
  });

  test('per-route throttles are exactly those of the stage settings, and the stage deploys after every route', () => {
    const [stageId, stage] = Object.entries(s.stateless.findResources('AWS::ApiGatewayV2::Stage'))[0] as [string, Json];
    const configured = Object.entries(STAGES.dev.throttle.routes).map(([name, limit]) => {
      const r = (routes as Record<string, RouteDefinition>)[name] as RouteDefinition;
      return [routeKey(r), { ThrottlingRateLimit: limit.rateLimit, ThrottlingBurstLimit: limit.burstLimit }];
    });
    expect(configured.length).toBeGreaterThan(0);
    expect(stage.Properties.RouteSettings).toEqual(Object.fromEntries(configured));
    // RouteSettings name routes by key: the operations stack (the stage) depends on every route group stack.
    expect(stageId.startsWith('Operations')).toBe(true);
    const dependencies = s.built.operations.dependencies.map((d) => d.stackName).sort();
    expect(dependencies).toEqual(expect.arrayContaining(Object.values(s.built.routeGroups).map((g) => g.stackName)));
  });

  test('the signed carrier webhook gets a tighter throttle than the stage, in every named stage', () => {
    const signed = allRoutes.filter(([, r]) => r.auth === 'public' && r.access.carrierWebhookSecret);
    expect(signed.map(([name]) => name)).toEqual(['receiveCarrierEvents']);
    for (const settings of Object.values(STAGES)) {
      const limit = settings.throttle.routes.receiveCarrierEvents;
      expect(limit).toBeDefined();
      expect(limit?.rateLimit).toBeLessThan(settings.throttle.stage.rateLimit);
      expect(limit?.burstLimit).toBeLessThan(settings.throttle.stage.burstLimit);
    }
  });
});

describe('functions', () => {
  const functions = (): Json[] => Object.values(s.stateless.findResources('AWS::Lambda::Function'));

  test('there is one function per route, one per job, one per stream entry and one per identity trigger, the 405 function, and nothing else', () => {
    const triggers = Object.keys(identityTriggers);
    const streamFunctions = Object.values(s.built.streams.functions).map((f) => logicalIdOf(f.handler.function));
    expect(functions()).toHaveLength(
      allRoutes.length + allJobs.length + Object.keys(streams).length + triggers.length + 1,
    );
    const jobFunctions = allJobs.map(([name]) => functionOfJob(s, name));
    const routeFunctions = allRoutes.map(([, r]) => functionForRouteKey(s.stateless, routeKey(r)));
    const fallback = functionForRouteKey(s.stateless, anyRouteKeys[0] as string);
    expect(new Set([...routeFunctions, ...jobFunctions, ...streamFunctions, fallback]).size).toBe(
      functions().length - triggers.length,
    );
  });

  test('every customer sign-in runs the post-authentication trigger, which may only record activity', () => {
    const pool = s.templates[s.built.api.stackName] as Template;
    const [customers] = Object.values(
      pool.findResources('AWS::Cognito::UserPool', { Properties: { UserPoolName: 'orders-dev-users' } }),
    ) as Json[];
    const target = customers?.Properties.LambdaConfig?.PostAuthentication;
    expect(target).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^CustomerTriggerspostAuthentication/), 'Arn'] });
    const fnId = target['Fn::GetAtt'][0] as string;
    const role = pool.toJSON().Resources[fnId].Properties.Role['Fn::GetAtt'][0] as string;
    const statements = Object.values(pool.findResources('AWS::IAM::Policy'))
      .filter((p) => (p as Json).Properties.Roles.some((r: Json) => r.Ref === role))
      .flatMap((p) => (p as Json).Properties.PolicyDocument.Statement as Json[]);
    const dynamo = statements.filter((st) => [st.Action].flat().some((a: string) => a.startsWith('dynamodb:')));
    expect(dynamo.map((st) => st.Sid)).toEqual(['RecordActivity']);
  });

  test('every function runs Node.js 24 on arm64 with active tracing', () => {
    for (const fn of functions()) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
    }
  });

  test('no bundle carries a tracing SDK: traces are Lambda’s own segments, which hold no payloads (decision 0052)', () => {
    for (const dir of functionAssets()) {
      const code = fs.readFileSync(path.join(s.outdir, dir, 'index.mjs'), 'utf8');
      // The X-Ray SDK's segment emitter and the Powertools tracer's marker, as they survive minification.
      expect({
        dir,
        xray: /AWS_XRAY_DAEMON_ADDRESS|XRaySDKInstrumentation|POWERTOOLS_TRACE_ENABLED/.test(code),
      }).toEqual({
        dir,
        xray: false,
      });
    }
  });

  test('every function exports `handler`, has explicit memory and timeout, and source maps on', () => {
    for (const [, r] of allRoutes) {
      const fnId = functionForRouteKey(s.stateless, routeKey(r));
      const props = s.stateless.toJSON().Resources[fnId].Properties;
      expect(props.Handler).toBe('index.handler');
      expect(props.MemorySize).toBe(r.memoryMb ?? 256);
      expect(props.Timeout).toBe(10);
      expect(props.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
      expect(props.Environment.Variables.POWERTOOLS_SERVICE_NAME).toEqual(expect.any(String));
    }
  });

  /** The staged function bundles: the web stack's assets (the site, the CDK's deployment function) are not the app's functions. */
  function functionAssets(): string[] {
    const webAssets = new Set(JSON.stringify(Template.fromStack(s.built.web).toJSON()).match(/[0-9a-f]{64}/g));
    return fs
      .readdirSync(s.outdir)
      .filter((f) => f.startsWith('asset.') && !webAssets.has(f.slice('asset.'.length, 'asset.'.length + 64)));
  }

  test('every function has a built bundle and emits metrics to the one namespace', () => {
    for (const fn of functions()) {
      expect(fn.Properties.Code.S3Key).toMatch(/^[0-9a-f]{64}\.zip$/);
      expect(fn.Properties.Environment.Variables.POWERTOOLS_METRICS_NAMESPACE).toBe('PrivacyOrders');
    }
    const staged = functionAssets();
    for (const dir of staged) expect(fs.existsSync(path.join(s.outdir, dir, 'index.mjs'))).toBe(true);
    expect(staged).toHaveLength(functions().length);
  });

  test('no bundle imports node:http or node:https as an ES module: both come through getBuiltinModule (decision 0062)', () => {
    const staged = functionAssets();
    let withHttp = 0;
    for (const dir of staged) {
      const code = fs.readFileSync(path.join(s.outdir, dir, 'index.mjs'), 'utf8');
      expect({ dir, esmImport: /(?:from|import)\s*["'](?:node:)?https?["']/.test(code) }).toEqual({
        dir,
        esmImport: false,
      });
      if (code.includes('getBuiltinModule("node:http")')) withHttp++;
    }
    // The payment processor's SDK uses node:http, so the functions that call it carry the aliased module.
    const processorCallers = [
      ...allRoutes.map(([, r]) => r),
      ...Object.values(jobs as Record<string, JobDefinition>),
    ].filter((e) => e.access.paymentProcessor === true);
    expect(processorCallers.length).toBeGreaterThan(0);
    expect(withHttp).toBeGreaterThanOrEqual(processorCallers.length);
  });

  test('every function logs JSON to its own log group with a retention period', () => {
    const logGroups = new Set<string>();
    for (const fn of functions()) {
      expect(fn.Properties.LoggingConfig.LogFormat).toBe('JSON');
      const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref as string;
      logGroups.add(logGroupId);
      expect(s.stateless.toJSON().Resources[logGroupId].Properties.RetentionInDays).toBeGreaterThan(0);
    }
    expect(logGroups.size).toBe(functions().length);
  });
});

describe('Cognito', () => {
  const pool = (construct: 'userPool' | 'staffPool'): Json =>
    s.stateless.toJSON().Resources[logicalIdOf(s.built.api[construct])].Properties;

  test('the customer pool allows self sign-up by email with a strong password and optional TOTP MFA', () => {
    expect(pool('userPool')).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: {
        PasswordPolicy: expect.objectContaining({
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
    });
    expect(pool('userPool').Policies.PasswordPolicy.MinimumLength).toBeGreaterThanOrEqual(12);
  });

  test('the customer pool has no groups: staff roles exist only in the staff pool', () => {
    const groups = Object.values(s.stateless.findResources('AWS::Cognito::UserPoolGroup')) as Json[];
    expect(groups.map((g) => g.Properties.GroupName as string).sort()).toEqual([...STAFF_ROLES].sort());
    for (const g of groups) expect(g.Properties.UserPoolId).toEqual({ Ref: logicalIdOf(s.built.api.staffPool) });
  });

  test('[P-08] the staff pool requires TOTP MFA, has no self sign-up and no self-service recovery', () => {
    expect(pool('staffPool')).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
    });
    expect(pool('staffPool').Policies.PasswordPolicy.MinimumLength).toBeGreaterThanOrEqual(14);
    expect(pool('staffPool').AccountRecoverySetting).toEqual({
      RecoveryMechanisms: [{ Name: 'admin_only', Priority: 1 }],
    });
  });

  test('staff threat protection follows the stage (dev: audit, on the Plus plan)', () => {
    expect(STAGES.dev.staff.threatProtection).toBe('audit');
    expect(pool('staffPool').UserPoolTier).toBe('PLUS');
    expect(pool('staffPool').UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'AUDIT' });
  });

  test('staff tokens live minutes, not an hour; the refresh token one shift; tokens are revocable', () => {
    const minutes = STAGES.dev.staff.tokenMinutes;
    expect(minutes).toBeLessThanOrEqual(15);
    for (const client of s.built.api.staffClients) {
      const props = s.stateless.toJSON().Resources[logicalIdOf(client)].Properties;
      expect(props).toMatchObject({
        IdTokenValidity: minutes,
        AccessTokenValidity: minutes,
        RefreshTokenValidity: STAGES.dev.staff.sessionHours * 60,
        TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'minutes' },
        EnableTokenRevocation: true,
        GenerateSecret: false,
      });
    }
  });

  test('the customer web client is public (no secret) and uses SRP only', () => {
    const props = s.stateless.toJSON().Resources[logicalIdOf(s.built.api.userPoolClient)].Properties;
    expect(props).toMatchObject({ GenerateSecret: false, PreventUserExistenceErrors: 'ENABLED' });
    expect(props.ExplicitAuthFlows.sort()).toEqual(['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH']);
  });
});
