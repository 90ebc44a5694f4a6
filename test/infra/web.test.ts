// The web stack (infra/stacks/web-stack.ts, decision 0071) and the customer pool's hosted sign-in client: a bucket
// nobody but CloudFront reads, the headers the local web server sends, the built pages deployed, the PKCE client.
import { Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { securityHeaders } from '../../web/site';
import { cleanUp, PROD_CONTEXT, type Synthesised, synthesise } from './support';

let s: Synthesised;
let web: Template;
beforeAll(() => {
  s = synthesise({ bundle: false });
  web = Template.fromStack(s.built.web);
});
afterAll(() => cleanUp(s));

describe('the web stack', () => {
  test('the site bucket is private, encrypted, TLS-only, and read only by the distribution (origin access control)', () => {
    web.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    web.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    web.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always' },
    });
    web.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    const [policy] = Object.values(web.findResources('AWS::S3::BucketPolicy'));
    const statements = policy?.Properties.PolicyDocument.Statement as {
      Effect: string;
      Principal?: { Service?: string; AWS?: unknown };
      Action: string | string[];
      Condition?: Record<string, unknown>;
    }[];
    // Allowed: CloudFront reading objects, for this distribution only (and the CDK's own clean-up of a dev stage).
    const allows = statements.filter((st) => st.Effect === 'Allow');
    const reads = allows.filter((st) => st.Principal?.Service === 'cloudfront.amazonaws.com');
    expect(reads).toHaveLength(1);
    expect(reads[0]?.Action).toBe('s3:GetObject');
    expect(JSON.stringify(reads[0]?.Condition)).toContain('AWS:SourceArn');
    for (const st of allows.filter((x) => x !== reads[0])) expect(JSON.stringify(st.Principal)).not.toContain('"*"');
    // Denied: anything over plain HTTP.
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  test('the distribution redirects to HTTPS and sends the CSP and security headers of web/site.ts', () => {
    web.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          AllowedMethods: ['GET', 'HEAD'],
          ResponseHeadersPolicyId: Match.anyValue(),
          FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' })],
        }),
      }),
    });
    const [policy] = Object.values(web.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    const config = policy?.Properties.ResponseHeadersPolicyConfig;
    const local = securityHeaders(['API', 'SIGN-IN']);
    // The same policy as the local server's, with the API's and the sign-in domain's origins filled in at deploy.
    const csp = JSON.stringify(config.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy);
    for (const directive of (local['content-security-policy'] as string).split('; ')) {
      if (!directive.startsWith('connect-src')) expect(csp).toContain(directive);
    }
    expect(csp).toContain("connect-src 'self' ");
    expect(csp).toMatch(/amazoncognito\.com/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(config.SecurityHeadersConfig).toMatchObject({
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
      StrictTransportSecurity: { AccessControlMaxAgeSec: 31_536_000, Override: true },
    });
    expect(config.CustomHeadersConfig.Items).toEqual([
      { Header: 'cross-origin-opener-policy', Value: local['cross-origin-opener-policy'], Override: true },
      { Header: 'permissions-policy', Value: local['permissions-policy'], Override: true },
    ]);
  });

  test('the built pages and bundles are deployed with a config.json naming the API and the hosted sign-in', () => {
    web.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: Match.anyValue(),
      DistributionPaths: ['/*'],
      Prune: true,
    });
    const [deployment] = Object.values(web.findResources('Custom::CDKBucketDeployment'));
    expect(deployment?.Properties.SourceObjectKeys).toHaveLength(2);
    // config.json's deploy-time values: the API (its id), the hosted sign-in's domain and its PKCE client.
    const markers = JSON.stringify(deployment?.Properties.SourceMarkers);
    expect(markers).toMatch(/PublishOutputRefApi[0-9A-F]{8}/);
    expect(markers).toMatch(/PublishOutputRefUsersHostedSignIn/);
    expect(markers).toMatch(/PublishOutputRefUsersHostedWebClient/);
  });

  test('its acknowledgements: bucket logs, geography, WAF, access logs and the default certificate, and the CDK’s deployment function', () => {
    const acks: { path: string; id: string; reason: string }[] = [];
    for (const c of s.built.web.node.findAll()) {
      for (const entry of c.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>))
          acks.push({ path: c.node.path, id: id.replace(/^annotation::/i, ''), reason });
      }
    }
    const at = (id: string) => acks.filter((a) => a.id === id).map((a) => a.path);
    expect(at('AwsSolutions-S1')).toEqual([s.built.web.bucket.node.path]);
    for (const id of ['AwsSolutions-CFR1', 'AwsSolutions-CFR2', 'AwsSolutions-CFR3', 'AwsSolutions-CFR4'])
      expect(at(id)).toEqual([s.built.web.distribution.node.path]);
    expect(acks.find((a) => a.id === 'AwsSolutions-CFR3')?.reason).toMatch(/IP addresses/);
    // Everything else sits on the CDK's BucketDeployment function, never on a function of the app.
    const others = acks.filter((a) => !/^AwsSolutions-(S1|CFR\d)$/.test(a.id));
    expect(others.length).toBeGreaterThan(0);
    for (const a of others) expect(a.path).toMatch(/\/Custom::CDKBucketDeployment[0-9A-F]+512MiB$/);
    for (const a of acks) expect(a.reason.length).toBeGreaterThanOrEqual(60);
  });
});

describe('the hosted sign-in', () => {
  const api = () => Template.fromStack(s.built.api);

  test('a public client with the authorisation code flow only, returning to the stage’s allowed origins', () => {
    api().hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ClientName: 'orders-dev-web-hosted',
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email'],
      CallbackURLs: ['http://localhost:5173/'],
      LogoutURLs: ['http://localhost:5173/'],
      SupportedIdentityProviders: ['COGNITO'],
    });
    api().hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: Match.stringLikeRegexp('^orders-dev-') });
  });

  test('its tokens are accepted by the customers’ authoriser', () => {
    const [authorizer] = Object.values(
      api().findResources('AWS::ApiGatewayV2::Authorizer', { Properties: { Name: 'CustomerJwt' } }),
    );
    expect(authorizer?.Properties.JwtConfiguration.Audience).toHaveLength(2);
  });

  test('in production the callbacks are the production origins, https only', () => {
    const prod = synthesise({ bundle: false, appProps: { context: PROD_CONTEXT } });
    try {
      Template.fromStack(prod.built.api).hasResourceProperties('AWS::Cognito::UserPoolClient', {
        ClientName: 'orders-prod-web-hosted',
        CallbackURLs: ['https://shop.example.com/', 'https://account.example.com/'],
      });
    } finally {
      cleanUp(prod);
    }
  });
});
