/**
 * How the API is let in and watched, built once every route exists: the `$default` stage (stage and
 * per-route throttles from the stage settings, JSON access logs), the metrics CloudWatch Logs derives
 * from those access logs (staff reads of personal data, rejected carrier signatures, business
 * counts), the DynamoDB and anomaly alarms, and the one dashboard.
 * See docs/decisions/0019-alarms-and-dashboard.md.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  ApiMapping,
  type CfnStage,
  DomainName,
  EndpointType,
  type HttpApi,
  HttpStage,
  LogGroupLogDestination,
  SecurityPolicy,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  Alarm,
  AlarmStatusWidget,
  AnomalyDetectionAlarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IAlarm,
  type IMetric,
  MathExpression,
  Metric,
  Stats,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { Operation, type TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import {
  FilterPattern,
  type IFilterPattern,
  type JsonPattern,
  LogGroup,
  MetricFilter,
  type RetentionDays,
} from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { CARRIER_IDS, CARRIER_SIGNATURE_METRIC, type CarrierId } from '../../shared/config/carriers';
import type { TableId } from '../../shared/config/resources';
import type { RouteDefinition } from '../../shared/http/route';
import { notify } from '../constructs/alert-topics';
import { METRICS_NAMESPACE } from '../constructs/house-function';
import { alarmName, resourcePrefix } from '../naming';
import type { StageSettings } from '../stages';
import { API_STAGE_NAME, type ApiStack } from './api-stack';
import { DEADLINE_MONITOR_JOB, type JobsStack, logMetricsNamespace, PRIVACY_REQUEST_BACKLOG } from './jobs-stack';
import type { RouteGroupStack } from './route-group-stack';
import type { StreamsStack } from './streams-stack';

/** The DynamoDB operations the backend performs (SystemErrors and throttles are reported per operation). */
export const TABLE_OPERATIONS = [
  Operation.GET_ITEM,
  Operation.QUERY,
  Operation.BATCH_GET_ITEM,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
  Operation.TRANSACT_GET_ITEMS,
] as const;

/** Metrics derived from the API access logs: what each counts. */
export const ACCESS_LOG_METRICS = {
  StaffPersonalDataReads: 'staff reads of routes that return personal data (any outcome)',
  RejectedCarrierSignatures: 'carrier webhook requests refused for their signature (401)',
  OrdersPlaced:
    'orders placed (201 on POST /v1/orders; an idempotent replay answers 201 too, so client retries count again)',
  PrivacyRequestsSubmitted: 'privacy requests accepted (2xx on POST /v1/me/privacy-requests)',
  ComplaintsFiled: 'complaints filed (2xx on POST /v1/me/complaints)',
  IncidentsOpened: 'breach incidents opened (2xx on POST /v1/admin/incidents)',
} as const;
export type AccessLogMetric = keyof typeof ACCESS_LOG_METRICS;

/** CloudWatch Logs limits a filter pattern to 1,024 characters. */
const MAX_FILTER_PATTERN = 1024;

export interface OperationsStackProps extends StackProps {
  readonly stage: string;
  readonly settings: StageSettings;
  readonly api: ApiStack;
  readonly routes: Readonly<Record<string, RouteDefinition>>;
  readonly routeGroups: readonly RouteGroupStack[];
  readonly jobs: JobsStack;
  readonly streams: StreamsStack;
  readonly tables: Readonly<Record<TableId, TableV2>>;
  readonly logRetention: RetentionDays;
  readonly operators: ITopic;
  readonly officers: ITopic;
}

export class OperationsStack extends Stack {
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  /** The access-log metrics whose routes exist in the route table. */
  readonly accessLogMetrics: Readonly<Partial<Record<AccessLogMetric, Metric>>>;
  readonly tableThrottleAlarms: Readonly<Record<TableId, Alarm>>;
  readonly tableSystemErrorAlarms: Readonly<Record<TableId, Alarm>>;
  /** One alarm per configured carrier on the webhook's own metric (empty when the route table has no webhook). */
  readonly rejectedSignatureAlarms: Readonly<Partial<Record<CarrierId, Alarm>>>;
  readonly staffReadsAnomalyAlarm?: Alarm;
  readonly dashboard: Dashboard;
  /** The API's own domain, when the stage names one. */
  readonly customDomain?: DomainName;

