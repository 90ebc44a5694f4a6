/**
 * The subject key's policy is the boundary (docs/decisions/0020): it names exactly the execution
 * roles whose declared access uses subject data keys, gives creators GenerateDataKey and openers only
 * Decrypt, binds every use to a subjectId encryption context, and lets administrators manage the key
 * without being able to use it. Expectations are derived from the route and job tables.
 */
import { type JobDefinition, jobs } from '../../functions/jobs/index';
import { routes } from '../../functions/routes';
import type { FunctionAccess } from '../../shared/config/resources';
import type { RouteDefinition } from '../../shared/http/route';
import {
  asArray,
  cleanUp,
  functionForRouteKey,
  functionOfJob,
  type Json,
  type Statement,
  type Synthesised,
  subjectKeyLogicalId,
  synthesise,
} from './support';

let s: Synthesised;
beforeAll(() => {
  s = synthesise({ bundle: false });
});
afterAll(() => cleanUp(s));

const keyPolicy = (): Statement[] =>
  asArray<Statement>(s.stateful.toJSON().Resources[subjectKeyLogicalId(s)].Properties.KeyPolicy.Statement);
const bySid = (sid: string): Statement | undefined => keyPolicy().find((st) => st.Sid === sid);
const roleArnOf = (functionId: string): Json => {
  const roleId = s.stateless.toJSON().Resources[functionId].Properties.Role['Fn::GetAtt'][0];
  const roleName = s.stateless.toJSON().Resources[roleId].Properties.RoleName as string;
  return `arn:aws:iam::${s.built.stateful.account}:role/${roleName}`;
};

/** Every entry point with its access and its function's logical id. */
const entryPoints = (): { name: string; access: FunctionAccess; functionId: string }[] => [
  ...Object.entries(routes as Record<string, RouteDefinition>).map(([name, r]) => ({
    name,
    access: r.access,
    functionId: functionForRouteKey(s.stateless, `${r.method} ${r.path}`),
  })),
  ...Object.entries(jobs as Record<string, JobDefinition>).map(([name, j]) => ({
    name,
    access: j.access,
    functionId: functionOfJob(s, name),
  })),
];
const creates = (a: FunctionAccess) =>
  a.subjectKeys === 'use-and-shred' || (a.subjectKeys === 'use' && a.data === 'readwrite');
const opensOnly = (a: FunctionAccess) => a.subjectKeys === 'use' && a.data !== 'readwrite';

describe('the subject key policy', () => {
  test('has exactly three statements: administer, create-and-open, open', () => {
    expect(keyPolicy().map((st) => st.Sid)).toEqual([
      'AdministerButNeverUse',
      'CreateAndOpenSubjectDataKeys',
      'OpenSubjectDataKeys',
    ]);
  });

  test('administrators (the account, through IAM) may manage the key but never encrypt, decrypt or grant', () => {
    const admin = bySid('AdministerButNeverUse') as Statement;
    const actions = asArray(admin.Action);
    for (const use of [
      'kms:Encrypt',
      'kms:Decrypt',
      'kms:ReEncrypt*',
      'kms:GenerateDataKey*',
      'kms:CreateGrant',
      'kms:*',
    ]) {
      expect(actions).not.toContain(use);
    }
    expect(actions.filter((a) => /^kms:(Encrypt|Decrypt|ReEncrypt|GenerateDataKey|CreateGrant|\*)/.test(a))).toEqual(
      [],
    );
    expect(actions).toEqual(expect.arrayContaining(['kms:ScheduleKeyDeletion', 'kms:Put*', 'kms:Disable*']));
    expect(admin.Condition).toBeUndefined();
  });

  test('no statement allows a use of the key without naming the roles (no account-wide kms:*)', () => {
    for (const st of keyPolicy()) {
      const actions = asArray(st.Action);
      const uses = actions.some((a) => /^kms:(Encrypt|Decrypt|ReEncrypt|GenerateDataKey|\*)/.test(a));
      if (uses) expect(st.Condition?.ArnEquals?.['aws:PrincipalArn']).toBeDefined();
    }
  });

  test('names as creators exactly the roles whose access writes personal data, with GenerateDataKey and Decrypt', () => {
    const st = bySid('CreateAndOpenSubjectDataKeys') as Statement;
    expect(asArray(st.Action).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    const expected = entryPoints()
      .filter((e) => creates(e.access))
      .map((e) => roleArnOf(e.functionId));
    expect(expected.length).toBeGreaterThan(0);
    expect(sortJson(asArray(st.Condition.ArnEquals['aws:PrincipalArn']))).toEqual(sortJson(expected));
  });

  test('names as openers exactly the roles that read personal data but never write it, with Decrypt only', () => {
    const st = bySid('OpenSubjectDataKeys') as Statement;
    expect(asArray(st.Action)).toEqual(['kms:Decrypt']);
    const expected = entryPoints()
      .filter((e) => opensOnly(e.access))
      .map((e) => roleArnOf(e.functionId));
    expect(expected.length).toBeGreaterThan(0);
    expect(sortJson(asArray(st.Condition.ArnEquals['aws:PrincipalArn']))).toEqual(sortJson(expected));
  });

  test('every use is bound to a subjectId encryption context', () => {
    for (const sid of ['CreateAndOpenSubjectDataKeys', 'OpenSubjectDataKeys']) {
      expect((bySid(sid) as Statement).Condition['ForAnyValue:StringEquals']).toEqual({
        'kms:EncryptionContextKeys': ['subjectId'],
      });
    }
  });

  test('roles without subject-key access are named nowhere in the policy', () => {
    const policy = JSON.stringify(keyPolicy());
    for (const e of entryPoints().filter((entry) => !entry.access.subjectKeys)) {
      const roleId = s.stateless.toJSON().Resources[e.functionId].Properties.Role['Fn::GetAtt'][0];
      const roleName = s.stateless.toJSON().Resources[roleId].Properties.RoleName as string;
      expect(policy).not.toContain(`role/${roleName}"`);
    }
  });

  test('the key names no AWS service principal (it is used only by the named roles)', () => {
    for (const st of keyPolicy()) expect(JSON.stringify(st.Principal)).not.toContain('Service');
  });

  test('the data (table) key no longer wraps subject keys: no function uses it outside DynamoDB or Secrets Manager', () => {
    const tableKey = s.built.stateful.getLogicalId(s.built.stateful.key.node.defaultChild as never);
    const env = JSON.stringify(Object.values(s.stateless.findResources('AWS::Lambda::Function')));
    expect(env).not.toMatch(new RegExp(`"KMS_KEY_ID":\\{[^}]*${tableKey}`));
  });
});

const sortJson = (values: Json[]): string[] => values.map((v) => JSON.stringify(v)).sort();
