/** A small HTTP client for e2e tests: signs local tokens and returns status, headers and parsed body. */
import { signToken } from '../../local/auth/issuer';

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
    const res = await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined && { body }) });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };
}

/** Every item of every table, as JSON text, for canary searches. */
export async function dumpAllTables(dynamodbEndpoint: string): Promise<string> {
  const { DynamoDBClient, ListTablesCommand, ScanCommand } = await import('@aws-sdk/client-dynamodb');
  const client = new DynamoDBClient({
    endpoint: dynamodbEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const { TableNames = [] } = await client.send(new ListTablesCommand({}));
  let dump = '';
  for (const TableName of TableNames) {
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
