/**
 * The alarms and the dashboard (docs/decisions/0019), checked against the synthesised templates: the
 * sets of things that must be watched (dead-letter queues, jobs, functions, tables) are read from
 * the templates themselves, so a new queue, job or function without its alarm fails here.
 */
import { type JobDefinition, jobs } from '../../functions/jobs/index';
import { routes } from '../../functions/routes';
import { DIGEST_SIGNING_ALGORITHM as INFRA_SIGNING_ALGORITHM } from '../../infra/constructs/digest-key';
import {
  AUDIT_VERIFICATION_PROBLEMS_METRIC,
  AUDIT_VERIFICATION_RUNS_METRIC,
  PRIVACY_REQUEST_BACKLOG,
  runWindow,
} from '../../infra/stacks/jobs-stack';
import { STAGES } from '../../infra/stages';
import { CARRIER_IDS, CARRIER_SIGNATURE_METRIC } from '../../shared/config/carriers';
import { tables } from '../../shared/config/resources';
import { DIGEST_SIGNING_ALGORITHM } from '../../shared/domain/audit-digest';
import { PRIVACY_REQUEST_TYPES } from '../../shared/domain/privacy-request';
import type { RouteDefinition } from '../../shared/http/route';
import { AUDIT_VERIFICATION_METRICS } from '../../shared/usecases/audit-verification';
import { BACKLOG_METRICS } from '../../shared/usecases/deadlines';
import {
  asArray,
  cleanUp,
  functionOfJob,
  type Json,
  logicalIdOf,
  resolveStatefulRef,
  type Synthesised,
  synthesise,
} from './support';

let s: Synthesised;
beforeAll(() => {
  s = synthesise({ bundle: false });
});
afterAll(() => cleanUp(s));

const resources = (): Record<string, Json> => s.stateless.toJSON().Resources;
const ofType = (type: string): [string, Json][] =>
  Object.entries(resources()).filter(([, r]) => (r as Json).Type === type) as [string, Json][];
const alarms = () => ofType('AWS::CloudWatch::Alarm').map(([id, a]) => ({ id, ...a.Properties }) as Json);
/** The metrics an alarm reads, whether it is a plain metric alarm or metric math. */
const metricsOf = (alarm: Json): Json[] =>
  alarm.MetricName
    ? [{ Namespace: alarm.Namespace, MetricName: alarm.MetricName, Dimensions: alarm.Dimensions ?? [] }]
    : asArray<Json>(alarm.Metrics)
        .filter((m) => m.MetricStat)
        .map((m) => ({ ...m.MetricStat.Metric, Dimensions: m.MetricStat.Metric.Dimensions ?? [] }));
const topicId = (audience: 'operators' | 'officers') =>
  s.built.stateful.getLogicalId(s.built.stateful.alerts[audience].node.defaultChild as never);
const notifies = (alarm: Json, audience: 'operators' | 'officers') =>
  asArray<Json>(alarm.AlarmActions).some((a) => resolveStatefulRef(a, s.stateful)?.logicalId === topicId(audience)) &&
  asArray<Json>(alarm.OKActions).some((a) => resolveStatefulRef(a, s.stateful)?.logicalId === topicId(audience));
const dimension = (metric: Json, name: string): Json =>
  asArray<Json>(metric.Dimensions).find((d) => d.Name === name)?.Value;

