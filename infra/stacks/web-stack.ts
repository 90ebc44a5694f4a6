/**
 * The web app (web/, docs/decisions/0071) in AWS: a private S3 bucket that only CloudFront reads (origin access
 * control), a distribution that sends the same security headers and CSP as the local web server
 * (`securityHeaders` of web/site.ts, as a response headers policy), the built pages deployed to the bucket and a
 * `/config.json` naming the API and the customer pool's hosted sign-in (authorisation code with PKCE).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { securityHeaders, writeSite } from '../../web/site';
import type { StageSettings } from '../stages';

export interface WebStackProps extends StackProps {
  readonly stage: string;
  readonly settings: StageSettings;
  /** The API's base URL (the stage's invoke URL), which the pages call. */
  readonly apiUrl: string;
  /** The API's origin (`https://<id>.execute-api.<region>.amazonaws.com`), the CSP's `connect-src`. */
  readonly apiOrigin: string;
  /** The customer pool's hosted sign-in: its domain (`https://…`) and the app client that uses PKCE. */
  readonly hostedSignIn: { readonly domain: string; readonly clientId: string };
  /**
   * Where the built site is written before it is uploaded.
   * @default a fresh temporary directory
   */
  readonly buildDir?: string;
}

/** Viewer paths of the two pages without their `.html`, as the local web server serves them. */
const PAGE_PATHS = `function handler(event) {
  var request = event.request;
  if (request.uri === '/') request.uri = '/index.html';
  else if (request.uri === '/staff') request.uri = '/staff.html';
  return request;
}`;

export class WebStack extends Stack {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly headers: ResponseHeadersPolicy;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const removal = props.settings.removal === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: false,
      // The site is rebuilt from the repository on every deploy: nothing in it needs keeping.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: removal === RemovalPolicy.DESTROY,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'The bucket holds only the public build of web/ (no personal data), is read by CloudFront alone through origin access control, and is rewritten by each deploy; server access logs would record requester IP addresses for nothing',
    });

    const headers = securityHeaders([props.apiOrigin, props.hostedSignIn.domain]);
    this.headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'The web app’s CSP and security headers (web/site.ts securityHeaders)',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: headers['content-security-policy'] as string, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
      },
      customHeadersBehavior: {
        customHeaders: ['cross-origin-opener-policy', 'permissions-policy'].map((header) => ({
          header,
          value: headers[header] as string,
          override: true,
        })),
      },
    });

    const pagePaths = new EdgeFunction(this, 'PagePaths', {
      code: FunctionCode.fromInline(PAGE_PATHS),
      runtime: FunctionRuntime.JS_2_0,
      comment: '/ and /staff serve the two pages',
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Privacy-first order backend: web app (${props.stage})`,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.headers,
        functionAssociations: [{ function: pagePaths, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      defaultRootObject: 'index.html',
      priceClass: PriceClass.PRICE_CLASS_100,
      enableIpv6: true,
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'The shop sells wherever its carriers deliver; the pages hold no data and every call they make is authorised by the API, so a geographic restriction protects nothing',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'Static pages and bundles only: the API behind them has its own throttles and authoriser; a web ACL on files anyone may download costs more than it protects',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'Privacy by design: standard access logs record viewer IP addresses, which are personal data the shop has no purpose for; CloudFront metrics cover operations',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The default *.cloudfront.net certificate cannot pin a minimum protocol version; a custom domain with its own ACM certificate (not in the stacks yet, docs/deploy.md) would set TLSv1.2_2021',
      },
    );

    new CfnOutput(this, 'WebUrl', {
      value: `https://${this.distribution.distributionDomainName}`,
      description: 'The web app; add it to allowedOrigins so the API and the hosted sign-in accept it',
    });

    // The pages, built from web/ at synthesis, and the stage's config.json beside them.
    const buildDir = props.buildDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'web-site-'));
    writeSite(buildDir);
    new BucketDeployment(this, 'Deploy', {
      destinationBucket: this.bucket,
      sources: [
        Source.asset(buildDir),
        Source.jsonData('config.json', {
          apiUrl: props.apiUrl,
          identity: { endpoint: props.hostedSignIn.domain, clientId: props.hostedSignIn.clientId },
          hostedSignIn: { domain: props.hostedSignIn.domain, clientId: props.hostedSignIn.clientId },
        }),
      ],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
      prune: true,
    });
    // BucketDeployment's function is the CDK's own, a singleton on the stack (deploy time only, never reachable
    // by a request); its findings are acknowledged there and nowhere else.
    const copier = this.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (!copier) throw new Error('BucketDeployment created no function');
    const deployOnly = 'The CDK’s own BucketDeployment function runs only while CloudFormation deploys the site';
    Validations.of(copier).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: `${deployOnly}; the managed policy lets it write its own logs, nothing else`,
      },
      ...[
        'Action::s3:GetBucket*',
        'Action::s3:GetObject*',
        'Action::s3:List*',
        'Action::s3:Abort*',
        'Action::s3:DeleteObject*',
        `Resource::arn:aws:s3:::cdk-hnb659fds-assets-${this.account}-${this.region}/*`,
        `Resource::<${this.getLogicalId(this.bucket.node.defaultChild as CfnBucket)}.Arn>/*`,
        'Resource::*',
      ].map((finding) => ({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason: `${deployOnly}: it copies every object of the build from the asset bucket into this site bucket (and prunes old ones), and invalidates the distribution, which has no resource-level permission`,
      })),
      {
        id: 'AwsSolutions-L1',
        reason: `${deployOnly}; its runtime is the one the installed aws-cdk-lib ships it with`,
      },
      {
        id: 'Serverless-LambdaLatestVersion',
        reason: `${deployOnly}; its runtime is the one the installed aws-cdk-lib ships it with`,
      },
      {
        id: 'Serverless-LambdaDLQ',
        reason: `${deployOnly}, invoked synchronously by CloudFormation, which reports a failure as a failed deployment`,
      },
      {
        id: 'Serverless-LambdaTracing',
        reason: `${deployOnly}: a file copy at deploy time, outside any request a trace would follow`,
      },
    );
  }
}
