import { Match } from 'aws-cdk-lib/assertions';
import { BACKED_UP_TABLES } from '../../infra/stacks/stateful-stack';
import { STAGES } from '../../infra/stages';
import { CARRIER_IDS } from '../../shared/config/carriers';
import { type TableDeclaration, type TableId, TTL_ATTRIBUTE, tables } from '../../shared/config/resources';
import {
  carrierSecretLogicalIds,
  cleanUp,
  cursorSecretLogicalId,
  type Json,
  keyLogicalId,
  PROD_CONTEXT,
  paymentKeyLogicalId,
  type Synthesised,
  subjectKeyLogicalId,
  synthesise,
  tableLogicalIds,
} from './support';

let s: Synthesised;
let prod: Synthesised;
beforeAll(() => {
  // The stateful stack has no bundles; skipping the function stacks' esbuild runs saves most of the time.
  s = synthesise({ bundle: false });
  prod = synthesise({ bundle: false, appProps: { context: PROD_CONTEXT } });
});
afterAll(() => {
  cleanUp(s);
  cleanUp(prod);
});

const declarations = Object.values(tables) as TableDeclaration[];
const digestKeyLogicalId = (of: Synthesised): string =>
  of.built.stateful.getLogicalId(of.built.stateful.auditSigningKey.node.defaultChild as never);
