// Queue-driven jobs, locally: an event a job is triggered by runs that job in this process within
// moments — what the EventBridge rule → SQS → Lambda chain does in AWS (functions/jobs/index.ts).
import path from 'node:path';
import { type JobName, jobs } from '../functions/jobs/index';
import type { StoredEvent } from './events/server';

type Runner = { running: boolean; again: boolean };

/** An `onEvent` subscriber for the local event service; `log` receives one line per run. */
export function jobTriggers(repoRoot: string, log: (line: string) => void): (event: StoredEvent) => void {
  const runners = new Map<JobName, Runner>();
  const run = async (name: JobName, runner: Runner): Promise<void> => {
    runner.running = true;
    try {
      do {
        runner.again = false;
        // Imported on first use, after `npm start` applied the local environment (as at a cold start).
        const module = (await import(path.join(repoRoot, jobs[name].entry))) as { run: () => Promise<unknown> };
        const summary = await module.run();
        log(`job ${name} ran: ${JSON.stringify(summary)}`);
      } while (runner.again);
    } catch (error) {
      log(`job ${name} failed: ${(error as Error).name}; it runs again on the next event or with npm run job`);
    } finally {
      runner.running = false;
    }
  };
  return (event) => {
    for (const [name, job] of Object.entries(jobs) as [JobName, (typeof jobs)[JobName]][]) {
      if (!('triggeredBy' in job) || !(job.triggeredBy as readonly string[]).includes(event.detailType)) continue;
      const runner = runners.get(name) ?? { running: false, again: false };
      runners.set(name, runner);
      // One run at a time; events arriving meanwhile ask for one more pass, not one each.
      if (runner.running) runner.again = true;
      else void run(name, runner);
    }
  };
}
