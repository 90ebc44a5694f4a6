// `npm run -s job -- NAME`: runs one scheduled job now against the running local stack and prints its summary as JSON.
//
// Contract for job modules: `functions/jobs/<NAME>.ts` exports `run(): Promise<unknown>`, which does one
// complete, idempotent pass and resolves to a JSON-serialisable summary of what it did. It reads its
// configuration from the environment like the handlers do (this runner applies the local stack's
// environment first), and honours CLOCK_OFFSET_SECONDS through the app's clock.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { JobName } from '../functions/jobs/index';
import { applyLocalEnvironment, localEnvironment } from './env';
import { repoRoot } from './paths';
import { jobPrincipal } from './principals';
import { readRuntimeState } from './runtime-state';

// `LOCAL_JOBS_DIR` lets the runner's own tests use fixture jobs.
const JOBS_DIR = process.env.LOCAL_JOBS_DIR || 'functions/jobs';

function knownJobs(): string[] {
  const dir = path.join(repoRoot(), JOBS_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter(
      (file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts') && file !== 'index.ts',
    )
    .map((file) => file.slice(0, -'.ts'.length))
    .sort();
}

async function main(args: string[]): Promise<number> {
  const jobs = knownJobs();
  const [name, ...rest] = args;
  if (!name || rest.length > 0 || !jobs.includes(name)) {
    const known = jobs.length > 0 ? jobs.join(', ') : `none yet (add ${JOBS_DIR}/<name>.ts exporting run())`;
    process.stderr.write(
      `${name && rest.length === 0 ? `Unknown job "${name}". ` : 'usage: npm run -s job -- NAME. '}Known jobs: ${known}\n`,
    );
    return 2;
  }

  const state = readRuntimeState();
  applyLocalEnvironment(
    localEnvironment({
      dynamodbEndpoint: state.dynamodbEndpoint,
      kmsEndpoint: state.kmsEndpoint,
      ...(state.eventsEndpoint && { eventsEndpoint: state.eventsEndpoint }),
      ...(state.paymentsEndpoint && { paymentsEndpoint: state.paymentsEndpoint }),
      ...(state.identityEndpoint && { identityEndpoint: state.identityEndpoint }),
      ...(state.mailEndpoint && { mailEndpoint: state.mailEndpoint }),
      keyId: state.keyId,
      tablePrefix: state.tablePrefix,
      carrierWebhookSecret: state.carrierWebhookSecret,
      // The job acts as itself: the audit stores and the digest key let each job do only its part.
      principal: jobPrincipal(name as JobName),
    }),
  );
  // Whatever the job logs goes to stderr: stdout carries the summary alone, so it can be piped to jq.
  const toStdout = process.stdout.write.bind(process.stdout);
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  // Imported only now, so the module sees the local environment at load time, as a job Lambda would at cold start.
  const module = (await import(path.join(repoRoot(), JOBS_DIR, `${name}.ts`))) as { run?: unknown };
  if (typeof module.run !== 'function') throw new Error(`${JOBS_DIR}/${name}.ts does not export run()`);
  const summary: unknown = await (module.run as () => Promise<unknown>)();
  toStdout(`${JSON.stringify(summary ?? null, null, 2)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  // Exit explicitly: SDK clients keep sockets open that would hold the process for a while.
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error instanceof Error ? error.message : String(error)).split('\n')[0]}\n`);
    process.exit(1);
  },
);
