/**
 * The job table (`functions/jobs/index.ts`) as deployed — one `ScheduledJob` per entry — and the
 * alarms that say a job needs a person: it failed, it did not run in its window (missing data is
 * breaching), one of its dead-letter queues holds a message, the deadline monitor counts an overdue
 * privacy deadline, the audit verification found a problem, or a day passed without a completed
 * audit verification. See docs/decisions/0013, 0019 and 0030.
 */
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { JobDefinition, JobName } from '../../functions/jobs/index';
import { notify } from '../constructs/alert-topics';
import type { GrantTargets } from '../constructs/grants';
import { ScheduledJob } from '../constructs/scheduled-job';
import { alarmName, jobRoleName } from '../naming';
import type { StageSettings } from '../stages';

/** The job that counts privacy deadlines, and the metric it emits for overdue ones (shared/usecases/deadlines.ts). */
export const DEADLINE_MONITOR_JOB: JobName = 'deadline-monitor';
export const DEADLINES_OVERDUE_METRIC = 'DeadlinesOverdue';
export const INCIDENT_DECISIONS_OVERDUE_METRIC = 'IncidentDecisionsOverdue';
/**
 * The privacy-request backlog the monitor publishes per request type (shared/usecases/deadlines.ts
 * `BACKLOG_METRICS`; infra reads no use case, a test checks both agree): open requests, and the age
 * of the oldest in days.
 */
export const PRIVACY_REQUEST_BACKLOG = {
  open: 'OpenPrivacyRequests',
  oldestAgeDays: 'OldestOpenPrivacyRequestAgeDays',
  dimension: 'requestType',
  /** The request types (shared/domain/privacy-request.ts `PRIVACY_REQUEST_TYPES`). */
  types: ['export', 'erasure', 'restriction'],
} as const;
export const BREACH_TRIAGE_OVERDUE_METRIC = 'BreachTriageOverdue';
/** The job that verifies digests and chains; it publishes what it found (functions/jobs/audit-verify.ts). */
export const AUDIT_VERIFY_JOB: JobName = 'audit-verify';
/** Its metrics (shared/usecases/audit-verification.ts): problems found per run, and 1 per completed run. */
export const AUDIT_VERIFICATION_PROBLEMS_METRIC = 'AuditVerificationProblems';
export const AUDIT_VERIFICATION_RUNS_METRIC = 'AuditVerificationRuns';
/** The job whose trigger queue gets a maximum concurrency from the stage settings. */
export const PRIVACY_REQUESTS_JOB: JobName = 'privacy-requests';

/** Namespace of the metrics CloudWatch Logs derives from log lines, per stage (no dimensions). */
export const logMetricsNamespace = (stage: string): string => `PrivacyOrders/${stage}`;

export interface JobsStackProps extends StackProps {
  readonly stage: string;
  readonly settings: StageSettings;
  readonly jobs: Readonly<Record<string, JobDefinition>>;
  readonly repoRoot: string;
  readonly grantTargets: GrantTargets & Required<Pick<GrantTargets, 'userPool'>>;
  readonly logRetention: RetentionDays;
  readonly operators: ITopic;
  readonly officers: ITopic;
}

/** A job's alarms, by kind. */
export interface JobAlarms {
  readonly errors: Alarm;
  readonly missedRun: Alarm;
  readonly deadLetters: readonly Alarm[];
}

export class JobsStack extends Stack {
  /** One scheduled job per job table entry, by job name. */
  readonly jobs: Readonly<Record<string, ScheduledJob>>;
  readonly jobAlarms: Readonly<Record<string, JobAlarms>>;
  /** Officer alarms: overdue privacy deadlines, and audit verification failed or missing (when those jobs exist). */
  readonly deadlinesOverdueAlarm?: Alarm;
  /** A breach incident past its 72-hour authority decision (GDPR Art. 33), within the hour. */
  readonly incidentDecisionsOverdueAlarm?: Alarm;
  /** A `privacy_breach` complaint not triaged within 72 hours of its filing, within the hour. */
  readonly breachTriageOverdueAlarm?: Alarm;
  readonly auditVerificationAlarm?: Alarm;
  readonly auditVerificationMissingAlarm?: Alarm;

