/**
 * Alerts for the privacy officers: an encrypted, TLS-only SNS topic and the CloudWatch alarms that
 * notify it. Officers subscribe out of band (e-mail confirmation), so no address is in the code.
 * See docs/decisions/0013-scheduled-and-queue-driven-jobs.md.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Alarm, type AlarmProps } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface OfficerAlertsProps {
  readonly stage: string;
}

export class OfficerAlerts extends Construct {
  /**
   * Encrypts the topic only. Its own key, not the data key: CloudWatch must be allowed to use it, and
   * no service principal may ever be allowed on the key that wraps subject data keys.
   */
  readonly key: Key;
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: OfficerAlertsProps) {
    super(scope, id);

    this.key = new Key(this, 'Key', {
      alias: `alias/orders-${props.stage}-officer-alerts`,
      description: 'Encrypts the privacy officer alert topic',
      enableKeyRotation: true,
      // Protects only notifications in flight; it goes with the topic.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    // CloudWatch publishes alarm notifications as itself, so SNS needs it to be able to use the topic's
    // key. (The AWS-managed aws/sns key does not allow this, which is why the topic has a CMK.)
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublishToTheTopic',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );

    this.topic = new Topic(this, 'Topic', {
      topicName: `orders-${props.stage}-privacy-officers`,
      displayName: 'Privacy officer alerts',
      masterKey: this.key,
      enforceSSL: true,
    });
  }

  /**
   * An alarm that notifies the officers when it fires and when it clears. The topic policy lets
   * CloudWatch publish on behalf of this alarm only (the explicit topic policy replaces SNS's default
   * one, so nothing else may publish without its own IAM permission).
   */
  addAlarm(id: string, props: AlarmProps): Alarm {
    const alarm = new Alarm(this, id, props);
    const action = new SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: `AllowAlarm${id}`,
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          ArnEquals: { 'aws:SourceArn': alarm.alarmArn },
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
        },
      }),
    );
    this.alarms.push(alarm);
    return alarm;
  }
}
