/**
 * Stage rules (infra/config.ts, infra/stages.ts), the stack split and the concurrency limits.
 */
import { App } from 'aws-cdk-lib';
import { routes } from '../../functions/routes';
import { resolveConfig } from '../../infra/config';
import { STAGES, stageSettings } from '../../infra/stages';
import { parseWriteShards, resolveWriteShards, WRITE_SHARDS, WRITE_SHARDS_ENV } from '../../shared/config/scale';
import type { RouteDefinition } from '../../shared/http/route';
import {
  asArray,
  cleanUp,
  functionForRouteKey,
  functionOfJob,
  type Json,
  logicalIdOf,
  PROD_CONTEXT,
  type Synthesised,
  statelessStacks,
  synthesise,
} from './support';

const configFor = (context: Record<string, string>, env: NodeJS.ProcessEnv = {}) =>
  resolveConfig(new App({ context }).node, env);

describe('stage rules', () => {
  test('prod without explicit account, region, origins or mail identity fails with one message naming each', () => {
    expect(() =>
      configFor({ stage: 'prod' }, { CDK_DEFAULT_REGION: 'us-east-1', CDK_DEFAULT_ACCOUNT: '999999999999' }),
    ).toThrow(/-c account=.*-c region=.*-c allowedOrigins=.*-c emailFrom=/);
  });

  test('prod refuses the local development origin that cdk.json carries, and plain http', () => {
    const base = { ...PROD_CONTEXT };
    expect(() => configFor({ ...base, allowedOrigins: 'http://localhost:5173' })).toThrow(/allowedOrigins/);
    expect(() => configFor({ ...base, allowedOrigins: 'http://shop.example.com' })).toThrow(/only https origins/);
  });

  test('prod with everything explicit resolves to the prod settings and the given region', () => {
    const config = configFor({ ...PROD_CONTEXT });
    expect(config.env).toEqual({ account: PROD_CONTEXT.account, region: PROD_CONTEXT.region });
    expect(config.settings.removal).toBe('retain');
    expect(config.settings.email?.fromAddress).toBe(PROD_CONTEXT.emailFrom);
    expect(config.settings.alarms.operatorEmails).toEqual([PROD_CONTEXT.operatorEmails]);
  });

  test('dev needs nothing explicit and can be torn down; an unknown stage gets the dev profile', () => {
    const config = configFor({ stage: 'dev' });
    expect(config.settings.removal).toBe('destroy');
    expect(stageSettings('alice')).toBe(STAGES.dev);
  });

  test('mail addresses in context are checked', () => {
    expect(() => configFor({ stage: 'dev', operatorEmails: 'not-an-address' })).toThrow(/not a mail address/);
  });

  test('prod is stricter than dev where it matters', () => {
    expect(STAGES.prod.logRetentionDays).toBeGreaterThan(STAGES.dev.logRetentionDays);
    expect(STAGES.prod.staff.threatProtection).toBe('enforced');
    expect(STAGES.prod.trafficShifting).not.toBe('all-at-once');
    expect(STAGES.prod.backupRetentionDays).toBeGreaterThan(0);
    expect(STAGES.prod.logLevel).not.toBe('DEBUG');
  });
});

