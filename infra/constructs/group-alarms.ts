/**
 * Alarms on the sum of one metric over a group of resources (Lambda errors of a route group, say).
 * A CloudWatch alarm on metric math may read at most 10 metrics, so a group of more than 10 gets one
 * alarm per 10 members (`…-errors-1of2`, `…-errors-2of2`); each still names the whole group.
 */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IMetric, MathExpression, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import { alarmName } from '../naming';

/** CloudWatch's limit on metrics in one alarm's math expression. */
export const MAX_METRICS_PER_ALARM = 10;

export interface SumAlarmProps {
  readonly stage: string;
  /** Name suffix, e.g. `admin-lambda-errors`. */
  readonly what: string;
  readonly metrics: readonly IMetric[];
  /** Alarm when the sum over {@link period} is at least this. */
  readonly threshold: number;
  readonly description: string;
  /** @default 5 minutes */
  readonly period?: Duration;
}

export function sumAlarms(scope: Construct, id: string, props: SumAlarmProps): Alarm[] {
  const period = props.period ?? Duration.minutes(5);
  const chunks: IMetric[][] = [];
  for (let i = 0; i < props.metrics.length; i += MAX_METRICS_PER_ALARM) {
    chunks.push(props.metrics.slice(i, i + MAX_METRICS_PER_ALARM));
  }
  return chunks.map((chunk, index) => {
    const part = chunks.length > 1 ? `-${index + 1}of${chunks.length}` : '';
    const usingMetrics = Object.fromEntries(chunk.map((metric, i) => [`m${i}`, metric]));
    return new Alarm(scope, `${id}${part}`, {
      alarmName: alarmName(props.stage, `${props.what}${part}`),
      alarmDescription: props.description,
      // SUM over the members that reported: an idle function has no data point, which is not an error.
      metric: new MathExpression({
        expression: `SUM([${Object.keys(usingMetrics).join(',')}])`,
        usingMetrics,
        period,
        label: props.what,
      }),
      threshold: props.threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  });
}
