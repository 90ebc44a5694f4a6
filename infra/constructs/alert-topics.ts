/**
 * Where alarms go: two encrypted, TLS-only SNS topics, one for the operators (infrastructure and
 * delivery) and one for the privacy officers (deadlines, audit trail, staff reads). They live in the
 * stateful stack because their confirmed subscriptions are state: recreating a topic silently drops
 * every subscriber. CloudWatch may publish to them only for this stage's alarms (by name prefix), so
 * alarms in any stack can notify them without the topic policy naming each alarm.
 * See docs/decisions/0019-alarms-and-dashboard.md.
 */
import { Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { type ITopic, Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { alarmName, resourcePrefix } from '../naming';

export interface AlertTopicsProps {
  readonly stage: string;
  readonly removalPolicy: RemovalPolicy;
  readonly operatorEmails: readonly string[];
  readonly officerEmails: readonly string[];
}

export class AlertTopics extends Construct {
  /**
   * Encrypts the topics only. Their own key, not a data key: CloudWatch must be allowed to use it,
   * and no service principal may ever be allowed on the keys that protect personal data.
   */
  readonly key: Key;
  readonly operators: Topic;
  readonly officers: Topic;

  constructor(scope: Construct, id: string, props: AlertTopicsProps) {
    super(scope, id);
    const prefix = resourcePrefix(props.stage);
    const { account, region, partition } = Stack.of(this);

    this.key = new Key(this, 'Key', {
      alias: `alias/${prefix}-alerts`,
      description: 'Encrypts the operator and privacy officer alert topics',
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
      pendingWindow: Duration.days(7),
    });
    // CloudWatch publishes alarm notifications as itself, so SNS needs it to be able to use the topics'
    // key. (The AWS-managed aws/sns key does not allow this, which is why the topics have a CMK.)
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublishToTheTopics',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );

    const topic = (topicId: string, name: string, displayName: string, emails: readonly string[]): Topic => {
      const created = new Topic(this, topicId, {
        topicName: `${prefix}-${name}`,
        displayName,
        masterKey: this.key,
        enforceSSL: true,
      });
      created.applyRemovalPolicy(props.removalPolicy);
      // The explicit topic policy replaces SNS's default one: nothing else may publish without its own
      // IAM permission, and CloudWatch only for this stage's alarms.
      created.addToResourcePolicy(
        new PolicyStatement({
          sid: 'AllowThisStagesAlarms',
          principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['sns:Publish'],
          resources: [created.topicArn],
          conditions: {
            ArnLike: {
              'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:${alarmName(props.stage, '*')}`,
            },
            StringEquals: { 'aws:SourceAccount': account },
          },
        }),
      );
      for (const email of emails) {
        const subscription = created.addSubscription(new EmailSubscription(email));
        Validations.of(subscription).acknowledge({
          id: 'Serverless-SNSRedrivePolicy',
          reason:
            'A mail subscriber of an alert topic: an undeliverable alarm mail shows in the topic metric NumberOfNotificationsFailed and the alarm stays visible on the dashboard; a dead-letter queue would need its own alarm, sent to the same topic',
        });
      }
      return created;
    };
    this.operators = topic('Operators', 'operators', 'Order backend operators', props.operatorEmails);
    this.officers = topic('Officers', 'privacy-officers', 'Privacy officer alerts', props.officerEmails);
  }
}

/** Sends an alarm's state changes (firing and clearing) to one audience's topic. */
export function notify(alarm: Alarm, topic: ITopic): void {
  const action = new SnsAction(topic);
  alarm.addAlarmAction(action);
  alarm.addOkAction(action);
}
