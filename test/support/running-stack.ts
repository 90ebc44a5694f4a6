/**
 * Runs the real `npm start` entry (`tsx local/start.ts`) on free ports, waits for its ready line
 * and collects everything it prints, so e2e tests call the backend exactly as a user would and can
 * search its logs for leaked values.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../local/dynamodb/launcher';

export interface RunningStack {
  readonly url: string;
  readonly dynamodbEndpoint: string;
  readonly kmsEndpoint: string;
  readonly eventsEndpoint: string;
  readonly stateFile: string;
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything the stack printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<number | null>;
}

export async function startRunningStack(
  env: Record<string, string> = {},
  timeoutMs = 40_000,
  args: readonly string[] = [],
): Promise<RunningStack> {
  const [port, dynamodbPort, kmsPort, eventsPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const stateDir = mkdtempSync(path.join(tmpdir(), 'e2e-stack-'));
  const stateFile = path.join(stateDir, 'runtime.json');
  const child = spawn(path.join(process.cwd(), 'node_modules/.bin/tsx'), ['local/start.ts', ...args], {
    env: {
      ...process.env,
      PORT: String(port),
      DYNAMODB_PORT: String(dynamodbPort),
      KMS_PORT: String(kmsPort),
      EVENTS_PORT: String(eventsPort),
      LOCAL_RUNTIME_STATE: stateFile,
      ...env,
    },
    stdio: 'pipe',
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (!out.includes(`ready at ${url}`)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`local stack did not start:\n${out}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    dynamodbEndpoint: `http://127.0.0.1:${dynamodbPort}`,
    kmsEndpoint: `http://127.0.0.1:${kmsPort}`,
    eventsEndpoint: `http://127.0.0.1:${eventsPort}`,
    stateFile,
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGINT');
      const code = await exited;
      rmSync(stateDir, { recursive: true, force: true });
      return code;
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
  }, 60_000);
  afterAll(async () => {
    await handle.stop?.();
  });
  return handle;
}