describe('stacks and limits', () => {
  let s: Synthesised;
  let prod: Synthesised;
  beforeAll(() => {
    s = synthesise({ bundle: false });
    prod = synthesise({ bundle: false, appProps: { context: PROD_CONTEXT } });
  });
  afterAll(() => {
    cleanUp(s);
    cleanUp(prod);
  });

  test('the app is split into stateful, api, one stack per route group, jobs, streams and operations, each well below 500 resources', () => {
    for (const synth of [s, prod]) {
      const names = Object.keys(synth.templates).sort();
      expect(names).toEqual(
        [
          'Api',
          'Jobs',
          'Operations',
          'Routes-Account',
          'Routes-Admin',
          'Routes-Orders',
          'Routes-Privacy',
          'Routes-Public',
          'Routes-Store',
          'Stateful',
          'Streams',
        ]
          .map((part) => `Orders-${synth.built.stage}-${part}`)
          .sort(),
      );
      for (const template of Object.values(synth.templates)) {
        expect(Object.keys(template.toJSON().Resources).length).toBeLessThan(250);
      }
    }
  });

  test('each stack depends only on stacks deployed before it', () => {
    const order = [s.built.stateful, ...statelessStacks(s.built)].map((stack) => stack.stackName);
    for (const stack of statelessStacks(s.built)) {
      for (const dependency of stack.dependencies) {
        expect(order.indexOf(dependency.stackName)).toBeLessThan(order.indexOf(stack.stackName));
      }
    }
  });

  test.each([
    ['dev', () => s],
    ['prod', () => prod],
  ])('%s: functions reachable without a token have reserved concurrency; no other function does', (stage, of) => {
    const synth = of();
    const settings = STAGES[stage as 'dev' | 'prod'];
    for (const r of Object.values(routes as Record<string, RouteDefinition>)) {
      const fn = synth.stateless.toJSON().Resources[functionForRouteKey(synth.stateless, `${r.method} ${r.path}`)];
      const reserved = fn.Properties.ReservedConcurrentExecutions;
      expect({ route: r.path, reserved }).toEqual({
        route: r.path,
        reserved: r.auth === 'public' ? settings.unauthenticatedConcurrency : undefined,
      });
    }
  });

  test.each([
    ['dev', () => s],
    ['prod', () => prod],
  ])('%s: the privacy-requests queue drives at most the configured number of concurrent batches', (stage, of) => {
    const synth = of();
    const mappings = Object.values(synth.stateless.findResources('AWS::Lambda::EventSourceMapping')) as Json[];
    const mapping = mappings.find(
      (m) =>
        JSON.stringify(m.Properties.FunctionName) === JSON.stringify({ Ref: functionOfJob(synth, 'privacy-requests') }),
    );
    expect(mapping?.Properties.ScalingConfig).toEqual({
      MaximumConcurrency: STAGES[stage as 'dev' | 'prod'].privacyRequestsMaxConcurrency,
    });
  });

  test('prod shifts traffic to new versions gradually (canary), dev all at once', () => {
    const configs = (synth: Synthesised) =>
      new Set(
        (Object.values(synth.stateless.findResources('AWS::CodeDeploy::DeploymentGroup')) as Json[]).map(
          (g) => g.Properties.DeploymentConfigName,
        ),
      );
    expect([...configs(s)]).toEqual(['CodeDeployDefault.LambdaAllAtOnce']);
    expect([...configs(prod)]).toEqual(['CodeDeployDefault.LambdaCanary10Percent5Minutes']);
  });

  test('prod sends Cognito mail through SES from the configured identity; dev uses Cognito', () => {
    const pools = (synth: Synthesised) =>
      (Object.values(synth.stateless.findResources('AWS::Cognito::UserPool')) as Json[]).map(
        (p) => p.Properties.EmailConfiguration,
      );
    for (const email of pools(prod)) {
      expect(email.EmailSendingAccount).toBe('DEVELOPER');
      expect(email.From).toContain(PROD_CONTEXT.emailFrom);
      expect(email.SourceArn).toBe(
        `arn:aws:ses:${PROD_CONTEXT.region}:${PROD_CONTEXT.account}:identity/${PROD_CONTEXT.emailFrom}`,
      );
    }
    for (const email of pools(s)) expect(email.EmailSendingAccount).toBe('COGNITO_DEFAULT');
  });

  test('prod enforces staff threat protection', () => {
    const staff = prod.stateless.toJSON().Resources[
      prod.built.api.getLogicalId(prod.built.api.staffPool.node.defaultChild as never).replace(/^/, 'Api')
    ] as Json;
    expect(staff.Properties.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'ENFORCED' });
  });

  test('prod retains the user pools and protects them from deletion', () => {
    for (const pool of Object.values(prod.stateless.findResources('AWS::Cognito::UserPool')) as Json[]) {
      expect(pool.DeletionPolicy).toBe('Retain');
      expect(pool.Properties.DeletionProtection).toBe('ACTIVE');
    }
  });
});

