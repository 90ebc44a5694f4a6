// Starts DynamoDB Local (a Java process) on a port, waits until it answers, and guarantees it dies with us.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { dataDir, dynamodbDir } from '../paths';
import { DYNAMODB_JAR } from './install';

export class JavaMissingError extends Error {
  override readonly name = 'JavaMissingError';
  constructor(found?: string) {
    super(
      'Java 17+ is required for DynamoDB Local: install openjdk-17-jre-headless (apt-get install -y openjdk-17-jre-headless)' +
        (found ? ` (found Java ${found})` : ''),
    );
  }
}

export class PortBusyError extends Error {
  override readonly name = 'PortBusyError';
  constructor(
    readonly port: number,
    readonly what: string,
    readonly envVar: string,
  ) {
    super(`Port ${port} is already in use (${what}): set ${envVar} to a free port`);
  }
}

export class DynamoDbStartError extends Error {
  override readonly name = 'DynamoDbStartError';
}

export interface DynamoDbLocalOptions {
  port: number;
  /** Keep tables in `dbPath` (default `.local/data`) instead of memory. */
  persist?: boolean;
  dbPath?: string;
  /** Directory holding DynamoDBLocal.jar (see install.ts). */
  installDir?: string;
  /** Env var named in the busy-port message, so the user knows what to change. */
  portEnvVar?: string;
  /** @default from DYNAMODB_START_TIMEOUT_SECONDS, else 120 s (a JVM on a busy 2-core machine is slow to answer). */
  startTimeoutMs?: number;
}

/** The variable that raises the start-up wait; named in the error so a user on a slow machine knows what to set. */
export const DYNAMODB_START_TIMEOUT_ENV = 'DYNAMODB_START_TIMEOUT_SECONDS';
const DEFAULT_START_TIMEOUT_SECONDS = 120;

/** How long to wait for DynamoDB Local to answer: `DYNAMODB_START_TIMEOUT_SECONDS`, or 120 s. */
export function dynamoDbStartTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[DYNAMODB_START_TIMEOUT_ENV];
  if (raw === undefined || raw === '') return DEFAULT_START_TIMEOUT_SECONDS * 1000;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new Error(`${DYNAMODB_START_TIMEOUT_ENV} must be a positive number of seconds, got "${raw}"`);
  return seconds * 1000;
}

export interface DynamoDbLocalHandle {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

const run = promisify(execFile);

/** Throws JavaMissingError unless `java -version` (found on env's PATH) reports major version 17 or later. */
export async function checkJava(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let output: string;
  try {
    const { stdout, stderr } = await run('java', ['-version'], { env });
    output = `${stderr}${stdout}`; // `java -version` writes to stderr
  } catch {
    throw new JavaMissingError();
  }
  const version = /version "([^"]+)"/.exec(output)?.[1];
  const major = version
    ? Number(version.startsWith('1.') ? version.split('.')[1] : version.split(/[.+-]/)[0])
    : Number.NaN;
  if (!(major >= 17)) throw new JavaMissingError(version ?? 'of unknown version');
}

/** Resolves when nothing listens on host:port; rejects with PortBusyError otherwise. */
export function assertPortFree(port: number, what: string, envVar: string, host = '127.0.0.1'): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' || error.code === 'EACCES' ? new PortBusyError(port, what, envVar) : error),
    );
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/** A port the OS says is free right now (tests start several stacks side by side). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ port: 0, host }, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocalHandle> {
  const {
    port,
    persist = false,
    installDir = dynamodbDir(),
    portEnvVar = 'DYNAMODB_PORT',
    startTimeoutMs = dynamoDbStartTimeoutMs(),
  } = options;
  await checkJava();
  await assertPortFree(port, 'DynamoDB Local', portEnvVar);

  const storage = persist ? ['-dbPath', options.dbPath ?? dataDir()] : ['-inMemory'];
  if (persist) mkdirSync(options.dbPath ?? dataDir(), { recursive: true });
  const javaArgs = [
    `-Djava.library.path=${path.join(installDir, 'DynamoDBLocal_lib')}`,
    '-jar',
    DYNAMODB_JAR,
    '-disableTelemetry',
    '-sharedDb',
    '-port',
    String(port),
    ...storage,
  ];
  const child = spawnWithWatchdog(javaArgs, installDir);
  const endpoint = `http://127.0.0.1:${port}`;

  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-4000);
  });
  child.stdout?.resume(); // its banner is noise; draining keeps the pipe from filling
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const killOnExit = (): void => {
    if (child.pid) killGroup(child.pid, 'SIGKILL');
  };
  process.once('exit', killOnExit);

  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin?.end(); // the watchdog reads EOF and stops java
    const timer = setTimeout(killOnExit, 5000);
    await exited;
    clearTimeout(timer);
  };

  try {
    await waitUntilReady(endpoint, exited, startTimeoutMs, () => stderrTail);
  } catch (error) {
    await stop();
    if (/Address already in use|BindException/i.test(stderrTail))
      throw new PortBusyError(port, 'DynamoDB Local', portEnvVar);
    throw error;
  }
  return { endpoint, port, stop };
}

/**
 * Runs java under a tiny shell that holds a pipe from us (fd 3): when this process ends in any way (even
 * SIGKILL) the pipe closes, `read` returns and the shell kills java, so no orphan JVM keeps the port.
 * The shell exits with java's status only after java is gone, and leads its own process group so a
 * last-resort kill reaches java too.
 */
function spawnWithWatchdog(javaArgs: string[], cwd: string): ChildProcess {
  const script = [
    'exec 3<&0',
    'java "$@" </dev/null & j=$!',
    '{ read _ <&3; kill $j 2>/dev/null; } & w=$!',
    "trap 'kill $j 2>/dev/null' TERM INT HUP",
    'wait $j; code=$?; wait $j 2>/dev/null',
    'kill $w 2>/dev/null',
    'exit $code',
  ].join('\n');
  return spawn('sh', ['-c', script, 'dynamodb-local', ...javaArgs], {
    cwd,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

async function waitUntilReady(
  endpoint: string,
  exited: Promise<number | null>,
  timeoutMs: number,
  stderr: () => string,
): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      if (exitCode !== undefined) {
        const reason = stderr().trim().split('\n').pop() ?? '';
        throw new DynamoDbStartError(
          `DynamoDB Local exited during startup (code ${exitCode})${reason ? `: ${reason}` : ''}`,
        );
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(1000) });
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    throw new DynamoDbStartError(
      `DynamoDB Local did not answer on ${endpoint} within ${timeoutMs / 1000} s: on a busy machine set ${DYNAMODB_START_TIMEOUT_ENV} to wait longer`,
    );
  } finally {
    client.destroy();
  }
}