describe('every alarm', () => {
  test('[P-15] is named for its stage, says which runbook entry to follow and notifies a topic when it fires and clears', () => {
    expect(alarms().length).toBeGreaterThan(30);
    for (const alarm of alarms()) {
      expect(alarm.AlarmName).toMatch(/^orders-dev-/);
      expect(alarm.AlarmDescription).toMatch(/Runbook: docs\/runbook\.md#[a-z0-9-]+/);
      expect(notifies(alarm, 'operators') || notifies(alarm, 'officers')).toBe(true);
    }
  });

  test('only alarms of the stage may publish to the alert topics', () => {
    const policies = Object.values(s.stateful.findResources('AWS::SNS::TopicPolicy')) as Json[];
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      const allow = asArray<Json>(policy.Properties.PolicyDocument.Statement).filter((st) => st.Effect === 'Allow');
      expect(allow).toHaveLength(1);
      expect(allow[0].Principal).toEqual({ Service: 'cloudwatch.amazonaws.com' });
      expect(JSON.stringify(allow[0].Condition.ArnLike['aws:SourceArn'])).toContain(':alarm:orders-dev-*');
      expect(allow[0].Condition.StringEquals).toEqual({ 'aws:SourceAccount': s.built.stateful.account });
    }
  });

  test('every runbook anchor an alarm names exists in docs/runbook.md', () => {
    const fs = require('node:fs') as typeof import('node:fs');
    const runbook = fs.readFileSync('docs/runbook.md', 'utf8');
    const anchors = new Set(
      [...runbook.matchAll(/^#{2,3} (.+)$/gm)].map((m) =>
        (m[1] as string)
          .toLowerCase()
          .replace(/[^a-z0-9 -]/g, '')
          .trim()
          .replace(/ /g, '-'),
      ),
    );
    for (const alarm of alarms()) {
      const anchor = /docs\/runbook\.md#([a-z0-9-]+)/.exec(alarm.AlarmDescription)?.[1];
      expect({ alarm: alarm.AlarmName, anchor, exists: anchors.has(anchor as string) }).toEqual({
        alarm: alarm.AlarmName,
        anchor,
        exists: true,
      });
    }
  });
});

describe('dead-letter queues', () => {
  /** Every queue some resource sends failures to, found in the template (not from the constructs). */
  const deadLetterQueueIds = (): Set<string> => {
    const ids = new Set<string>();
    const visit = (v: Json, key?: string) => {
      if (Array.isArray(v)) {
        for (const x of v) visit(x);
        return;
      }
      if (!v || typeof v !== 'object') return;
      if ((key === 'DeadLetterConfig' || key === 'OnFailure') && (v.Arn ?? v.TargetArn ?? v.Destination)) {
        ids.add((v.Arn ?? v.TargetArn ?? v.Destination)['Fn::GetAtt'][0]);
      }
      if (key === 'RedrivePolicy' && v.deadLetterTargetArn) ids.add(v.deadLetterTargetArn['Fn::GetAtt'][0]);
      for (const [k, inner] of Object.entries(v)) visit(inner, k);
    };
    visit(resources());
    return ids;
  };

  test('every dead-letter queue has an alarm at one visible message, to the operators', () => {
    const dlqs = deadLetterQueueIds();
    expect(dlqs.size).toBeGreaterThanOrEqual(Object.keys(jobs).length);
    for (const id of dlqs) {
      expect(resources()[id].Type).toBe('AWS::SQS::Queue');
      const watching = alarms().filter((a) =>
        metricsOf(a).some(
          (m) =>
            m.MetricName === 'ApproximateNumberOfMessagesVisible' &&
            JSON.stringify(dimension(m, 'QueueName')) === JSON.stringify({ 'Fn::GetAtt': [id, 'QueueName'] }),
        ),
      );
      expect({ queue: id, alarms: watching.length }).toEqual({ queue: id, alarms: 1 });
      const [alarm] = watching;
      expect(alarm.Threshold).toBe(1);
      expect(alarm.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
      expect(notifies(alarm, 'operators')).toBe(true);
    }
  });
});

describe.each(Object.entries(jobs as Record<string, JobDefinition>))('job %s', (name, job) => {
  const fnRef = () => ({ Ref: functionOfJob(s, name) });
  const onJob = (metricName: string) =>
    alarms().filter((a) =>
      metricsOf(a).some(
        (m) => m.MetricName === metricName && JSON.stringify(dimension(m, 'FunctionName')) === JSON.stringify(fnRef()),
      ),
    );

  test('alarms when it has not run in its window, treating missing data as breaching', () => {
    const [alarm, ...others] = onJob('Invocations');
    expect(others).toEqual([]);
    const window = runWindow(job.schedule);
    expect(alarm.Statistic).toBe('Sum');
    expect(alarm.Period).toBe(window.period.toSeconds());
    expect(alarm.EvaluationPeriods).toBe(window.evaluationPeriods);
    expect(alarm.Period * alarm.EvaluationPeriods).toBeLessThanOrEqual(86_400);
    expect(alarm.ComparisonOperator).toBe('LessThanThreshold');
    expect(alarm.Threshold).toBe(1);
    expect(alarm.TreatMissingData).toBe('breaching');
    expect(notifies(alarm, 'operators')).toBe(true);
  });

  test('alarms on a failed run', () => {
    const [alarm, ...others] = onJob('Errors');
    expect(others).toEqual([]);
    expect(alarm.Threshold).toBe(1);
    expect(alarm.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
  });
});

describe('run windows from schedule expressions', () => {
  test('hourly rates allow two intervals, daily crons one day, anything else must be declared', () => {
    expect(runWindow('rate(1 hour)')).toMatchObject({ evaluationPeriods: 2 });
    expect(runWindow('rate(1 hour)').period.toSeconds()).toBe(3600);
    expect(runWindow('cron(0 6 * * ? *)').period.toSeconds()).toBe(86_400);
    expect(runWindow('rate(1 day)').evaluationPeriods).toBe(1);
    expect(() => runWindow('rate(7 days)')).toThrow(/less than daily/);
    expect(() => runWindow('cron(0 6 ? * MON *)')).toThrow(/No missed-run window/);
  });
});

describe('functions', () => {
  test('every function is in exactly one Lambda errors alarm and one throttles alarm, of at most 10 metrics each', () => {
    const routeFunctions = Object.values(s.built.routeGroups).flatMap((g) =>
      Object.values(g.functions).map((f) => logicalIdOf(f.fn.function)),
    );
    expect(routeFunctions).toHaveLength(Object.keys(routes).length);
    for (const metricName of ['Errors', 'Throttles']) {
      const groupAlarms = alarms().filter((a) => a.AlarmName.includes(`-lambda-${metricName.toLowerCase()}`));
      for (const alarm of groupAlarms) expect(metricsOf(alarm).length).toBeLessThanOrEqual(10);
      for (const fn of routeFunctions) {
        const covering = groupAlarms.filter((a) =>
          metricsOf(a).some((m) => m.MetricName === metricName && dimension(m, 'FunctionName')?.Ref === fn),
        );
        expect({ fn, metricName, alarms: covering.length }).toEqual({ fn, metricName, alarms: 1 });
      }
    }
  });

  test('a canary deployment rolls back on the API 5xx alarm and the group errors alarm', () => {
    const apiAlarm = logicalIdOf(s.built.api.serverErrorRateAlarm);
    const groups = ofType('AWS::CodeDeploy::DeploymentGroup');
    expect(groups).toHaveLength(Object.keys(routes).length);
    for (const [, group] of groups) {
      const names = group.Properties.AlarmConfiguration.Alarms.map((a: Json) => a.Name);
      expect(names).toContainEqual({ Ref: apiAlarm });
      expect(names.length).toBeGreaterThanOrEqual(2);
      expect(group.Properties.AlarmConfiguration.Enabled).toBe(true);
      expect(group.Properties.AutoRollbackConfiguration.Events).toEqual(
        expect.arrayContaining(['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM']),
      );
    }
  });
});

describe('API', () => {
  const api = () => logicalIdOf(s.built.api.api);

  test('alarms on the share of 5xx answers, ignoring quiet periods', () => {
    const alarm = alarms().find((a) => a.AlarmName === 'orders-dev-api-5xx-rate') as Json;
    const expression = asArray<Json>(alarm.Metrics).find((m) => m.Expression)?.Expression as string;
    expect(expression).toContain(`requests >= ${STAGES.dev.alarms.api.minimumRequests}`);
    expect(alarm.Threshold).toBe(STAGES.dev.alarms.api.serverErrorPercent);
    for (const m of metricsOf(alarm)) {
      expect(m.Namespace).toBe('AWS/ApiGateway');
      expect(dimension(m, 'ApiId')).toEqual({ Ref: api() });
      expect(dimension(m, 'Stage')).toBe('$default');
    }
    expect(
      metricsOf(alarm)
        .map((m) => m.MetricName)
        .sort(),
    ).toEqual(['5xx', 'Count']);
  });

  test('alarms on p99 latency', () => {
    const alarm = alarms().find((a) => a.AlarmName === 'orders-dev-api-p99-latency') as Json;
    expect(alarm.ExtendedStatistic).toBe('p99');
    expect(alarm.MetricName).toBe('Latency');
    expect(alarm.Threshold).toBe(STAGES.dev.alarms.api.p99LatencyMs);
  });
});

describe('DynamoDB', () => {
  test.each(Object.keys(tables))('the %s table has a throttle alarm and a system-errors alarm', (id) => {
    const table = s.built.stateful.getLogicalId(s.built.stateful.tables[id as 'data'].node.defaultChild as never);
    for (const metricName of ['ThrottledRequests', 'SystemErrors']) {
      const watching = alarms().filter((a) =>
        metricsOf(a).some(
          (m) =>
            m.MetricName === metricName &&
            resolveStatefulRef(dimension(m, 'TableName'), s.stateful)?.logicalId === table,
        ),
      );
      expect({ metricName, alarms: watching.length }).toEqual({ metricName, alarms: 1 });
      expect(notifies(watching[0], 'operators')).toBe(true);
    }
  });
});

describe('audit verification (docs/decisions/0030)', () => {
  const named = (what: string) => alarms().find((a) => a.AlarmName === `orders-dev-${what}`) as Json;
  const fromVerifyJob = (alarm: Json) =>
    alarm.Namespace === 'PrivacyOrders' && dimension(alarm, 'service') === 'orders-dev-audit-verify';

  test('a problem the audit-verify job finds alarms the officers', () => {
    const alarm = named('audit-verification-failed');
    expect(alarm).toMatchObject({
      MetricName: AUDIT_VERIFICATION_METRICS.problems,
      Statistic: 'Maximum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(fromVerifyJob(alarm)).toBe(true);
    expect(notifies(alarm, 'officers')).toBe(true);
  });

  test('a day without a completed verification (crashed, timed out, not run) alarms the officers: missing data breaches', () => {
    const alarm = named('audit-verification-missing');
    expect(alarm).toMatchObject({
      MetricName: AUDIT_VERIFICATION_METRICS.runs,
      Statistic: 'Sum',
      Period: 86_400,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
    expect(fromVerifyJob(alarm)).toBe(true);
    expect(notifies(alarm, 'officers')).toBe(true);
  });

  test('the job publishes the metrics the alarms read', () => {
    expect(AUDIT_VERIFICATION_METRICS).toEqual({
      problems: AUDIT_VERIFICATION_PROBLEMS_METRIC,
      runs: AUDIT_VERIFICATION_RUNS_METRIC,
    });
    // The digest key's policy allows the algorithm digests are signed with.
    expect(INFRA_SIGNING_ALGORITHM).toBe(DIGEST_SIGNING_ALGORITHM);
  });
});

describe('metrics from logs', () => {
  const filters = () => ofType('AWS::Logs::MetricFilter').map(([, f]) => f.Properties);
  const filterFor = (metricName: string) =>
    filters().find((f) => f.MetricTransformations[0].MetricName === metricName) as Json;
  const alarmOn = (metricName: string) =>
    alarms().filter((a) => a.MetricName === metricName || metricsOf(a).some((m) => m.MetricName === metricName));

  test('[P-15] staff reads of personal data: every GET route that requires a staff purpose, and an anomaly alarm to the officers', () => {
    const staffReads = Object.values(routes as Record<string, RouteDefinition>).filter(
      (r) => r.staffPurpose === 'required' && r.method === 'GET',
    );
    expect(staffReads.length).toBeGreaterThan(0);
    const pattern = filterFor('StaffPersonalDataReads').FilterPattern as string;
    for (const r of staffReads) expect(pattern).toContain(`$.routeKey = "${r.method} ${r.path}"`);
    expect(pattern.match(/\$\.routeKey/g)).toHaveLength(staffReads.length);
    const [alarm, ...others] = alarmOn('StaffPersonalDataReads');
    expect(others).toEqual([]);
    expect(alarm.ComparisonOperator).toBe('GreaterThanUpperThreshold');
    expect(asArray<Json>(alarm.Metrics).some((m) => /ANOMALY_DETECTION_BAND/.test(m.Expression ?? ''))).toBe(true);
    expect(notifies(alarm, 'officers')).toBe(true);
  });

  test('rejected carrier signatures: 401s on the signed webhook are counted from the access logs (all carriers together)', () => {
    const pattern = filterFor('RejectedCarrierSignatures').FilterPattern as string;
    expect(pattern).toContain('$.routeKey = "POST /v1/carriers/{carrier}/events"');
    expect(pattern).toContain('$.status = "401"');
    // The alarms watch the webhook's own per-carrier metric instead (next test).
    expect(alarmOn('RejectedCarrierSignatures')).toEqual([]);
  });

  test.each(CARRIER_IDS)(
    '[P-29] rejected signatures of carrier %s: an alarm of its own on the webhook function’s metric, to the operators',
    (carrier) => {
      const webhook = Object.values(s.built.routeGroups)
        .flatMap((g) => Object.values(g?.functions ?? {}))
        .find((f) => f.route.access.carrierWebhookSecret === true);
      if (!webhook) throw new Error('no signed webhook route');
      const fnEnv = resources()[logicalIdOf(webhook.fn.function)].Properties.Environment.Variables;
      const mine = alarms().filter((a) =>
        metricsOf(a).some(
          (m) =>
            m.MetricName === CARRIER_SIGNATURE_METRIC.name &&
            dimension(m, CARRIER_SIGNATURE_METRIC.dimension) === carrier,
        ),
      );
      expect(mine).toHaveLength(1);
      const [alarm] = mine as [Json];
      expect(alarm.AlarmName).toBe(`orders-dev-carrier-signatures-rejected-${carrier}`);
      // Exactly the dimensions the function emits: its own service name (set in its environment) and the carrier.
      expect(metricsOf(alarm)).toEqual([
        {
          Namespace: fnEnv.POWERTOOLS_METRICS_NAMESPACE,
          MetricName: CARRIER_SIGNATURE_METRIC.name,
          Dimensions: expect.arrayContaining([
            { Name: 'service', Value: fnEnv.POWERTOOLS_SERVICE_NAME },
            { Name: CARRIER_SIGNATURE_METRIC.dimension, Value: carrier },
          ]),
        },
      ]);
      expect(metricsOf(alarm)[0].Dimensions).toHaveLength(2);
      // The service name is the stage's own, so another stage in the account cannot trip it.
      expect(fnEnv.POWERTOOLS_SERVICE_NAME).toMatch(/^orders-dev-/);
      expect(alarm.TreatMissingData).toBe('notBreaching');
      expect(alarm.AlarmDescription).toContain('#rejected-carrier-signatures');
      expect(notifies(alarm, 'operators')).toBe(true);
    },
  );

  test('[P-07] business counts come from the access logs, with no dimensions', () => {
    for (const name of ['OrdersPlaced', 'PrivacyRequestsSubmitted', 'ComplaintsFiled', 'IncidentsOpened']) {
      const transformation = filterFor(name).MetricTransformations[0];
      expect(transformation.MetricNamespace).toBe('PrivacyOrders/dev');
      expect(transformation.Dimensions).toBeUndefined();
    }
  });
});

describe('the dashboard', () => {
  const body = (): string => {
    const [dashboard, ...others] = ofType('AWS::CloudWatch::Dashboard').map(([, d]) => d.Properties);
    expect(others).toEqual([]);
    return JSON.stringify(dashboard.DashboardBody);
  };

  test('is one dashboard named for the stage', () => {
    const [dashboard] = ofType('AWS::CloudWatch::Dashboard').map(([, d]) => d.Properties);
    expect(dashboard.DashboardName).toBe('orders-dev');
  });

  test('shows the golden signals of every route group, every job, every dead-letter queue and the business counts', () => {
    const text = body();
    for (const group of Object.keys(s.built.routeGroups)) {
      expect(text).toContain(`${group} routes: traffic, errors, throttles`);
      expect(text).toContain(`${group} routes: p99 duration`);
    }
    for (const name of Object.keys(jobs)) expect(text).toContain(`\\"label\\":\\"${name}\\"`);
    for (const [, job] of Object.entries(s.built.jobs.jobs)) {
      for (const queue of job.deadLetterQueues) expect(text).toContain(logicalIdOf(queue).replace(/^Jobs/, ''));
    }
    for (const metric of [
      'OrdersPlaced',
      'PrivacyRequestsSubmitted',
      'ComplaintsFiled',
      'DeadlinesDueSoon',
      'DeadlinesOverdue',
    ]) {
      expect(text).toContain(metric);
    }
    expect(text).toContain('alarm');
  });

  test('shows the privacy-request backlog by type and age, from the metrics the deadline monitor publishes', () => {
    // The infra's names are the use case's (infra reads no use case code).
    expect({
      open: PRIVACY_REQUEST_BACKLOG.open,
      oldestAgeDays: PRIVACY_REQUEST_BACKLOG.oldestAgeDays,
      dimension: PRIVACY_REQUEST_BACKLOG.dimension,
    }).toEqual(BACKLOG_METRICS);
    expect([...PRIVACY_REQUEST_BACKLOG.types].sort()).toEqual([...PRIVACY_REQUEST_TYPES].sort());
    const monitor = s.built.jobs.jobs['deadline-monitor'];
    if (!monitor) throw new Error('the deadline-monitor job is not built');
    const widgets = (): Json[] => {
      const [dashboard] = ofType('AWS::CloudWatch::Dashboard').map(([, d]) => d.Properties);
      // The body is a Fn::Join of text and tokens (each inside a JSON string).
      const text = (dashboard.DashboardBody['Fn::Join'][1] as Json[])
        .map((part) => (typeof part === 'string' ? part : 'TOKEN'))
        .join('');
      return JSON.parse(text).widgets;
    };
    for (const [title, metricName] of [
      ['Privacy requests open, by type', BACKLOG_METRICS.open],
      ['Privacy requests: age of the oldest open one (days), by type', BACKLOG_METRICS.oldestAgeDays],
    ] as const) {
      const widget = widgets().find((w) => w.properties?.title === title);
      expect(widget).toBeDefined();
      // [namespace, name, dimension, value, dimension, value, options]: dimensions in any order.
      const lines = widget.properties.metrics.map((m: Json[]) => {
        const [namespace, name, ...rest] = m.filter((x) => typeof x === 'string') as string[];
        const pairs = rest.flatMap((x, i) => (i % 2 === 0 ? [[x, rest[i + 1]]] : []));
        return { namespace, name, dimensions: Object.fromEntries(pairs) };
      });
      expect(lines).toEqual(
        PRIVACY_REQUEST_TYPES.map((type) => ({
          namespace: 'PrivacyOrders',
          name: metricName,
          dimensions: { service: monitor.serviceName, [BACKLOG_METRICS.dimension]: type },
        })),
      );
    }
  });

  test('lists every alarm of the stage in its status widget', () => {
    const text = body();
    for (const [id] of ofType('AWS::CloudWatch::Alarm')) {
      expect(text).toContain(id.replace(/^(Api|Jobs|Streams|Operations|Routes[A-Z][a-z]+)/, ''));
    }
  });
});
