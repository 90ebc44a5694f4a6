// An EventBridge-compatible HTTP service (AWS JSON 1.1 protocol, PutEvents) so the real @aws-sdk/client-eventbridge publishes to a local bus.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { sendJson, serveAwsJson, stopServer } from '../aws-json';
import { nowMs } from '../clock';
import { listen } from '../listen';
import {
  DEFAULT_EVENT_BUS_NAME,
  EventBridgeError,
  LOCAL_EVENT_BUS_NAME,
  MAX_ENTRIES_BYTES,
  putEvents,
  type StoredEvent,
} from './entries';

export type { StoredEvent };
export { LOCAL_EVENT_BUS_NAME };

export interface EventBusServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Receives one line per accepted event; the default writes it to stdout. */
  logTo?: (line: string) => void;
  /** Buses that exist (entries naming another fail). @default ['default', LOCAL_EVENT_BUS_NAME] */
  eventBuses?: readonly string[];
  /**
   * Called after each accepted event, like an EventBridge rule's target (in AWS: a rule feeding the
   * job's SQS queue). Errors are the subscriber's to handle; they never fail the PutEvents call.
   */
  onEvent?: (event: StoredEvent) => void;
}

export interface EventBusServerHandle {
  readonly endpoint: string;
  readonly port: number;
  /** Accepted events, oldest first (a copy); also served at `GET /_events`. */
  events(): StoredEvent[];
  /** Forgets the stored events; also `DELETE /_events`. */
  clear(): void;
  stop(): Promise<void>;
}

/** Entries may total 256 KB, and JSON escaping can multiply a Detail's size in the request body. */
const MAX_REQUEST_BYTES = 8 * MAX_ENTRIES_BYTES;

export async function startEventBusServer(options: EventBusServerOptions = {}): Promise<EventBusServerHandle> {
  const {
    port = 0,
    host = '127.0.0.1',
    logTo = (line: string) => void process.stdout.write(`${line}\n`),
    eventBuses = [DEFAULT_EVENT_BUS_NAME, LOCAL_EVENT_BUS_NAME],
    onEvent,
  } = options;
  const buses = new Set(eventBuses);
  const stored: StoredEvent[] = [];
  const clear = () => void stored.splice(0, stored.length);

  const publish = (input: Record<string, unknown>): unknown => {
    // Events are stamped with the local runtime's clock, so CLOCK_OFFSET_SECONDS shows in their time.
    const { response, accepted } = putEvents(input, { buses, now: nowMs });
    for (const event of accepted) {
      stored.push(event);
      // Domain events carry ids and codes, never personal values: the detail is logged as-is, on one line.
      logTo(`event ${event.detailType} from ${event.source} ${JSON.stringify(event.detail)}`);
      onEvent?.(event);
    }
    return response;
  };

  const server = createServer((req, res) => {
    handle(req, res, publish, stored, clear).catch(() =>
      sendJson(res, 500, { __type: 'InternalException', message: 'Internal error' }),
    );
  });
  const actualPort = await listen(server, port, host);

  return {
    endpoint: `http://${host}:${actualPort}`,
    port: actualPort,
    events: () => structuredClone(stored),
    clear,
    stop: () => stopServer(server),
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  publish: (input: Record<string, unknown>) => unknown,
  stored: StoredEvent[],
  clear: () => void,
): Promise<void> {
  if (req.url === '/_events' || req.url?.startsWith('/_events?')) {
    if (req.method === 'DELETE') {
      clear();
      return sendJson(res, 204);
    }
    if (req.method === 'GET') return sendJson(res, 200, { events: stored }, 'application/json');
  }
  return serveAwsJson(req, res, {
    targetPrefix: 'AWSEvents',
    operations: { PutEvents: publish },
    maxRequestBytes: MAX_REQUEST_BYTES,
    tooLarge: new EventBridgeError(
      'ValidationException',
      'Total size of the entries in the request is over the limit.',
    ),
  });
}