describe('write shard counts per deployment (shared/config/scale.ts)', () => {
  let shards: Synthesised;
  beforeAll(() => {
    shards = synthesise({
      bundle: false,
      appProps: { context: { writeShards: '{"fulfillmentQueue":8,"outbox":{"writes":16,"reads":128}}' } },
    });
  });
  afterAll(() => cleanUp(shards));

  test('every function gets the same resolved counts: the deployment’s where set, the defaults elsewhere', () => {
    const functions = Object.values(shards.stateless.findResources('AWS::Lambda::Function')) as Json[];
    const ours = functions.filter((f) => f.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME);
    expect(ours.length).toBeGreaterThan(40);
    const values = new Set(ours.map((f) => f.Properties.Environment.Variables[WRITE_SHARDS_ENV]));
    expect(values.size).toBe(1);
    const [value] = [...values] as [string];
    expect(JSON.parse(value)).toEqual({
      ...Object.fromEntries(Object.entries(WRITE_SHARDS).map(([k, n]) => [k, { writes: n, reads: n }])),
      fulfillmentQueue: { writes: 8, reads: 8 },
      outbox: { writes: 16, reads: 128 },
    });
    // What the functions read back is what synth resolved.
    expect(parseWriteShards(value)).toEqual(JSON.parse(value));
  });

  test.each([
    ['{"fulfillmentQueue":0}', /fulfillmentQueue/],
    ['{"fulfillmentQueue":1.5}', /fulfillmentQueue/],
    ['{"fulfillmentQueue":100000}', /fulfillmentQueue/],
    ['{"outbox":{"writes":64,"reads":8}}', /reads must be at least writes/],
    ['{"hotKey":4}', /hotKey/],
    ['not json', /not JSON/],
  ])('a deployment setting %s fails synth, naming the problem', (value, message) => {
    expect(() => configFor({ stage: 'dev', writeShards: value })).toThrow(message);
  });

  test('the stages’ own settings are valid', () => {
    for (const settings of Object.values(STAGES)) expect(() => resolveWriteShards(settings.writeShards)).not.toThrow();
  });
});

describe('the API’s custom domain (a stage option)', () => {
  const CERT = `arn:aws:acm:${PROD_CONTEXT.region}:${PROD_CONTEXT.account}:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`;
  let domain: Synthesised;
  beforeAll(() => {
    domain = synthesise({
      bundle: false,
      appProps: { context: { ...PROD_CONTEXT, apiDomainName: 'api.shop.example.com', apiCertificateArn: CERT } },
    });
  });
  afterAll(() => cleanUp(domain));

  test('a regional TLS 1.2 domain with the given certificate, mapped to the $default stage, its DNS target an output', () => {
    const domains = Object.values(domain.stateless.findResources('AWS::ApiGatewayV2::DomainName')) as Json[];
    expect(domains).toHaveLength(1);
    expect(domains[0].Properties).toEqual({
      DomainName: 'api.shop.example.com',
      DomainNameConfigurations: [{ CertificateArn: CERT, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' }],
    });
    const mappings = Object.values(domain.stateless.findResources('AWS::ApiGatewayV2::ApiMapping')) as Json[];
    expect(mappings).toHaveLength(1);
    const stageId = logicalIdOf(domain.built.operations.stage);
    // The stage by name, deployed after the stage itself.
    expect(mappings[0].Properties.Stage).toBe('$default');
    expect(asArray(mappings[0].DependsOn)).toContain(stageId);
    expect(Object.keys(domain.stateless.toJSON().Outputs)).toContain('CustomDomainTarget');
  });

  test('without the option there is no domain, only the execute-api URL', () => {
    const dev = synthesise({ bundle: false });
    try {
      expect(dev.stateless.findResources('AWS::ApiGatewayV2::DomainName')).toEqual({});
      expect(dev.stateless.findResources('AWS::ApiGatewayV2::ApiMapping')).toEqual({});
    } finally {
      cleanUp(dev);
    }
  });

  test.each([
    [{ apiDomainName: 'api.shop.example.com' }, /go together/],
    [{ apiCertificateArn: CERT }, /go together/],
    [{ apiDomainName: 'Not A Domain', apiCertificateArn: CERT }, /not a lowercase domain/],
    [{ apiDomainName: 'api.shop.example.com', apiCertificateArn: 'arn:aws:iam::1:role/x' }, /not an ACM certificate/],
    [
      { apiDomainName: 'api.shop.example.com', apiCertificateArn: CERT.replace(PROD_CONTEXT.region, 'us-east-1') },
      /needs a certificate in eu-central-1/,
    ],
  ])('refuses %o at synth', (extra, message) => {
    expect(() => configFor({ ...PROD_CONTEXT, ...extra })).toThrow(message);
  });
});
