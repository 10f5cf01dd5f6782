/**
 * The stateless stack of one province: the HTTP API (DESIGN §8), the three Lambda functions, the
 * nightly schedule, and operations (alarms, dashboard). It can be destroyed and redeployed at will;
 * the data lives in the data stack.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type CfnElement, CfnOutput, Duration, Stack, type StackProps, TimeZone } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  DomainName,
  HttpApi,
  HttpMethod,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { acknowledge } from '../nag';
import type { Construct } from 'constructs';
import type { BuiltBundle, FunctionName } from '../build';
import type { DeploymentContext } from '../context';
import { FeedbackAlerts } from '../constructs/feedback-alerts';
import { HailongFunction } from '../constructs/hailong-function';
import { FUNCTION_ITEM_ACCESS, grantItemAccess } from '../constructs/item-access';
import { Operations } from '../constructs/operations';
import { PublicEdge } from '../constructs/public-edge';

/** The nightly aggregation: 01:00 local time (DESIGN §2). */
export const AGGREGATION_SCHEDULE = 'cron(0 1 * * ? *)';
export const AGGREGATION_TIME_ZONE = TimeZone.ASIA_HO_CHI_MINH;

/** API Gateway stage throttling (requests per second, burst), on top of the per-token limits. */
export const API_THROTTLE = { rateLimit: 200, burstLimit: 400 } as const;

/**
 * `GET /public`'s own route throttle, far below the stage's (which every other route, the citizens'
 * `/r/…` and `/s/…` included, gets for itself): a flood that bypasses CloudFront is refused with 429 at
 * this rate and never takes the rating pages' capacity (issue 25). CloudFront asks the origin about once
 * per edge, language and night.
 */
export const PUBLIC_ROUTE_THROTTLE = { rateLimit: 10, burstLimit: 20 } as const;
export const PUBLIC_ROUTE_KEY = 'GET /public';

/** Memory and timeout of each function. */
export const FUNCTION_SIZES = {
  // A citizen's page and one or two item reads/writes; API Gateway waits at most 30 s anyway.
  public: { memorySize: 512, timeout: Duration.seconds(10) },
  // Up to 100 dossiers per request, CSV exports of a unit's ratings.
  api: { memorySize: 1024, timeout: Duration.seconds(29) },
  // 1,769 MB is one full vCPU; a day of a national deployment must fit in the 15-minute limit.
  aggregate: { memorySize: 1769, timeout: Duration.minutes(15) },
  // Up to 10 alerts per SQS batch, each webhook call at most 10 s.
  notify: { memorySize: 256, timeout: Duration.minutes(2) },
} as const satisfies Record<FunctionName, { memorySize: number; timeout: Duration }>;

/** The routes of DESIGN §8 and the function that serves each. */
export const ROUTES: { path: string; methods: HttpMethod[]; target: 'public' | 'api' }[] = [
  { path: '/healthz', methods: [HttpMethod.GET], target: 'public' },
  { path: '/r/{token}', methods: [HttpMethod.GET, HttpMethod.POST], target: 'public' },
  // qr.svg, qr.png, label, thanks
  { path: '/r/{token}/{proxy+}', methods: [HttpMethod.GET], target: 'public' },
  // The citizen's judgement of the unit's answer (issue #11).
  { path: '/r/{token}/feedback', methods: [HttpMethod.POST], target: 'public' },
  { path: '/s/{campaign}', methods: [HttpMethod.GET, HttpMethod.POST], target: 'public' },
  // service worker, manifest
  { path: '/s/{campaign}/{proxy+}', methods: [HttpMethod.GET], target: 'public' },
  { path: '/v1/{proxy+}', methods: [HttpMethod.ANY], target: 'api' },
  { path: '/openapi.json', methods: [HttpMethod.GET], target: 'api' },
  { path: '/docs', methods: [HttpMethod.GET], target: 'api' },
  // the leaders' dashboard (sign-in, pages, report download) and the opt-in public ranking
  { path: '/dashboard', methods: [HttpMethod.GET], target: 'api' },
  { path: '/dashboard/{proxy+}', methods: [HttpMethod.GET, HttpMethod.POST], target: 'api' },
  { path: '/public', methods: [HttpMethod.GET], target: 'api' },
];

export interface ServiceStackProps extends StackProps {
  prefix: string;
  deployment: DeploymentContext;
  table: ITable;
  signingKeys: ISecret;
  /** Builds a function's bundle (infra/build.ts by default). */
  build?: (name: FunctionName) => BuiltBundle;
}

