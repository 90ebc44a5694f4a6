/**
 * Encrypted transmission and security benchmarks as checks that fail (docs/decisions/0095): every
 * queue, topic and bucket of every stack of the prod stage refuses requests without TLS, no
 * acknowledgement silences the cdk-nag rules for it, the API has no plain-HTTP entry, and the delivery
 * pipeline audits dependencies before anything deploys.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { cleanUp, type Json, PROD_CONTEXT, type Synthesised, synthesise } from './support';

let prod: Synthesised;
beforeAll(() => {
  prod = synthesise({ bundle: false, appProps: { context: PROD_CONTEXT } });
});
afterAll(() => cleanUp(prod));

/** Every resource of every stack, with its stack and logical id. */
const all = (): { stack: string; id: string; resource: Json }[] =>
  Object.entries(prod.templates).flatMap(([stack, t]) =>
    Object.entries(t.toJSON().Resources as Record<string, Json>).map(([id, resource]) => ({ stack, id, resource })),
  );

/** The deny-without-TLS statements of the resource policies attached to `id` (`Ref` or `Fn::GetAtt`). */
function tlsDenials(stack: string, policyType: string, targetKey: string, id: string): Json[] {
  const refersTo = (v: Json) => JSON.stringify(v).includes(`"${id}"`);
  return all()
    .filter((r) => r.stack === stack && r.resource.Type === policyType && refersTo(r.resource.Properties[targetKey]))
    .flatMap((r) => r.resource.Properties.PolicyDocument.Statement as Json[])
    .filter((st) => st.Effect === 'Deny' && st.Condition?.Bool?.['aws:SecureTransport'] === 'false');
}

const kinds = [
  ['AWS::SQS::Queue', 'AWS::SQS::QueuePolicy', 'Queues'],
  ['AWS::SNS::Topic', 'AWS::SNS::TopicPolicy', 'Topics'],
  ['AWS::S3::Bucket', 'AWS::S3::BucketPolicy', 'Bucket'],
] as const;

describe('[P-12] encrypted transmission', () => {
  test.each(kinds)('every %s refuses requests without TLS', (type, policyType, targetKey) => {
    const found = all().filter((r) => r.resource.Type === type);
    if (type !== 'AWS::S3::Bucket') expect(found.length).toBeGreaterThan(0);
    const withoutDenial = found.filter(({ stack, id }) => tlsDenials(stack, policyType, targetKey, id).length === 0);
    expect(withoutDenial.map(({ stack, id }) => `${stack}/${id}`)).toEqual([]);
  });

  test('no acknowledgement silences the TLS rules (AwsSolutions-SQS4, -SNS3, -S10)', () => {
    const silenced = prod.built.app.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.keys(m.data as Record<string, string>))
      .filter((rule) => /SQS4|SNS3|S10\b/.test(rule));
    expect(silenced).toEqual([]);
  });

  test('the API is one HTTP API (API Gateway serves those over HTTPS only) and any custom domain requires TLS 1.2', () => {
    const apis = all().filter((r) => r.resource.Type === 'AWS::ApiGatewayV2::Api');
    expect(apis.map((a) => a.resource.Properties.ProtocolType)).toEqual(['HTTP']);
    expect(all().filter((r) => r.resource.Type === 'AWS::ApiGateway::RestApi')).toEqual([]);
    for (const d of all().filter((r) => r.resource.Type === 'AWS::ApiGatewayV2::DomainName')) {
      for (const c of d.resource.Properties.DomainNameConfigurations) expect(c.SecurityPolicy).toBe('TLS_1_2');
    }
  });
});

describe('[P-20] vulnerability remediation in the delivery pipeline', () => {
  const workflow = readFileSync(path.join(process.cwd(), '.github/workflows/delivery.yml'), 'utf8');
  const job = (name: string): string => {
    const start = workflow.indexOf(`\n  ${name}:\n`);
    const next = workflow.slice(start + 1).search(/\n {2}[a-z-]+:\n/);
    return next < 0 ? workflow.slice(start) : workflow.slice(start, start + 1 + next);
  };

  test('the check job audits production dependencies for known advisories, failing on high ones', () => {
    expect(job('check')).toMatch(/run: npm audit --omit=dev --audit-level=(high|moderate|low)\b/);
  });

  test('nothing deploys without the check job: the first deploy needs it, the next needs the first', () => {
    expect(job('deploy-test')).toMatch(/needs: check\b/);
    expect(job('deploy-prod')).toMatch(/needs: deploy-test\b/);
  });
});