  constructor(scope: Construct, id: string, props: JobsStackProps) {
    super(scope, id, props);
    const { stage, settings } = props;

    const jobs: Record<string, ScheduledJob> = {};
    const jobAlarms: Record<string, JobAlarms> = {};
    for (const [name, job] of Object.entries(props.jobs)) {
      const built = new ScheduledJob(this, `${pascal(name)}Job`, {
        repoRoot: props.repoRoot,
        name,
        job,
        stage,
        grantTargets: props.grantTargets,
        roleName: jobRoleName(stage, name),
        logLevel: settings.logLevel,
        logRetention: props.logRetention,
        maxConcurrency: name === PRIVACY_REQUESTS_JOB ? settings.privacyRequestsMaxConcurrency : undefined,
      });
      jobs[name] = built;
      jobAlarms[name] = this.alarmsFor(name, job, built, props);
    }
    this.jobs = jobs;
    this.jobAlarms = jobAlarms;

    const deadlineMonitor = jobs[DEADLINE_MONITOR_JOB];
    if (deadlineMonitor) {
      // The monitor runs daily and always reports the count (0 included), as a Maximum over one day.
      this.deadlinesOverdueAlarm = new Alarm(this, 'DeadlinesOverdue', {
        alarmName: alarmName(stage, 'privacy-deadlines-overdue'),
        alarmDescription:
          'Privacy requests or complaints are past their deadline (deadline-monitor job); the officer inbox names them. Runbook: docs/runbook.md#overdue-privacy-request',
        metric: deadlineMonitor.metric(DEADLINES_OVERDUE_METRIC, {
          period: Duration.days(1),
          statistic: Stats.MAXIMUM,
        }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        // No data means the monitor did not run: its own missed-run alarm says so, and while deadlines
        // are not counted there is nothing to say they are overdue.
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      notify(this.deadlinesOverdueAlarm, props.officers);
      // The regulator's clock is hours, not days: the hourly run's counts, each alarmed on the hour.
      const onTheHour = (id: string, name: string, description: string, metricName: string): Alarm => {
        const alarm = new Alarm(this, id, {
          alarmName: alarmName(stage, name),
          alarmDescription: description,
          metric: deadlineMonitor.metric(metricName, { period: Duration.hours(1), statistic: Stats.MAXIMUM }),
          threshold: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        });
        notify(alarm, props.officers);
        return alarm;
      };
      this.incidentDecisionsOverdueAlarm = onTheHour(
        'IncidentDecisionsOverdue',
        'incident-decisions-overdue',
        'A breach incident is past its 72-hour authority decision (deadline-monitor job); GET /v1/admin/incidents?overdue=true names it. Runbook: docs/runbook.md#overdue-incident-decision',
        INCIDENT_DECISIONS_OVERDUE_METRIC,
      );
      // A breach report may be the first the company hears of a breach: its triage runs on the same clock.
      this.breachTriageOverdueAlarm = onTheHour(
        'BreachTriageOverdue',
        'breach-triage-overdue',
        'A privacy_breach complaint is past its 72-hour triage (deadline-monitor job): promote it to an incident or resolve it with reasons. GET /v1/admin/complaints?overdue=true names it. Runbook: docs/runbook.md#overdue-breach-triage',
        BREACH_TRIAGE_OVERDUE_METRIC,
      );
    }

    const auditVerify = jobs[AUDIT_VERIFY_JOB];
    if (auditVerify) {
      // One data point per completed run, the count of problems (0 included), as a Maximum over a day.
      this.auditVerificationAlarm = new Alarm(this, 'AuditVerificationFailed', {
        alarmName: alarmName(stage, 'audit-verification-failed'),
        alarmDescription:
          'The audit-verify job found a problem: a chain or a digest was altered, removed or is missing. Its log and GET /v1/admin/audit/status name each chain and sequence number. Runbook: docs/runbook.md#failed-audit-verification',
        metric: auditVerify.metric(AUDIT_VERIFICATION_PROBLEMS_METRIC, {
          period: Duration.days(1),
          statistic: Stats.MAXIMUM,
        }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        // A run that did not happen is the next alarm's case.
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      notify(this.auditVerificationAlarm, props.officers);
      // Not the job's generic missed-run alarm (invocations, to operators): a run that crashed or timed
      // out verified nothing, and the officers must know the trail went unverified.
      this.auditVerificationMissingAlarm = new Alarm(this, 'AuditVerificationMissing', {
        alarmName: alarmName(stage, 'audit-verification-missing'),
        alarmDescription:
          'No audit verification completed in the last day: the audit-verify job failed, timed out or did not run, so tampering would go unnoticed. Runbook: docs/runbook.md#audit-verification-missing',
        metric: auditVerify.metric(AUDIT_VERIFICATION_RUNS_METRIC, { period: Duration.days(1), statistic: Stats.SUM }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.BREACHING,
      });
      notify(this.auditVerificationMissingAlarm, props.officers);
    }
  }

  /** Every dead-letter queue of every job. */
  get deadLetterQueues(): Queue[] {
    return Object.values(this.jobs).flatMap((j) => j.deadLetterQueues);
  }

  private alarmsFor(name: string, job: JobDefinition, built: ScheduledJob, props: JobsStackProps): JobAlarms {
    const fn = built.handler.function;
    const errors = new Alarm(this, `${pascal(name)}Errors`, {
      alarmName: alarmName(props.stage, `job-${name}-errors`),
      alarmDescription: `Job ${name} failed (Lambda Errors; failed runs are kept in its dead-letter queue after two retries). Runbook: docs/runbook.md#job-failed-or-did-not-run`,
      metric: fn.metricErrors({ period: Duration.minutes(5), statistic: Stats.SUM }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const window = runWindow(job.schedule);
    const missedRun = new Alarm(this, `${pascal(name)}MissedRun`, {
      alarmName: alarmName(props.stage, `job-${name}-missed-run`),
      alarmDescription: `Job ${name} was not invoked in ${window.description} (schedule ${job.schedule}): its schedule is disabled, deleted or failing to invoke it. Runbook: docs/runbook.md#job-failed-or-did-not-run`,
      metric: fn.metricInvocations({ period: window.period, statistic: Stats.SUM }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: window.evaluationPeriods,
      // No invocation, no data point: silence is exactly what this alarm is for.
      treatMissingData: TreatMissingData.BREACHING,
    });
    const deadLetters = built.deadLetterQueues.map(
      (queue, i) =>
        new Alarm(this, `${pascal(name)}DeadLetters${i === 0 ? '' : 'Triggers'}`, {
          alarmName: alarmName(props.stage, `job-${name}-${i === 0 ? 'dead-letters' : 'trigger-dead-letters'}`),
          alarmDescription: `A message is waiting in a dead-letter queue of job ${name}: a run or a triggering event failed for good. Runbook: docs/runbook.md#dead-letter-queue-redrive`,
          metric: queue.metricApproximateNumberOfMessagesVisible({
            period: Duration.minutes(5),
            statistic: Stats.MAXIMUM,
          }),
          threshold: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          // An empty, idle queue may report nothing; a queue holding messages is active and reports.
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
    );
    for (const alarm of [errors, missedRun, ...deadLetters]) notify(alarm, props.operators);
    return { errors, missedRun, deadLetters };
  }
}

/** The window a job must run in, from its schedule expression, as a CloudWatch period and count. */
export interface RunWindow {
  readonly period: Duration;
  readonly evaluationPeriods: number;
  readonly description: string;
}

/**
 * How long a job may go without an invocation before that is an alarm. `rate(n unit)` allows two
 * intervals (one late run is not an incident); a daily cron (`cron(M H * * ? *)`) allows one day,
 * CloudWatch's longest evaluation range. Any other expression needs a rule here.
 */
export function runWindow(schedule: string): RunWindow {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(schedule);
  if (rate) {
    const n = Number(rate[1]);
    const unit = rate[2] as string;
    const interval = unit.startsWith('minute')
      ? Duration.minutes(n)
      : unit.startsWith('hour')
        ? Duration.hours(n)
        : Duration.days(n);
    if (interval.toSeconds() * 2 > 86_400) return daily(schedule);
    return { period: interval, evaluationPeriods: 2, description: `two intervals of ${schedule}` };
  }
  if (/^cron\(\d{1,2} \d{1,2} \* \* \? \*\)$/.test(schedule)) return daily(schedule);
  throw new Error(
    `No missed-run window is defined for the schedule "${schedule}"; add one to runWindow (infra/stacks/jobs-stack.ts)`,
  );
}

function daily(schedule: string): RunWindow {
  if (schedule.startsWith('rate(') && !/^rate\(1 day\)$/.test(schedule)) {
    throw new Error(`Schedule "${schedule}" runs less than daily; CloudWatch alarms look back one day at most`);
  }
  return { period: Duration.days(1), evaluationPeriods: 1, description: 'a day' };
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
/** `privacy-requests` → `PrivacyRequests` */
const pascal = (s: string): string => s.split('-').map(capitalise).join('');