export class ServiceStack extends Stack {
  readonly api: HttpApi;
  readonly functions: Record<FunctionName, HailongFunction>;
  readonly deadLetterQueue: Queue;
  readonly schedule: Schedule;
  readonly operations: Operations;
  readonly feedbackAlerts: FeedbackAlerts;
  readonly edge: PublicEdge;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const { deployment, prefix, table, signingKeys } = props;
    const publicBaseUrl = deployment.domainName ? `https://${deployment.domainName}` : undefined;

    // The variables shared/config.ts parses (the same names the local run uses).
    const environment: Record<string, string> = {
      TABLE_NAME: table.tableName,
      SIGNING_KEYS_SECRET_ARN: signingKeys.secretArn,
      LINK_TTL_DAYS: '30',
      MIN_N: '30',
      COMMENT_RETENTION_DAYS: String(deployment.commentRetentionDays),
      PUBLIC_DASHBOARD: deployment.publicDashboard,
      STAGE: deployment.stage,
      // Also the `service` dimension of Powertools metrics: unique per province and stage.
      POWERTOOLS_SERVICE_NAME: prefix,
      POWERTOOLS_METRICS_NAMESPACE: 'hailong',
      ...(publicBaseUrl ? { PUBLIC_BASE_URL: publicBaseUrl } : {}),
    };

