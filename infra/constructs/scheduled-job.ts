/**
 * One entry of the job table (`functions/jobs/index.ts`): the house function, its grants, an
 * EventBridge Scheduler schedule and, for jobs triggered by domain events, an SQS queue fed by an
 * EventBridge rule on the bus. Every way an invocation can be lost ends in a dead-letter queue.
 * See docs/decisions/0013-scheduled-and-queue-driven-jobs.md.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { Metric, type MetricOptions } from 'aws-cdk-lib/aws-cloudwatch';
import { type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { EventSourceMapping, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke, type ScheduleTargetBaseProps } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { JobDefinition } from '../../functions/jobs/index';
import { EVENT_SOURCE } from '../../shared/config/resources';
import { type GrantTargets, grantFunctionAccess } from './grants';
import { HouseFunction, METRICS_NAMESPACE } from './house-function';

/** Job defaults when the table leaves them out (as documented on `JobDefinition`). */
export const JOB_DEFAULTS = { timeoutSeconds: 60, memoryMb: 512 } as const;

/**
 * How long Scheduler keeps trying to hand an invocation to Lambda (throttling, a missing permission)
 * before it goes to the dead-letter queue. Lambda accepts the asynchronous invoke at once, so these
 * retries cover delivery only; failures of the run itself are retried by Lambda (twice) and then kept
 * in the same queue through the function's DeadLetterConfig.
 */
export const SCHEDULE_RETRY = { retryAttempts: 2, maxEventAge: Duration.hours(1) } as const;

/** Receives before a triggering message moves to the trigger dead-letter queue. */
export const TRIGGER_MAX_RECEIVE_COUNT = 5;
/** Records per invocation; the handler reports failures one by one (`batchItemFailures`). */
export const TRIGGER_BATCH_SIZE = 10;
/** Queue visibility timeout as a multiple of the function timeout (the AWS recommendation for SQS sources). */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

/** Dead-letter queues keep messages for the SQS maximum, so a failure found after a holiday is still there. */
const DLQ_RETENTION = Duration.days(14);

export interface ScheduledJobProps {
  /** Repository root; `job.entry` is relative to it. */
  readonly repoRoot: string;
  /** Key of the job in the job table, e.g. `privacy-requests`. */
  readonly name: string;
  readonly job: JobDefinition;
  /** Deployment stage: part of the Powertools service name, so stages sharing an account have separate metrics. */
  readonly stage: string;
  /** Data, keys, bus, secret and user pool the job's `access` is granted on; `bus` also carries its triggers. */
  readonly grantTargets: GrantTargets & { readonly bus: IEventBus };
  /** Execution role name (infra/naming.ts), so the subject key's policy can name it. */
  readonly roleName: string;
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  readonly logRetention: RetentionDays;
  /**
   * Most batches of the trigger queue processed at once (the mapping's maximum concurrency, 2–1000):
   * a burst of triggering events cannot take the account's concurrency, or KMS and Cognito quotas,
   * from order placement. @default - no cap (only for jobs without triggers)
   */
  readonly maxConcurrency?: number;
}

export class ScheduledJob extends Construct {
  readonly handler: HouseFunction;
  /** Powertools service name of the job function (the `service` dimension of its metrics). */
  readonly serviceName: string;
  /** Scheduled invocations Scheduler could not deliver, and runs that failed after Lambda's retries. */
  readonly deadLetterQueue: Queue;
  readonly schedule: Schedule;
  /** Present when the job is `triggeredBy` domain events. */
  readonly trigger?: {
    readonly queue: Queue;
    /** Messages received {@link TRIGGER_MAX_RECEIVE_COUNT} times, and events the rule could not deliver. */
    readonly deadLetterQueue: Queue;
    readonly rule: Rule;
  };

