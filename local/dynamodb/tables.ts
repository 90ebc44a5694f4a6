// Creates the local tables from the one declaration in shared/config/resources.ts, so keys and indexes never drift.
import {
  type AttributeDefinition,
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  type KeySchemaElement,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  type KeyAttribute,
  type TableDeclaration,
  type TableId,
  TTL_ATTRIBUTE,
  tables,
} from '../../shared/config/resources';

export type TableNames = Record<TableId, string>;

const tableIds = Object.keys(tables) as TableId[];

/** `{ data: 'local-data', keys: 'local-keys', ... }` */
export function localTableNames(prefix = 'local'): TableNames {
  return Object.fromEntries(tableIds.map((id) => [id, `${prefix}-${id}`])) as TableNames;
}

/** The CreateTable request for a declaration; exported so tests can compare it with what DynamoDB reports. */
export function createTableInput(declaration: TableDeclaration, tableName: string): CreateTableCommandInput {
  const attributes = new Map<string, KeyAttribute>();
  const keySchema = (partitionKey: KeyAttribute, sortKey?: KeyAttribute): KeySchemaElement[] => {
    for (const key of [partitionKey, sortKey]) if (key) attributes.set(key.name, key);
    return [
      { AttributeName: partitionKey.name, KeyType: 'HASH' },
      ...(sortKey ? [{ AttributeName: sortKey.name, KeyType: 'RANGE' } as const] : []),
    ];
  };
  const gsis = declaration.globalSecondaryIndexes.map((index) => ({
    IndexName: index.indexName,
    KeySchema: keySchema(index.partitionKey, index.sortKey),
    Projection: { ProjectionType: 'ALL' as const },
  }));
  const KeySchema = keySchema(declaration.partitionKey, declaration.sortKey);
  const AttributeDefinitions: AttributeDefinition[] = [...attributes.values()].map((a) => ({
    AttributeName: a.name,
    AttributeType: a.type,
  }));
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema,
    AttributeDefinitions,
    ...(gsis.length > 0 ? { GlobalSecondaryIndexes: gsis } : {}),
  };
}

/** Creates every declared table under the given names; existing tables are left alone. Returns the names created. */
export async function createTables(client: DynamoDBClient, names: TableNames): Promise<string[]> {
  const created = await Promise.all(
    tableIds.map(async (id) => {
      const name = names[id];
      try {
        await client.send(new CreateTableCommand(createTableInput(tables[id], name)));
      } catch (error) {
        if (!(error instanceof ResourceInUseException)) throw error;
        await addMissingIndexes(client, tables[id], name);
        return undefined;
      }
      if (tables[id].timeToLive) await enableTtl(client, name);
      return name;
    }),
  );
  return created.filter((name): name is string => name !== undefined);
}

/**
 * An existing table (`npm start -- --persist`) gets the indexes declared since it was created, as a
 * deployment would add them: one UpdateTable each. Items written before carry no key for them.
 */
async function addMissingIndexes(client: DynamoDBClient, declaration: TableDeclaration, tableName: string) {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  const wanted = createTableInput(declaration, tableName);
  for (const index of wanted.GlobalSecondaryIndexes ?? []) {
    if (present.has(index.IndexName)) continue;
    const names = new Set(index.KeySchema?.map((k) => k.AttributeName));
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: wanted.AttributeDefinitions?.filter((a) => names.has(a.AttributeName)),
        GlobalSecondaryIndexUpdates: [
          { Create: { IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection } },
        ],
      }),
    );
    // One index at a time per table: wait for this one to be built before the next.
    for (let waited = 0; ; waited += 100) {
      const { Table: now } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      const built = now?.GlobalSecondaryIndexes?.find((i) => i.IndexName === index.IndexName);
      if (built?.IndexStatus === 'ACTIVE') break;
      if (waited > 120_000) throw new Error(`Index ${index.IndexName} of ${tableName} was not built in 2 minutes.`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Declares TTL as in AWS. DynamoDB Local (this version) does delete expired items, by the real clock — tests keep their clocks near real time. */
async function enableTtl(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      }),
    );
  } catch {
    // Not essential locally: readers already treat items past their TTL as gone.
  }
}
