// The AWS JSON 1.1 wire protocol shared by the local key service and event bus: one POST per
// operation named in X-Amz-Target, a JSON object in, a JSON object or a typed error out.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** An error in the services' wire format: HTTP 400 and `{"__type": type, "message": ...}`. */
export class AwsJsonError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** Who called: the access key id of the request's SigV4 `Authorization` header (signatures are not checked). */
export interface AwsJsonCaller {
  readonly accessKeyId: string | undefined;
}

export type AwsJsonOperation = (input: Record<string, unknown>, caller: AwsJsonCaller) => unknown | Promise<unknown>;

export interface AwsJsonService {
  /** `TrentService` (KMS), `AWSEvents` (EventBridge). */
  readonly targetPrefix: string;
  readonly operations: Readonly<Record<string, AwsJsonOperation>>;
  readonly maxRequestBytes: number;
  /** The error an oversized request gets (each service words it its own way). */
  readonly tooLarge: AwsJsonError;
  /** Called with every operation name asked for, known or not (request counters). */
  readonly onOperation?: (op: string) => void;
}

/** Answers one protocol request. Signatures are not checked: these services listen on loopback only. */
export async function serveAwsJson(req: IncomingMessage, res: ServerResponse, service: AwsJsonService): Promise<void> {
  const target = String(req.headers['x-amz-target'] ?? '');
  const prefix = `${service.targetPrefix}.`;
  const op = target.startsWith(prefix) ? target.slice(prefix.length) : '';
  if (req.method !== 'POST' || !op) {
    return sendJson(res, 400, {
      __type: 'UnknownOperationException',
      message: `Expected POST / with X-Amz-Target: ${service.targetPrefix}.<Operation>`,
    });
  }
  service.onOperation?.(op);
  const operation = service.operations[op];
  if (!operation) {
    return sendJson(res, 400, {
      __type: 'UnknownOperationException',
      message: `Operation ${op} is not supported locally`,
    });
  }
  try {
    const body = await readBody(req, service.maxRequestBytes, service.tooLarge);
    const input: unknown = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new AwsJsonError('SerializationException', 'Request body must be a JSON object');
    }
    // Operations may be asynchronous (a sign-in runs the post-authentication trigger first).
    sendJson(res, 200, await operation(input as Record<string, unknown>, callerOf(req)));
  } catch (error) {
    if (error instanceof AwsJsonError) return sendJson(res, 400, { __type: error.type, message: error.message });
    if (error instanceof SyntaxError)
      return sendJson(res, 400, { __type: 'SerializationException', message: 'Malformed JSON' });
    throw error;
  }
}

/** `AWS4-HMAC-SHA256 Credential=<access key id>/<date>/<region>/<service>/aws4_request, …` */
function callerOf(req: IncomingMessage): AwsJsonCaller {
  const authorization = String(req.headers.authorization ?? '');
  return { accessKeyId: /Credential=([^/,\s]+)\//.exec(authorization)?.[1] };
}

/** Reads the whole body; an oversized one is drained, so the client sees the answer rather than a reset. */
async function readBody(req: IncomingMessage, max: number, tooLarge: AwsJsonError): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= max) chunks.push(chunk as Buffer);
  }
  if (size > max) throw tooLarge;
  return Buffer.concat(chunks);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body?: unknown,
  contentType = 'application/x-amz-json-1.1',
): void {
  res.statusCode = status;
  res.setHeader('x-amzn-RequestId', randomUUID());
  if (body === undefined) return void res.end();
  res.setHeader('Content-Type', contentType);
  res.end(JSON.stringify(body));
}

/** Stops a local service at once: SDK clients keep connections alive, so they are closed too. */
export function stopServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
