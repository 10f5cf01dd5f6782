/**
 * Alarms to one SNS topic (with the optional e-mail) and a CloudWatch dashboard for a province.
 */
import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import {
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  Metric,
  SingleValueWidget,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { HailongFunction } from './hailong-function';

/** Where the aggregate function reports a successful run (Powertools Metrics, part 3's handler). */
export const AGGREGATION_METRIC = { namespace: 'hailong', metricName: 'AggregationSucceeded' } as const;

/**
 * "Aggregation did not succeed by 03:00": the run starts at 01:00 Asia/Ho_Chi_Minh. The alarm sums
 * `AggregationSucceeded` per hour and fires when none of the last 26 hours has a success, missing data
 * counting as breaching. 26 hours after yesterday's success (≈01:0x) is ≈03:0x today: tonight's run,
 * with its retries, has two hours before anyone is woken. A single 1-day period was rejected: alarm
 * periods are not aligned to the local day, so "by 03:00" could not be expressed with it. Consequence:
 * right after the first deployment the alarm is in ALARM until the first run succeeds (or is run by
 * hand, see docs/deploy.md).
 */
export const AGGREGATION_ALARM_WINDOW_HOURS = 26;

export interface OperationsProps {
  prefix: string;
  /** The `service` dimension of the aggregation metric (POWERTOOLS_SERVICE_NAME of the functions). */
  serviceName: string;
  api: HttpApi;
  functions: HailongFunction[];
  aggregateFunction: HailongFunction;
  deadLetterQueue: IQueue;
  alarmEmail?: string | undefined;
}

export class Operations extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);

    // CloudWatch cannot publish to a topic encrypted with the AWS managed key (aws/sns): it needs a
    // customer managed key whose policy lets cloudwatch.amazonaws.com use it.
    const key = new Key(this, 'AlarmTopicKey', {
      description: `${props.prefix}: encrypts the alarm topic`,
      enableKeyRotation: true,
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: `${props.prefix} alarms / cảnh báo`,
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const action = new SnsAction(this.topic);

    const notify = (created: Alarm) => {
      created.addAlarmAction(action);
      created.addOkAction(action);
      this.alarms.push(created);
      return created;
    };
    const above = (id: string, metric: Metric, description: string, threshold = 0) =>
      notify(
        metric.createAlarm(this, id, {
          alarmName: `${props.prefix}-${id}`,
          alarmDescription: description,
          threshold,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );

    above(
      'api-5xx',
      props.api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      'API trả lỗi 5xx / The API answered 5xx (no input may cause one: look at the function logs)',
    );
    for (const fn of props.functions) {
      const name = fn.node.id;
      above(
        `${name}-errors`,
        fn.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        `Hàm ${name} bị lỗi / The ${name} function failed`,
      );
      above(
        `${name}-throttles`,
        fn.function.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
        `Hàm ${name} bị giới hạn / The ${name} function was throttled`,
      );
    }
    above(
      'dlq-not-empty',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      'Lượt tổng hợp thất bại nằm trong hàng đợi lỗi / A failed aggregation run is in the dead-letter queue',
    );

    const aggregationSucceeded = new Metric({
      ...AGGREGATION_METRIC,
      dimensionsMap: { service: props.serviceName },
      statistic: 'Sum',
      period: Duration.hours(1),
    });
    notify(
      aggregationSucceeded.createAlarm(this, 'aggregation-missed', {
        alarmName: `${props.prefix}-aggregation-missed`,
        alarmDescription:
          'Tổng hợp hằng đêm chưa thành công trước 03:00 / The nightly aggregation has not succeeded by 03:00 (Asia/Ho_Chi_Minh)',
        threshold: 1,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: AGGREGATION_ALARM_WINDOW_HOURS,
        datapointsToAlarm: AGGREGATION_ALARM_WINDOW_HOURS,
        treatMissingData: TreatMissingData.BREACHING,
      }),
    );

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: props.prefix,
      defaultInterval: Duration.days(7),
    });
    const perFunction = (metric: (fn: HailongFunction) => IMetric) => props.functions.map(metric);
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# ${props.prefix}\nHài lòng — đánh giá sự hài lòng / satisfaction ratings`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'API requests, 4xx, 5xx',
        left: [
          props.api.metricCount({ period: Duration.minutes(5) }),
          props.api.metricClientError({ period: Duration.minutes(5) }),
          props.api.metricServerError({ period: Duration.minutes(5) }),
        ],
        width: 12,
      }),
      new GraphWidget({
        title: 'API latency (p50, p99)',
        left: [
          props.api.metricLatency({ period: Duration.minutes(5), statistic: 'p50' }),
          props.api.metricLatency({ period: Duration.minutes(5), statistic: 'p99' }),
        ],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Lambda duration p99',
        left: perFunction((fn) =>
          fn.function.metricDuration({ statistic: 'p99', period: Duration.minutes(5) }),
        ),
        width: 8,
      }),
      new GraphWidget({
        title: 'Lambda errors',
        left: perFunction((fn) => fn.function.metricErrors({ period: Duration.minutes(5) })),
        width: 8,
      }),
      new GraphWidget({
        title: 'Lambda throttles',
        left: perFunction((fn) => fn.function.metricThrottles({ period: Duration.minutes(5) })),
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Nightly aggregation: duration (max) and items read',
        left: [
          props.aggregateFunction.function.metricDuration({ statistic: 'Maximum', period: Duration.days(1) }),
        ],
        right: [
          new Metric({
            ...AGGREGATION_METRIC,
            metricName: 'ItemsRead',
            dimensionsMap: { service: props.serviceName },
            statistic: 'Sum',
            period: Duration.days(1),
          }),
        ],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new SingleValueWidget({
        title: 'Nightly aggregation successes (24 h)',
        metrics: [aggregationSucceeded.with({ period: Duration.days(1) })],
        width: 12,
      }),
      new SingleValueWidget({
        title: 'Dead-letter queue',
        metrics: [props.deadLetterQueue.metricApproximateNumberOfMessagesVisible()],
        width: 12,
      }),
    );
  }
}
