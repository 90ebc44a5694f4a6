import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, type NagPack, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { jobs } from '../../functions/jobs/index';
import { routes } from '../../functions/routes';
import { streams } from '../../functions/streams/index';
import { buildApp } from '../../infra/build-app';
import { cleanUp, type Synthesised, statelessStacks, synthesise } from './support';

let s: Synthesised;
beforeAll(() => {
  // cdk-nag reads the construct tree and templates, never the bundles.
  s = synthesise({ bundle: false });
});
afterAll(() => cleanUp(s));

const packs = (): NagPack[] => [new AwsSolutionsChecks(), new ServerlessChecks()];

/** cdk-nag 3's own entry point for direct use: walks the tree and returns unacknowledged findings. */
const findings = (pack: NagPack) =>
  pack.validateScope(s.built.app).violations.map((v) => ({
    rule: v.ruleName,
    severity: v.severity,
    resources: v.violatingResources.map((r) => r.constructPath),
  }));

interface Acknowledgement {
  readonly path: string;
  readonly id: string;
  readonly reason: string;
}

function acknowledgements(root: IConstruct): Acknowledgement[] {
  const out: Acknowledgement[] = [];
  for (const c of root.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        out.push({ path: c.node.path, id: id.replace(/^annotation::/i, ''), reason });
      }
    }
  }
  return out;
}

