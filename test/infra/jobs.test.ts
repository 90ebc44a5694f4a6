/**
 * The job table (`functions/jobs/index.ts`) as deployed: one function per job on an EventBridge
 * Scheduler schedule with retries and a dead-letter queue, queue-driven processing for jobs
 * triggered by domain events, encrypted TLS-only queues and topics, and the deadline alarm.
 * The expectations restate docs/decisions/0013 independently of infra/constructs/scheduled-job.ts.
 */
import { type JobDefinition, jobs } from '../../functions/jobs/index';
import { streams } from '../../functions/streams/index';
import { EVENT_SOURCE } from '../../shared/config/resources';
import { DEADLINE_METRICS } from '../../shared/usecases/deadlines';
import {
  arnOf,
  asArray,
  busLogicalId,
  cleanUp,
  functionOfJob,
  type Json,
  logicalIdOf,
  resolveStatefulRef,
  type Statement,
  type Synthesised,
  statementsOfFunction,
  synthesise,
} from './support';

let s: Synthesised;
beforeAll(() => {
  // Templates only: stateless-stack.test.ts checks that every function, jobs included, bundles.
  s = synthesise({ bundle: false });
});
afterAll(() => cleanUp(s));

const allJobs = Object.entries(jobs as Record<string, JobDefinition>);
const triggeredJobs = allJobs.filter(([, j]) => (j.triggeredBy ?? []).length > 0);

const resources = (): Record<string, Json> => s.stateless.toJSON().Resources;
const ofType = (type: string): [string, Json][] =>
  Object.entries(resources()).filter(([, r]) => (r as Json).Type === type) as [string, Json][];
const job = (name: string) => {
  const built = s.built.jobs.jobs[name];
  if (!built) throw new Error(`job ${name} not built`);
  return built;
};
const fnProps = (name: string): Json => resources()[functionOfJob(s, name)].Properties;
const scheduleOf = (name: string): Json => {
  const found = ofType('AWS::Scheduler::Schedule').filter(([, r]) => {
    return JSON.stringify(r.Properties.Target.Arn) === JSON.stringify(arnOf(functionOfJob(s, name)));
  });
  expect(found).toHaveLength(1);
  return (found[0] as [string, Json])[1].Properties;
};
const actionsOf = (st: Statement) => asArray(st.Action);
/** The statements of the policies attached to a role, by the role's logical id. */
const statementsOfRole = (roleId: string): Statement[] =>
  ofType('AWS::IAM::Policy')
    .filter(([, p]) => asArray<Json>(p.Properties.Roles).some((r) => r.Ref === roleId))
    .flatMap(([, p]) => asArray<Statement>(p.Properties.PolicyDocument.Statement));
/** The statements of the queue policy attached to a queue. */
const queuePolicyOf = (queueId: string): Statement[] =>
  ofType('AWS::SQS::QueuePolicy')
    .filter(([, p]) => asArray<Json>(p.Properties.Queues).some((q) => q.Ref === queueId))
    .flatMap(([, p]) => asArray<Statement>(p.Properties.PolicyDocument.Statement));