const tableResource = (id: TableId, of: Synthesised = s): Json =>
  of.stateful.toJSON().Resources[tableLogicalIds(of)[id]];

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

  test('[P-11] every table is encrypted with the customer-managed key', () => {
    for (const d of declarations) {
      const props = tableResource(d.id).Properties;
      expect(props.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
      for (const replica of props.Replicas as Json[]) {
        expect(replica.SSESpecification).toEqual({ KMSMasterKeyId: { 'Fn::GetAtt': [keyLogicalId(s), 'Arn'] } });
      }
    }
  });

  test(`[P-43] every table but audit expires items by the ${TTL_ATTRIBUTE} attribute`, () => {
    for (const d of declarations) {
      const ttl = tableResource(d.id).Properties.TimeToLiveSpecification;
      if (d.id === 'audit') expect(ttl).toBeUndefined();
      else expect(ttl).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
    }
    // Whoever writes an item chooses its expiry: on the audit table a TTL would let any writer delete a record.
    expect(tables.audit.timeToLive).toBe(false);
  });

  test('point-in-time recovery follows each declaration (off for keys, so shredded keys stay gone)', () => {
    expect(tables.keys.pointInTimeRecovery).toBe(false);
    for (const d of declarations) {
      for (const replica of tableResource(d.id).Properties.Replicas as Json[]) {
        expect(replica.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: d.pointInTimeRecovery });
      }
    }
  });

  test('prod: every table is deletion-protected and retained if the stack goes away', () => {
    for (const d of declarations) {
      const resource = tableResource(d.id, prod);
      expect(resource.DeletionPolicy).toBe('Retain');
      expect(resource.UpdateReplacePolicy).toBe('Retain');
      for (const replica of resource.Properties.Replicas as Json[])
        expect(replica.DeletionProtectionEnabled).toBe(true);
    }
  });

  test('dev: a stage that can be torn down (tables, keys and secret deleted with the stack)', () => {
    for (const d of declarations) {
      const resource = tableResource(d.id);
      expect(resource.DeletionPolicy).toBe('Delete');
      for (const replica of resource.Properties.Replicas as Json[])
        expect(replica.DeletionProtectionEnabled).toBe(false);
    }
    for (const key of Object.values(s.stateful.findResources('AWS::KMS::Key')) as Json[]) {
      expect(key.DeletionPolicy).toBe('Delete');
    }
    expect((Object.values(s.stateful.findResources('AWS::SecretsManager::Secret'))[0] as Json).DeletionPolicy).toBe(
      'Delete',
    );
  });

  test('four keys (tables, subject keys, alert topics, audit digests); the symmetric ones rotate; prod retains the data keys', () => {
    for (const synth of [s, prod]) {
      synth.stateful.resourceCountIs('AWS::KMS::Key', 4);
      for (const key of Object.values(synth.stateful.findResources('AWS::KMS::Key')) as Json[]) {
        // KMS rotates no asymmetric key.
        if (key.Properties.KeySpec === 'ECC_NIST_P256') expect(key.Properties.EnableKeyRotation).toBeUndefined();
        else expect(key.Properties.EnableKeyRotation).toBe(true);
      }
    }
    const resources = prod.stateful.toJSON().Resources;
    expect(resources[keyLogicalId(prod)].DeletionPolicy).toBe('Retain');
    expect(resources[subjectKeyLogicalId(prod)].DeletionPolicy).toBe('Retain');
    expect(resources[digestKeyLogicalId(prod)].DeletionPolicy).toBe('Retain');
    const aliases = Object.values(prod.stateful.findResources('AWS::KMS::Alias')).map((a) => (a as Json).Properties);
    expect(aliases.map((a) => a.AliasName).sort()).toEqual([
      'alias/orders-prod-alerts',
      'alias/orders-prod-audit-digests',
      'alias/orders-prod-data',
      'alias/orders-prod-subject-keys',
    ]);
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

  test('one secret per carrier and the processor key: generated, encrypted with the table key, retained in prod', () => {
    const secrets = prod.stateful.findResources('AWS::SecretsManager::Secret') as Record<string, Json>;
    // The other secret seals page cursors (below).
    const retained = [...Object.values(carrierSecretLogicalIds(prod)), paymentKeyLogicalId(prod)].sort();
    expect(Object.keys(secrets).sort()).toEqual([...retained, cursorSecretLogicalId(prod)].sort());
    expect(Object.keys(carrierSecretLogicalIds(prod)).sort()).toEqual(CARRIER_IDS.slice().sort());
    for (const id of retained) {
      const secret = secrets[id] as Json;
      expect(secret.DeletionPolicy).toBe('Retain');
      expect(secret.UpdateReplacePolicy).toBe('Retain');
      expect(secret.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyLogicalId(prod), 'Arn'] });
      // Generated by Secrets Manager, never in the template; a plain string, since the handler uses
      // SecretString verbatim as the HMAC key (the processor key is a placeholder until put by hand).
      expect(secret.Properties.SecretString).toBeUndefined();
      expect(secret.Properties.GenerateSecretString.SecretStringTemplate).toBeUndefined();
      expect(secret.Properties.GenerateSecretString.PasswordLength).toBeGreaterThanOrEqual(32);
    }
  });

  test('the page cursor secret is generated and encrypted with the table key, and may go with the stack', () => {
    const secret = prod.stateful.findResources('AWS::SecretsManager::Secret')[cursorSecretLogicalId(prod)] as Json;
    expect(secret.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyLogicalId(prod), 'Arn'] });
    expect(secret.Properties.SecretString).toBeUndefined();
    expect(secret.Properties.GenerateSecretString.PasswordLength).toBeGreaterThanOrEqual(32);
    // Losing it only ends the cursors in flight.
    expect(secret.DeletionPolicy).toBe('Delete');
  });

  test('the carrier webhook secret has no automatic rotation (carriers receive a new value out of band)', () => {
    s.stateful.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
  });
});

