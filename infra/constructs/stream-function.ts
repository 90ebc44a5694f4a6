/**
 * One entry of the stream table (`functions/streams/index.ts`): the house function, its grants,
 * and a DynamoDB event source on its table's stream that hands it only the records it is for — new
 * items of its `itemType` — with partial batch failures, bisection, bounded retries and an
 * on-failure queue, so no record is dropped without a trace. See docs/decisions/0040-outbox.md.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { type ITableV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { EventSourceMapping, FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { StreamDefinition } from '../../functions/streams/index';
import { tables } from '../../shared/config/resources';
import { type GrantTargets, grantFunctionAccess, grantStreamKey } from './grants';
import { HouseFunction } from './house-function';

/**
 * How the event source reads the stream. Records of one shard are handed over in order; a failed
 * record holds its shard back until it succeeds or is given up, so the retries are bounded: after
 * {@link retryAttempts} retries, or once a record is {@link maxRecordAge} old, its batch's position
 * in the stream (not the record) goes to the on-failure queue. Twelve hours leaves at least twelve
 * more in the stream's 24-hour retention to read the records again (docs/runbook.md).
 */
export const STREAM_SOURCE = {
  batchSize: 25,
  retryAttempts: 10,
  maxRecordAge: Duration.hours(12),
  timeout: Duration.seconds(30),
  memoryMb: 256,
} as const;

/** Failure queues keep messages for the SQS maximum, like every other dead-letter queue. */
const DLQ_RETENTION = Duration.days(14);

export interface StreamFunctionProps {
  readonly repoRoot: string;
  /** Key of the entry in the stream table, e.g. `outbox-publisher`. */
  readonly name: string;
  readonly definition: StreamDefinition;
  /** Deployment stage: part of the Powertools service name. */
  readonly stage: string;
  /** Keys, tables and bus; `tables[definition.table]` must have a stream. */
  readonly grantTargets: GrantTargets & { readonly bus: IEventBus };
  /** Execution role name (infra/naming.ts). */
  readonly roleName: string;
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  readonly logRetention: RetentionDays;
}

export class StreamFunction extends Construct {
  readonly handler: HouseFunction;
  /** Powertools service name of the function. */
  readonly serviceName: string;
  /** Where the event source puts the position of records it gave up on (on-failure destination). */
  readonly deadLetterQueue: Queue;
  readonly mapping: EventSourceMapping;

  constructor(scope: Construct, id: string, props: StreamFunctionProps) {
    super(scope, id);
    const { definition, name } = props;
    const declaration = tables[definition.table];
    const table: ITableV2 = props.grantTargets.tables[definition.table];
    if (!('stream' in declaration) || !table.tableStreamArn) {
      throw new Error(
        `Stream function ${name} reads the ${definition.table} table's stream, but shared/config/resources.ts declares none`,
      );
    }

    this.serviceName = `orders-${props.stage}-${name}`;
    this.handler = new HouseFunction(this, 'Fn', {
      repoRoot: props.repoRoot,
      entry: definition.entry,
      serviceName: this.serviceName,
      memorySize: STREAM_SOURCE.memoryMb,
      timeout: STREAM_SOURCE.timeout,
      description: `Stream ${name}: new ${definition.itemType} items of the ${definition.table} table`,
      roleName: props.roleName,
      logLevel: props.logLevel,
      logRetention: props.logRetention,
    });
    grantFunctionAccess(this.handler, definition.access, props.grantTargets);
    grantStreamKey(this.handler, props.grantTargets);
    // The event source is invoked by Lambda itself, synchronously: a failure is the mapping's to keep.
    Validations.of(this.handler.function).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Invoked synchronously by its DynamoDB event source mapping, never asynchronously: records that fail for good are kept by the mapping on-failure destination (an SQS queue with its own alarm)',
    });

    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      // SQS-managed SSE: a message holds the shard, sequence numbers and stream ARN of the records,
      // never their content.
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DLQ_RETENTION,
    });
    Validations.of(this.deadLetterQueue).acknowledge(
      {
        id: 'Serverless-SQSRedrivePolicy',
        reason:
          'This queue is itself the on-failure destination of a stream event source (end of the line); nothing consumes it automatically, an operator re-publishes from the positions it holds',
      },
      {
        id: 'AwsSolutions-SQS3',
        reason:
          'This queue is a dead-letter queue: the on-failure destination (DestinationConfig.OnFailure) of the stream event source mapping, a kind of DLQ the rule does not recognise (it looks for redrive targets only)',
      },
    );

    // A view of the table without its key: the event source grants the stream actions on this stream
    // only, and the key is granted above through DynamoDB alone (not kms:Decrypt on the key outright).
    const streamOnly = TableV2.fromTableAttributes(this, 'Stream', {
      tableArn: table.tableArn,
      tableStreamArn: table.tableStreamArn,
    });
    this.handler.function.addEventSource(
      new DynamoEventSource(streamOnly, {
        // Records written before the mapping existed (a first deploy) are published too.
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: STREAM_SOURCE.batchSize,
        // Only new items of this type; updates, deletes (TTL expiry) and other items never invoke it.
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { type: { S: FilterRule.isEqual(definition.itemType) } } },
          }),
        ],
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: STREAM_SOURCE.retryAttempts,
        maxRecordAge: STREAM_SOURCE.maxRecordAge,
        onFailure: new SqsDlq(this.deadLetterQueue),
      }),
    );
    const mapping = this.handler.function.node.children.find((c) => c instanceof EventSourceMapping);
    if (!mapping) throw new Error(`No event source mapping on ${this.handler.function.node.path}`);
    this.mapping = mapping as EventSourceMapping;
  }
}