describe.each(allJobs)('job %s', (name, definition) => {
  test("runs its handler with the table's timeout and memory (defaults 60 s, 512 MB)", () => {
    const props = fnProps(name);
    expect(props.Handler).toBe('index.handler');
    expect(props.Runtime).toBe('nodejs24.x');
    expect(props.Architectures).toEqual(['arm64']);
    expect(props.TracingConfig).toEqual({ Mode: 'Active' });
    expect(props.Timeout).toBe(definition.timeoutSeconds ?? 60);
    expect(props.MemorySize).toBe(definition.memoryMb ?? 512);
    expect(props.Description).toContain(name);
  });

  test('runs on its schedule (EventBridge Scheduler), retried twice within an hour, then to a dead-letter queue', () => {
    const schedule = scheduleOf(name);
    expect(schedule.ScheduleExpression).toBe(definition.schedule);
    expect(schedule.ScheduleExpressionTimezone).toBe('Etc/UTC');
    expect(schedule.State).toBe('ENABLED');
    expect(schedule.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
    expect(schedule.Target.RetryPolicy).toEqual({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 });
    expect(schedule.Target.DeadLetterConfig).toEqual({ Arn: arnOf(logicalIdOf(job(name).deadLetterQueue)) });
    // Always an object, so the handler can tell a scheduled run from an SQS batch.
    expect(JSON.parse(schedule.Target.Input)).toEqual({ job: name });
  });

  test('the schedule role may invoke exactly this function and write its dead-letter queue, nothing else', () => {
    const roleId = scheduleOf(name).Target.RoleArn['Fn::GetAtt'][0] as string;
    const role = resources()[roleId].Properties;
    const [trust, ...others] = asArray<Statement>(role.AssumeRolePolicyDocument.Statement);
    expect(others).toEqual([]);
    expect(trust?.Principal).toEqual({ Service: 'scheduler.amazonaws.com' });
    expect(trust?.Condition.StringEquals['aws:SourceAccount']).toBe(s.built.jobs.account);
    expect(statementsOfRole(roleId)).toEqual([
      // The unqualified ARN only: not every version and alias (`<arn>:*`), which grantInvoke would add.
      { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: arnOf(functionOfJob(s, name)) },
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: arnOf(logicalIdOf(job(name).deadLetterQueue)) },
    ]);
  });

  test("keeps runs that still fail after Lambda's asynchronous retries in its dead-letter queue", () => {
    const dlq = arnOf(logicalIdOf(job(name).deadLetterQueue));
    expect(fnProps(name).DeadLetterConfig).toEqual({ TargetArn: dlq });
    const sends = statementsOfFunction(s.stateless, functionOfJob(s, name)).filter((st) =>
      actionsOf(st).includes('sqs:SendMessage'),
    );
    expect(sends).toEqual([expect.objectContaining({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: dlq })]);
  });

  test('reports metrics under its own Powertools service name, in the PrivacyOrders namespace', () => {
    const env = fnProps(name).Environment.Variables;
    expect(env.POWERTOOLS_METRICS_NAMESPACE).toBe('PrivacyOrders');
    expect(env.POWERTOOLS_SERVICE_NAME).toBe(job(name).serviceName);
    expect(env.POWERTOOLS_SERVICE_NAME).toContain(name);
  });

  if (!definition.triggeredBy?.length) {
    test('is not queue-driven: no trigger queue, rule or event source mapping', () => {
      expect(job(name).trigger).toBeUndefined();
      const fnRef = { Ref: functionOfJob(s, name) };
      const mappings = ofType('AWS::Lambda::EventSourceMapping').filter(
        ([, m]) => JSON.stringify(m.Properties.FunctionName) === JSON.stringify(fnRef),
      );
      expect(mappings).toEqual([]);
    });
  }
});