  constructor(scope: Construct, id: string, props: ScheduledJobProps) {
    super(scope, id);
    const { job, name } = props;
    const timeout = Duration.seconds(job.timeoutSeconds ?? JOB_DEFAULTS.timeoutSeconds);

    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetters');
    this.serviceName = `orders-${props.stage}-${name}`;
    this.handler = new HouseFunction(this, 'Fn', {
      repoRoot: props.repoRoot,
      entry: job.entry,
      serviceName: this.serviceName,
      memorySize: job.memoryMb ?? JOB_DEFAULTS.memoryMb,
      timeout,
      description: `Job ${name}: ${job.schedule}${job.triggeredBy ? ` and ${job.triggeredBy.join(', ')}` : ''}`,
      deadLetterQueue: this.deadLetterQueue,
      roleName: props.roleName,
      logLevel: props.logLevel,
      logRetention: props.logRetention,
      callsPaymentProcessor: job.access.paymentProcessor === true,
    });
    grantFunctionAccess(this.handler, job.access, props.grantTargets);

    this.schedule = new Schedule(this, 'Schedule', {
      schedule: ScheduleExpression.expression(job.schedule),
      description: `Runs job ${name}`,
      target: new InvokeFunctionOnly(this.handler.function, {
        ...SCHEDULE_RETRY,
        deadLetterQueue: this.deadLetterQueue,
        // An explicit object, so the handler always receives an event object (never an empty payload).
        input: ScheduleTargetInput.fromObject({ job: name }),
      }),
    });

    if (job.triggeredBy && job.triggeredBy.length > 0) {
      const triggerDlq = deadLetterQueue(this, 'TriggerDeadLetters');
      const queue = new Queue(this, 'Triggers', {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        // A message is invisible while a batch runs; at least six function timeouts, so a slow batch
        // (and Lambda's own retries of throttled batches) never hands the same message out twice.
        visibilityTimeout: Duration.seconds(timeout.toSeconds() * VISIBILITY_TIMEOUT_FACTOR),
        deadLetterQueue: { queue: triggerDlq, maxReceiveCount: TRIGGER_MAX_RECEIVE_COUNT },
      });
      const rule = new Rule(this, 'TriggerRule', {
        eventBus: props.grantTargets.bus,
        description: `Queues ${job.triggeredBy.join(', ')} for job ${name}`,
        eventPattern: { source: [EVENT_SOURCE], detailType: [...job.triggeredBy] },
        // The whole event is the message body: the handler reads `detail` from it.
        targets: [new SqsQueue(queue, { deadLetterQueue: triggerDlq })],
      });
      this.handler.function.addEventSource(
        new SqsEventSource(queue, {
          batchSize: TRIGGER_BATCH_SIZE,
          reportBatchItemFailures: true,
          maxConcurrency: props.maxConcurrency,
        }),
      );
      const mapping = this.handler.function.node.children.find((c) => c instanceof EventSourceMapping);
      if (!mapping) throw new Error(`No event source mapping on ${this.handler.function.node.path}`);
      Validations.of(mapping).acknowledge({
        id: 'Serverless-LambdaEventSourceMappingDestination',
        reason: `SQS event source mappings support no on-failure destination (only stream and Kafka sources do); a message that fails ${TRIGGER_MAX_RECEIVE_COUNT} receives moves to the queue's redrive dead-letter queue instead`,
      });
      this.trigger = { queue, deadLetterQueue: triggerDlq, rule };
    }
  }

  /** Every dead-letter queue of this job: scheduled runs, and (if queue-driven) undeliverable triggers. */
  get deadLetterQueues(): Queue[] {
    return [this.deadLetterQueue, ...(this.trigger ? [this.trigger.deadLetterQueue] : [])];
  }

  /** A metric this job emits through Powertools: our namespace and the job's `service` dimension. */
  metric(metricName: string, options: MetricOptions = {}): Metric {
    return new Metric({
      namespace: METRICS_NAMESPACE,
      metricName,
      dimensionsMap: { service: this.serviceName },
      ...options,
    });
  }
}

/**
 * An encrypted, TLS-only standard queue that keeps failed messages for two weeks. Nothing consumes it
 * automatically: an operator inspects and redrives it.
 */
function deadLetterQueue(scope: Construct, id: string): Queue {
  const queue = new Queue(scope, id, {
    // SQS-managed SSE: messages hold event ids and types only (never personal data), and EventBridge,
    // Scheduler and Lambda can all write to it without grants on the customer-managed data key.
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: DLQ_RETENTION,
  });
  Validations.of(queue).acknowledge({
    id: 'Serverless-SQSRedrivePolicy',
    reason:
      'This queue is itself the dead-letter queue (end of the line for failed job invocations); nothing consumes it automatically, so it has no consumer failures to redrive',
  });
  return queue;
}

/**
 * `LambdaInvoke` whose execution role may invoke exactly the function the schedule names. The stock
 * target calls `grantInvoke`, which also allows every version and alias (`<arn>:*`); Scheduler invokes
 * the unqualified ARN only.
 */
class InvokeFunctionOnly extends LambdaInvoke {
  private readonly invoked: IFunction;

  constructor(invoked: IFunction, props: ScheduleTargetBaseProps) {
    super(invoked, props);
    this.invoked = invoked;
  }

  protected override addTargetActionToRole(role: IRole): void {
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.invoked.functionArn] }),
    );
  }
}
