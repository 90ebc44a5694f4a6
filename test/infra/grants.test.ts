import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { type JobDefinition, jobs } from '../../functions/jobs/index';
import { routes } from '../../functions/routes';
import { SYNTH_ONLY_ENV } from '../../infra/config';
import { grantFunctionAccess } from '../../infra/constructs/grants';
import { StatefulStack } from '../../infra/stacks/stateful-stack';
import { STAGES } from '../../infra/stages';
import type { FunctionAccess } from '../../shared/config/resources';
import {
  ACTIVITY_ATTRIBUTES,
  AUDIT_SIGNING_KEY_ENV,
  CARRIER_SECRET_ARNS_ENV,
  CURSOR_SECRET_ARN_ENV,
  DIGEST_TABLE_WRITES,
  EVENT_BUS_ENV,
  EVENT_SOURCE,
  KMS_KEY_ENV,
  PAYMENT_KEY_ARN_ENV,
  STAFF_POOL_ENV,
  type TableId,
  tables,
  USER_POOL_ENV,
} from '../../shared/config/resources';
import { type RouteDefinition, routeAccess } from '../../shared/http/route';
import {
  arnOf,
  asArray,
  busLogicalId,
  carrierSecretLogicalIds,
  cleanUp,
  cursorSecretLogicalId,
  expectedSubjectKeyActions,
  expectedTableActions,
  functionForRouteKey,
  functionOfJob,
  type Json,
  keyLogicalId,
  logicalIdOf,
  paymentKeyLogicalId,
  policyStatements,
  resolveStatefulRef,
  type Statement,
  type Synthesised,
  statefulRefsIn,
  statementsOfFunction,
  subjectKeyLogicalId,
  synthesise,
  tableOfResource,
} from './support';

let s: Synthesised;
beforeAll(() => {
  // Grants are template content: no bundles needed (stateless-stack.test.ts bundles every function).
  s = synthesise({ bundle: false });
});
afterAll(() => cleanUp(s));

const auditDigestKeyLogicalId = () =>
  s.built.stateful.getLogicalId(s.built.stateful.auditSigningKey.node.defaultChild as never);
/** Whether a statement's resource is the key with this logical id. */
const onKey = (st: Statement, logicalId: string): boolean =>
  asArray<Json>(st.Resource).some((r) => resolveStatefulRef(r, s.stateful)?.logicalId === logicalId);

const allRoutes = Object.entries(routes as Record<string, RouteDefinition>);
const allJobs = Object.entries(jobs as Record<string, JobDefinition>);
type Exposure = 'public' | 'authenticated';
/**
 * Every entry point (route or job) with its declared access, who can call it and, once synthesised,
 * its function's logical id.
 */
const entryPoints: [string, FunctionAccess, Exposure, () => string][] = [
  ...allRoutes.map(([name, r]): [string, FunctionAccess, Exposure, () => string] => [
    `route ${name}`,
    routeAccess(r),
    r.auth === 'public' ? 'public' : 'authenticated',
    () => functionForRouteKey(s.stateless, `${r.method} ${r.path}`),
  ]),
  ...allJobs.map(([name, j]): [string, FunctionAccess, Exposure, () => string] => [
    `job ${name}`,
    j.access,
    'authenticated',
    () => functionOfJob(s, name),
  ]),
];
const tableIds = Object.keys(tables) as TableId[];
const actionsOf = (st: Statement) => asArray(st.Action);
const isDynamo = (a: string) => a.startsWith('dynamodb:');
const usesService = (service: string) => (st: Statement) => actionsOf(st).some((a) => a.startsWith(`${service}:`));
/** The service a KMS statement is restricted to (`kms:ViaService`), if any. */
const viaService = (st: Statement): string | undefined => st.Condition?.StringEquals?.['kms:ViaService'];
const region = () => s.built.api.region;

/** DynamoDB actions a function's role holds, per table, plus the index ARNs they reach. */
function grantedTableActions(statements: Statement[]): {
  actions: Partial<Record<TableId, Set<string>>>;
  indexes: Partial<Record<TableId, Set<string>>>;
} {
  const actions: Partial<Record<TableId, Set<string>>> = {};
  const indexes: Partial<Record<TableId, Set<string>>> = {};
  for (const st of statements) {
    const dynamo = actionsOf(st).filter(isDynamo);
    if (dynamo.length === 0) continue;
    for (const resource of asArray<Json>(st.Resource)) {
      const target = tableOfResource(resource, s);
      if (!target)
        throw new Error(`DynamoDB grant on something other than a declared table: ${JSON.stringify(resource)}`);
      const tableActions = actions[target.table] ?? new Set<string>();
      for (const a of dynamo) tableActions.add(a);
      actions[target.table] = tableActions;
      if (target.suffix) indexes[target.table] = (indexes[target.table] ?? new Set<string>()).add(target.suffix);
    }
  }
  return { actions, indexes };
}

