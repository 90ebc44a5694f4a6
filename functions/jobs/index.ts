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
    // Hourly: a breach's authority decision is due 72 hours after discovery, so a daily look could
    // notice it a day late. Notices stay one per item per day (a rerun writes nothing).
    schedule: 'rate(1 hour)',
  },
  'incident-notices': {
    entry: 'functions/jobs/incident-notices.ts',
    // The notice, its mark and the subject's audit record (data, audit); the mail, addressed from the
    // profile opened with the subject's key, the read audited.
    access: { data: 'readwrite', subjectKeys: 'use', audit: 'append', mail: 'send' },
    // The queue starts a run within seconds; the schedule resumes one an invocation left part-way
    // and retries mails whose claim lapsed (NOTICE_MAIL_LEASE_SECONDS).
    schedule: 'rate(5 minutes)',
    triggeredBy: ['IncidentNoticesRequested'],
    timeoutSeconds: 900,
    memoryMb: 1024,
  },
  'retention-sweep': {
    entry: 'functions/jobs/retention-sweep.ts',
    // Queries the byRetention index, updates and deletes items, keeps its checkpoint; each
    // anonymisation or deletion of a subject's data commits with its audit record.
    access: { data: 'readwrite', audit: 'append' },
    schedule: 'cron(30 2 * * ? *)',
    timeoutSeconds: 300,
  },
  'inactive-accounts': {
    entry: 'functions/jobs/inactive-accounts.ts',
    // Notices and erasure requests (data), their audit records, PrivacyRequestReceived, and the notice
    // by e-mail (the address and greeting name opened with the subject's key, the read audited).
    access: { data: 'readwrite', subjectKeys: 'use', audit: 'append', mail: 'send' },
    schedule: 'cron(0 3 * * ? *)',
    timeoutSeconds: 300,
  },
  'audit-digest': {
    entry: 'functions/jobs/audit-digest.ts',
    // Reads chain heads, writes digests and signed positions, signs with the digest key (the only role
    // that may): docs/decisions/0030.
    access: { audit: 'read', auditDigests: 'append', auditSigning: 'sign' },
    schedule: 'rate(1 hour)',
    timeoutSeconds: 300,
    memoryMb: 1024,
  },
  'audit-verify': {
    entry: 'functions/jobs/audit-verify.ts',
    // Incremental: digests since the last run and the records they sign; `{ "mode": "full" }` checks
    // everything. Records each run; a problem, or a run that did not happen, raises an officers' alarm.
    access: { audit: 'read', auditDigests: 'verify', auditSigning: 'public-key' },
    schedule: 'cron(0 4 * * ? *)',
    timeoutSeconds: 900,
    memoryMb: 1024,
  },
  'audit-retention': {
    entry: 'functions/jobs/audit-retention.ts',
    // The only role that may delete audit records, and only those past the retention period.
    access: { audit: 'expire' },
    schedule: 'cron(30 4 * * ? *)',
    timeoutSeconds: 300,
  },
  'payment-reconciliation': {
    entry: 'functions/jobs/payment-reconciliation.ts',
    // Voids orphaned authorisations, releases erased orders' holds, settles pending refunds: data,
    // their audit records, and the processor.
    access: { data: 'readwrite', audit: 'append', idempotency: 'read', paymentProcessor: true },
    // Often enough that a hold left by a crash is released within the half hour.
    schedule: 'rate(15 minutes)',
    timeoutSeconds: 300,
  },
} as const satisfies Record<string, JobDefinition>;

export type JobName = keyof typeof jobs;
