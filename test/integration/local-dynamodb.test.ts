// DynamoDB Local as the local runtime uses it: tables from the declarations, SDK endpoint variables, clear startup errors.
import { createServer, type Server } from 'node:net';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  checkJava,
  freePort,
  JavaMissingError,
  PortBusyError,
  startDynamoDbLocal,
} from '../../local/dynamodb/launcher';
import { createTableInput, createTables, localTableNames } from '../../local/dynamodb/tables';
import { type TableId, TTL_ATTRIBUTE, tables } from '../../shared/config/resources';
import { createTestTables, testDynamoDbClient, testEndpoints, testEnvironment } from '../support/local-stack';
import { limit } from '../support/timeouts';

const ids = Object.keys(tables) as TableId[];

describe('tables from shared/config/resources.ts', () => {
  const client = testDynamoDbClient();
  afterAll(() => client.destroy());

  it('creates every declared table with its keys, GSIs (ALL projection) and on-demand billing', async () => {
    const names = await createTestTables();
    for (const id of ids) {
      const declared = tables[id];
      const { Table } = await client.send(new DescribeTableCommand({ TableName: names[id] }));
      expect(Table?.TableStatus).toBe('ACTIVE');
      expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
      expect(Table?.KeySchema).toEqual([
        { AttributeName: declared.partitionKey.name, KeyType: 'HASH' },
        ...('sortKey' in declared ? [{ AttributeName: declared.sortKey.name, KeyType: 'RANGE' }] : []),
      ]);
      const indexes = (Table?.GlobalSecondaryIndexes ?? []).map((gsi) => ({
        name: gsi.IndexName,
        keys: gsi.KeySchema?.map((k) => `${k.KeyType}:${k.AttributeName}`),
        projection: gsi.Projection?.ProjectionType,
      }));
      expect(indexes.sort((a, b) => String(a.name).localeCompare(String(b.name)))).toEqual(
        declared.globalSecondaryIndexes
          .map((gsi) => ({
            name: gsi.indexName,
            keys: [`HASH:${gsi.partitionKey.name}`, ...('sortKey' in gsi ? [`RANGE:${gsi.sortKey.name}`] : [])],
            projection: 'ALL',
          }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      );
    }
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: names.data }));
    expect(ttl.TimeToLiveDescription?.AttributeName ?? TTL_ATTRIBUTE).toBe(TTL_ATTRIBUTE);
    // Not on the audit table: a writer would choose when a record disappears.
    const audit = await client.send(new DescribeTimeToLiveCommand({ TableName: names.audit }));
    expect(audit.TimeToLiveDescription?.TimeToLiveStatus ?? 'DISABLED').toBe('DISABLED');
  });

  it('is idempotent', async () => {
    const names = localTableNames(`idem-${process.pid}`);
    expect((await createTables(client, names)).sort()).toEqual(Object.values(names).sort());
    expect(await createTables(client, names)).toEqual([]);
  });

  it(
    'adds an index declared after a persisted table was created, as a deployment would',
    async () => {
      // On a DynamoDB Local of its own: the run's shared one, busy with every other file's writes, has
      // taken over two minutes to build an index that an idle one builds in seconds.
      const own = await startDynamoDbLocal({ port: await freePort() });
      const isolated = new DynamoDBClient({
        endpoint: own.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      try {
        const names = localTableNames(`older-${process.pid}`);
        const older = { ...tables.data, globalSecondaryIndexes: tables.data.globalSecondaryIndexes.slice(0, 1) };
        await isolated.send(new CreateTableCommand(createTableInput(older, names.data)));
        await createTables(isolated, names);
        const { Table } = await isolated.send(new DescribeTableCommand({ TableName: names.data }));
        expect((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName).sort()).toEqual(
          tables.data.globalSecondaryIndexes.map((i) => i.indexName).sort(),
        );
      } finally {
        isolated.destroy();
        await own.stop();
      }
    },
    limit(240_000),
  );

  it('names local tables <prefix>-<id>', () => {
    expect(localTableNames()).toEqual({
      data: 'local-data',
      keys: 'local-keys',
      audit: 'local-audit',
      idempotency: 'local-idempotency',
      digests: 'local-digests',
    });
  });
});

describe('environment for handlers', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('points SDK clients created without an endpoint at the local services', async () => {
    const names = await createTestTables();
    const env = testEnvironment(names);
    expect(env).toMatchObject({
      TABLE_DATA: names.data,
      TABLE_KEYS: names.keys,
      TABLE_AUDIT: names.audit,
      TABLE_IDEMPOTENCY: names.idempotency,
      KMS_KEY_ID: testEndpoints().kmsKeyId,
      AWS_REGION: 'us-east-1',
    });
    Object.assign(process.env, env);

    const dynamodb = new DynamoDBClient({});
    const kms = new KMSClient({});
    try {
      // DescribeTable, not ListTables: a long test run creates more tables than one ListTables page holds.
      for (const name of [names.data, names.keys]) {
        const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: name }));
        expect(Table?.TableName).toBe(name);
      }
      const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: env.KMS_KEY_ID }));
      expect(KeyMetadata?.Arn).toBe(testEndpoints().kmsKeyId);
    } finally {
      dynamodb.destroy();
      kms.destroy();
    }
  });
});

describe('startDynamoDbLocal errors', () => {
  it('names the port and the variable to change when the port is busy', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const attempt = startDynamoDbLocal({ port });
      await expect(attempt).rejects.toBeInstanceOf(PortBusyError);
      await expect(attempt).rejects.toThrow(
        `Port ${port} is already in use (DynamoDB Local): set DYNAMODB_PORT to a free port`,
      );
    } finally {
      blocker.close();
    }
  });

  it('says how to install Java when it is missing', async () => {
    const noJava = { ...process.env, PATH: '/nonexistent' };
    await expect(checkJava(noJava)).rejects.toBeInstanceOf(JavaMissingError);
    await expect(checkJava(noJava)).rejects.toThrow(
      'Java 17+ is required for DynamoDB Local: install openjdk-17-jre-headless (apt-get install -y openjdk-17-jre-headless)',
    );
    await expect(checkJava()).resolves.toBeUndefined();
  });
});