describe.each(triggeredJobs)('queue-driven job %s', (name, definition) => {
  const trigger = () => {
    const t = job(name).trigger;
    if (!t) throw new Error(`job ${name} has no trigger`);
    return {
      queue: logicalIdOf(t.queue),
      deadLetterQueue: logicalIdOf(t.deadLetterQueue),
      rule: logicalIdOf(t.rule),
    };
  };

  test('a rule on the domain event bus sends our events of the triggering types to the queue', () => {
    const rule = resources()[trigger().rule].Properties;
    expect(resolveStatefulRef(rule.EventBusName, s.stateful)).toEqual({
      logicalId: busLogicalId(s),
      attribute: 'Ref',
      suffix: '',
    });
    expect(rule.State).toBe('ENABLED');
    expect(rule.EventPattern).toEqual({ source: [EVENT_SOURCE], 'detail-type': [...(definition.triggeredBy ?? [])] });
    expect(rule.Targets).toEqual([
      {
        Id: expect.any(String),
        Arn: arnOf(trigger().queue),
        // Events the rule cannot deliver to the queue are kept too.
        DeadLetterConfig: { Arn: arnOf(trigger().deadLetterQueue) },
      },
    ]);
  });

  test('only that rule may send to the queue and to its dead-letter queue', () => {
    for (const queue of [trigger().queue, trigger().deadLetterQueue]) {
      const allows = queuePolicyOf(queue).filter((st) => st.Effect === 'Allow');
      expect(allows.length).toBeGreaterThan(0);
      for (const st of allows) {
        expect(st.Principal).toEqual({ Service: 'events.amazonaws.com' });
        expect(actionsOf(st)).toContain('sqs:SendMessage');
        expect(
          actionsOf(st).filter((a) => !['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'].includes(a)),
        ).toEqual([]);
        expect(st.Condition).toEqual({ ArnEquals: { 'aws:SourceArn': arnOf(trigger().rule) } });
      }
    }
  });

  test('the queue hides a message for at least six function timeouts and moves it to its own DLQ after 5 receives', () => {
    const queue = resources()[trigger().queue].Properties;
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * (definition.timeoutSeconds ?? 60));
    expect(queue.RedrivePolicy).toEqual({ deadLetterTargetArn: arnOf(trigger().deadLetterQueue), maxReceiveCount: 5 });
    expect(trigger().deadLetterQueue).not.toBe(logicalIdOf(job(name).deadLetterQueue));
  });

  test('the function reads the queue in batches of 10 and reports failed records one by one', () => {
    const mappings = ofType('AWS::Lambda::EventSourceMapping').filter(
      ([, m]) => JSON.stringify(m.Properties.EventSourceArn) === JSON.stringify(arnOf(trigger().queue)),
    );
    expect(mappings).toHaveLength(1);
    const mapping = (mappings[0] as [string, Json])[1].Properties;
    expect(mapping.FunctionName).toEqual({ Ref: functionOfJob(s, name) });
    expect(mapping.BatchSize).toBe(10);
    expect(mapping.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(mapping.Enabled ?? true).toBe(true);
  });

  test('the function may consume from its own trigger queue and no other', () => {
    const sqs = statementsOfFunction(s.stateless, functionOfJob(s, name)).filter((st) =>
      actionsOf(st).some((a) => a.startsWith('sqs:') && a !== 'sqs:SendMessage'),
    );
    expect(sqs).toHaveLength(1);
    expect(actionsOf(sqs[0] as Statement)).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']));
    expect((sqs[0] as Statement).Resource).toEqual(arnOf(trigger().queue));
  });
});

