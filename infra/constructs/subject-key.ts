/**
 * The KMS key that wraps per-subject data keys, with a key policy that is the boundary: it names the
 * execution roles that may use it (by ARN, through `aws:PrincipalArn`, since the roles are created
 * later by the function stacks), splits them into roles that create and open data keys and roles that
 * only open them, binds every use to a `subjectId` encryption context, and lets account
 * administrators administer the key but not use it. IAM must allow the same use too: both gates.
 * See docs/decisions/0020-subject-key-policy.md.
 */
import { Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccountRootPrincipal, PolicyDocument, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

/** What a function does with subject data keys (derived from its declared access in infra/constructs/grants.ts). */
export type SubjectKeyUse = 'open' | 'create' | 'shred';

/** A function role that uses subject data keys, by the fixed role name from infra/naming.ts. */
export interface SubjectKeyUser {
  readonly roleName: string;
  readonly use: SubjectKeyUse;
}

/** Encryption-context key every subject data key is bound to (see the architecture brief). */
export const SUBJECT_CONTEXT_KEY = 'subjectId';

/** Create (first write) and open: envelope encryption of personal fields. */
export const CREATE_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'];
/** Open only: functions that never write personal data. */
export const OPEN_ACTIONS = ['kms:Decrypt'];

/**
 * What administrators may do: everything that manages the key, nothing that encrypts or decrypts
 * with it, and no `kms:CreateGrant` (a grant is a way to use the key).
 */
export const ADMIN_ACTIONS = [
  'kms:CreateAlias',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
];

export interface SubjectKeyProps {
  readonly alias: string;
  readonly users: readonly SubjectKeyUser[];
  readonly removalPolicy: RemovalPolicy;
}

export function subjectKey(scope: Construct, id: string, props: SubjectKeyProps): Key {
  const stack = Stack.of(scope);
  const roleArn = (name: string) => `arn:${stack.partition}:iam::${stack.account}:role/${name}`;
  const arnsOf = (uses: SubjectKeyUse[]) =>
    props.users
      .filter((u) => uses.includes(u.use))
      .map((u) => roleArn(u.roleName))
      .sort();
  const creators = arnsOf(['create', 'shred']);
  const openers = arnsOf(['open']);
  const subjectContext = { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': [SUBJECT_CONTEXT_KEY] } };

  const policy = new PolicyDocument({
    statements: [
      new PolicyStatement({
        sid: 'AdministerButNeverUse',
        principals: [new AccountRootPrincipal()],
        actions: ADMIN_ACTIONS,
        resources: ['*'],
      }),
      ...(creators.length > 0
        ? [
            new PolicyStatement({
              sid: 'CreateAndOpenSubjectDataKeys',
              principals: [new AccountRootPrincipal()],
              actions: CREATE_ACTIONS,
              resources: ['*'],
              conditions: { ArnEquals: { 'aws:PrincipalArn': creators }, ...subjectContext },
            }),
          ]
        : []),
      ...(openers.length > 0
        ? [
            new PolicyStatement({
              sid: 'OpenSubjectDataKeys',
              principals: [new AccountRootPrincipal()],
              actions: OPEN_ACTIONS,
              resources: ['*'],
              conditions: { ArnEquals: { 'aws:PrincipalArn': openers }, ...subjectContext },
            }),
          ]
        : []),
    ],
  });

  const key = new Key(scope, id, {
    alias: props.alias,
    description: 'Wraps per-subject data keys; only the named function roles may use it (crypto-shredding)',
    enableKeyRotation: true,
    // Deleting this key makes every wrapped subject key, and so all personal data, unreadable at once.
    removalPolicy: props.removalPolicy,
    pendingWindow: Duration.days(30),
    policy,
  });
  // Given a policy, the Key construct adds no `kms:*` statement for the account: IAM alone can never
  // grant a use of this key.
  return key;
}
