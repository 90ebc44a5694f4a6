// Creates the local tables from the one declaration in shared/config/resources.ts, so keys and indexes never drift.
import {
  type AttributeDefinition,
  CreateTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type KeySchemaElement,
  ResourceInUseException,
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
        if (error instanceof ResourceInUseException) return undefined;
        throw error;
      }
      if (tables[id].timeToLive) await enableTtl(client, name);
      return name;
    }),
  );
  return created.filter((name): name is string => name !== undefined);
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