describe('all jobs', () => {
  test('every job in the table is built, with one schedule each; only triggered jobs have rules and mappings', () => {
    expect(Object.keys(s.built.jobs.jobs).sort()).toEqual(allJobs.map(([name]) => name).sort());
    expect(ofType('AWS::Scheduler::Schedule')).toHaveLength(allJobs.length);
    expect(ofType('AWS::Events::Rule')).toHaveLength(triggeredJobs.length);
    // Plus one stream mapping per stream function (test/infra/outbox.test.ts).
    expect(ofType('AWS::Lambda::EventSourceMapping')).toHaveLength(triggeredJobs.length + Object.keys(streams).length);
    expect(triggeredJobs.length).toBeGreaterThan(0);
    expect(triggeredJobs.length).toBeLessThan(allJobs.length);
  });

  test('job functions have distinct service names, so their metrics never mix', () => {
    const names = allJobs.map(([name]) => fnProps(name).Environment.Variables.POWERTOOLS_SERVICE_NAME);
    expect(new Set(names).size).toBe(allJobs.length);
  });

  test('[P-12] every queue is encrypted at rest and refuses requests without TLS', () => {
    const queues = ofType('AWS::SQS::Queue');
    // Each stream function's on-failure queue is held to the same rule.
    expect(queues).toHaveLength(allJobs.length + 2 * triggeredJobs.length + Object.keys(streams).length);
    for (const [id, queue] of queues) {
      // SQS-managed SSE (messages carry event ids and types only), or a KMS key.
      expect(queue.Properties.SqsManagedSseEnabled === true || queue.Properties.KmsMasterKeyId !== undefined).toBe(
        true,
      );
      expect(queuePolicyOf(id)).toContainEqual({
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'sqs:*',
        Resource: arnOf(id),
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      });
    }
  });

  test('dead-letter queues keep messages for the SQS maximum of 14 days', () => {
    const dlqs = Object.values(s.built.jobs.jobs).flatMap((j) => [
      j.deadLetterQueue,
      ...(j.trigger ? [j.trigger.deadLetterQueue] : []),
    ]);
    for (const dlq of dlqs)
      expect(resources()[logicalIdOf(dlq)].Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
  });
});

describe.each([
  ['an incident past its 72-hour authority decision', DEADLINE_METRICS.incidentDecisionsOverdue],
  ['a privacy_breach complaint past its 72-hour triage', DEADLINE_METRICS.breachTriageOverdue],
])('the breach clock alarm for %s', (_what, metric) => {
  test('[P-21] fires within the hour, to the officers', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').filter(([, a]) => a.Properties.MetricName === metric);
    expect(alarms).toHaveLength(1);
    const alarm = (alarms[0] as [string, Json])[1].Properties;
    const env = fnProps('deadline-monitor').Environment.Variables;
    expect(alarm.Namespace).toBe(env.POWERTOOLS_METRICS_NAMESPACE);
    expect(alarm.Dimensions).toEqual([{ Name: 'service', Value: env.POWERTOOLS_SERVICE_NAME }]);
    expect(alarm.Statistic).toBe('Maximum');
    expect(alarm.Period).toBe(3600);
    expect(alarm.Threshold).toBe(1);
    expect(alarm.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
    const officers = s.built.stateful.getLogicalId(s.built.stateful.alerts.officers.node.defaultChild as never);
    expect(resolveStatefulRef(alarm.AlarmActions[0], s.stateful)?.logicalId).toBe(officers);
    // The monitor looks hourly, so the alarm cannot be a day late.
    expect(scheduleOf('deadline-monitor').ScheduleExpression).toBe('rate(1 hour)');
  });
});

describe('the incident-notices job', () => {
  test('is woken by IncidentNoticesRequested and resumes every five minutes, with 15 minutes a run', () => {
    const definition = jobs['incident-notices'];
    expect(definition.triggeredBy).toEqual(['IncidentNoticesRequested']);
    expect(scheduleOf('incident-notices').ScheduleExpression).toBe('rate(5 minutes)');
    expect(fnProps('incident-notices').Timeout).toBe(900);
  });

  test('may open subject keys (to address the mail), and touches no user pool', () => {
    // ses:SendEmail follows `mail: 'send'` only on a stage with a sender identity (grants.test.ts).
    expect(jobs['incident-notices'].access.mail).toBe('send');
    const statements = statementsOfFunction(s.stateless, functionOfJob(s, 'incident-notices'));
    const actions = statements.flatMap(actionsOf);
    expect(actions).toContain('kms:Decrypt');
    expect(actions.filter((a) => a.startsWith('cognito-idp:'))).toEqual([]);
  });
});

describe('the deadline alarm', () => {
  test('fires when the deadline monitor reports at least one overdue deadline in a day, to the officers', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').filter(
      ([, a]) => a.Properties.MetricName === DEADLINE_METRICS.overdue,
    );
    expect(alarms).toHaveLength(1);
    const alarm = (alarms[0] as [string, Json])[1].Properties;
    // The metric exactly as Powertools emits it from the deadline-monitor function: its namespace and
    // the default `service` dimension (POWERTOOLS_SERVICE_NAME), no other dimension.
    const env = fnProps('deadline-monitor').Environment.Variables;
    expect(alarm.Namespace).toBe(env.POWERTOOLS_METRICS_NAMESPACE);
    expect(alarm.Dimensions).toEqual([{ Name: 'service', Value: env.POWERTOOLS_SERVICE_NAME }]);
    expect(alarm.Statistic).toBe('Maximum');
    expect(alarm.Period).toBe(86400);
    expect(alarm.EvaluationPeriods).toBe(1);
    expect(alarm.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
    expect(alarm.Threshold).toBe(1);
    expect(alarm.TreatMissingData).toBe('notBreaching');
    const officers = s.built.stateful.getLogicalId(s.built.stateful.alerts.officers.node.defaultChild as never);
    expect(resolveStatefulRef(alarm.AlarmActions[0], s.stateful)?.logicalId).toBe(officers);
    expect(resolveStatefulRef(alarm.OKActions[0], s.stateful)?.logicalId).toBe(officers);
  });
});
