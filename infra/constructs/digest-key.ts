/**
 * The asymmetric KMS key audit digests are signed with (ECC_NIST_P256, SIGN_VERIFY). Its key policy
 * is the boundary, as for the subject key: only the digest job's role (named by ARN through
 * `aws:PrincipalArn`, since roles are created later by the jobs stack) may sign, and only with the
 * digests' algorithm; administrators administer the key but cannot sign; the public half is public.
 * KMS rotates no asymmetric key: a new key means a new key id in the digests from then on, and the
 * old key kept (disabled for signing) while digests it signed are verified. See docs/decisions/0030.
 */
import { Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccountRootPrincipal, PolicyDocument, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { ADMIN_ACTIONS } from './subject-key';

/** The algorithm every digest is signed with (shared/domain/audit-digest.ts). */
export const DIGEST_SIGNING_ALGORITHM = 'ECDSA_SHA_256';

export interface DigestKeyProps {
  readonly alias: string;
  /** Role names (infra/naming.ts) that may sign: the digest job's alone. */
  readonly signers: readonly string[];
  readonly removalPolicy: RemovalPolicy;
}

export function digestKey(scope: Construct, id: string, props: DigestKeyProps): Key {
  const stack = Stack.of(scope);
  const signers = props.signers.map((name) => `arn:${stack.partition}:iam::${stack.account}:role/${name}`).sort();
  const policy = new PolicyDocument({
    statements: [
      new PolicyStatement({
        sid: 'AdministerButNeverSign',
        principals: [new AccountRootPrincipal()],
        actions: ADMIN_ACTIONS,
        resources: ['*'],
      }),
      // Anyone in the account IAM allows may check a signature: the public key is public anyway.
      new PolicyStatement({
        sid: 'VerifyDigests',
        principals: [new AccountRootPrincipal()],
        actions: ['kms:Verify', 'kms:GetPublicKey'],
        resources: ['*'],
      }),
      ...(signers.length > 0
        ? [
            new PolicyStatement({
              sid: 'SignDigests',
              principals: [new AccountRootPrincipal()],
              actions: ['kms:Sign'],
              resources: ['*'],
              conditions: {
                ArnEquals: { 'aws:PrincipalArn': signers },
                StringEquals: { 'kms:SigningAlgorithm': DIGEST_SIGNING_ALGORITHM },
              },
            }),
          ]
        : []),
    ],
  });
  return new Key(scope, id, {
    alias: props.alias,
    description: 'Signs audit digests; only the audit-digest job may sign, anyone may verify',
    keySpec: KeySpec.ECC_NIST_P256,
    keyUsage: KeyUsage.SIGN_VERIFY,
    // A deleted signing key would leave every digest unverifiable by KMS (the public key still works).
    removalPolicy: props.removalPolicy,
    pendingWindow: Duration.days(30),
    policy,
  });
}
