/**
 * The outbox path in AWS (docs/decisions/0040-outbox.md), checked in the synthesised templates: the
 * data table's stream, one stream function per entry of functions/streams/index.ts fed by a filtered
 * event source with partial batch failures, bisection, bounded retries and an on-failure queue, that
 * queue's and the iterator age's alarms, the publisher's exact permissions, and the bus's archive.
 * The expectations restate the decision independently of infra/constructs/stream-function.ts.
 */
import { type StreamDefinition, streams } from '../../functions/streams/index';
import { STAGES } from '../../infra/stages';
import { OUTBOX_ITEM_TYPE } from '../../shared/adapters/dynamodb/outbox';
import { EVENT_BUS_ENV, EVENT_SOURCE, type TableDeclaration, tables } from '../../shared/config/resources';
import {
  arnOf,
  asArray,
  busLogicalId,
  cleanUp,
  type Json,
  keyLogicalId,
  logicalIdOf,
  PROD_CONTEXT,
  resolveStatefulRef,
  type Statement,
  type Synthesised,
  statementsOfFunction,
  synthesise,
  tableLogicalIds,
} from './support';

let s: Synthesised;
let prod: Synthesised;
beforeAll(() => {
  // Templates only: stateless-stack.test.ts checks that every function bundles.
  s = synthesise({ bundle: false });
  prod = synthesise({ bundle: false, appProps: { context: PROD_CONTEXT } });
});
afterAll(() => {
  cleanUp(s);
  cleanUp(prod);
});

const allStreams = Object.entries(streams as Record<string, StreamDefinition>);
const resources = (): Record<string, Json> => s.stateless.toJSON().Resources;
const ofType = (type: string, template: Record<string, Json> = resources()): [string, Json][] =>
  Object.entries(template).filter(([, r]) => (r as Json).Type === type) as [string, Json][];
const built = (name: string) => {
  const fn = s.built.streams.functions[name];
  if (!fn) throw new Error(`stream function ${name} not built`);
  return fn;
};
const functionId = (name: string) => logicalIdOf(built(name).handler.function);
const queueId = (name: string) => logicalIdOf(built(name).deadLetterQueue);
const mappingsOf = (name: string): Json[] =>
  ofType('AWS::Lambda::EventSourceMapping')
    .filter(([, m]) => m.Properties.FunctionName?.Ref === functionId(name))
    .map(([, m]) => m.Properties);
const alarms = () => ofType('AWS::CloudWatch::Alarm').map(([id, a]) => ({ id, ...a.Properties }) as Json);
const operatorsTopic = () =>
  s.built.stateful.getLogicalId(s.built.stateful.alerts.operators.node.defaultChild as never);
const notifiesOperators = (alarm: Json) =>
  [alarm.AlarmActions, alarm.OKActions].every((actions) =>
    asArray<Json>(actions).some((a) => resolveStatefulRef(a, s.stateful)?.logicalId === operatorsTopic()),
  );
const actionsOf = (st: Statement) => asArray<string>(st.Action).sort();

describe('the data table stream', () => {
  test('the data table declares a new-image stream, and only the tables that declare one have one', () => {
    expect((tables.data as TableDeclaration).stream).toBe('NEW_IMAGE');
    const ids = tableLogicalIds(s);
    for (const declaration of Object.values(tables) as TableDeclaration[]) {
      const props = s.stateful.toJSON().Resources[ids[declaration.id]].Properties;
      expect({ table: declaration.id, stream: props.StreamSpecification }).toEqual({
        table: declaration.id,
        stream: declaration.stream ? { StreamViewType: declaration.stream } : undefined,
      });
    }
  });

  test('the outbox publisher reads it for outbox items, the type the outbox adapter writes', () => {
    const publisher = streams['outbox-publisher'];
    expect(publisher.table).toBe('data');
    expect(publisher.itemType).toBe(OUTBOX_ITEM_TYPE);
    expect(publisher.access).toEqual({ events: true });
  });

  test('one stream function per entry of the stream table, in the Streams stack', () => {
    expect(Object.keys(s.built.streams.functions).sort()).toEqual(Object.keys(streams).sort());
    expect(s.built.streams.stackName).toBe('Orders-dev-Streams');
  });
});