describe('cdk-nag (AwsSolutions and Serverless packs)', () => {
  test.each(packs().map((p) => [p.readPackName, p] as const))(
    '%s reports no unacknowledged error or warning',
    (_, pack) => {
      expect(findings(pack)).toEqual([]);
    },
  );

  test('[P-22] synthesis wrote an empty validation report: no nag, CloudFormation-schema or annotation findings', () => {
    const report = JSON.parse(fs.readFileSync(path.join(s.assembly.directory, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports).toEqual([]);
  });

  test('no construct carries a CDK warning or error annotation', () => {
    for (const stack of [s.built.stateful, ...statelessStacks(s.built)]) {
      expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
      expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
    }
  });

  test('acknowledgements are limited to the reviewed rules, each with a specific reason', () => {
    // The web stack's own (its bucket, distribution and the CDK's deployment function) are checked in web.test.ts.
    const acks = acknowledgements(s.built.app).filter((a) => !a.path.startsWith(`${s.built.web.node.path}/`));
    expect([...new Set(acks.map((a) => a.id))].sort()).toEqual(
      [
        'AwsSolutions-APIG4', // public routes, by design in functions/routes.ts
        'AwsSolutions-COG2', // MFA optional for self-registering customers (staff: required)
        'AwsSolutions-COG8', // Plus tier costs per MAU: customers stay on Essentials
        'AwsSolutions-IAM5[Resource::*]', // X-Ray writes have no resource-level permissions
        'AwsSolutions-SMG4', // carrier webhook secret: rotated by hand, carriers get it out of band
        'AwsSolutions-SQS3', // a stream mapping's on-failure queue is a DLQ the rule does not recognise
        'Serverless-LambdaDLQ', // synchronous invocations (API Gateway, stream mappings) never reach a DLQ
        'Serverless-LambdaEventSourceMappingDestination', // SQS mappings have no on-failure destination: redrive DLQ
        'Serverless-SQSRedrivePolicy', // dead-letter queues are the end of the line
      ].sort(),
    );
    for (const a of acks) expect(a.reason.length).toBeGreaterThanOrEqual(60);
    const publicRoutes = Object.values(routes).filter((r) => r.auth === 'public').length;
    const anyRoutes = new Set(Object.values(routes).map((r) => r.path)).size;
    expect(acks.filter((a) => a.id === 'AwsSolutions-APIG4')).toHaveLength(publicRoutes + anyRoutes);
  });

  test('each acknowledgement sits only where its reason holds', () => {
    const acks = acknowledgements(s.built.app).filter((a) => !a.path.startsWith(`${s.built.web.node.path}/`));
    const paths = (id: string) => acks.filter((a) => a.id === id).map((a) => a.path);
    const jobList = Object.values(s.built.jobs.jobs);
    const routeFunctions = Object.values(s.built.routeGroups).flatMap((g) => [
      ...Object.values(g.functions).map((f) => f.fn),
      ...(g.methodNotAllowedFunction ? [g.methodNotAllowedFunction] : []),
    ]);
    const streamFunctions = Object.values(s.built.streams.functions);
    const triggers = Object.values(s.built.api.customerTriggers.functions).map((f) => f.function.node.path);

    // No DLQ only for functions invoked synchronously (API Gateway, the 405 function, stream mappings,
    // Cognito triggers): every job has one.
    expect(paths('Serverless-LambdaDLQ').sort()).toEqual(
      [
        ...routeFunctions.map((f) => f.function.node.path),
        ...streamFunctions.map((f) => f.handler.function.node.path),
        ...triggers,
      ].sort(),
    );
    // The X-Ray wildcard on every house function's role: API functions, jobs, stream functions and triggers alike.
    expect(paths('AwsSolutions-IAM5[Resource::*]')).toHaveLength(
      routeFunctions.length + Object.keys(jobs).length + Object.keys(streams).length + triggers.length,
    );
    // Only the dead-letter queues go without a redrive policy; the trigger queues have one.
    const deadLetterQueues = [
      ...jobList.flatMap((j) => [j.deadLetterQueue, ...(j.trigger ? [j.trigger.deadLetterQueue] : [])]),
      ...streamFunctions.map((f) => f.deadLetterQueue),
    ];
    expect(paths('Serverless-SQSRedrivePolicy').sort()).toEqual(deadLetterQueues.map((q) => q.node.path).sort());
    // SQS3 only where a queue is a stream mapping's on-failure destination.
    expect(paths('AwsSolutions-SQS3').sort()).toEqual(streamFunctions.map((f) => f.deadLetterQueue.node.path).sort());
    // One per SQS event source mapping, i.e. per job triggered through a queue.
    const triggered = jobList.filter((j) => j.trigger);
    expect(triggered.length).toBe(Object.values(jobs).filter((j) => 'triggeredBy' in j).length);
    expect(paths('Serverless-LambdaEventSourceMappingDestination')).toHaveLength(triggered.length);
    for (const p of paths('Serverless-LambdaEventSourceMappingDestination')) expect(p).toMatch(/SqsEventSource/);
  });

  test('the carrier webhook route and secret carry their own, specific acknowledgements', () => {
    const acks = acknowledgements(s.built.app);
    const webhook = acks.filter((a) => a.id === 'AwsSolutions-APIG4' && a.path.includes('ReceiveCarrierEvents'));
    expect(webhook).toHaveLength(1);
    expect(webhook[0]?.reason).toMatch(/HMAC/);
    const rotation = acks.filter((a) => a.id === 'AwsSolutions-SMG4');
    // Customers are on Essentials (no threat protection); the staff pool needs no acknowledgement in dev (audit).
    expect(acks.filter((a) => a.id === 'AwsSolutions-COG8').map((a) => a.path)).toEqual([
      s.built.api.userPool.node.path,
    ]);
    const carrierSecrets = Object.values(s.built.stateful.carrierWebhookSecrets).map((secret) => secret.node.path);
    expect(rotation.map((a) => a.path).sort()).toEqual(
      [
        ...carrierSecrets,
        s.built.stateful.paymentProcessorKey.node.path,
        s.built.stateful.cursorSecret.node.path,
      ].sort(),
    );
    for (const ack of rotation.filter((a) => carrierSecrets.includes(a.path))) {
      expect(ack.reason).toMatch(/out of band/);
      expect(ack.reason).toMatch(/v1=/);
    }
    expect(rotation.find((a) => a.path === s.built.stateful.paymentProcessorKey.node.path)?.reason).toMatch(
      /processor's dashboard/,
    );
    expect(rotation.find((a) => a.path === s.built.stateful.cursorSecret.node.path)?.reason).toMatch(
      /start the list again/,
    );
  });

  test('every acknowledgement still silences a real finding (none is stale)', () => {
    const raw = packs().flatMap((pack) => {
      // Re-run with acknowledgements ignored to see what they hide.
      (pack as unknown as { isAcknowledged: () => boolean }).isAcknowledged = () => false;
      return pack.validateScope(s.built.app).violations;
    });
    for (const a of acknowledgements(s.built.app)) {
      const hidden = raw
        .filter((v) => v.ruleName === a.id)
        .flatMap((v) => v.violatingResources)
        .filter((r) => r.constructPath === a.path || r.constructPath?.startsWith(`${a.path}/`));
      expect({ ack: a.id, at: a.path, hides: hidden.length > 0 }).toEqual({ ack: a.id, at: a.path, hides: true });
    }
  });
});

test('[P-22] an unacknowledged cdk-nag finding fails synthesis', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'infra-test-'));
  try {
    const { app, operations } = buildApp({
      appProps: { outdir, context: { 'aws:cdk:bundling-stacks': [] } },
      routes: { health: routes.health },
      jobs: {},
    });
    new Queue(operations, 'UnencryptedQueue', { encryption: QueueEncryption.UNENCRYPTED });
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS2/);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});
