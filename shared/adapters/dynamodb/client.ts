/**
 * One DynamoDB document client per process. Endpoints come from the SDK's standard configuration
 * (`AWS_ENDPOINT_URL_DYNAMODB` locally), so this code does not know whether it runs in Lambda.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { type IndexDeclaration, tables } from '../../config/resources';
import { UnavailableError, ValidationError } from '../../domain/errors';
import type { Page } from '../../ports/page';

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

/**
 * A page position: a DynamoDB key (or a queue's positions) as base64url JSON. Clients never see it
 * raw: the HTTP layer seals it into a cursor bound to the caller and the route (shared/http/cursor.ts).
 */
export const encodeCursor = (position: Record<string, unknown> | undefined): string | undefined =>
  position ? Buffer.from(JSON.stringify(position), 'utf8').toString('base64url') : undefined;

/** The position in `cursor`; one that is not a position is the client's mistake (400), never page 1. */
export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw invalidCursor();
}

export const invalidCursor = (): ValidationError =>
  new ValidationError('The cursor is not one this list issued; start again without it.', [
    { path: 'query.cursor', message: 'Invalid cursor' },
  ]);

/** Key attributes of an item in the base table, plus those of `indexName`: what a page resumes from. */
function keyAttributes(indexName: string | undefined): string[] {
  const index = [tables.data, tables.audit]
    .flatMap((t) => t.globalSecondaryIndexes as readonly IndexDeclaration[])
    .find((i) => i.indexName === indexName);
  return ['pk', 'sk', ...(index ? [index.partitionKey.name, ...(index.sortKey ? [index.sortKey.name] : [])] : [])];
}

/**
 * One page of a Query, with a cursor only when more items follow: it reads one item beyond `limit`,
 * so a page that ends the list carries no cursor and a client following cursors stops. (A read cut
 * short by DynamoDB's 1 MB limit still returns a cursor: more may follow.)
 */
export async function queryPage(
  ddb: Pick<DynamoDBDocumentClient, 'send'>,
  input: Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'>,
  page: Page,
  what: string,
): Promise<{ items: Record<string, unknown>[]; cursor?: string | undefined }> {
  const start = decodeCursor(page.cursor);
  const result = await guarded(what, () =>
    ddb.send(new QueryCommand({ ...input, Limit: page.limit + 1, ExclusiveStartKey: start })),
  );
  const items = result.Items ?? [];
  if (items.length <= page.limit) return { items, cursor: encodeCursor(result.LastEvaluatedKey) };
  const kept = items.slice(0, page.limit);
  const last = kept.at(-1) ?? {};
  return { items: kept, cursor: encodeCursor(pick(last, keyAttributes(input.IndexName))) };
}

const pick = (item: Record<string, unknown>, names: readonly string[]): Record<string, unknown> =>
  Object.fromEntries(names.filter((n) => item[n] !== undefined).map((n) => [n, item[n]]));

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
