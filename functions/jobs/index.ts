/**
 * The job table: every scheduled or queue-driven entry point, its module, what it may touch and
 * when it runs. CDK builds one function, its schedule (EventBridge Scheduler, with retries and a
 * dead-letter queue) and, for queue-driven jobs, an SQS queue fed by an EventBridge rule from it;
 * `npm run job -- NAME` runs the module's `run()` locally. Pure data.
 */
import type { FunctionAccess } from '../../shared/config/resources';

export interface JobDefinition {
  /** Module relative to the repository root; exports `run()` and the Lambda `handler`. */
  readonly entry: string;
  readonly access: FunctionAccess;
  /** EventBridge Scheduler expression. */
  readonly schedule: string;
  /** Also triggered through a queue by these domain event types (partial batch failures reported). */
  readonly triggeredBy?: readonly string[];
  /** @default 60 */
  readonly timeoutSeconds?: number;
  /** @default 512 */
  readonly memoryMb?: number;
}

export const jobs = {
  'privacy-requests': {
    entry: 'functions/jobs/privacy-requests.ts',
    access: {
      data: 'readwrite',
      subjectKeys: 'use-and-shred',
      audit: 'append-and-read',
      events: true,
      identityProvider: 'delete-users',
    },
    // The queue delivers new requests within seconds; the hourly run resumes waiting erasures.
    schedule: 'rate(1 hour)',
    triggeredBy: ['PrivacyRequestReceived'],
    timeoutSeconds: 300,
    memoryMb: 1024,
  },
  'deadline-monitor': {
    entry: 'functions/jobs/deadline-monitor.ts',
    access: { data: 'readwrite' },
    schedule: 'cron(0 6 * * ? *)',
  },
  'retention-sweep': {
    entry: 'functions/jobs/retention-sweep.ts',
    // Queries the byRetention index, updates and deletes items, keeps its checkpoint: data only.
    access: { data: 'readwrite' },
    schedule: 'cron(30 2 * * ? *)',
    timeoutSeconds: 300,
  },
  'inactive-accounts': {
    entry: 'functions/jobs/inactive-accounts.ts',
    // Notices and erasure requests (data), their audit records, PrivacyRequestReceived, and the notice
    // by e-mail (the address and greeting name opened with the subject's key, the read audited).
    access: { data: 'readwrite', subjectKeys: 'use', audit: 'append', events: true, mail: 'send' },
    schedule: 'cron(0 3 * * ? *)',
    timeoutSeconds: 300,
  },
  'audit-verify': {
    entry: 'functions/jobs/audit-verify.ts',
    access: { audit: 'read' },
    // Re-hashes every chain that changed since yesterday; a broken chain is logged as an error.
    schedule: 'cron(0 4 * * ? *)',
    timeoutSeconds: 300,
  },
} as const satisfies Record<string, JobDefinition>;

export type JobName = keyof typeof jobs;
