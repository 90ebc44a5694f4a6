/**
 * Resource policies that make the audit stores append-only whatever an identity policy says
 * (docs/decisions/0031, 0032): an explicit Deny in the table's own policy wins over any Allow, so an
 * administrator's broad IAM policy cannot rewrite or delete an item without first changing the table
 * policy — itself a management event in CloudTrail.
 * - audit table: no principal may UpdateItem or BatchWriteItem (PartiQL included); only the
 *   audit-retention job's role may DeleteItem.
 * - digest table: no principal may UpdateItem, DeleteItem or BatchWriteItem; only the digest and
 *   verification jobs' roles may PutItem (and IAM limits each to its own partitions).
 * Roles are named by ARN through `aws:PrincipalArn`: they are created later, by the jobs stack.
 */
import { Stack } from 'aws-cdk-lib';
import { AnyPrincipal, Effect, PolicyDocument, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/** Item changes no principal may make on either audit store. */
export const NEVER_CHANGED = [
  'dynamodb:UpdateItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PartiQLDelete',
  'dynamodb:PartiQLInsert',
];

/** A resource policy: nobody makes `never`; only `allowed` roles make `only`. */
export function appendOnlyPolicy(
  scope: Construct,
  rules: { readonly never: readonly string[]; readonly only: readonly string[]; readonly allowed: readonly string[] },
): PolicyDocument {
  const stack = Stack.of(scope);
  const roles = rules.allowed.map((name) => `arn:${stack.partition}:iam::${stack.account}:role/${name}`).sort();
  return new PolicyDocument({
    statements: [
      new PolicyStatement({
        sid: 'NeverChanged',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: [...rules.never],
        resources: ['*'],
      }),
      new PolicyStatement({
        sid: 'OnlyNamedRoles',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: [...rules.only],
        resources: ['*'],
        // No role at all allowed (a route table without such a job): nobody may.
        ...(roles.length > 0 && { conditions: { ArnNotEquals: { 'aws:PrincipalArn': roles } } }),
      }),
    ],
  });
}
