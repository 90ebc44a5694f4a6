// `npm start` end to end: a real process on random ports, ready line, a real handler, clean Ctrl-C, one-line failures.
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertPortFree, freePort } from '../../local/dynamodb/launcher';
import { limit, stackStartTimeoutMs, waitUntil } from '../support/timeouts';

const tsx = path.join(process.cwd(), 'node_modules/.bin/tsx');
const stateDir = mkdtempSync(path.join(tmpdir(), 'local-start-'));
const stateFile = path.join(stateDir, 'runtime.json');

afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

function startStack(env: Record<string, string>): {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  errors: () => string;
} {
  // Its own runtime file, so a developer's running `npm start` keeps working while tests run.
  // As `npm start` runs it: one node process with tsx's loader, so SIGINT reaches our handler directly.
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    env: { ...process.env, LOCAL_RUNTIME_STATE: stateFile, WEB_PORT: '0', ...env },
    stdio: 'pipe',
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { child, output: () => out, errors: () => err };
}

/** `npm run -s job -- NAME` against fixture jobs (test/support/fixtures/jobs). */
const runJob = (name: string) =>
  spawnSync(tsx, ['local/job.ts', name], {
    env: { ...process.env, LOCAL_RUNTIME_STATE: stateFile, LOCAL_JOBS_DIR: 'test/support/fixtures/jobs' },
    encoding: 'utf8',
  });

const exitOf = (child: ChildProcessWithoutNullStreams): Promise<number | null> =>
  child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once('exit', (code) => resolve(code)));

describe('npm start', () => {
  it(
    'becomes ready, serves the real handlers and stops everything on SIGINT',
    async () => {
      const [port, dynamodbPort, kmsPort] = [await freePort(), await freePort(), await freePort()];
      const stack = startStack({
        PORT: String(port),
        DYNAMODB_PORT: String(dynamodbPort),
        KMS_PORT: String(kmsPort),
        EVENTS_PORT: String(await freePort()),
        PAYMENTS_PORT: String(await freePort()),
      });
      const exited = exitOf(stack.child);
      try {
        const url = `http://127.0.0.1:${port}`;
        await waitUntil(
          () => stack.output() + stack.errors(),
          (printed) => printed.includes(`Privacy orders backend ready at ${url}`) || stack.child.exitCode !== null,
          "npm start's ready line",
          { timeoutMs: stackStartTimeoutMs() },
        );
        expect(stack.output()).toContain(`Privacy orders backend ready at ${url}`);
        expect(stack.output()).toMatch(/carrier webhook secrets \(seed \S+\): dhl [0-9a-f]{64}, ups [0-9a-f]{64}/);
        expect(existsSync(stateFile)).toBe(true);

        const health = await fetch(`${url}/v1/health`);
        expect(health.status).toBe(200);
        expect(await health.json()).toEqual({ status: 'ok' });
        expect((await fetch(`${url}/v1/me`)).status).toBe(401);

        const job = spawnSync(tsx, ['local/job.ts', 'no-such-job'], {
          env: { ...process.env, LOCAL_RUNTIME_STATE: stateFile },
          encoding: 'utf8',
        });
        expect(job.status).toBe(2);
        expect(job.stderr).toMatch(/^Unknown job "no-such-job"\. Known jobs: .+\n$/);
      } finally {
        stack.child.kill('SIGINT');
      }
      expect(await exited).toBe(0);
      await expect(assertPortFree(dynamodbPort, 'DynamoDB Local', 'DYNAMODB_PORT')).resolves.toBeUndefined();
      await expect(assertPortFree(port, 'API gateway', 'PORT')).resolves.toBeUndefined();
      expect(existsSync(stateFile)).toBe(false);

      const afterStop = runJob('probe');
      expect(afterStop.status).toBe(1);
      expect(afterStop.stderr).toBe('Start the local stack first: npm start\n');
    },
    stackStartTimeoutMs() + limit(60_000),
  );

  it(
    'gives up on a DynamoDB Local that does not answer in time with one line naming the variable that raises the wait',
    async () => {
      const stack = startStack({
        PORT: String(await freePort()),
        DYNAMODB_PORT: String(await freePort()),
        KMS_PORT: String(await freePort()),
        EVENTS_PORT: String(await freePort()),
        PAYMENTS_PORT: String(await freePort()),
        DYNAMODB_START_TIMEOUT_SECONDS: '0.001',
      });
      expect(await exitOf(stack.child)).toBe(1);
      expect(stack.errors()).toMatch(
        /^Cannot start: DynamoDB Local did not answer on http:\/\/127\.0\.0\.1:\d+ within 0\.001 s: on a busy machine set DYNAMODB_START_TIMEOUT_SECONDS to wait longer\n$/,
      );
    },
    limit(60_000),
  );

  it(
    'refuses a malformed start-up timeout before starting anything',
    async () => {
      const stack = startStack({ PORT: String(await freePort()), DYNAMODB_START_TIMEOUT_SECONDS: 'soon' });
      expect(await exitOf(stack.child)).toBe(1);
      expect(stack.errors()).toBe(
        'Cannot start: DYNAMODB_START_TIMEOUT_SECONDS must be a positive number of seconds, got "soon"\n',
      );
    },
    limit(60_000),
  );

  it(
    'fails with one clear line and exit 1 when a port is busy',
    async () => {
      const blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      const port = (blocker.address() as { port: number }).port;
      try {
        const stack = startStack({
          PORT: String(port),
          DYNAMODB_PORT: String(await freePort()),
          KMS_PORT: String(await freePort()),
          EVENTS_PORT: String(await freePort()),
          PAYMENTS_PORT: String(await freePort()),
        });
        expect(await exitOf(stack.child)).toBe(1);
        expect(stack.errors()).toBe(
          `Cannot start: Port ${port} is already in use (API gateway): set PORT to a free port\n`,
        );
      } finally {
        blocker.close();
      }
    },
    limit(60_000),
  );
});
