import * as fs from 'node:fs';
import * as path from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { type JobDefinition, jobs } from '../../functions/jobs/index';
import { routes } from '../../functions/routes';
import { STAFF_ROLES } from '../../shared/domain/access';
import type { RouteDefinition } from '../../shared/http/route';
import { cleanUp, functionForRouteKey, functionOfJob, type Json, type Synthesised, synthesise } from './support';

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
const jwtAuthorizerId = (): string => {
  const authorizers = Object.keys(
    s.stateless.findResources('AWS::ApiGatewayV2::Authorizer', { Properties: { AuthorizerType: 'JWT' } }),
  );
  expect(authorizers).toHaveLength(1);
  return authorizers[0] as string;
};

describe('HTTP API', () => {
  test('has exactly the routes of functions/routes.ts, each once', () => {
    const inTemplate = templateRoutes().map((r) => r.Properties.RouteKey as string);
    expect(inTemplate.sort()).toEqual(allRoutes.map(([, r]) => routeKey(r)).sort());
    expect(new Set(inTemplate).size).toBe(allRoutes.length);
  });

  test('validates JWTs issued by the user pool for the app client', () => {
    const userPoolId = Object.keys(s.stateless.findResources('AWS::Cognito::UserPool'))[0];
    const clientId = Object.keys(s.stateless.findResources('AWS::Cognito::UserPoolClient'))[0];
    s.stateless.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: clientId }],
        Issuer: {
          'Fn::Join': ['', [`https://cognito-idp.${s.built.stateless.region}.amazonaws.com/`, { Ref: userPoolId }]],
        },
      },
    });
  });

  test.each(allRoutes.filter(([, r]) => r.auth === 'jwt'))('jwt route %s requires the JWT authorizer', (_, r) => {
    const route = routeByKey(routeKey(r));
    expect(route.Properties.AuthorizationType).toBe('JWT');
    expect(route.Properties.AuthorizerId).toEqual({ Ref: jwtAuthorizerId() });
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
    expect(open.sort()).toEqual(declaredPublic.sort());
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
        ExposeHeaders: Match.arrayEquals(['ETag', 'X-Request-Id']),
      },
    });
  });

  test('the default stage throttles and writes JSON access logs to a log group with retention', () => {
    const stage = Object.values(s.stateless.findResources('AWS::ApiGatewayV2::Stage'))[0] as Json;
    expect(stage.Properties.StageName).toBe('$default');
    expect(stage.Properties.AutoDeploy).toBe(true);
    expect(stage.Properties.DefaultRouteSettings).toEqual({
      ThrottlingBurstLimit: expect.any(Number),
      ThrottlingRateLimit: expect.any(Number),
    });
    const format = JSON.parse(stage.Properties.AccessLogSettings.Format);
    expect(format.requestId).toBe('$context.requestId');
    expect(JSON.stringify(format)).not.toMatch(/sourceIp|userAgent|claims/);
    const logGroupId = stage.Properties.AccessLogSettings.DestinationArn['Fn::GetAtt'][0];
    expect(s.stateless.toJSON().Resources[logGroupId].Properties.RetentionInDays).toBeGreaterThan(0);
  });

  test('signed webhook routes (public, reading the carrier secret) get a tighter throttle than the stage', () => {
    const [stageId, stage] = Object.entries(s.stateless.findResources('AWS::ApiGatewayV2::Stage'))[0] as [string, Json];
    const signed = allRoutes.filter(([, r]) => r.auth === 'public' && r.access.carrierWebhookSecret);
    expect(signed.map(([name]) => name)).toEqual(['receiveCarrierEvents']);
    const defaults = stage.Properties.DefaultRouteSettings;
    expect(Object.keys(stage.Properties.RouteSettings).sort()).toEqual(signed.map(([, r]) => routeKey(r)).sort());
    for (const [, r] of signed) {
      const settings = stage.Properties.RouteSettings[routeKey(r)];
      expect(settings.ThrottlingRateLimit).toBeLessThan(defaults.ThrottlingRateLimit);
      expect(settings.ThrottlingBurstLimit).toBeLessThan(defaults.ThrottlingBurstLimit);
      expect(settings.ThrottlingBurstLimit).toBeGreaterThanOrEqual(settings.ThrottlingRateLimit);
      // RouteSettings name the route by key: CloudFormation must create the route before the stage.
      const [routeId] = Object.entries(s.stateless.findResources('AWS::ApiGatewayV2::Route')).find(
        ([, route]) => (route as Json).Properties.RouteKey === routeKey(r),
      ) as [string, Json];
      expect(s.stateless.toJSON().Resources[stageId].DependsOn).toContain(routeId);
    }
  });
});

describe('functions', () => {
  const functions = (): Json[] => Object.values(s.stateless.findResources('AWS::Lambda::Function'));

  test('there is one function per route and one per job, and nothing else', () => {
    expect(functions()).toHaveLength(allRoutes.length + allJobs.length);
    const jobFunctions = allJobs.map(([name]) => functionOfJob(s, name));
    const routeFunctions = allRoutes.map(([, r]) => functionForRouteKey(s.stateless, routeKey(r)));
    expect(new Set([...routeFunctions, ...jobFunctions]).size).toBe(functions().length);
  });

  test('every function runs Node.js 24 on arm64 with active tracing', () => {
    for (const fn of functions()) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
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

  test('every function has a built bundle and emits metrics to the one namespace', () => {
    for (const fn of functions()) {
      expect(fn.Properties.Code.S3Key).toMatch(/^[0-9a-f]{64}\.zip$/);
      expect(fn.Properties.Environment.Variables.POWERTOOLS_METRICS_NAMESPACE).toBe('PrivacyOrders');
    }
    const staged = fs.readdirSync(s.outdir).filter((f) => f.startsWith('asset.'));
    for (const dir of staged) expect(fs.existsSync(path.join(s.outdir, dir, 'index.mjs'))).toBe(true);
    expect(staged).toHaveLength(functions().length);
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
  test('the user pool allows self sign-up by email with a strong password and optional TOTP MFA', () => {
    s.stateless.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: Match.anyValue(),
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
    });
    const pool = Object.values(s.stateless.findResources('AWS::Cognito::UserPool'))[0] as Json;
    expect(pool.Properties.Policies.PasswordPolicy.MinimumLength).toBeGreaterThanOrEqual(12);
  });

  test('has one group per staff role (customers are the default, no group)', () => {
    const groups = Object.values(s.stateless.findResources('AWS::Cognito::UserPoolGroup')).map(
      (g: Json) => g.Properties.GroupName as string,
    );
    expect(groups.sort()).toEqual([...STAFF_ROLES].sort());
  });

  test('the app client is public (no secret) and uses SRP only', () => {
    s.stateless.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: Match.arrayEquals(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']),
      PreventUserExistenceErrors: 'ENABLED',
    });
  });
});