describe.each(entryPoints)('%s', (_name, access, exposure, functionId) => {
  const statements = () => statementsOfFunction(s.stateless, functionId());
  const env = (): Record<string, Json> => s.stateless.toJSON().Resources[functionId()].Properties.Environment.Variables;

  test('gets exactly the DynamoDB actions its declared access needs, table by table', () => {
    const expected = expectedTableActions(access, exposure);
    const { actions } = grantedTableActions(statements());
    for (const id of tableIds) {
      expect({ table: id, actions: [...(actions[id] ?? [])].sort() }).toEqual({
        table: id,
        actions: [...(expected[id] ?? [])].sort(),
      });
    }
  });

  test('can query only the indexes declared for the tables it queries, named one by one', () => {
    const { actions, indexes } = grantedTableActions(statements());
    for (const id of tableIds) {
      const expected = actions[id]?.has('dynamodb:Query')
        ? tables[id].globalSecondaryIndexes.map((i) => `/index/${i.indexName}`)
        : [];
      expect([...(indexes[id] ?? [])].sort()).toEqual(expected.sort());
    }
  });

  test('receives the table-name variable of each table it touches, and no others', () => {
    const expected = expectedTableActions(access, exposure);
    for (const id of tableIds) {
      const value = env()[tables[id].envVar];
      if (expected[id]) {
        expect(resolveStatefulRef(value, s.stateful)?.logicalId).toBe(
          s.built.stateful.getLogicalId(s.built.stateful.tables[id].node.defaultChild as never),
        );
      } else {
        expect(value).toBeUndefined();
      }
    }
  });

  test('uses KMS directly only on the subject key, bound to a subjectId context; read-only routes only open keys', () => {
    const direct = statements().filter(
      (st) => usesService('kms')(st) && !viaService(st) && !onKey(st, auditDigestKeyLogicalId()),
    );
    if (!access.subjectKeys) {
      expect(direct).toEqual([]);
      expect(env()[KMS_KEY_ENV]).toBeUndefined();
      return;
    }
    expect(direct).toHaveLength(1);
    const [st] = direct as [Statement];
    expect(actionsOf(st).sort()).toEqual(expectedSubjectKeyActions(access));
    expect(st.Condition).toEqual({ 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': ['subjectId'] } });
    expect(resolveStatefulRef(st.Resource, s.stateful)?.logicalId).toBe(subjectKeyLogicalId(s));
    expect(resolveStatefulRef(env()[KMS_KEY_ENV], s.stateful)?.logicalId).toBe(subjectKeyLogicalId(s));
  });

  test('uses KMS only directly for subject keys or the digest key, or through DynamoDB or Secrets Manager in its own region', () => {
    for (const st of statements().filter(usesService('kms'))) {
      const via = viaService(st);
      if (via !== undefined) {
        expect([`dynamodb.${region()}.amazonaws.com`, `secretsmanager.${region()}.amazonaws.com`]).toContain(via);
      } else if (onKey(st, auditDigestKeyLogicalId())) expect(access.auditSigning).toBeDefined();
      else expect(access.subjectKeys).toBeDefined();
    }
  });

  test('signs with the digest key only if it declares it; fetches its public half if it declares that', () => {
    const digestKey = statements().filter((st) => onKey(st, auditDigestKeyLogicalId()));
    if (!access.auditSigning) {
      expect(digestKey).toEqual([]);
      expect(env()[AUDIT_SIGNING_KEY_ENV]).toBeUndefined();
      return;
    }
    expect(digestKey).toHaveLength(1);
    expect(actionsOf(digestKey[0] as Statement).sort()).toEqual(
      access.auditSigning === 'sign' ? ['kms:GetPublicKey', 'kms:Sign'] : ['kms:GetPublicKey'],
    );
    expect(resolveStatefulRef(env()[AUDIT_SIGNING_KEY_ENV], s.stateful)?.logicalId).toBe(auditDigestKeyLogicalId());
  });

  test('puts into the digest table only into its own partitions', () => {
    const puts = statements().filter(
      (st) =>
        actionsOf(st).includes('dynamodb:PutItem') &&
        asArray<Json>(st.Resource).some((r) => tableOfResource(r, s)?.table === 'digests'),
    );
    const level = access.auditDigests;
    if (level !== 'append' && level !== 'verify') {
      expect(puts).toEqual([]);
      return;
    }
    expect(puts).toHaveLength(1);
    expect((puts[0] as Statement).Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...DIGEST_TABLE_WRITES[level]] },
    });
  });

  test('may use the table key only through DynamoDB in its own region', () => {
    const viaDynamo = statements().filter((st) => viaService(st)?.startsWith('dynamodb.'));
    const touchesTables = Object.keys(expectedTableActions(access, exposure)).length > 0;
    expect(viaDynamo).toHaveLength(touchesTables ? 1 : 0);
    for (const st of viaDynamo) {
      expect(st.Condition).toEqual({
        StringEquals: { 'kms:ViaService': `dynamodb.${region()}.amazonaws.com` },
      });
      expect(resolveStatefulRef(st.Resource, s.stateful)?.logicalId).toBe(keyLogicalId(s));
      expect(actionsOf(st)).toContain('kms:Decrypt');
    }
  });

  test('publishes domain events only if it declares them, and then only to the bus', () => {
    const publishing = statements().filter(usesService('events'));
    if (!access.events) {
      expect(publishing).toEqual([]);
      expect(env()[EVENT_BUS_ENV]).toBeUndefined();
      return;
    }
    expect(publishing).toHaveLength(1);
    const [st] = publishing as [Statement];
    expect(actionsOf(st)).toEqual(['events:PutEvents']);
    expect(st.Condition).toEqual({ StringEquals: { 'events:source': EVENT_SOURCE } });
    const resources = asArray<Json>(st.Resource);
    expect(resources).toHaveLength(1);
    expect(resolveStatefulRef(resources[0], s.stateful)).toEqual({
      logicalId: busLogicalId(s),
      attribute: 'Arn',
      suffix: '',
    });
    // Ref of AWS::Events::EventBus is its name.
    expect(resolveStatefulRef(env()[EVENT_BUS_ENV], s.stateful)).toEqual({
      logicalId: busLogicalId(s),
      attribute: 'Ref',
      suffix: '',
    });
  });

  test.each([
    [
      'carrier webhook secrets',
      'carrierWebhookSecret',
      'CarrierWebhookSecrets',
      CARRIER_SECRET_ARNS_ENV,
      (of: Synthesised) => Object.values(carrierSecretLogicalIds(of)),
    ],
    [
      'payment processor key',
      'paymentProcessor',
      'PaymentProcessorKey',
      PAYMENT_KEY_ARN_ENV,
      (of: Synthesised) => [paymentKeyLogicalId(of)],
    ],
    [
      'page cursor secret',
      'pageCursors',
      'CursorSecret',
      CURSOR_SECRET_ARN_ENV,
      (of: Synthesised) => [cursorSecretLogicalId(of)],
    ],
  ] as const)(
    'reads the %s only if it declares it, decrypting only through Secrets Manager',
    (_, flag, name, envVar, logicalIdsOf) => {
      const ids = logicalIdsOf(s).slice().sort();
      const secretsOf = (resources: Json) =>
        asArray<Json>(resources)
          .map((r) => resolveStatefulRef(r, s.stateful)?.logicalId)
          .sort();
      const touches = (resources: Json) => secretsOf(resources).some((id) => ids.includes(id as string));
      const reading = statements()
        .filter(usesService('secretsmanager'))
        .filter((st) => touches(st.Resource));
      const viaSecrets = statements()
        .filter((st) => viaService(st)?.startsWith('secretsmanager.'))
        .filter((st) => touches(st.Condition.StringEquals['kms:EncryptionContext:SecretARN']));
      if (!access[flag]) {
        expect(reading).toEqual([]);
        expect(viaSecrets).toEqual([]);
        expect(env()[envVar]).toBeUndefined();
        return;
      }
      // Secrets Manager resolves a secret's ARN (the Ref of AWS::SecretsManager::Secret); the carrier
      // secrets' variable is a JSON object of them.
      expect(
        statefulRefsIn(env()[envVar], s.stateful)
          .map((r) => `${r.logicalId}.${r.attribute}`)
          .sort(),
      ).toEqual(ids.map((id) => `${id}.Ref`));

      expect(reading).toHaveLength(1);
      const [read] = reading as [Statement];
      expect(read.Sid).toBe(`Read${name}`);
      expect(actionsOf(read)).toEqual(['secretsmanager:GetSecretValue']);
      expect(read.Condition).toBeUndefined();
      expect(secretsOf(read.Resource)).toEqual(ids);

      expect(viaSecrets).toHaveLength(1);
      const [decrypt] = viaSecrets as [Statement];
      expect(actionsOf(decrypt)).toEqual(['kms:Decrypt']);
      expect(resolveStatefulRef(decrypt.Resource, s.stateful)?.logicalId).toBe(keyLogicalId(s));
      expect(Object.keys(decrypt.Condition)).toEqual(['StringEquals']);
      expect(Object.keys(decrypt.Condition.StringEquals).sort()).toEqual([
        'kms:EncryptionContext:SecretARN',
        'kms:ViaService',
      ]);
      expect(decrypt.Condition.StringEquals['kms:ViaService']).toBe(`secretsmanager.${region()}.amazonaws.com`);
      expect(secretsOf(decrypt.Condition.StringEquals['kms:EncryptionContext:SecretARN'])).toEqual(ids);
    },
  );

  test('reads no secret it does not declare', () => {
    const declared = [
      ...(access.carrierWebhookSecret ? Object.values(carrierSecretLogicalIds(s)) : []),
      ...(access.paymentProcessor ? [paymentKeyLogicalId(s)] : []),
      ...(access.pageCursors ? [cursorSecretLogicalId(s)] : []),
    ];
    for (const st of statements().filter(usesService('secretsmanager'))) {
      for (const resource of asArray<Json>(st.Resource)) {
        expect(declared).toContain(resolveStatefulRef(resource, s.stateful)?.logicalId);
      }
    }
  });

  test('touches identity-provider users only if it declares it: erasure in the customer pool, roles in the staff pool', () => {
    const cognito = statements().filter(usesService('cognito-idp'));
    const expected = [
      ...(access.identityProvider
        ? [
            {
              Sid: 'DeleteIdentityProviderUsers',
              Effect: 'Allow',
              Action: ['cognito-idp:AdminDeleteUser', 'cognito-idp:AdminUserGlobalSignOut', 'cognito-idp:ListUsers'],
              Resource: arnOf(logicalIdOf(s.built.api.userPool)),
            },
          ]
        : []),
      ...(access.staffDirectory
        ? [
            {
              Sid: 'ReadStaffDirectory',
              Effect: 'Allow',
              Action: ['cognito-idp:AdminListGroupsForUser', 'cognito-idp:ListUsers'],
              Resource: arnOf(logicalIdOf(s.built.api.staffPool)),
            },
          ]
        : []),
    ];
    expect(cognito).toEqual(expected);
    const pool = (declared: unknown, id: string) => (declared ? { Ref: id } : undefined);
    expect(env()[USER_POOL_ENV]).toEqual(pool(access.identityProvider, logicalIdOf(s.built.api.userPool)));
    expect(env()[STAFF_POOL_ENV]).toEqual(pool(access.staffDirectory, logicalIdOf(s.built.api.staffPool)));
  });

  test('records the caller’s activity only on the profile’s activity attributes, returning nothing', () => {
    const activity = statements().filter((st) => st.Sid === 'RecordActivity');
    if (!access.activity || access.data === 'readwrite') {
      expect(activity).toEqual([]);
      return;
    }
    expect(activity).toHaveLength(1);
    expect(activity[0]).toMatchObject({
      Action: 'dynamodb:UpdateItem',
      Condition: {
        'ForAllValues:StringEquals': { 'dynamodb:Attributes': [...ACTIVITY_ATTRIBUTES] },
        StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
      },
    });
  });

  test('writes only to its own log group', () => {
    const fnId = functionId();
    const logGroupId = s.stateless.toJSON().Resources[fnId].Properties.LoggingConfig.LogGroup.Ref;
    const logs = statements().filter((st) => actionsOf(st).some((a) => a.startsWith('logs:')));
    expect(logs).toHaveLength(1);
    expect((logs[0] as Statement).Resource).toEqual({ 'Fn::GetAtt': [logGroupId, 'Arn'] });
  });
});