  constructor(scope: Construct, id: string, props: OperationsStackProps) {
    super(scope, id, props);
    const { stage: stageName, settings } = props;
    const prefix = resourcePrefix(stageName);
    const api: HttpApi = props.api.api;
    const routeKey = (r: RouteDefinition) => `${r.method} ${r.path}`;

    this.accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: api,
      stageName: API_STAGE_NAME,
      autoDeploy: true,
      throttle: settings.throttle.stage,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        // JSON, and deliberately without source IP, user agent, path or subject: the request id joins
        // an access log line to the function's own logs when an investigation needs it.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTimeEpoch',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationLatency: '$context.integration.latency',
            integrationStatus: '$context.integrationStatus',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });
    if (settings.customDomain) {
      const { domainName, certificateArn } = settings.customDomain;
      this.customDomain = new DomainName(this, 'CustomDomain', {
        domainName,
        certificate: Certificate.fromCertificateArn(this, 'CustomDomainCertificate', certificateArn),
        endpointType: EndpointType.REGIONAL,
        securityPolicy: SecurityPolicy.TLS_1_2,
      });
      new ApiMapping(this, 'CustomDomainMapping', { api, domainName: this.customDomain, stage: this.stage });
      new CfnOutput(this, 'CustomDomainTarget', {
        value: this.customDomain.regionalDomainName,
        description: `DNS alias (Route 53 A alias or CNAME) of ${domainName} points here`,
      });
    }
    // Routes live in the route group stacks: the stage (and its per-route settings, which name routes
    // by key) must come after them.
    for (const group of props.routeGroups) this.addStackDependency(group);
    // Route names are typed (RouteName), so only a reduced route table (tests) can lack one.
    const throttled = Object.entries(settings.throttle.routes).flatMap(([name, limit]) => {
      const route = props.routes[name];
      if (!route) return [];
      return [[routeKey(route), { ThrottlingRateLimit: limit.rateLimit, ThrottlingBurstLimit: limit.burstLimit }]];
    });
    if (throttled.length > 0) (this.stage.node.defaultChild as CfnStage).routeSettings = Object.fromEntries(throttled);

    // Metrics from the access logs: one filter per metric, no dimensions (no cardinality to pay for).
    // A metric whose routes are not in the route table is not built.
    const keysWhere = (test: (r: RouteDefinition) => boolean) => Object.values(props.routes).filter(test).map(routeKey);
    const keyIf = (key: string) => keysWhere((r) => routeKey(r) === key);
    const success = FilterPattern.stringValue('$.status', '=', '2*');
    const sources: Record<AccessLogMetric, { keys: string[]; status?: JsonPattern }> = {
      StaffPersonalDataReads: { keys: keysWhere((r) => r.staffPurpose === 'required' && r.method === 'GET') },
      RejectedCarrierSignatures: {
        keys: keysWhere((r) => r.auth === 'public' && r.access.carrierWebhookSecret === true),
        status: statusIs('401'),
      },
      OrdersPlaced: { keys: keyIf('POST /v1/orders'), status: statusIs('201') },
      PrivacyRequestsSubmitted: { keys: keyIf('POST /v1/me/privacy-requests'), status: success },
      ComplaintsFiled: { keys: keyIf('POST /v1/me/complaints'), status: success },
      IncidentsOpened: { keys: keyIf('POST /v1/admin/incidents'), status: success },
    };
    const metrics: Partial<Record<AccessLogMetric, Metric>> = {};
    for (const [name, { keys, status }] of Object.entries(sources) as [
      AccessLogMetric,
      (typeof sources)[AccessLogMetric],
    ][]) {
      if (keys.length === 0) continue;
      const pattern: IFilterPattern = status ? FilterPattern.all(routeIn(keys), status) : routeIn(keys);
      if (pattern.logPatternString.length > MAX_FILTER_PATTERN) {
        throw new Error(`The ${name} filter pattern is longer than ${MAX_FILTER_PATTERN} characters`);
      }
      const filter = new MetricFilter(this, `${name}Filter`, {
        logGroup: this.accessLogs,
        filterPattern: pattern,
        metricNamespace: logMetricsNamespace(stageName),
        metricName: name,
        metricValue: '1',
        // Zero when lines arrive but none match: anomaly detection needs the quiet periods too.
        defaultValue: 0,
      });
      metrics[name] = filter.metric({ statistic: Stats.SUM, period: Duration.minutes(5) });
    }
    this.accessLogMetrics = metrics;

    // Refused signatures per carrier, from the webhook function's own metric (the access logs cannot
    // tell carriers apart): a carrier signing with a replaced secret, or someone forging its events.
    this.rejectedSignatureAlarms = Object.fromEntries(
      this.rejectedSignatureMetrics(props).map(([carrier, metric]) => {
        const alarm = new Alarm(this, `RejectedCarrierSignatures${capitalise(carrier)}`, {
          alarmName: alarmName(stageName, `carrier-signatures-rejected-${carrier}`),
          alarmDescription: `Webhook requests for carrier ${carrier} are being refused for their signature: it signs with an old secret or a skewed clock, or someone is forging its events. Runbook: docs/runbook.md#rejected-carrier-signatures`,
          metric,
          threshold: 5,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          // The function emits a data point per refusal only: silence is the good case.
          treatMissingData: TreatMissingData.NOT_BREACHING,
        });
        notify(alarm, props.operators);
        return [carrier, alarm];
      }),
    );

    if (metrics.StaffPersonalDataReads) {
      // Staff reading personal data far beyond their usual pattern (a script, a leaked session): the
      // policy promises continuous monitoring of internal access. The band learns the weekly rhythm.
      this.staffReadsAnomalyAlarm = new AnomalyDetectionAlarm(this, 'StaffReadsAnomaly', {
        alarmName: alarmName(stageName, 'staff-personal-data-reads-anomaly'),
        alarmDescription:
          'Staff read personal data far more than usual for this time of the week. Check who in the audit trail (GET /v1/admin/audit). Runbook: docs/runbook.md#unusual-staff-reads',
        metric: metrics.StaffPersonalDataReads,
        stdDevs: 3,
        comparisonOperator: ComparisonOperator.GREATER_THAN_UPPER_THRESHOLD,
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      notify(this.staffReadsAnomalyAlarm, props.officers);
    }

    const throttles = {} as Record<TableId, Alarm>;
    const systemErrors = {} as Record<TableId, Alarm>;
    for (const [tableId, table] of Object.entries(props.tables) as [TableId, TableV2][]) {
      throttles[tableId] = new Alarm(this, `${capitalise(tableId)}TableThrottles`, {
        alarmName: alarmName(stageName, `dynamodb-${tableId}-throttles`),
        alarmDescription: `Requests to the ${tableId} table are being throttled (on-demand tables throttle past their peak doubling or on a hot partition). Runbook: docs/runbook.md#dynamodb-throttles-or-system-errors`,
        metric: table.metricThrottledRequestsForOperations({
          operations: [...TABLE_OPERATIONS],
          period: Duration.minutes(5),
        }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      systemErrors[tableId] = new Alarm(this, `${capitalise(tableId)}TableSystemErrors`, {
        alarmName: alarmName(stageName, `dynamodb-${tableId}-system-errors`),
        alarmDescription: `DynamoDB answered requests to the ${tableId} table with 500s (a service-side problem; the functions answered 503). Runbook: docs/runbook.md#dynamodb-throttles-or-system-errors`,
        metric: table.metricSystemErrorsForOperations({
          operations: [...TABLE_OPERATIONS],
          period: Duration.minutes(5),
        }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      notify(throttles[tableId], props.operators);
      notify(systemErrors[tableId], props.operators);
    }
    this.tableThrottleAlarms = throttles;
    this.tableSystemErrorAlarms = systemErrors;

    this.dashboard = this.buildDashboard(props, prefix);
  }

  /** Every alarm of the stage, for the dashboard's status widget. */
  private allAlarms(props: OperationsStackProps): IAlarm[] {
    const jobAlarms = Object.values(props.jobs.jobAlarms).flatMap((a) => [a.errors, a.missedRun, ...a.deadLetters]);
    return [
      props.api.serverErrorRateAlarm,
      props.api.latencyAlarm,
      ...props.routeGroups.flatMap((g) => [...g.errorAlarms, ...g.throttleAlarms]),
      ...jobAlarms,
      ...Object.values(props.streams.streamAlarms).flatMap((a) => [a.deadLetters, a.iteratorAge]),
      ...(props.jobs.deadlinesOverdueAlarm ? [props.jobs.deadlinesOverdueAlarm] : []),
      ...(props.jobs.incidentDecisionsOverdueAlarm ? [props.jobs.incidentDecisionsOverdueAlarm] : []),
      ...(props.jobs.breachTriageOverdueAlarm ? [props.jobs.breachTriageOverdueAlarm] : []),
      ...(props.jobs.auditVerificationAlarm ? [props.jobs.auditVerificationAlarm] : []),
      ...(props.jobs.auditVerificationMissingAlarm ? [props.jobs.auditVerificationMissingAlarm] : []),
      ...Object.values(this.tableThrottleAlarms),
      ...Object.values(this.tableSystemErrorAlarms),
      ...Object.values(this.rejectedSignatureAlarms),
      ...(this.staffReadsAnomalyAlarm ? [this.staffReadsAnomalyAlarm] : []),
    ];
  }

  /**
   * `CarrierSignaturesRejected` of every signed webhook function (its `service`), one metric per
   * configured carrier (summed when more than one function takes webhooks).
   */
  private rejectedSignatureMetrics(props: OperationsStackProps): [CarrierId, IMetric][] {
    const webhooks = props.routeGroups.flatMap((g) =>
      Object.values(g.functions).filter((f) => f.route.access.carrierWebhookSecret === true),
    );
    if (webhooks.length === 0) return [];
    return CARRIER_IDS.map((carrier): [CarrierId, IMetric] => {
      const perFunction = webhooks.map(
        (f) =>
          new Metric({
            namespace: METRICS_NAMESPACE,
            metricName: CARRIER_SIGNATURE_METRIC.name,
            dimensionsMap: { service: f.serviceName, [CARRIER_SIGNATURE_METRIC.dimension]: carrier },
            statistic: Stats.SUM,
            period: Duration.minutes(5),
            label: carrier,
          }),
      );
      const [only] = perFunction;
      if (perFunction.length === 1 && only) return [carrier, only];
      // Ids unique within a graph that shows every carrier.
      const id = (i: number) => `w_${carrier.replace(/[^A-Za-z0-9]/g, '_')}_${i}`;
      return [
        carrier,
        new MathExpression({
          expression: `SUM([${perFunction.map((_, i) => id(i)).join(',')}])`,
          usingMetrics: Object.fromEntries(perFunction.map((m, i) => [id(i), m])),
          label: carrier,
          period: Duration.minutes(5),
        }),
      ];
    });
  }

  private buildDashboard(props: OperationsStackProps, prefix: string): Dashboard {
    const dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: prefix,
      defaultInterval: Duration.hours(24),
    });
    const apiMetric = (metricName: string, statistic: string) =>
      new Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensionsMap: { ApiId: props.api.api.apiId, Stage: API_STAGE_NAME },
        statistic,
        period: Duration.minutes(5),
      });
    // Ids must be unique within a graph: prefix them with the label.
    const sum = (label: string, metrics: IMetric[]) =>
      new MathExpression({
        expression: `SUM([${metrics.map((_, i) => `${label}${i}`).join(',')}])`,
        usingMetrics: Object.fromEntries(metrics.map((m, i) => [`${label}${i}`, m])),
        label,
        period: Duration.minutes(5),
      });

    dashboard.addWidgets(
      new TextWidget({
        markdown: `# ${prefix}\nGolden signals per route group, jobs, dead-letter queues and business counts. Every alarm's description names its entry in docs/runbook.md (in the repository).`,
        width: 24,
        height: 2,
      }),
      new AlarmStatusWidget({
        title: 'Alarms (incidents open now)',
        alarms: this.allAlarms(props),
        width: 24,
        height: 4,
      }),
      new GraphWidget({
        title: 'API: requests and errors',
        left: [apiMetric('Count', Stats.SUM), apiMetric('4xx', Stats.SUM), apiMetric('5xx', Stats.SUM)],
        width: 12,
      }),
      new GraphWidget({
        title: 'API: latency',
        left: [apiMetric('Latency', Stats.p(50)), apiMetric('Latency', Stats.p(99))],
        width: 12,
      }),
    );
    for (const group of props.routeGroups) {
      const fns = Object.values(group.functions).map((f) => f.fn.function);
      dashboard.addWidgets(
        new GraphWidget({
          title: `${group.group} routes: traffic, errors, throttles`,
          left: [
            sum(
              'invocations',
              fns.map((f) => f.metricInvocations()),
            ),
            sum(
              'errors',
              fns.map((f) => f.metricErrors()),
            ),
            sum(
              'throttles',
              fns.map((f) => f.metricThrottles()),
            ),
          ],
          width: 12,
        }),
        new GraphWidget({
          title: `${group.group} routes: p99 duration (ms) per function`,
          left: fns.map((f) => f.metricDuration({ statistic: Stats.p(99), label: f.node.scope?.node.id })),
          width: 12,
        }),
      );
    }
    const jobs = Object.entries(props.jobs.jobs);
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Jobs: runs',
        left: jobs.map(([name, j]) => j.handler.function.metricInvocations({ label: name, period: Duration.hours(1) })),
        width: 8,
      }),
      new GraphWidget({
        title: 'Jobs: errors',
        left: jobs.map(([name, j]) => j.handler.function.metricErrors({ label: name, period: Duration.hours(1) })),
        width: 8,
      }),
      new GraphWidget({
        title: 'Dead-letter queues: messages waiting',
        left: jobs.flatMap(([name, j]) =>
          j.deadLetterQueues.map((q, i) =>
            q.metricApproximateNumberOfMessagesVisible({
              statistic: Stats.MAXIMUM,
              label: i === 0 ? name : `${name} triggers`,
            }),
          ),
        ),
        width: 8,
      }),
    );
    const streams = Object.entries(props.streams.functions);
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Stream functions (outbox publisher): invocations, records given up',
        left: streams.map(([name, f]) =>
          f.handler.function.metricInvocations({ label: name, period: Duration.minutes(5) }),
        ),
        right: streams.map(([name, f]) =>
          f.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
            statistic: Stats.MAXIMUM,
            label: `${name} given up`,
          }),
        ),
        width: 12,
      }),
      new GraphWidget({
        title: 'Stream functions (outbox publisher): iterator age (ms behind the stream)',
        left: streams.map(([name, f]) =>
          f.handler.function.metric('IteratorAge', {
            statistic: Stats.MAXIMUM,
            label: name,
            period: Duration.minutes(5),
          }),
        ),
        width: 12,
      }),
    );
    const m = this.accessLogMetrics;
    const deadlineMonitor = props.jobs.jobs[DEADLINE_MONITOR_JOB];
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Business: orders, privacy requests, complaints, incidents (per hour)',
        left: [m.OrdersPlaced, m.PrivacyRequestsSubmitted, m.ComplaintsFiled, m.IncidentsOpened]
          .filter((metric) => metric !== undefined)
          .map((metric) => metric.with({ period: Duration.hours(1) })),
        width: 8,
      }),
      new GraphWidget({
        title: 'Privacy deadlines: due within 3 days, overdue, incident decisions and breach triage overdue',
        left: deadlineMonitor
          ? ['DeadlinesDueSoon', 'DeadlinesOverdue', 'IncidentDecisionsOverdue', 'BreachTriageOverdue'].map((name) =>
              deadlineMonitor.metric(name, { statistic: Stats.MAXIMUM, period: Duration.days(1) }),
            )
          : [],
        width: 8,
      }),
    );
    // The privacy-request backlog by type: how many are open (left) and how old the oldest is (right),
    // as the deadline monitor last counted them (hourly).
    const backlog = (metricName: string, type: string) =>
      deadlineMonitor?.metric(metricName, {
        dimensionsMap: { service: deadlineMonitor.serviceName, [PRIVACY_REQUEST_BACKLOG.dimension]: type },
        statistic: Stats.MAXIMUM,
        period: Duration.hours(1),
        label: type,
      });
    const byType = (metricName: string) =>
      PRIVACY_REQUEST_BACKLOG.types.map((type) => backlog(metricName, type)).filter((m) => m !== undefined);
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Privacy requests open, by type',
        left: byType(PRIVACY_REQUEST_BACKLOG.open),
        width: 12,
      }),
      new GraphWidget({
        title: 'Privacy requests: age of the oldest open one (days), by type',
        left: byType(PRIVACY_REQUEST_BACKLOG.oldestAgeDays),
        width: 12,
      }),
      new GraphWidget({
        title: 'Security: staff reads of personal data, rejected carrier signatures (all, and per carrier)',
        left: [m.StaffPersonalDataReads, m.RejectedCarrierSignatures].filter((metric) => metric !== undefined),
        right: this.rejectedSignatureMetrics(props).map(([, metric]) => metric),
        width: 8,
      }),
    );
    return dashboard;
  }
}

/** `$.routeKey` is one of `keys`. */
function routeIn(keys: readonly string[]): JsonPattern {
  if (keys.length === 0) throw new Error('A route filter needs at least one route');
  return FilterPattern.any(...keys.map((key) => FilterPattern.stringValue('$.routeKey', '=', key)));
}

const statusIs = (status: string): JsonPattern => FilterPattern.stringValue('$.status', '=', status);

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
