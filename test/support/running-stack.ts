/**
 * Runs the real `npm start` entry (`node --import tsx local/start.ts`) on free ports, waits for its ready line
 * and collects everything it prints, so e2e tests call the backend exactly as a user would and can
 * search its logs for leaked values.
 *
 * Inside a jest project whose globalSetup started the shared test stack, each `npm start` uses that
 * one DynamoDB Local (`DYNAMODB_ENDPOINT`) with tables of its own (`LOCAL_TABLE_PREFIX`) instead of
 * starting a JVM per file: the handlers, gateway, key service and event bus are still the file's own.
 * `npm start`'s own JVM launch is proven by test/integration/local-start.test.ts.
 */

import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../local/dynamodb/launcher';
import type { RuntimeState } from '../../local/runtime-state';
import { limit, stackStartTimeoutMs, waitUntil } from './timeouts';

export interface RunningStack {
  readonly url: string;
  readonly dynamodbEndpoint: string;
  /** Tables of this stack are `<tablePrefix>-data` and so on. */
  readonly tablePrefix: string;
  readonly kmsEndpoint: string;
  readonly eventsEndpoint: string;
  /** The stack's own Stripe-compatible processor (STRIPE_API_URL of its handlers). */
  readonly paymentsEndpoint: string;
  /** The local Cognito-compatible identity service (customer and staff pools). */
  readonly identityEndpoint: string;
  /** The local mail outbox; `GET <mailEndpoint>/outbox` lists the mails sent. */
  readonly mailEndpoint: string;
  /** The web app (web/): account pages at `/`, the staff console at `/staff`. */
  readonly webUrl: string;
  readonly stateFile: string;
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything the stack printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<number | null>;
  /** Kills every process of the stack at once (SIGKILL to its process group): a crash, no clean-up. */
  crash(): Promise<void>;
}

/** Hook timeout for a `beforeAll` that starts a stack: the start limit plus room for the hook's own calls. */
export const stackHookTimeoutMs = (): number => stackStartTimeoutMs() + limit(30_000);

export async function startRunningStack(
  env: Record<string, string> = {},
  timeoutMs = stackStartTimeoutMs(),
  args: readonly string[] = [],
): Promise<RunningStack> {
  const shared = process.env.TEST_DYNAMODB_ENDPOINT;
  // Port 0 everywhere the stack can bind it itself: the OS picks, so parallel stacks never race for a
  // port probed free a moment earlier. DynamoDB Local (only without the shared one) needs a number.
  const dynamodbPort = shared ? 0 : await freePort();
  const tablePrefix = env.LOCAL_TABLE_PREFIX ?? `e2e-${process.pid}-${randomBytes(4).toString('hex')}`;
  const stateDir = mkdtempSync(path.join(tmpdir(), 'e2e-stack-'));
  const stateFile = path.join(stateDir, 'runtime.json');
  // As `npm start` runs it (one node process with tsx's loader): the tsx CLI relays signals to a
  // child and SIGKILLs it when the child takes over 30 ms to acknowledge, as it does on a busy machine.
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts', ...args], {
    env: {
      ...process.env,
      PORT: '0',
      DYNAMODB_PORT: String(dynamodbPort),
      KMS_PORT: '0',
      EVENTS_PORT: '0',
      PAYMENTS_PORT: '0',
      WEB_PORT: '0',
      LOCAL_RUNTIME_STATE: stateFile,
      LOCAL_TABLE_PREFIX: tablePrefix,
      ...(shared && { DYNAMODB_ENDPOINT: shared }),
      ...env,
    },
    stdio: 'pipe',
    // Its own process group, so crash() reaches tsx's node child too.
    detached: true,
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = /ready at (http:\/\/127\.0\.0\.1:\d+)/;
  try {
    await waitUntil(
      () => out,
      (text) => ready.test(text) || child.exitCode !== null,
      `npm start's ready line (STACK_START_TIMEOUT_SECONDS raises the limit)`,
      { timeoutMs },
    );
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`local stack did not start: ${(error as Error).message}\n${out}`);
  }
  // Written before the ready line: where each service ended up.
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as RuntimeState;
  return {
    url: state.apiUrl,
    dynamodbEndpoint: state.dynamodbEndpoint,
    tablePrefix,
    kmsEndpoint: state.kmsEndpoint,
    eventsEndpoint: state.eventsEndpoint ?? '',
    paymentsEndpoint: state.paymentsEndpoint ?? '',
    identityEndpoint: state.identityEndpoint ?? '',
    mailEndpoint: state.mailEndpoint ?? '',
    webUrl: state.webUrl ?? '',
    stateFile,
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      const code = await exited;
      rmSync(stateDir, { recursive: true, force: true });
      return code;
    },
    crash: async () => {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
      await exited;
    },
  };
}

/**
 * Starts the stack before the file's tests and stops it after. The returned object is filled in
 * by `beforeAll`, so tests read `stack.url` and friends as usual.
 */
export function useRunningStack(env: Record<string, string> = {}): RunningStack {
  const handle = {} as RunningStack;
  beforeAll(async () => {
    Object.assign(handle, await startRunningStack(env));
  }, stackHookTimeoutMs());
  afterAll(async () => {
    await handle.stop?.();
  });
  return handle;
}
