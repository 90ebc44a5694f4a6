import { type FunctionAccess, type RouteDefinition, routes } from '../../functions/routes';
import { KMS_KEY_ENV, type TableId, tables } from '../../shared/config/resources';
import {
  asArray,
  cleanUp,
  functionForRouteKey,
  type Json,
  keyLogicalId,
  policyStatements,
  resolveStatefulRef,
  type Statement,
  type Synthesised,
  statementsOfFunction,
  synthesise,
  tableOfResource,
} from './support';

let s: Synthesised;
beforeAll(() => {
  s = synthesise();
});
afterAll(() => cleanUp(s));

const allRoutes = Object.entries(routes as Record<string, RouteDefinition>);
const tableIds = Object.keys(tables) as TableId[];
const actionsOf = (st: Statement) => asArray(st.Action);
const isDynamo = (a: string) => a.startsWith('dynamodb:');

/** The specification the grants must meet, restated here independently of infra/constructs/grants.ts. */
function expectedTableActions(access: FunctionAccess): Partial<Record<TableId, string[]>> {
  const read = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem'];
  const out: Partial<Record<TableId, string[]>> = {};
  if (access.data === 'read') out.data = read;
  if (access.data === 'readwrite')
    out.data = [...read, 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
  if (access.subjectKeys) {
    out.keys = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:ConditionCheckItem'];
    if (access.subjectKeys === 'use-and-shred') out.keys.push('dynamodb:DeleteItem');
  }
  if (access.audit === 'append') out.audit = ['dynamodb:GetItem', 'dynamodb:PutItem'];
  if (access.audit === 'read') out.audit = ['dynamodb:GetItem', 'dynamodb:Query'];
  if (access.audit === 'append-and-read') out.audit = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'];
  if (access.idempotency) {
    out.idempotency = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
  }
  return out;
}

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

describe.each(allRoutes)('route %s', (_name, route) => {
  const routeKey = `${route.method} ${route.path}`;
  const statements = () => statementsOfFunction(s.stateless, functionForRouteKey(s.stateless, routeKey));
  const env = (): Record<string, Json> =>
    s.stateless.toJSON().Resources[functionForRouteKey(s.stateless, routeKey)].Properties.Environment.Variables;

  test('gets exactly the DynamoDB actions its declared access needs, table by table', () => {
    const expected = expectedTableActions(route.access);
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
    const expected = expectedTableActions(route.access);
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

  test('uses the key directly only for subject data keys bound to a subjectId encryption context', () => {
    const direct = statements().filter(
      (st) => actionsOf(st).some((a) => a.startsWith('kms:')) && !st.Condition?.StringEquals?.['kms:ViaService'],
    );
    if (!route.access.subjectKeys) {
      expect(direct).toEqual([]);
      expect(env()[KMS_KEY_ENV]).toBeUndefined();
      return;
    }
    expect(direct).toHaveLength(1);
    const [st] = direct as [Statement];
    expect(actionsOf(st).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(st.Condition).toEqual({ 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': ['subjectId'] } });
    expect(resolveStatefulRef(st.Resource, s.stateful)?.logicalId).toBe(keyLogicalId(s));
    expect(resolveStatefulRef(env()[KMS_KEY_ENV], s.stateful)?.logicalId).toBe(keyLogicalId(s));
  });

  test('may use the table key only through DynamoDB in its own region', () => {
    const viaDynamo = statements().filter((st) => st.Condition?.StringEquals?.['kms:ViaService']);
    const touchesTables = Object.keys(expectedTableActions(route.access)).length > 0;
    expect(viaDynamo).toHaveLength(touchesTables ? 1 : 0);
    for (const st of viaDynamo) {
      expect(st.Condition).toEqual({
        StringEquals: { 'kms:ViaService': `dynamodb.${s.built.stateless.region}.amazonaws.com` },
      });
      expect(resolveStatefulRef(st.Resource, s.stateful)?.logicalId).toBe(keyLogicalId(s));
      expect(actionsOf(st)).toContain('kms:Decrypt');
    }
  });

  test('writes only to its own log group', () => {
    const fnId = functionForRouteKey(s.stateless, routeKey);
    const logGroupId = s.stateless.toJSON().Resources[fnId].Properties.LoggingConfig.LogGroup.Ref;
    const logs = statements().filter((st) => actionsOf(st).some((a) => a.startsWith('logs:')));
    expect(logs).toHaveLength(1);
    expect((logs[0] as Statement).Resource).toEqual({ 'Fn::GetAtt': [logGroupId, 'Arn'] });
  });
});

describe('IAM across both stacks', () => {
  const everyStatement = () =>
    [...policyStatements(s.stateful), ...policyStatements(s.stateless)].map((p) => p.statement);

  test('the audit table is append-only: no policy grants UpdateItem, DeleteItem or batch writes on it', () => {
    const forbidden = ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:*'];
    let auditGrants = 0;
    for (const st of everyStatement()) {
      const onAudit = asArray<Json>(st.Resource).some((r) => tableOfResource(r, s)?.table === 'audit');
      if (!onAudit) continue;
      auditGrants += 1;
      expect(actionsOf(st).filter((a) => forbidden.includes(a))).toEqual([]);
    }
    expect(auditGrants).toBeGreaterThan(0);
  });

  test('no statement grants DynamoDB actions on Resource "*" or on wildcard ARNs', () => {
    for (const st of everyStatement()) {
      if (!actionsOf(st).some(isDynamo)) continue;
      for (const r of asArray<Json>(st.Resource)) expect(JSON.stringify(r)).not.toContain('*');
      expect(actionsOf(st).filter((a) => a.includes('*'))).toEqual([]);
    }
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