describe('backups (AWS Backup)', () => {
  const plan = (of: Synthesised) => Object.values(of.stateful.findResources('AWS::Backup::BackupPlan')) as Json[];
  const selections = (of: Synthesised) =>
    Object.values(of.stateful.findResources('AWS::Backup::BackupSelection')) as Json[];

  test('[P-23] prod backs up the data, audit and digest tables daily, kept for the stage retention, in a vault on the table key', () => {
    expect(BACKED_UP_TABLES).toEqual(['data', 'audit', 'digests']);
    const [p] = plan(prod);
    const [rule] = p.Properties.BackupPlan.BackupPlanRule;
    expect(rule.ScheduleExpression).toMatch(/^cron\(/);
    expect(rule.Lifecycle.DeleteAfterDays).toBe(STAGES.prod.backupRetentionDays);
    const [vault] = Object.values(prod.stateful.findResources('AWS::Backup::BackupVault')) as Json[];
    expect(vault.Properties.EncryptionKeyArn).toEqual({ 'Fn::GetAtt': [keyLogicalId(prod), 'Arn'] });
    const [selection] = selections(prod);
    const ids = tableLogicalIds(prod);
    expect(selection.Properties.BackupSelection.Resources).toEqual([
      { 'Fn::GetAtt': [ids.data, 'Arn'] },
      { 'Fn::GetAtt': [ids.audit, 'Arn'] },
      { 'Fn::GetAtt': [ids.digests, 'Arn'] },
    ]);
  });

  test('[P-23] the keys table is never in a backup selection: a backed-up key would undo crypto-shredding', () => {
    const ids = tableLogicalIds(prod);
    for (const selection of selections(prod)) {
      expect(JSON.stringify(selection)).not.toContain(ids.keys);
      expect(JSON.stringify(selection.Properties.BackupSelection)).not.toMatch(/"\*"|ListOfTags|Conditions/);
    }
    expect(tables.keys.pointInTimeRecovery).toBe(false);
  });

  test('dev keeps no backups (its data is disposable)', () => {
    expect(STAGES.dev.backupRetentionDays).toBe(0);
    expect(plan(s)).toEqual([]);
  });
});

describe('the audit stores (docs/decisions/0030–0032)', () => {
  // Prod names a concrete account: the roles' ARNs are plain strings.
  const role = (name: string) => `arn:aws:iam::${prod.built.stateful.account}:role/${name}`;
  const policyOf = (id: TableId, of: Synthesised = prod) =>
    (tableResource(id, of).Properties.Replicas as Json[])[0]?.ResourcePolicy?.PolicyDocument;
  const statement = (policy: Json, sid: string) => (policy.Statement as Json[]).find((st) => st.Sid === sid);

  test('the audit table’s own policy denies every principal updates and batch writes, and deletes to all but the retention job', () => {
    const policy = policyOf('audit');
    expect(statement(policy, 'NeverChanged')).toMatchObject({
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: expect.arrayContaining(['dynamodb:UpdateItem', 'dynamodb:BatchWriteItem', 'dynamodb:PartiQLUpdate']),
    });
    expect(statement(policy, 'OnlyNamedRoles')).toMatchObject({
      Effect: 'Deny',
      Action: 'dynamodb:DeleteItem',
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': [role('orders-prod-job-audit-retention')] } },
    });
  });

  test('the digest table’s own policy denies every principal updates and deletes, and puts to all but the digest and verify jobs', () => {
    const policy = policyOf('digests');
    expect(statement(policy, 'NeverChanged')?.Action).toEqual(
      expect.arrayContaining(['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']),
    );
    expect(statement(policy, 'OnlyNamedRoles')).toMatchObject({
      Effect: 'Deny',
      Action: 'dynamodb:PutItem',
      Condition: {
        ArnNotEquals: {
          'aws:PrincipalArn': [role('orders-prod-job-audit-digest'), role('orders-prod-job-audit-verify')],
        },
      },
    });
    expect(policyOf('data')).toBeUndefined();
  });

  test('the digest key is ECC_NIST_P256 for signing; only the digest job may sign, with ECDSA_SHA_256, and nobody else', () => {
    const key = prod.stateful.toJSON().Resources[digestKeyLogicalId(prod)];
    expect(key.Properties).toMatchObject({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    const statements = key.Properties.KeyPolicy.Statement as Json[];
    const signing = statements.filter((st) => [st.Action].flat().includes('kms:Sign'));
    expect(signing).toEqual([
      expect.objectContaining({
        Sid: 'SignDigests',
        Condition: {
          ArnEquals: { 'aws:PrincipalArn': [role('orders-prod-job-audit-digest')] },
          StringEquals: { 'kms:SigningAlgorithm': 'ECDSA_SHA_256' },
        },
      }),
    ]);
    // Administrators manage the key but cannot sign; no `kms:*`, no grants.
    for (const st of statements) expect([st.Action].flat()).not.toContain('kms:*');
    expect(JSON.stringify(statements)).not.toContain('kms:CreateGrant');
  });
});