/**
 * Stated outright rather than derived from the declared access: what a read-only route and the
 * public webhook may never hold, whatever their declarations say (issue 18, "read-only routes get
 * read-only grants; the public webhook function gets only the writes it needs").
 */
describe('read-only routes and the public webhook, by their grants alone', () => {
  const tableActionsOf = (functionId: string) => {
    const out: Partial<Record<TableId, string[]>> = {};
    for (const st of statementsOfFunction(s.stateless, functionId)) {
      for (const resource of asArray<Json>(st.Resource)) {
        const table = tableOfResource(resource, s)?.table;
        if (table) out[table] = [...(out[table] ?? []), ...actionsOf(st).filter(isDynamo)];
      }
    }
    return out;
  };
  const subjectKeyActionsOf = (functionId: string) =>
    statementsOfFunction(s.stateless, functionId)
      .filter((st) => onKey(st, subjectKeyLogicalId(s)))
      .flatMap(actionsOf);
  const readOnlyRoutes = allRoutes.filter(([, r]) => r.method === 'GET');

  test('there are read-only routes that open subject keys, so the next test is not vacuous', () => {
    expect(readOnlyRoutes.length).toBeGreaterThan(10);
    expect(readOnlyRoutes.filter(([, r]) => r.access.subjectKeys).length).toBeGreaterThan(3);
  });

  test.each(readOnlyRoutes)(
    'GET route %s: no keys-table write, no GenerateDataKey, no data write beyond the caller’s activity',
    (_name, route) => {
      const fnId = functionForRouteKey(s.stateless, `${route.method} ${route.path}`);
      const granted = tableActionsOf(fnId);
      expect(granted.keys ?? []).toEqual(route.access.subjectKeys ? ['dynamodb:GetItem'] : []);
      const subjectKey = subjectKeyActionsOf(fnId);
      expect(subjectKey).not.toContain('kms:GenerateDataKey');
      expect(subjectKey).toEqual(route.access.subjectKeys ? ['kms:Decrypt'] : []);
      for (const write of ['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']) {
        expect({ table: 'data', write, granted: (granted.data ?? []).includes(write) }).toMatchObject({
          granted: false,
        });
      }
      // UpdateItem only through the activity statement, limited to the activity attributes.
      for (const st of statementsOfFunction(s.stateless, fnId)) {
        if (
          actionsOf(st).includes('dynamodb:UpdateItem') &&
          tableOfResource(asArray<Json>(st.Resource)[0], s)?.table === 'data'
        ) {
          expect(st.Sid).toBe('RecordActivity');
        }
      }
    },
  );

  test('the public carrier webhook: puts and updates data and appends audit records, nothing else', () => {
    const [, webhook] = allRoutes.find(([, r]) => r.auth === 'public' && r.access.carrierWebhookSecret) ?? [];
    if (!webhook) throw new Error('no carrier webhook route');
    const fnId = functionForRouteKey(s.stateless, `${webhook.method} ${webhook.path}`);
    const granted = tableActionsOf(fnId);
    expect(Object.keys(granted).sort()).toEqual(['audit', 'data']);
    expect([...new Set(granted.data)].sort()).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:ConditionCheckItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect([...new Set(granted.audit)].sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
    expect(subjectKeyActionsOf(fnId)).toEqual([]);
    const services = new Set(
      statementsOfFunction(s.stateless, fnId).flatMap((st) => actionsOf(st).map((a) => a.split(':')[0])),
    );
    // No events:PutEvents (its events go through the outbox), no Cognito, no SES.
    expect([...services].sort()).toEqual(['dynamodb', 'kms', 'logs', 'secretsmanager', 'xray']);
  });
});

describe('IAM across both stacks', () => {
  const everyStatement = () =>
    [...policyStatements(s.stateful), ...policyStatements(s.stateless)].map((p) => p.statement);

  test('the audit stores are append-only: no policy grants UpdateItem or batch writes on them, DeleteItem only the retention job', () => {
    const forbidden = ['dynamodb:UpdateItem', 'dynamodb:BatchWriteItem', 'dynamodb:*'];
    const deleters = new Set<string>();
    let grants = 0;
    for (const { roles, statement } of [...policyStatements(s.stateful), ...policyStatements(s.stateless)]) {
      const table = asArray<Json>(statement.Resource)
        .map((r) => tableOfResource(r, s)?.table)
        .find((t) => t === 'audit' || t === 'digests');
      if (!table) continue;
      grants += 1;
      expect(actionsOf(statement).filter((a) => forbidden.includes(a))).toEqual([]);
      if (actionsOf(statement).includes('dynamodb:DeleteItem')) {
        expect(table).toBe('audit');
        for (const role of roles) deleters.add(role);
      }
    }
    expect(grants).toBeGreaterThan(0);
    const retention = s.built.jobs.jobs['audit-retention'];
    if (!retention) throw new Error('the audit-retention job is not built');
    expect([...deleters]).toEqual([logicalIdOf(retention.handler.role)]);
  });

  test('only the audit-digest job may sign with the digest key', () => {
    const signers = new Set<string>();
    for (const { roles, statement } of [...policyStatements(s.stateful), ...policyStatements(s.stateless)]) {
      if (statement.Effect === 'Allow' && actionsOf(statement).includes('kms:Sign')) {
        for (const role of roles) signers.add(role);
      }
    }
    const digest = s.built.jobs.jobs['audit-digest'];
    if (!digest) throw new Error('the audit-digest job is not built');
    expect([...signers]).toEqual([logicalIdOf(digest.handler.role)]);
  });

  test('[P-14] no statement grants DynamoDB actions on Resource "*" or on wildcard ARNs', () => {
    for (const st of everyStatement()) {
      if (!actionsOf(st).some(isDynamo)) continue;
      for (const r of asArray<Json>(st.Resource)) expect(JSON.stringify(r)).not.toContain('*');
      expect(actionsOf(st).filter((a) => a.includes('*'))).toEqual([]);
    }
  });

  test('[P-14] no statement grants a wildcard action (events:*, secretsmanager:*, kms:*, ...)', () => {
    for (const st of everyStatement()) expect(actionsOf(st).filter((a) => a.includes('*'))).toEqual([]);
  });

  test('no route or job publishes to the bus: their events go through the outbox, which one stream function publishes', () => {
    // test/infra/outbox.test.ts holds the publisher's PutEvents; test/unit/function-wiring.test.ts that
    // no function declares a grant its handler does not use.
    expect(entryPoints.filter(([, access]) => access.events).map(([name]) => name)).toEqual([]);
  });

  test('the route and job tables exercise the secret and identity-provider grants both ways', () => {
    // Keeps the per-entry-point tests above from passing vacuously.
    for (const kind of ['carrierWebhookSecret', 'paymentProcessor', 'pageCursors', 'identityProvider'] as const) {
      expect(entryPoints.some(([, access]) => access[kind] !== undefined && access[kind] !== false)).toBe(true);
      expect(entryPoints.some(([, access]) => !access[kind])).toBe(true);
    }
  });

  test('only the privacy-requests job may shred subject keys or delete users', () => {
    const mayShredOrDelete = new Set<string>();
    for (const { roles, statement } of [...policyStatements(s.stateful), ...policyStatements(s.stateless)]) {
      if (statement.Effect !== 'Allow') continue;
      const actions = actionsOf(statement);
      const deletesUsers = actions.some((a) => /^cognito-idp:(AdminDeleteUser|\*)$/i.test(a) || a === '*');
      const shredsKeys =
        actions.some((a) => a === 'dynamodb:DeleteItem' || a === 'dynamodb:BatchWriteItem') &&
        asArray<Json>(statement.Resource).some((r) => tableOfResource(r, s)?.table === 'keys');
      if (deletesUsers || shredsKeys) for (const role of roles) mayShredOrDelete.add(role);
    }
    const job = s.built.jobs.jobs['privacy-requests'];
    if (!job) throw new Error('the privacy-requests job is not built');
    expect([...mayShredOrDelete]).toEqual([logicalIdOf(job.handler.role)]);
    // ...and that is because only it declares them, not because of how grants happen to be built.
    const declaring = entryPoints
      .filter(([, access]) => access.subjectKeys === 'use-and-shred' || access.identityProvider !== undefined)
      .map(([name]) => name);
    expect(declaring).toEqual(['job privacy-requests']);
  });

  test('the only Resource "*" statements are the X-Ray trace writes', () => {
    for (const st of everyStatement()) {
      if (asArray(st.Resource).includes('*')) {
        expect(actionsOf(st).sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
      }
    }
  });

  test('no role has an AWS managed policy attached', () => {
    for (const template of [s.stateful, s.stateless]) {
      for (const role of Object.values(template.findResources('AWS::IAM::Role')) as Json[]) {
        expect(role.Properties.ManagedPolicyArns ?? []).toEqual([]);
      }
      expect(JSON.stringify(template.toJSON())).not.toMatch(/:iam::aws:policy\//);
    }
  });
});

const MAIL = {
  fromAddress: 'no-reply@shop.example.com',
  fromName: 'Customer service',
  accountUrl: 'https://shop.example.com/account',
};

/**
 * Each access kind on its own, on a bare function in a throwaway stateful stack: no bundling, and
 * independent of which routes happen to declare what in functions/routes.ts.
 */
describe('grantFunctionAccess, one access kind at a time', () => {
  function grantedFor(
    access: FunctionAccess,
    options: { userPool?: boolean; mail?: boolean } = { userPool: true },
    exposure: Exposure = 'authenticated',
  ) {
    const stack = new StatefulStack(new App(), 'Isolated', {
      env: SYNTH_ONLY_ENV,
      stage: 'test',
      settings: STAGES.dev,
      subjectKeyUsers: [],
      auditRoles: { digestSigners: [], digestWriters: [], auditExpirers: [] },
    });
    const userPool = options.userPool ? new UserPool(stack, 'Pool') : undefined;
    const role = new Role(stack, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    const fn = new LambdaFunction(stack, 'Fn', {
      runtime: Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: Code.fromInline('exports.handler = async () => {};'),
      role,
    });
    const {
      key,
      subjectKey,
      auditSigningKey,
      tables: built,
      bus,
      carrierWebhookSecrets,
      paymentProcessorKey,
      cursorSecret,
    } = stack;
    grantFunctionAccess(
      { function: fn, role },
      access,
      {
        key,
        subjectKey,
        auditSigningKey,
        tables: built,
        bus,
        carrierWebhookSecrets,
        paymentProcessorKey,
        cursorSecret,
        userPool,
        ...(options.mail && { mail: MAIL }),
      },
      { exposure },
    );
    const template = Template.fromStack(stack);
    const fnProps = template.toJSON().Resources[stack.getLogicalId(fn.node.defaultChild as never)].Properties;
    return {
      statements: policyStatements(template).map((p) => p.statement),
      env: (fnProps.Environment?.Variables ?? {}) as Record<string, Json>,
      ref: (construct: { node: { defaultChild?: unknown } }) =>
        stack.getLogicalId(construct.node.defaultChild as never),
      stack,
      userPool,
    };
  }

  test('no access: no statements and no environment', () => {
    const { statements, env } = grantedFor({});
    expect(statements).toEqual([]);
    expect(env).toEqual({});
  });

  test('events alone: PutEvents on the bus with our source only, and EVENT_BUS_NAME, nothing else', () => {
    const { statements, env, ref, stack } = grantedFor({ events: true });
    expect(statements).toEqual([
      {
        Sid: 'PublishDomainEvents',
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Resource: { 'Fn::GetAtt': [ref(stack.bus), 'Arn'] },
        Condition: { StringEquals: { 'events:source': EVENT_SOURCE } },
      },
    ]);
    expect(env).toEqual({ [EVENT_BUS_ENV]: { Ref: ref(stack.bus) } });
  });

  test('the carrier webhook secrets alone: GetSecretValue on each, Decrypt via Secrets Manager, their ARNs by carrier in the environment', () => {
    const { statements, env, ref, stack } = grantedFor({ carrierWebhookSecret: true });
    const secrets = Object.values(stack.carrierWebhookSecrets).map((secret) => ({ Ref: ref(secret) }));
    expect(statements).toEqual([
      {
        Sid: 'ReadCarrierWebhookSecrets',
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: secrets,
      },
      {
        Sid: 'CarrierWebhookSecretsKeyViaSecretsManager',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: { 'Fn::GetAtt': [ref(stack.key), 'Arn'] },
        Condition: {
          StringEquals: {
            'kms:ViaService': `secretsmanager.${SYNTH_ONLY_ENV.region}.amazonaws.com`,
            'kms:EncryptionContext:SecretARN': secrets,
          },
        },
      },
    ]);
    expect(Object.keys(env)).toEqual([CARRIER_SECRET_ARNS_ENV]);
    const joined = JSON.stringify(env[CARRIER_SECRET_ARNS_ENV]);
    for (const [carrier, secret] of Object.entries(stack.carrierWebhookSecrets)) {
      expect(joined).toContain(`\\"${carrier}\\":\\"`);
      expect(joined).toContain(JSON.stringify({ Ref: ref(secret) }));
    }
  });

  test('the payment processor alone: GetSecretValue on its key, Decrypt via Secrets Manager, its ARN in the environment', () => {
    const { statements, env, ref, stack } = grantedFor({ paymentProcessor: true });
    const secret = { Ref: ref(stack.paymentProcessorKey) };
    expect(statements).toEqual([
      { Sid: 'ReadPaymentProcessorKey', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secret },
      {
        Sid: 'PaymentProcessorKeyKeyViaSecretsManager',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: { 'Fn::GetAtt': [ref(stack.key), 'Arn'] },
        Condition: {
          StringEquals: {
            'kms:ViaService': `secretsmanager.${SYNTH_ONLY_ENV.region}.amazonaws.com`,
            'kms:EncryptionContext:SecretARN': secret,
          },
        },
      },
    ]);
    expect(env).toEqual({ [PAYMENT_KEY_ARN_ENV]: secret });
  });

  test('the page cursor secret alone: GetSecretValue on it, Decrypt via Secrets Manager, its ARN in the environment', () => {
    const { statements, env, ref, stack } = grantedFor({ pageCursors: true });
    const secret = { Ref: ref(stack.cursorSecret) };
    expect(statements).toEqual([
      { Sid: 'ReadCursorSecret', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secret },
      {
        Sid: 'CursorSecretKeyViaSecretsManager',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: { 'Fn::GetAtt': [ref(stack.key), 'Arn'] },
        Condition: {
          StringEquals: {
            'kms:ViaService': `secretsmanager.${SYNTH_ONLY_ENV.region}.amazonaws.com`,
            'kms:EncryptionContext:SecretARN': secret,
          },
        },
      },
    ]);
    expect(env).toEqual({ [CURSOR_SECRET_ARN_ENV]: secret });
  });

  test('identity provider alone: find, sign out and delete users in the user pool only, and USER_POOL_ID, nothing else', () => {
    const { statements, env, ref, userPool } = grantedFor({ identityProvider: 'delete-users' });
    const pool = ref(userPool as UserPool);
    expect(statements).toEqual([
      {
        Sid: 'DeleteIdentityProviderUsers',
        Effect: 'Allow',
        Action: ['cognito-idp:ListUsers', 'cognito-idp:AdminUserGlobalSignOut', 'cognito-idp:AdminDeleteUser'],
        Resource: { 'Fn::GetAtt': [pool, 'Arn'] },
      },
    ]);
    expect(env).toEqual({ [USER_POOL_ENV]: { Ref: pool } });
  });

  test('activity alone: UpdateItem of the activity attributes on the data table, its name, the table key via DynamoDB', () => {
    const { statements, env, ref, stack } = grantedFor({ activity: 'record' });
    const table = ref(stack.tables.data);
    expect(statements.find((st) => st.Sid === 'RecordActivity')).toEqual({
      Sid: 'RecordActivity',
      Effect: 'Allow',
      Action: 'dynamodb:UpdateItem',
      Resource: { 'Fn::GetAtt': [table, 'Arn'] },
      Condition: {
        'ForAllValues:StringEquals': { 'dynamodb:Attributes': [...ACTIVITY_ATTRIBUTES] },
        StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
      },
    });
    expect(statements.map((st) => st.Sid).sort()).toEqual(['RecordActivity', 'TableKeyViaDynamoDB']);
    expect(env).toEqual({ [tables.data.envVar]: { Ref: table } });
  });

  test('mail alone: SendEmail from the one identity with its address as sender, the sender and link base in the environment', () => {
    const { statements, env } = grantedFor({ mail: 'send' }, { mail: true });
    expect(statements).toEqual([
      {
        Sid: 'SendMailToSubjects',
        Effect: 'Allow',
        Action: 'ses:SendEmail',
        Resource: [
          `arn:aws:ses:${SYNTH_ONLY_ENV.region}:${SYNTH_ONLY_ENV.account}:identity/no-reply@shop.example.com`,
          `arn:aws:ses:${SYNTH_ONLY_ENV.region}:${SYNTH_ONLY_ENV.account}:identity/shop.example.com`,
        ],
        Condition: { StringEquals: { 'ses:FromAddress': 'no-reply@shop.example.com' } },
      },
    ]);
    expect(env).toEqual({
      MAIL_FROM_ADDRESS: 'Customer service <no-reply@shop.example.com>',
      ACCOUNT_URL: 'https://shop.example.com/account',
    });
    // A stage without a mail identity: nothing to send from, so no grant and no sender.
    expect(grantedFor({ mail: 'send' }, { mail: false })).toMatchObject({ statements: [], env: {} });
  });

  test('identity-provider access without a user pool to grant it on fails synthesis', () => {
    expect(() => grantedFor({ identityProvider: 'delete-users' }, { userPool: false })).toThrow(/user pool/);
  });

  test('table access alone grants neither events, the secrets nor the identity provider', () => {
    const { statements, env } = grantedFor({ data: 'readwrite', subjectKeys: 'use', audit: 'append' });
    expect(statements.filter((st) => usesService('events')(st) || usesService('secretsmanager')(st))).toEqual([]);
    expect(statements.filter((st) => viaService(st)?.startsWith('secretsmanager.'))).toEqual([]);
    expect(statements.filter(usesService('cognito-idp'))).toEqual([]);
    expect(env[EVENT_BUS_ENV]).toBeUndefined();
    expect(env[CARRIER_SECRET_ARNS_ENV]).toBeUndefined();
    expect(env[PAYMENT_KEY_ARN_ENV]).toBeUndefined();
    expect(env[USER_POOL_ENV]).toBeUndefined();
  });
});
