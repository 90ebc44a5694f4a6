import { Match } from 'aws-cdk-lib/assertions';
import { type TableDeclaration, type TableId, TTL_ATTRIBUTE, tables } from '../../shared/config/resources';
import { cleanUp, type Json, keyLogicalId, type Synthesised, synthesise, tableLogicalIds } from './support';

let s: Synthesised;
beforeAll(() => {
  s = synthesise();
});
afterAll(() => cleanUp(s));

const declarations = Object.values(tables) as TableDeclaration[];
const tableResource = (id: TableId): Json => s.stateful.toJSON().Resources[tableLogicalIds(s)[id]];

describe('stateful stack', () => {
  test('creates exactly one table per declaration in shared/config/resources.ts', () => {
    s.stateful.resourceCountIs('AWS::DynamoDB::GlobalTable', declarations.length);
  });

  test.each(declarations.map((d) => [d.id, d] as const))('the %s table has the declared keys and indexes', (id, d) => {
    const props = tableResource(id).Properties;
    const keySchema = (pk: { name: string }, sk?: { name: string }) => [
      { AttributeName: pk.name, KeyType: 'HASH' },
      ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' }] : []),
    ];
    expect(props.KeySchema).toEqual(keySchema(d.partitionKey, d.sortKey));
    expect(props.GlobalSecondaryIndexes ?? []).toEqual(
      d.globalSecondaryIndexes.map((i) => ({
        IndexName: i.indexName,
        KeySchema: keySchema(i.partitionKey, i.sortKey),
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    expect(props.BillingMode).toBe('PAY_PER_REQUEST');
  });

  test('every table is encrypted with the customer-managed key', () => {
    for (const d of declarations) {
      const props = tableResource(d.id).Properties;
      expect(props.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
      for (const replica of props.Replicas as Json[]) {
        expect(replica.SSESpecification).toEqual({ KMSMasterKeyId: { 'Fn::GetAtt': [keyLogicalId(s), 'Arn'] } });
      }
    }
  });

  test(`every table expires items by the ${TTL_ATTRIBUTE} attribute`, () => {
    for (const d of declarations) {
      expect(tableResource(d.id).Properties.TimeToLiveSpecification).toEqual({
        AttributeName: TTL_ATTRIBUTE,
        Enabled: true,
      });
    }
  });

  test('point-in-time recovery follows each declaration (off for keys, so shredded keys stay gone)', () => {
    expect(tables.keys.pointInTimeRecovery).toBe(false);
    for (const d of declarations) {
      for (const replica of tableResource(d.id).Properties.Replicas as Json[]) {
        expect(replica.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: d.pointInTimeRecovery });
      }
    }
  });

  test('every table is deletion-protected and retained if the stack goes away', () => {
    for (const d of declarations) {
      const resource = tableResource(d.id);
      expect(resource.DeletionPolicy).toBe('Retain');
      expect(resource.UpdateReplacePolicy).toBe('Retain');
      for (const replica of resource.Properties.Replicas as Json[])
        expect(replica.DeletionProtectionEnabled).toBe(true);
    }
  });

  test('the customer-managed key rotates automatically, has an alias and is retained', () => {
    s.stateful.resourceCountIs('AWS::KMS::Key', 1);
    s.stateful.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true },
      DeletionPolicy: 'Retain',
    });
    s.stateful.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: Match.stringLikeRegexp('^alias/orders-'),
      TargetKeyId: { 'Fn::GetAtt': [keyLogicalId(s), 'Arn'] },
    });
  });

  test('the region is concrete, as a customer-managed key on TableV2 requires', () => {
    expect(s.built.stateful.region).toMatch(/^[a-z]{2}-[a-z]+-\d$/);
    for (const d of declarations) {
      for (const replica of tableResource(d.id).Properties.Replicas as Json[]) {
        expect(replica.Region).toBe(s.built.stateful.region);
      }
    }
  });

  test('an event bus named for the stage exists', () => {
    s.stateful.hasResourceProperties('AWS::Events::EventBus', { Name: Match.stringLikeRegexp('^orders-') });
  });
});
