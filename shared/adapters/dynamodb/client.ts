/**
 * One DynamoDB document client per process. Endpoints come from the SDK's standard configuration
 * (`AWS_ENDPOINT_URL_DYNAMODB` locally), so this code does not know whether it runs in Lambda.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { UnavailableError } from '../../domain/errors';

/** What every repository on the data table is built with. */
export interface DynamoDeps {
  readonly ddb: DynamoDBDocumentClient;
  readonly table: string;
}

export function createDocumentClient(client: DynamoDBClient = new DynamoDBClient({})): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

/** True for the SDK's conditional-write failure, on a single write or inside a transaction. */
export const isConditionalCheckFailure = (e: unknown): boolean =>
  e instanceof Error && e.name === 'ConditionalCheckFailedException';

/** Index of each transaction item whose condition failed (DynamoDB reports reasons by position). */
export function failedConditionIndexes(e: unknown): number[] {
  if (!(e instanceof Error) || e.name !== 'TransactionCanceledException') return [];
  const reasons = (e as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : []));
}

/** Encodes a DynamoDB `LastEvaluatedKey` as an opaque cursor (and back). */
export const encodeCursor = (key: Record<string, unknown> | undefined): string | undefined =>
  key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : undefined;

export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  return undefined;
}

/** Runs a DynamoDB call; any failure becomes a 503 naming what is unavailable, never the SDK's message. */
export async function guarded<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch {
    throw new UnavailableError(`${what} are temporarily unavailable.`);
  }
}

/**
 * Every page of a Query, in order: follows `LastEvaluatedKey`, so neither the 1 MB page limit nor a
 * filter that empties a page can truncate a result. A consumer that has enough stops the reads by
 * leaving the loop. Any failure is a 503 naming `what`.
 */
export async function* queryPages(
  ddb: Pick<DynamoDBDocumentClient, 'send'>,
  input: QueryCommandInput,
  what: string,
): AsyncGenerator<Record<string, unknown>[]> {
  let start = input.ExclusiveStartKey;
  do {
    const page = await guarded(what, () => ddb.send(new QueryCommand({ ...input, ExclusiveStartKey: start })));
    yield page.Items ?? [];
    start = page.LastEvaluatedKey;
  } while (start);
}

/** Every item a Query matches, all pages (see queryPages). */
export async function queryAll(
  ddb: Pick<DynamoDBDocumentClient, 'send'>,
  input: QueryCommandInput,
  what: string,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of queryPages(ddb, input, what)) items.push(...page);
  return items;
}

/**
 * The subject an item belongs to, found through its gsi1 lookup key (an order, a request or a
 * complaint by id alone). The index is eventually consistent: read the item itself afterwards.
 */
export async function ownerByLookup(
  ddb: DynamoDBDocumentClient,
  table: string,
  key: { gsi1pk: string; gsi1sk: string },
  what: string,
): Promise<string | undefined> {
  const result = await guarded(what, () =>
    ddb.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk = :sk',
        ExpressionAttributeValues: { ':pk': key.gsi1pk, ':sk': key.gsi1sk },
        ProjectionExpression: 'subjectId',
      }),
    ),
  );
  const owner = result.Items?.[0]?.subjectId;
  return typeof owner === 'string' ? owner : undefined;
}

/** The item key of a sealing location (`{ table, pk, sk }`): the table id binds ciphertexts, it is not stored. */
export const itemKey = (where: { pk: string; sk: string }): { pk: string; sk: string } => ({
  pk: where.pk,
  sk: where.sk,
});

/** BatchGetItem reads at most this many keys per request. */
const BATCH_GET_LIMIT = 100;
const BATCH_GET_ATTEMPTS = 8;

/**
 * The items at `keys` (absent ones left out), read consistently in batches of 100; keys DynamoDB
 * leaves unprocessed (throttling) are asked for again with backoff. Any failure is a 503 naming `what`.
 */
export async function batchGetAll(
  ddb: Pick<DynamoDBDocumentClient, 'send'>,
  table: string,
  keys: readonly Record<string, unknown>[],
  options: { readonly projection: string; readonly names?: Record<string, string>; readonly what: string },
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += BATCH_GET_LIMIT) {
    let pending: Record<string, unknown>[] | undefined = keys.slice(i, i + BATCH_GET_LIMIT);
    for (let attempt = 0; pending && pending.length > 0; attempt++) {
      if (attempt >= BATCH_GET_ATTEMPTS) throw new UnavailableError(`${options.what} are temporarily unavailable.`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
      const requested: Record<string, unknown>[] = pending;
      const result = await guarded(options.what, () =>
        ddb.send(
          new BatchGetCommand({
            RequestItems: {
              [table]: {
                Keys: requested,
                ProjectionExpression: options.projection,
                ...(options.names && { ExpressionAttributeNames: options.names }),
                ConsistentRead: true,
              },
            },
          }),
        ),
      );
      found.push(...(result.Responses?.[table] ?? []));
      pending = result.UnprocessedKeys?.[table]?.Keys;
    }
  }
  return found;
}
