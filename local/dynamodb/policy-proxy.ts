// A DynamoDB endpoint in front of DynamoDB Local that enforces the audit stores' resource policies, which DynamoDB Local
// does not: nobody updates or batch-writes the audit table and only the audit-retention job deletes from it; nobody
// updates or deletes digests and only the digest and verification jobs put them. Callers are told apart by the access
// key id of their SigV4 Authorization header (local/principals.ts), as AWS tells roles apart. Everything else passes.
import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { stopServer } from '../aws-json';
import { listen } from '../listen';
import type { TablePolicy } from '../principals';

export interface PolicyProxyOptions {
  /** DynamoDB Local's endpoint. */
  readonly target: string;
  /** By table name. */
  readonly policies: Readonly<Record<string, TablePolicy>>;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
}

export interface PolicyProxyHandle {
  readonly endpoint: string;
  /** Requests refused, per action (`{ DeleteItem: 1 }`). */
  readonly denied: Readonly<Record<string, number>>;
  stop(): Promise<void>;
}

/** One table touched by one action of a request. */
interface Touch {
  readonly action: string;
  readonly table: string;
}

export async function startPolicyProxy(options: PolicyProxyOptions): Promise<PolicyProxyHandle> {
  const { host = '127.0.0.1' } = options;
  const target = new URL(options.target);
  const agent = new Agent({ keepAlive: true });
  const denied: Record<string, number> = {};
  const server = createServer((req, res) => {
    forward(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
  });

  async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const refusal = refusalFor(req, body, options.policies);
    if (refusal) {
      denied[refusal.action] = (denied[refusal.action] ?? 0) + 1;
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(
        JSON.stringify({
          __type: 'com.amazon.coral.service#AccessDeniedException',
          message: `User: ${refusal.principal} is not authorized to perform: dynamodb:${refusal.action} on resource: ${refusal.table} with an explicit deny in a resource-based policy`,
        }),
      );
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const upstream = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
          agent,
        },
        (response) => {
          res.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(res);
          response.on('end', resolve);
          response.on('error', reject);
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  }

  const port = await listen(server, options.port ?? 0, host);
  return {
    endpoint: `http://${host}:${port}`,
    denied,
    stop: async () => {
      await stopServer(server);
      agent.destroy();
    },
  };
}

/** The first action of the request a table's policy refuses to its caller, if any. */
function refusalFor(
  req: IncomingMessage,
  body: Buffer,
  policies: Readonly<Record<string, TablePolicy>>,
): (Touch & { principal: string }) | undefined {
  const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
  const principal = /Credential=([^/,\s]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? 'anonymous';
  let input: Record<string, unknown>;
  try {
    input = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined; // DynamoDB Local answers a malformed body itself.
  }
  for (const touch of touches(operation, input, Object.keys(policies))) {
    const policy = policies[touch.table];
    if (!policy) continue;
    const allowed = policy.only[touch.action];
    if (policy.never.includes(touch.action) || (allowed && !allowed.includes(principal)))
      return { ...touch, principal };
  }
  return undefined;
}

/** Which tables a request writes, and how, in the actions IAM names. */
function touches(operation: string, input: Record<string, unknown>, tables: readonly string[]): Touch[] {
  const table = typeof input.TableName === 'string' ? input.TableName : '';
  switch (operation) {
    case 'PutItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return [{ action: operation, table }];
    case 'BatchWriteItem':
      return Object.keys((input.RequestItems ?? {}) as object).map((name) => ({ action: operation, table: name }));
    case 'TransactWriteItems':
      return ((input.TransactItems ?? []) as Record<string, { TableName?: string }>[]).flatMap((item) =>
        Object.entries(item).map(([kind, op]) => ({
          action: TRANSACT_ACTIONS[kind] ?? kind,
          table: op.TableName ?? '',
        })),
      );
    case 'ExecuteStatement':
    case 'BatchExecuteStatement':
    case 'ExecuteTransaction':
      return partiqlTouches(input, tables);
    default:
      return [];
  }
}

const TRANSACT_ACTIONS: Record<string, string> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
};

/** PartiQL statements, by their verb and the protected tables they name. */
function partiqlTouches(input: Record<string, unknown>, tables: readonly string[]): Touch[] {
  const statements = [
    input.Statement,
    ...((input.Statements ?? input.TransactStatements ?? []) as { Statement?: unknown }[]).map((s) => s.Statement),
  ].filter((s): s is string => typeof s === 'string');
  return statements.flatMap((statement) => {
    const verb = statement.trim().split(/\s+/)[0]?.toUpperCase() ?? '';
    const action = { INSERT: 'PartiQLInsert', UPDATE: 'PartiQLUpdate', DELETE: 'PartiQLDelete' }[verb];
    return action ? tables.filter((name) => statement.includes(name)).map((name) => ({ action, table: name })) : [];
  });
}
