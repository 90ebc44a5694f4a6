/**
 * A small HTTP client for e2e tests, for the requests a typed client cannot send (malformed bodies,
 * forged tokens, unknown fields): signs local tokens, returns status, headers and parsed body, and
 * checks every response against the OpenAPI document (test/support/contract.ts).
 */
import { signToken } from '../../local/auth/issuer';
import { localTableNames } from '../../local/dynamodb/tables';
import type { TableId } from '../../shared/config/resources';
import { assertMatchesContract } from './contract';

export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test responses are inspected structurally
  readonly json: any;
}

export interface CallOptions {
  /** Caller's subject; none means anonymous. */
  readonly sub?: string;
  readonly groups?: readonly string[];
  readonly token?: string;
  readonly body?: unknown;
  readonly raw?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** `clockOffsetSeconds`: sign tokens on the server's shifted clock (a stack started with CLOCK_OFFSET_SECONDS). */
export function apiClient(baseUrl: string, clockOffsetSeconds = 0) {
  return async function api(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...options.headers };
    const now = Math.floor(Date.now() / 1000) + clockOffsetSeconds;
    const token =
      options.token ??
      (options.sub
        ? signToken({ sub: options.sub, now, ...(options.groups && { groups: [...options.groups] }) })
        : undefined);
    if (token) headers.authorization = `Bearer ${token}`;
    const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await sendWithRetry(
      `${baseUrl}${path}`,
      { method, headers, ...(body !== undefined && { body }) },
      isSafeToRepeat(method, headers),
    );
    const text = await res.text();
    if (method.toUpperCase() !== 'OPTIONS') {
      assertMatchesContract({
        method: method.toUpperCase(),
        path: new URL(`${baseUrl}${path}`).pathname,
        status: res.status,
        headers: res.headers,
        text,
      });
    }
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };
}

/** Methods HTTP defines as idempotent, and any request carrying an Idempotency-Key (the server deduplicates it). */
function isSafeToRepeat(method: string, headers: Record<string, string>): boolean {
  return (
    ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'].includes(method.toUpperCase()) ||
    Object.keys(headers).some((name) => name.toLowerCase() === 'idempotency-key')
  );
}

/** undici's codes for a connection that closed or reset before an answer arrived. */
const CONNECTION_LOST = new Set(['UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNRESET', 'EPIPE']);

/**
 * As production HTTP clients do (the AWS SDK, Stripe's): when the connection is lost before any
 * answer, a request that is safe to repeat is sent again on a fresh connection, at most twice more.
 * Anything else, and any answer the server gave, reaches the test unchanged.
 */
export async function sendWithRetry(url: string, init: RequestInit, safeToRepeat: boolean): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, init);
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if (!safeToRepeat || attempt >= 3 || !(code && CONNECTION_LOST.has(code))) throw error;
    }
  }
}

/**
 * Every item of the stack's tables (those named `<tablePrefix>-…`; all tables without a prefix), as
 * JSON text, for canary searches.
 */
export async function dumpAllTables(stack: { dynamodbEndpoint: string; tablePrefix?: string }): Promise<string> {
  const { dynamodbEndpoint, tablePrefix } = stack;
  const { DynamoDBClient, ListTablesCommand, ScanCommand } = await import('@aws-sdk/client-dynamodb');
  const client = new DynamoDBClient({
    endpoint: dynamodbEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const tableNames: string[] = [];
  let startTable: string | undefined;
  do {
    const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: startTable }));
    tableNames.push(...(page.TableNames ?? []));
    startTable = page.LastEvaluatedTableName;
  } while (startTable);
  let dump = '';
  for (const TableName of tableNames.filter((name) => !tablePrefix || name.startsWith(`${tablePrefix}-`))) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(new ScanCommand({ TableName, ExclusiveStartKey: start as never }));
      dump += JSON.stringify(page.Items);
      start = page.LastEvaluatedKey;
    } while (start);
  }
  client.destroy();
  return dump;
}

/** Every item of one of the stack's tables, unmarshalled (tests may Scan; the backend never does). */
export async function tableItems(
  stack: { dynamodbEndpoint: string; tablePrefix: string },
  table: TableId,
): Promise<Record<string, unknown>[]> {
  const { DynamoDBClient, ScanCommand } = await import('@aws-sdk/client-dynamodb');
  const { unmarshall } = await import('@aws-sdk/util-dynamodb');
  const client = new DynamoDBClient({
    endpoint: stack.dynamodbEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  try {
    do {
      const page = await client.send(
        new ScanCommand({ TableName: localTableNames(stack.tablePrefix)[table], ExclusiveStartKey: start as never }),
      );
      items.push(...(page.Items ?? []).map((i) => unmarshall(i)));
      start = page.LastEvaluatedKey;
    } while (start);
  } finally {
    client.destroy();
  }
  return items;
}
