/**
 * Feedback alerts in AWS (DESIGN §2, §4.4): the alert queue feeding the notify function, its
 * dead-letter queue with an alarm, the province's SNS topic for e-mail digests, and the two schedules
 * (collect due alerts every 5 minutes; a digest each working morning). The queues and topic are made
 * first (the function's environment names them); {@link FeedbackAlerts.connect} then wires the function.
 */
import { type CfnElement, Duration, TimeZone } from 'aws-cdk-lib';
import { type Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Alias } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { type ITopic, Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';
import type { HailongFunction } from './hailong-function';

/** How often due alerts are collected (a new case is alerted within this). */
export const ALERT_SCHEDULE = 'rate(5 minutes)';
/** The e-mail digest: 07:30 on working days, Asia/Ho_Chi_Minh. */
export const DIGEST_SCHEDULE = 'cron(30 7 ? * MON-FRI *)';
/** A record that fails outright (not a webhook failure, which is retried by re-queueing) goes to the DLQ after this. */
export const ALERT_MAX_RECEIVE_COUNT = 5;

export class FeedbackAlerts extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly digestTopic: Topic;
  schedules: Schedule[] = [];
  alarm: Alarm | undefined;

  constructor(scope: Construct, id: string, props: { prefix: string; functionTimeout: Duration }) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      queueName: `${props.prefix}-feedback-alerts-dlq`,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.deadLetterQueue,
      'AwsSolutions-SQS3',
      'This queue is itself the dead-letter queue of the feedback alerts.',
    );
    this.queue = new Queue(this, 'Queue', {
      queueName: `${props.prefix}-feedback-alerts`,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS's advice for Lambda event sources: at least six times the function's timeout.
      visibilityTimeout: Duration.seconds(props.functionTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(2),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: ALERT_MAX_RECEIVE_COUNT },
    });
    this.digestTopic = new Topic(this, 'DigestTopic', {
      topicName: `${props.prefix}-feedback-digest`,
      displayName: `${props.prefix} phản ánh / feedback`,
      // Only the notify function publishes (no AWS service), so the AWS managed key will do.
      masterKey: Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
      enforceSSL: true,
    });
  }

  /** Wires the notify function: queue → function, grants, schedules, and the DLQ alarm to `alarmTopic`. */
  connect(notify: HailongFunction, alarmTopic: ITopic, prefix: string): void {
    const fn = notify.function;
    fn.addEventSource(new SqsEventSource(this.queue, { batchSize: 10, reportBatchItemFailures: true }));
    this.queue.grantSendMessages(fn);
    this.deadLetterQueue.grantSendMessages(fn);
    this.digestTopic.grantPublish(fn);

    const role = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: `${prefix}: lets EventBridge Scheduler invoke the notify function`,
    });
    const schedule = (id: string, expression: string, source: string, description: string) =>
      new Schedule(this, id, {
        scheduleName: `${prefix}-${id.toLowerCase()}`,
        description,
        schedule: ScheduleExpression.expression(expression, TimeZone.ASIA_HO_CHI_MINH),
        target: new LambdaInvoke(fn, {
          input: ScheduleTargetInput.fromObject({ source }),
          retryAttempts: 2,
          maxEventAge: Duration.hours(1),
          deadLetterQueue: this.deadLetterQueue,
          role,
        }),
      });
    this.schedules = [
      schedule('FeedbackAlerts', ALERT_SCHEDULE, 'alerts', 'Cảnh báo phản ánh / feedback alerts'),
      schedule('FeedbackDigest', DIGEST_SCHEDULE, 'digest', 'Thư tổng hợp phản ánh / feedback digest'),
    ];
    acknowledge(
      role,
      `AwsSolutions-IAM5[Resource::<${fn.stack.getLogicalId(fn.node.defaultChild as CfnElement)}.Arn>:*]`,
      'The Scheduler target grants lambda:InvokeFunction on the notify function and its versions/aliases (`<function ARN>:*`); it is one function, not a wildcard over functions.',
    );

    this.alarm = this.deadLetterQueue
      .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' })
      .createAlarm(this, 'DeadLetterAlarm', {
        alarmName: `${prefix}-feedback-alerts-dlq-not-empty`,
        alarmDescription:
          'Cảnh báo phản ánh không gửi được sau 24 giờ / A feedback alert could not be delivered within 24 hours (see the dead-letter queue)',
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    this.alarm.addAlarmAction(new SnsAction(alarmTopic));
    this.alarm.addOkAction(new SnsAction(alarmTopic));
  }
}