    // Failed scheduled runs end here: both the Scheduler's delivery failures and the aggregate
    // function's own failures after Lambda's asynchronous retries.
    this.deadLetterQueue = new Queue(this, 'AggregationDeadLetterQueue', {
      queueName: `${prefix}-aggregation-dlq`,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.deadLetterQueue,
      'AwsSolutions-SQS3',
      'This queue is itself the dead-letter queue of the nightly aggregation.',
    );

    const make = (
      name: FunctionName,
      extra: {
        deadLetterQueue?: Queue;
        retryAttempts?: number;
        runtimeSourceMaps?: boolean;
        environment?: Record<string, string>;
      } = {},
    ) =>
      new HailongFunction(this, name, {
        name,
        prefix,
        ...FUNCTION_SIZES[name],
        ...extra,
        environment: { ...environment, ...extra.environment },
        ...(props.build ? { build: props.build } : {}),
      });
    // Feedback alerts (issue #11): queue, dead-letter queue, digest topic; wired after Operations.
    this.feedbackAlerts = new FeedbackAlerts(this, 'FeedbackAlerts', {
      prefix,
      functionTimeout: FUNCTION_SIZES.notify.timeout,
    });
    this.functions = {
      // The citizen-facing function keeps its cold start within budget: no run-time source maps.
      public: make('public', { runtimeSourceMaps: false }),
      api: make('api'),
      aggregate: make('aggregate', { deadLetterQueue: this.deadLetterQueue, retryAttempts: 2 }),
      notify: make('notify', {
        environment: {
          ALERT_QUEUE_URL: this.feedbackAlerts.queue.queueUrl,
          ALERT_DEAD_LETTER_QUEUE_URL: this.feedbackAlerts.deadLetterQueue.queueUrl,
          DIGEST_TOPIC_ARN: this.feedbackAlerts.digestTopic.topicArn,
        },
      }),
    };

    // /public's ETag changes with the build (functions/api/routes/public-ranking.ts).
    this.functions.api.function.addEnvironment(
      'BUILD_ID',
      createHash('sha256').update(readFileSync(this.functions.api.bundle.file)).digest('hex').slice(0, 16),
    );

    // Least privilege by key prefix (see constructs/item-access.ts for what IAM cannot express).
    grantItemAccess(this.functions.public.function, table, FUNCTION_ITEM_ACCESS.public);
    grantItemAccess(this.functions.api.function, table, FUNCTION_ITEM_ACCESS.api);
    grantItemAccess(this.functions.aggregate.function, table, FUNCTION_ITEM_ACCESS.aggregate);
    grantItemAccess(this.functions.notify.function, table, FUNCTION_ITEM_ACCESS.notify);
    signingKeys.grantRead(this.functions.public.function);
    signingKeys.grantRead(this.functions.api.function);

    // HTTP API, one $default stage with throttling and access logs. The log line names the route, not
    // the path, so rating tokens stay out of the logs; no IP address is logged (DESIGN §6).
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      logGroupName: `/aws/apigateway/${prefix}`,
      retention: RetentionDays.THREE_MONTHS,
    });
    this.api = new HttpApi(this, 'HttpApi', {
      apiName: prefix,
      description: `hailong ${deployment.province} (${deployment.stage})`,
      createDefaultStage: false,
    });
    const domain =
      deployment.domainName && deployment.certificateArn
        ? new DomainName(this, 'Domain', {
            domainName: deployment.domainName,
            certificate: Certificate.fromCertificateArn(this, 'Certificate', deployment.certificateArn),
          })
        : undefined;
    const stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            route: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            bytes: '$context.responseLength',
          }),
        ),
      },
      ...(domain ? { domainMapping: { domainName: domain } } : {}),
    });

    const integrations = {
      public: new HttpLambdaIntegration('PublicIntegration', this.functions.public.function),
      api: new HttpLambdaIntegration('ApiIntegration', this.functions.api.function),
    };
    for (const route of ROUTES) {
      const added = this.api.addRoutes({
        path: route.path,
        methods: route.methods,
        integration: integrations[route.target],
      });
      // A stage's route settings name a route that must exist before the stage is updated.
      if (route.path === '/public') stage.node.addDependency(...added);
    }
    (stage.node.defaultChild as CfnStage).routeSettings = {
      // A JSON map in CloudFormation: CDK passes it as written, so its keys are CloudFormation's.
      [PUBLIC_ROUTE_KEY]: {
        ThrottlingRateLimit: PUBLIC_ROUTE_THROTTLE.rateLimit,
        ThrottlingBurstLimit: PUBLIC_ROUTE_THROTTLE.burstLimit,
      },
    };
    this.edge = new PublicEdge(this, 'PublicEdge', { prefix, api: this.api });
    acknowledge(
      this.api,
      'AwsSolutions-APIG4',
      'Public routes (/healthz, /r/{token}, /s/{campaign}) are anonymous by design: citizens rate without an account and the signed token authorizes the rating. /v1 routes check a hashed API key with unit scope inside the api function (shared/http/auth.ts), which an API Gateway authorizer could not express.',
    );

    // The nightly aggregation, 01:00 Asia/Ho_Chi_Minh, with retries and the dead-letter queue.
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: `${prefix}: lets EventBridge Scheduler invoke the aggregate function`,
    });
    this.schedule = new Schedule(this, 'NightlyAggregation', {
      scheduleName: `${prefix}-nightly-aggregation`,
      description: 'Tổng hợp hằng đêm / nightly aggregation',
      schedule: ScheduleExpression.expression(AGGREGATION_SCHEDULE, AGGREGATION_TIME_ZONE),
      target: new LambdaInvoke(this.functions.aggregate.function, {
        input: ScheduleTargetInput.fromObject({ source: 'schedule' }),
        retryAttempts: 3,
        maxEventAge: Duration.hours(2),
        deadLetterQueue: this.deadLetterQueue,
        role: schedulerRole,
      }),
    });
    acknowledge(
      schedulerRole,
      `AwsSolutions-IAM5[Resource::<${this.getLogicalId(
        this.functions.aggregate.function.node.defaultChild as CfnElement,
      )}.Arn>:*]`,
      'The Scheduler target grants lambda:InvokeFunction on the aggregate function and its versions/aliases (`<function ARN>:*`); it is one function, not a wildcard over functions.',
    );

    this.operations = new Operations(this, 'Operations', {
      prefix,
      serviceName: prefix,
      api: this.api,
      functions: Object.values(this.functions),
      aggregateFunction: this.functions.aggregate,
      deadLetterQueue: this.deadLetterQueue,
      alarmEmail: deployment.alarmEmail,
    });

    this.feedbackAlerts.connect(this.functions.notify, this.operations.topic, prefix);
    new CfnOutput(this, 'FeedbackDigestTopicArn', {
      value: this.feedbackAlerts.digestTopic.topicArn,
      description: 'Subscribe e-mail addresses for the daily feedback digest (docs/feedback.md)',
    });

    const baseUrl = publicBaseUrl ?? this.api.apiEndpoint;
    new CfnOutput(this, 'ApiUrl', {
      value: baseUrl,
      description: 'Base URL of the public pages and the agency API',
    });
    if (domain) {
      new CfnOutput(this, 'DomainTarget', {
        value: domain.regionalDomainName,
        description: `DNS: CNAME ${deployment.domainName} to this name`,
      });
    }
    new CfnOutput(this, 'EdgeUrl', {
      value: `https://${this.edge.distribution.distributionDomainName}`,
      description: 'CloudFront: /public and the QR images cached at the edge, the rest passed through',
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.operations.topic.topicArn });
    new CfnOutput(this, 'FirstAdminSteps', {
      description: 'What to do after the first deployment (docs/deploy.md)',
      value: [
        `1) export AWS_REGION=${this.region} TABLE_NAME=${table.tableName}`,
        '2) npm run admin -- --aws units import units.json; npm run admin -- --aws procedures import procedures.json',
        '3) npm run admin -- --aws keys create --unit <province unit> --permissions admin',
        `4) give the one-stop system ${baseUrl}/v1/dossiers and a dossiers:write key (docs/deploy.md)`,
      ].join(' | '),
    });
  }
}