describe.each(allStreams)('stream function %s', (name, definition) => {
  const mapping = (): Json => {
    const found = mappingsOf(name);
    expect(found).toHaveLength(1);
    return found[0];
  };

  test('runs its entry on the house runtime with active tracing, its service name and the bus name', () => {
    const props = resources()[functionId(name)].Properties;
    expect(props.Runtime).toBe('nodejs24.x');
    expect(props.Architectures).toEqual(['arm64']);
    expect(props.TracingConfig).toEqual({ Mode: 'Active' });
    expect(props.Description).toContain(name);
    const env = props.Environment.Variables;
    expect(env.POWERTOOLS_SERVICE_NAME).toBe(`orders-dev-${name}`);
    // `events` only: the bus, and no table name (it reads nothing but the stream records).
    expect(resolveStatefulRef(env[EVENT_BUS_ENV], s.stateful)?.logicalId).toBe(busLogicalId(s));
    expect(Object.keys(env).filter((k) => k.startsWith('TABLE_'))).toEqual([]);
  });

  test("is fed by its table's stream from the oldest record, new items of its type only", () => {
    const m = mapping();
    const source = resolveStatefulRef(m.EventSourceArn, s.stateful);
    expect(source).toEqual({ logicalId: tableLogicalIds(s)[definition.table], attribute: 'StreamArn', suffix: '' });
    expect(m.StartingPosition).toBe('TRIM_HORIZON');
    expect(m.Enabled ?? true).toBe(true);
    const patterns = asArray<Json>(m.FilterCriteria.Filters).map((f) => JSON.parse(f.Pattern));
    expect(patterns).toEqual([
      { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: [definition.itemType] } } } },
    ]);
  });

  test('reports failed records one by one, bisects a failing batch and retries a bounded number of times', () => {
    const m = mapping();
    expect(m.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(m.BisectBatchOnFunctionError).toBe(true);
    // -1 (the default) would retry a poisoned record until it leaves the stream, holding its shard for a day.
    expect(m.MaximumRetryAttempts).toBeGreaterThanOrEqual(1);
    expect(m.MaximumRetryAttempts).toBeLessThanOrEqual(100);
    // Given up while the records are still in the stream (24 h), so they can be read again.
    expect(m.MaximumRecordAgeInSeconds).toBeGreaterThanOrEqual(3600);
    expect(m.MaximumRecordAgeInSeconds).toBeLessThanOrEqual(12 * 3600);
    expect(m.BatchSize).toBeLessThanOrEqual(100);
  });

  test('[P-12] sends records it gives up on to its own encrypted, TLS-only queue, kept 14 days', () => {
    expect(mapping().DestinationConfig).toEqual({ OnFailure: { Destination: arnOf(queueId(name)) } });
    const queue = resources()[queueId(name)].Properties;
    expect(queue.SqsManagedSseEnabled === true || queue.KmsMasterKeyId !== undefined).toBe(true);
    expect(queue.MessageRetentionPeriod).toBe(14 * 86_400);
    const policies = ofType('AWS::SQS::QueuePolicy').filter(([, p]) =>
      asArray<Json>(p.Properties.Queues).some((q) => q.Ref === queueId(name)),
    );
    const statements = policies.flatMap(([, p]) => asArray<Statement>(p.Properties.PolicyDocument.Statement));
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 'sqs:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });

  test('holds exactly: its logs, X-Ray, PutEvents of our source on the bus, the stream, the table key via DynamoDB, its queue', () => {
    const statements = statementsOfFunction(s.stateless, functionId(name));
    const stream = statements.filter((st) => actionsOf(st).some((a) => a.startsWith('dynamodb:')));
    expect(stream).toHaveLength(1);
    expect(actionsOf(stream[0] as Statement)).toEqual([
      'dynamodb:DescribeStream',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
      'dynamodb:ListStreams',
    ]);
    expect(resolveStatefulRef((stream[0] as Statement).Resource, s.stateful)).toEqual({
      logicalId: tableLogicalIds(s)[definition.table],
      attribute: 'StreamArn',
      suffix: '',
    });

    const kms = statements.filter((st) => actionsOf(st).some((a) => a.startsWith('kms:')));
    expect(kms).toHaveLength(1);
    expect(actionsOf(kms[0] as Statement)).toEqual(['kms:Decrypt', 'kms:DescribeKey']);
    expect((kms[0] as Statement).Condition).toEqual({
      StringEquals: { 'kms:ViaService': `dynamodb.${s.built.streams.region}.amazonaws.com` },
    });
    expect(resolveStatefulRef((kms[0] as Statement).Resource, s.stateful)?.logicalId).toBe(keyLogicalId(s));

    const events = statements.filter((st) => actionsOf(st).some((a) => a.startsWith('events:')));
    expect(events).toHaveLength(1);
    expect(actionsOf(events[0] as Statement)).toEqual(['events:PutEvents']);
    expect((events[0] as Statement).Condition).toEqual({ StringEquals: { 'events:source': EVENT_SOURCE } });
    expect(resolveStatefulRef((events[0] as Statement).Resource, s.stateful)?.logicalId).toBe(busLogicalId(s));

    const sqs = statements.filter((st) => actionsOf(st).some((a) => a.startsWith('sqs:')));
    expect(sqs.map((st) => st.Resource)).toEqual([arnOf(queueId(name))]);
    expect(sqs.flatMap(actionsOf)).not.toContain('sqs:ReceiveMessage');

    const services = new Set(statements.flatMap((st) => actionsOf(st).map((a) => a.split(':')[0])));
    expect([...services].sort()).toEqual(['dynamodb', 'events', 'kms', 'logs', 'sqs', 'xray']);
  });

  test('alarms to the operators when its on-failure queue holds a message', () => {
    const watching = alarms().filter(
      (a) =>
        a.MetricName === 'ApproximateNumberOfMessagesVisible' &&
        JSON.stringify(asArray<Json>(a.Dimensions).find((d) => d.Name === 'QueueName')?.Value) ===
          JSON.stringify({ 'Fn::GetAtt': [queueId(name), 'QueueName'] }),
    );
    expect(watching).toHaveLength(1);
    const [alarm] = watching;
    expect(alarm.Threshold).toBe(1);
    expect(alarm.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
    expect(alarm.AlarmDescription).toMatch(/Runbook: docs\/runbook\.md#stream-records-given-up/);
    expect(notifiesOperators(alarm)).toBe(true);
  });

  test('alarms to the operators when it falls minutes behind its stream (iterator age)', () => {
    const watching = alarms().filter(
      (a) =>
        a.MetricName === 'IteratorAge' &&
        asArray<Json>(a.Dimensions).some((d) => d.Name === 'FunctionName' && d.Value?.Ref === functionId(name)),
    );
    expect(watching).toHaveLength(1);
    const [alarm] = watching;
    expect(alarm.Namespace).toBe('AWS/Lambda');
    expect(alarm.Statistic).toBe('Maximum');
    expect(alarm.Threshold).toBeGreaterThan(0);
    expect(alarm.Threshold).toBeLessThanOrEqual(15 * 60 * 1000);
    expect(alarm.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
    // An idle stream reports nothing and is not behind.
    expect(alarm.TreatMissingData).toBe('notBreaching');
    expect(alarm.AlarmDescription).toMatch(/Runbook: docs\/runbook\.md#stream-falling-behind/);
    expect(notifiesOperators(alarm)).toBe(true);
  });

  test('both alarms and the queue are on the dashboard', () => {
    const [dashboard] = ofType('AWS::CloudWatch::Dashboard').map(([, d]) => JSON.stringify(d.Properties.DashboardBody));
    for (const alarm of Object.values(s.built.streams.streamAlarms[name] ?? {})) {
      expect(dashboard).toContain(logicalIdOf(alarm).replace(/^Streams/, ''));
    }
    expect(dashboard).toContain(queueId(name).replace(/^Streams/, ''));
    expect(dashboard).toContain('IteratorAge');
  });
});

describe('the event archive', () => {
  const archives = (of: Synthesised) => ofType('AWS::Events::Archive', of.stateful.toJSON().Resources);

  test.each([
    ['dev', () => s, STAGES.dev],
    ['prod', () => prod, STAGES.prod],
  ] as const)('in %s keeps every event of our source from the bus for the stage setting', (_stage, of, settings) => {
    const found = archives(of());
    expect(found).toHaveLength(1);
    const [, archive] = found[0] as [string, Json];
    expect(archive.Properties.SourceArn).toEqual(arnOf(busLogicalId(of())));
    expect(archive.Properties.EventPattern).toEqual({ source: [EVENT_SOURCE] });
    expect(archive.Properties.RetentionDays).toBe(settings.eventArchiveDays);
    // 0 would mean "forever".
    expect(archive.Properties.RetentionDays).toBeGreaterThanOrEqual(1);
  });

  test('is retained with the stateful resources in prod, and can be torn down with a dev stage', () => {
    expect((archives(prod)[0] as [string, Json])[1].DeletionPolicy).toBe('Retain');
    expect((archives(s)[0] as [string, Json])[1].DeletionPolicy).toBe('Delete');
  });
});
