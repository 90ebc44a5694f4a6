/**
 * The stream table (`functions/streams/index.ts`) as deployed — one `StreamFunction` per entry, fed
 * by its table's DynamoDB stream — and the alarms that say it needs a person: a record was given up
 * (its on-failure queue holds a message) or the function falls behind the stream (iterator age).
 * Today that is the outbox publisher: every domain event leaves through it. See docs/decisions/0040.
 */
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { StreamDefinition } from '../../functions/streams/index';
import { notify } from '../constructs/alert-topics';
import type { GrantTargets } from '../constructs/grants';
import { StreamFunction } from '../constructs/stream-function';
import { alarmName, streamRoleName } from '../naming';
import type { StageSettings } from '../stages';

/**
 * How far behind the stream a function may fall before that is an alarm: the age of the newest record
 * it was handed. Events normally leave within a second or two; five minutes means it is failing and
 * retrying, throttled, or a shard is held back by a record that keeps failing.
 */
export const ITERATOR_AGE_ALARM = Duration.minutes(5);

export interface StreamsStackProps extends StackProps {
  readonly stage: string;
  readonly settings: StageSettings;
  readonly streams: Readonly<Record<string, StreamDefinition>>;
  readonly repoRoot: string;
  readonly grantTargets: GrantTargets & { readonly bus: IEventBus };
  readonly logRetention: RetentionDays;
  readonly operators: ITopic;
}

/** A stream function's alarms. */
export interface StreamAlarms {
  readonly deadLetters: Alarm;
  readonly iteratorAge: Alarm;
}

export class StreamsStack extends Stack {
  /** One function per stream table entry, by name. */
  readonly functions: Readonly<Record<string, StreamFunction>>;
  readonly streamAlarms: Readonly<Record<string, StreamAlarms>>;

  constructor(scope: Construct, id: string, props: StreamsStackProps) {
    super(scope, id, props);
    const { stage, settings } = props;
    const functions: Record<string, StreamFunction> = {};
    const streamAlarms: Record<string, StreamAlarms> = {};
    for (const [name, definition] of Object.entries(props.streams)) {
      const built = new StreamFunction(this, pascal(name), {
        repoRoot: props.repoRoot,
        name,
        definition,
        stage,
        grantTargets: props.grantTargets,
        roleName: streamRoleName(stage, name),
        logLevel: settings.logLevel,
        logRetention: props.logRetention,
      });
      functions[name] = built;

      const deadLetters = new Alarm(this, `${pascal(name)}DeadLetters`, {
        alarmName: alarmName(stage, `stream-${name}-dead-letters`),
        alarmDescription: `Stream function ${name} gave up on records after its retries: their stream positions wait in its on-failure queue and, for the outbox, those events have not been published. Runbook: docs/runbook.md#stream-records-given-up`,
        metric: built.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: Stats.MAXIMUM,
        }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      const iteratorAge = new Alarm(this, `${pascal(name)}IteratorAge`, {
        alarmName: alarmName(stage, `stream-${name}-iterator-age`),
        alarmDescription: `Stream function ${name} is more than ${ITERATOR_AGE_ALARM.toMinutes()} minutes behind its stream (IteratorAge): for the outbox, domain events are delayed. Runbook: docs/runbook.md#stream-falling-behind`,
        metric: built.handler.function.metric('IteratorAge', {
          period: Duration.minutes(5),
          statistic: Stats.MAXIMUM,
        }),
        threshold: ITERATOR_AGE_ALARM.toMilliseconds(),
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        // Ten minutes in a row: one slow batch after a deploy is not an incident.
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        // No records, no invocations, no data point: an idle stream is not behind.
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      for (const alarm of [deadLetters, iteratorAge]) notify(alarm, props.operators);
      streamAlarms[name] = { deadLetters, iteratorAge };
    }
    this.functions = functions;
    this.streamAlarms = streamAlarms;
  }
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
/** `outbox-publisher` → `OutboxPublisher` */
const pascal = (s: string): string => s.split('-').map(capitalise).join('');
