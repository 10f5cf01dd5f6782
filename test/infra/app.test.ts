/**
 * The CDK app of one province, synthesized once (as `cdk synth` does, cdk-nag included) and checked
 * resource by resource. Synthesis is slow (seconds), so this file holds most infra assertions.
 */
import { Validations } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_FILE, bundleOptions, type FunctionName, functionOutDir } from '../../infra/build';
import { TABLE_LOGICAL_ID } from '../../infra/stacks/data-stack';
import { AGGREGATION_SCHEDULE, FUNCTION_SIZES } from '../../infra/stacks/service-stack';
import { NIGHTLY_RUN_HOUR, NIGHTLY_SETTLE_MINUTES } from '../../functions/api/routes/public-ranking';
import { apiGatewayEvent } from '../../bench/scenarios/index';
import { indexProjection, TABLE } from '../../shared/storage/table';
import { removeSyntheses, synthesizeProvince, type SynthesizedProvince } from './synth';

/** What the CDK stack sets, pointed at nothing real (the handlers below make no AWS call). */
const BUNDLE_ENV = {
  TABLE_NAME: 'hailong',
  SIGNING_KEYS_SECRET_ARN: 'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:hailong-test-AbCdEf',
  STAGE: 'bench',
  AWS_REGION: 'ap-southeast-1',
  NODE_OPTIONS: '--enable-source-maps',
};
const LOAD_HANDLER = `const m = await import(process.argv[1]); process.stdout.write(typeof m.handler);`;
const INVOKE_HANDLER = `const m = await import(process.argv[1]);
const answer = await m.handler(JSON.parse(process.argv[2]), { awsRequestId: 'test', getRemainingTimeInMillis: () => 10000 });
process.stdout.write(JSON.stringify(answer));`;

type Resource = { Type: string; Properties: Record<string, unknown>; [key: string]: unknown };

let province: SynthesizedProvince;
let data: Template;
let service: Template;

afterAll(removeSyntheses);

beforeAll(() => {
  province = synthesizeProvince({ stage: 'prod', province: 'cao-bang' });
  data = province.template('data');
  service = province.template('service');
});

const resources = (template: Template, type: string) =>
  template.findResources(type) as Record<string, Resource>;

/** The function names (`hailong-cao-bang-prod-<name>`) by logical id. */
function functionNamesById(): Map<string, string> {
  return new Map(
    Object.entries(resources(service, 'AWS::Lambda::Function')).map(([id, fn]) => [
      id,
      String(fn.Properties.FunctionName),
    ]),
  );
}

function functionResource(name: FunctionName): [string, Resource] {
  const found = Object.entries(resources(service, 'AWS::Lambda::Function')).find(
    ([, fn]) => fn.Properties.FunctionName === `hailong-cao-bang-prod-${name}`,
  );
  if (!found) throw new Error(`no function ${name}`);
  return found;
}

/** Policy statements attached to a function's role. */
function statementsOf(name: FunctionName): Record<string, unknown>[] {
  const [, fn] = functionResource(name);
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
  return Object.values(resources(service, 'AWS::IAM::Policy'))
    .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId))
    .flatMap(
      (policy) => (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement,
    );
}

const leadingKeysOf = (statement: Record<string, unknown>) =>
  ((statement.Condition as Record<string, Record<string, string[]>> | undefined)?.[
    'ForAllValues:StringLike'
  ]?.['dynamodb:LeadingKeys'] ?? []) as string[];

describe('stateful stack', () => {
  it('pins the table logical id so a refactor can never replace the table', () => {
    expect(TABLE_LOGICAL_ID).toBe('HailongTable');
    data.hasResource('AWS::DynamoDB::Table', Match.anyValue());
    expect(Object.keys(resources(data, 'AWS::DynamoDB::Table'))).toEqual(['HailongTable']);
  });

  it('builds the table from the definition the local run uses (keys, indexes, TTL attribute)', () => {
    const table = resources(data, 'AWS::DynamoDB::Table')[TABLE_LOGICAL_ID]!;
    expect(table.Properties.KeySchema).toEqual([
      { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
    ]);
    const indexes = table.Properties.GlobalSecondaryIndexes as {
      IndexName: string;
      KeySchema: { AttributeName: string }[];
      Projection: { ProjectionType: string; NonKeyAttributes?: string[] };
    }[];
    expect(
      indexes.map((index) => [index.IndexName, ...index.KeySchema.map((key) => key.AttributeName)]),
    ).toEqual(TABLE.indexes.map((index) => [index.name, index.partitionKey, index.sortKey]));
    expect(indexes.map((index) => index.Projection)).toEqual(TABLE.indexes.map(indexProjection));
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
  });

  it('makes the table on-demand, encrypted, with point-in-time recovery and deletion protection', () => {
    data.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      SSESpecification: { SSEEnabled: true },
    });
  });

  it('retains the table and the signing secret when the stack is deleted or the resource replaced', () => {
    const table = resources(data, 'AWS::DynamoDB::Table')[TABLE_LOGICAL_ID]!;
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    const secrets = Object.values(resources(data, 'AWS::SecretsManager::Secret'));
    expect(secrets).toHaveLength(1);
    expect(secrets[0]!.DeletionPolicy).toBe('Retain');
  });

  it('has CloudFormation generate the signing seed, so no key is ever in the template', () => {
    const [secret] = Object.values(resources(data, 'AWS::SecretsManager::Secret'));
    expect(secret!.Properties.GenerateSecretString).toMatchObject({
      SecretStringTemplate: '{}',
      GenerateStringKey: 'seed',
      PasswordLength: 64,
    });
    expect(secret!.Properties.SecretString).toBeUndefined();
  });

  it('protects the production data stack from deletion', () => {
    expect(province.stacks.data.terminationProtection).toBe(true);
  });
});

describe('HTTP API', () => {
  const expectedRoutes: [string, FunctionName][] = [
    ['GET /healthz', 'public'],
    ['GET /r/{token}', 'public'],
    ['POST /r/{token}', 'public'],
    ['GET /r/{token}/{proxy+}', 'public'],
    ['POST /r/{token}/feedback', 'public'],
    ['GET /s/{campaign}', 'public'],
    ['POST /s/{campaign}', 'public'],
    ['GET /s/{campaign}/{proxy+}', 'public'],
    ['ANY /v1/{proxy+}', 'api'],
    ['GET /openapi.json', 'api'],
    ['GET /docs', 'api'],
    ['GET /dashboard', 'api'],
    ['GET /dashboard/{proxy+}', 'api'],
    ['POST /dashboard/{proxy+}', 'api'],
    ['GET /public', 'api'],
  ];

  it('routes every path of DESIGN §8 to the function that serves it, and nothing else', () => {
    const integrations = resources(service, 'AWS::ApiGatewayV2::Integration');
    const names = functionNamesById();
    const routes = Object.values(resources(service, 'AWS::ApiGatewayV2::Route')).map((route) => {
      const target = route.Properties.Target as { 'Fn::Join': [string, unknown[]] };
      const integrationId = (target['Fn::Join'][1][1] as { Ref: string }).Ref;
      const uri = integrations[integrationId]!.Properties.IntegrationUri as { 'Fn::GetAtt': string[] };
      return [route.Properties.RouteKey, names.get(uri['Fn::GetAtt'][0]!)];
    });
    expect(routes.sort()).toEqual(
      expectedRoutes.map(([key, fn]) => [key, `hailong-cao-bang-prod-${fn}`]).sort(),
    );
    service.resourceCountIs('AWS::ApiGatewayV2::Integration', 2);
    service.hasResourceProperties('AWS::ApiGatewayV2::Integration', { PayloadFormatVersion: '2.0' });
  });

  it('throttles the default stage and writes access logs without paths (tokens) or IP addresses', () => {
    const [stage] = Object.values(resources(service, 'AWS::ApiGatewayV2::Stage'));
    expect(stage!.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 },
    });
    const settings = stage!.Properties.AccessLogSettings as { DestinationArn: unknown; Format: string };
    expect(settings.DestinationArn).toBeDefined();
    expect(settings.Format).toContain('$context.routeKey');
    expect(settings.Format).not.toContain('sourceIp');
    expect(settings.Format).not.toContain('$context.path');
  });

  it('throttles GET /public on its own route, far below the rating routes (the stage default)', () => {
    const [stage] = Object.values(resources(service, 'AWS::ApiGatewayV2::Stage'));
    const defaults = stage!.Properties.DefaultRouteSettings as Record<string, number>;
    const routeSettings = stage!.Properties.RouteSettings as Record<string, Record<string, number>>;
    // Only /public has its own settings: /r/{token} and /s/{campaign} each keep the stage's 200/400.
    expect(Object.keys(routeSettings)).toEqual(['GET /public']);
    expect(routeSettings['GET /public']).toEqual({ ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 });
    expect(routeSettings['GET /public']!.ThrottlingRateLimit).toBeLessThan(defaults.ThrottlingRateLimit!);
    expect(routeSettings['GET /public']!.ThrottlingBurstLimit).toBeLessThan(defaults.ThrottlingBurstLimit!);
    // The stage is deployed after the route its settings name.
    const [publicRoute] = Object.entries(resources(service, 'AWS::ApiGatewayV2::Route')).find(
      ([, route]) => route.Properties.RouteKey === 'GET /public',
    )!;
    const [, stageResource] = Object.entries(resources(service, 'AWS::ApiGatewayV2::Stage'))[0]!;
    expect(stageResource.DependsOn).toContain(publicRoute);
  });

  it('has no custom domain unless one is given', () => {
    service.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
  });
});

describe('CloudFront in front of /public and the QR images', () => {
  type Behavior = { PathPattern?: string; CachePolicyId: unknown; AllowedMethods: string[] };
  const distributionConfig = () => {
    const [distribution] = Object.values(resources(service, 'AWS::CloudFront::Distribution'));
    return distribution!.Properties.DistributionConfig as {
      DefaultCacheBehavior: Behavior & { OriginRequestPolicyId: string };
      CacheBehaviors: Behavior[];
      Origins: { DomainName: unknown; CustomOriginConfig: Record<string, unknown> }[];
    };
  };

  it('has one distribution whose origin is the HTTP API over TLS 1.2', () => {
    service.resourceCountIs('AWS::CloudFront::Distribution', 1);
    const config = distributionConfig();
    expect(config.Origins).toHaveLength(1);
    expect(JSON.stringify(config.Origins[0]!.DomainName)).toContain('ApiEndpoint');
    expect(config.Origins[0]!.CustomOriginConfig).toMatchObject({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
  });

  it('keys /public on its path and the lang parameter only: no cookie, no header', () => {
    const policies = Object.entries(resources(service, 'AWS::CloudFront::CachePolicy'));
    expect(policies).toHaveLength(1);
    const [policyId, policy] = policies[0]!;
    const config = policy.Properties.CachePolicyConfig as {
      MinTTL: number;
      MaxTTL: number;
      ParametersInCacheKeyAndForwardedToOrigin: Record<string, Record<string, unknown>>;
    };
    const key = config.ParametersInCacheKeyAndForwardedToOrigin;
    expect(key.QueryStringsConfig).toEqual({ QueryStringBehavior: 'whitelist', QueryStrings: ['lang'] });
    expect(key.CookiesConfig).toEqual({ CookieBehavior: 'none' });
    expect(key.HeadersConfig).toEqual({ HeaderBehavior: 'none' });
    expect(config.MinTTL).toBe(0);
    expect(config.MaxTTL).toBe(86_400);
    const publicBehavior = distributionConfig().CacheBehaviors.find((b) => b.PathPattern === '/public')!;
    expect(publicBehavior.CachePolicyId).toEqual({ Ref: policyId });
    expect(publicBehavior.AllowedMethods.sort()).toEqual(['GET', 'HEAD']);
    expect(publicBehavior).not.toHaveProperty('OriginRequestPolicyId');
  });

  it('caches the QR images with the managed CachingOptimized policy and passes everything else through uncached', () => {
    const config = distributionConfig();
    const cachingOptimized = '658327ea-f89d-4fab-a63d-7e88639e58f6';
    const cachingDisabled = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
    for (const path of ['/r/*/qr.svg', '/r/*/qr.png']) {
      expect(config.CacheBehaviors.find((b) => b.PathPattern === path)?.CachePolicyId).toBe(cachingOptimized);
    }
    expect(config.CacheBehaviors.map((b) => b.PathPattern).sort()).toEqual([
      '/public',
      '/r/*/qr.png',
      '/r/*/qr.svg',
    ]);
    expect(config.DefaultCacheBehavior.CachePolicyId).toBe(cachingDisabled);
    expect(config.DefaultCacheBehavior.AllowedMethods).toContain('POST');
  });

  it('outputs the distribution URL', () => {
    service.hasOutput('EdgeUrl', {});
  });
});

describe('Lambda functions', () => {
  const sizes: Record<FunctionName, [number, number]> = {
    public: [512, 10],
    api: [1024, 29],
    aggregate: [1769, 900],
    notify: [256, 120],
  };

  it.each(Object.entries(sizes))(
    'runs %s on Node.js 22 or newer, arm64, its memory and timeout',
    (name, size) => {
      const [, fn] = functionResource(name as FunctionName);
      const runtime = String(fn.Properties.Runtime);
      expect(runtime).toMatch(/^nodejs\d+\.x$/);
      expect(Number(runtime.match(/\d+/)![0])).toBeGreaterThanOrEqual(22);
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect([fn.Properties.MemorySize, fn.Properties.Timeout]).toEqual(size);
      expect(fn.Properties.Handler).toBe('index.handler');
      // Traced only where it pays: the nightly run; the HTTP functions pass through (BENCHMARKS.md cost).
      expect(fn.Properties.TracingConfig).toEqual({ Mode: name === 'aggregate' ? 'Active' : 'PassThrough' });
      // JSON logs without Lambda's START/END/REPORT lines: what the functions log is what is paid for.
      expect(fn.Properties.LoggingConfig).toMatchObject({
        LogFormat: 'JSON',
        SystemLogLevel: 'WARN',
        ApplicationLogLevel: 'INFO',
      });
    },
  );

  it('gives every function the configuration shared/config.ts parses, and run-time source maps but to the public function', () => {
    for (const name of ['public', 'api', 'aggregate'] as const) {
      const [, fn] = functionResource(name);
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(Object.keys(variables).sort()).toEqual(
        [
          'COMMENT_RETENTION_DAYS',
          ...(name === 'api' ? ['BUILD_ID'] : []),
          'LINK_TTL_DAYS',
          'MIN_N',
          ...(name === 'public' ? [] : ['NODE_OPTIONS']),
          'POWERTOOLS_METRICS_NAMESPACE',
          'POWERTOOLS_SERVICE_NAME',
          'PUBLIC_DASHBOARD',
          'SIGNING_KEYS_SECRET_ARN',
          'STAGE',
          'TABLE_NAME',
        ].sort(),
      );
      expect(variables.NODE_OPTIONS).toBe(name === 'public' ? undefined : '--enable-source-maps');
      expect(variables).toMatchObject({
        COMMENT_RETENTION_DAYS: '1095',
        LINK_TTL_DAYS: '30',
        MIN_N: '30',
        STAGE: 'prod',
        POWERTOOLS_SERVICE_NAME: 'hailong-cao-bang-prod',
        PUBLIC_DASHBOARD: 'off',
      });
    }
  });

  it('logs each function to its own log group with a retention period', () => {
    const groups = resources(service, 'AWS::Logs::LogGroup');
    for (const name of ['public', 'api', 'aggregate'] as const) {
      const [, fn] = functionResource(name);
      const groupId = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(groups[groupId]!.Properties).toMatchObject({
        LogGroupName: `/aws/lambda/hailong-cao-bang-prod-${name}`,
        RetentionInDays: 90,
      });
    }
  });

  it('uses no AWS managed policy for any function role', () => {
    for (const role of Object.values(resources(service, 'AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });
});

describe('least-privilege table access', () => {
  const dynamoStatements = (name: FunctionName) =>
    statementsOf(name).filter((statement) =>
      ([] as string[])
        .concat(statement.Action as string | string[])
        .some((action) => action.startsWith('dynamodb:')),
    );
  const prefixes = (name: FunctionName, sid: string) =>
    dynamoStatements(name)
      .filter((statement) => statement.Sid === sid)
      .flatMap(leadingKeysOf);

  it('never grants Scan or an unconditioned action on the base table', () => {
    for (const name of ['public', 'api', 'aggregate'] as const) {
      for (const statement of dynamoStatements(name)) {
        expect(([] as string[]).concat(statement.Action as string[])).not.toContain('dynamodb:Scan');
        if (statement.Sid !== 'QueryIndexes') expect(leadingKeysOf(statement).length).toBeGreaterThan(0);
      }
    }
  });

  it('keeps the public function away from API keys, aggregates and contributions, and off the indexes', () => {
    const read = prefixes('public', 'ReadItemsByKeyPrefix');
    const write = prefixes('public', 'WriteItemsByKeyPrefix');
    expect(read.sort()).toEqual(['CAMPAIGN#*', 'DOSSIER#*', 'HOLIDAYS#*', 'LANG#*', 'PROC#*', 'UNIT#*']);
    expect(write.sort()).toEqual(['ASSESS#*', 'DOSSIER#*']);
    expect(dynamoStatements('public').some((statement) => statement.Sid === 'QueryIndexes')).toBe(false);
  });

  it('lets only the aggregate function write AGG#, CONTRIB#, AGGRUN#, AGGNIGHTS# and SHEET#', () => {
    const aggregateWrites = ['AGG#*', 'CONTRIB#*', 'AGGRUN#*', 'AGGNIGHTS#*', 'SHEET#*'];
    expect(prefixes('aggregate', 'WriteItemsByKeyPrefix').sort()).toEqual([...aggregateWrites].sort());
    for (const name of ['public', 'api'] as const) {
      const writes = prefixes(name, 'WriteItemsByKeyPrefix');
      for (const prefix of aggregateWrites) expect(writes).not.toContain(prefix);
    }
  });

  it('lets the api function read what it serves and register dossiers', () => {
    const read = prefixes('api', 'ReadItemsByKeyPrefix');
    // AGGNIGHTS#: the nights aggregated, which every answer's final flag reads.
    for (const prefix of ['UNIT#*', 'PROC#*', 'APIKEY#*', 'DOSSIER#*', 'AGG#*', 'AGGNIGHTS#*'])
      expect(read).toContain(prefix);
    expect(prefixes('api', 'WriteItemsByKeyPrefix')).toContain('DOSSIER#*');
    // PACE#: the custom-range budgets per key and per session (shared/storage/limits.ts).
    expect(prefixes('api', 'WriteItemsByKeyPrefix')).toContain('PACE#*');
    const indexQuery = dynamoStatements('api').find((statement) => statement.Sid === 'QueryIndexes')!;
    expect(JSON.stringify(indexQuery.Resource)).toContain('/index/gsi1');
    expect(JSON.stringify(indexQuery.Resource)).toContain('/index/gsi2');
  });

  it('lets the aggregate function query only the arrival bucket and due indexes', () => {
    const indexQuery = dynamoStatements('aggregate').find((statement) => statement.Sid === 'QueryIndexes')!;
    expect(JSON.stringify(indexQuery.Resource)).toContain('/index/gsi1');
    // The due index of the dossiers' day snapshots (DUE#<day>#<shard>).
    expect(JSON.stringify(indexQuery.Resource)).toContain('/index/gsi2');
    expect(JSON.stringify(indexQuery.Resource)).toContain('/index/gsi3');
  });

  it('lets the public and api functions read the signing secret, and not the aggregate function', () => {
    const readsSecret = (name: FunctionName) =>
      statementsOf(name).some((statement) =>
        ([] as string[]).concat(statement.Action as string[]).includes('secretsmanager:GetSecretValue'),
      );
    expect([readsSecret('public'), readsSecret('api'), readsSecret('aggregate')]).toEqual([
      true,
      true,
      false,
    ]);
  });
});

/** The logical id of the SQS queue named `hailong-cao-bang-prod-<name>`. */
const queueIdNamed = (name: string) =>
  Object.entries(resources(service, 'AWS::SQS::Queue')).find(
    ([, queue]) => queue.Properties.QueueName === `hailong-cao-bang-prod-${name}`,
  )![0];
const scheduleNamed = (name: string) =>
  Object.values(resources(service, 'AWS::Scheduler::Schedule')).find(
    (schedule) => schedule.Properties.Name === `hailong-cao-bang-prod-${name}`,
  );

describe('nightly aggregation schedule', () => {
  it('invokes the aggregate function at 01:00 Asia/Ho_Chi_Minh with retries and a dead-letter queue', () => {
    const schedule = scheduleNamed('nightly-aggregation');
    expect(schedule!.Properties.ScheduleExpression).toBe('cron(0 1 * * ? *)');
    expect(schedule!.Properties.ScheduleExpressionTimezone).toBe('Asia/Ho_Chi_Minh');
    const target = schedule!.Properties.Target as Record<string, Record<string, unknown>>;
    const [aggregateId] = functionResource('aggregate');
    expect(target.Arn).toEqual({ 'Fn::GetAtt': [aggregateId, 'Arn'] });
    expect(target.RetryPolicy).toMatchObject({ MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 7200 });
    const queueId = queueIdNamed('aggregation-dlq');
    expect(target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } });
  });

  it('ends each run before /public takes its figures as the new generation (01:00 + the function timeout)', () => {
    expect(AGGREGATION_SCHEDULE).toBe(`cron(0 ${NIGHTLY_RUN_HOUR} * * ? *)`);
    expect(FUNCTION_SIZES.aggregate.timeout.toMinutes()).toBeLessThanOrEqual(NIGHTLY_SETTLE_MINUTES);
  });

  it('sends a failed aggregate run to the same dead-letter queue after Lambda retries it', () => {
    const [, fn] = functionResource('aggregate');
    const queueId = queueIdNamed('aggregation-dlq');
    expect(fn.Properties.DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': [queueId, 'Arn'] } });
    service.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 2 });
  });

  it('encrypts the dead-letter queue and refuses requests without TLS', () => {
    // The aggregation's dead-letter queue, and the feedback alerts' queue and dead-letter queue.
    service.resourceCountIs('AWS::SQS::Queue', 3);
    for (const queue of Object.values(resources(service, 'AWS::SQS::Queue'))) {
      expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    }
    expect(resources(service, 'AWS::SQS::Queue')[queueIdNamed('aggregation-dlq')]!.Properties).toMatchObject({
      MessageRetentionPeriod: 1_209_600,
    });
    service.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('feedback alerts (issue #11)', () => {
  const prefixes = (sid: string) =>
    statementsOf('notify')
      .filter((statement) => statement.Sid === sid)
      .flatMap(leadingKeysOf);

  it('feeds the notify function from an encrypted queue that redrives to an alarmed dead-letter queue', () => {
    const queues = resources(service, 'AWS::SQS::Queue');
    const dlqId = queueIdNamed('feedback-alerts-dlq');
    expect(queues[queueIdNamed('feedback-alerts')]!.Properties).toMatchObject({
      VisibilityTimeout: 720,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 },
    });
    const [notifyId] = functionResource('notify');
    service.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: notifyId },
      EventSourceArn: { 'Fn::GetAtt': [queueIdNamed('feedback-alerts'), 'Arn'] },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const alarm = Object.values(resources(service, 'AWS::CloudWatch::Alarm')).find(
      (candidate) => candidate.Properties.AlarmName === 'hailong-cao-bang-prod-feedback-alerts-dlq-not-empty',
    )!;
    expect(alarm.Properties).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      Threshold: 0,
    });
  });

  it('collects due alerts every 5 minutes and sends a digest each working morning, both in Hanoi time', () => {
    const [notifyId] = functionResource('notify');
    const alerts = scheduleNamed('feedbackalerts')!;
    const digest = scheduleNamed('feedbackdigest')!;
    expect(alerts.Properties.ScheduleExpression).toBe('rate(5 minutes)');
    expect(digest.Properties.ScheduleExpression).toBe('cron(30 7 ? * MON-FRI *)');
    for (const [schedule, source] of [
      [alerts, 'alerts'],
      [digest, 'digest'],
    ] as const) {
      expect(schedule.Properties.ScheduleExpressionTimezone).toBe('Asia/Ho_Chi_Minh');
      const target = schedule.Properties.Target as Record<string, unknown>;
      expect(target.Arn).toEqual({ 'Fn::GetAtt': [notifyId, 'Arn'] });
      expect(JSON.parse(String(target.Input))).toEqual({ source });
    }
  });

  it('has a province digest topic, encrypted and TLS-only, that only the notify function may publish to', () => {
    const [topicId, topic] = Object.entries(resources(service, 'AWS::SNS::Topic')).find(
      ([, candidate]) => candidate.Properties.TopicName === 'hailong-cao-bang-prod-feedback-digest',
    )!;
    expect(String(JSON.stringify(topic.Properties.KmsMasterKeyId))).toContain('alias/aws/sns');
    const publishers = Object.values(resources(service, 'AWS::IAM::Policy')).filter((policy) =>
      JSON.stringify(policy.Properties.PolicyDocument).includes(
        `"sns:Publish","Effect":"Allow","Resource":{"Ref":"${topicId}"}`,
      ),
    );
    expect(publishers).toHaveLength(1);
    expect(JSON.stringify(publishers[0]!.Properties.Roles)).toContain('notify');
  });

  it('gives the notify function its queues and topic, the case index, and writes only to dossiers', () => {
    const [, fn] = functionResource('notify');
    const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(Object.keys(variables)).toEqual(
      expect.arrayContaining([
        'ALERT_QUEUE_URL',
        'ALERT_DEAD_LETTER_QUEUE_URL',
        'DIGEST_TOPIC_ARN',
        'TABLE_NAME',
      ]),
    );
    expect(prefixes('WriteItemsByKeyPrefix')).toEqual(['DOSSIER#*']);
    expect(prefixes('ReadItemsByKeyPrefix').sort()).toEqual([
      'DOSSIER#*',
      'HOLIDAYS#*',
      'UNIT#*',
      'WEBHOOK#*',
    ]);
  });
});

describe('operations', () => {
  const alarmsByName = () =>
    new Map(
      Object.values(resources(service, 'AWS::CloudWatch::Alarm')).map((alarm) => [
        String(alarm.Properties.AlarmName).replace('hailong-cao-bang-prod-', ''),
        alarm.Properties,
      ]),
    );

  it('has one alarm per failure mode, each notifying the alarm topic', () => {
    const alarms = alarmsByName();
    expect([...alarms.keys()].sort()).toEqual(
      [
        'api-5xx',
        'public-errors',
        'public-throttles',
        'api-errors',
        'api-throttles',
        'aggregate-errors',
        'aggregate-throttles',
        'dlq-not-empty',
        'aggregation-missed',
        'notify-errors',
        'notify-throttles',
        'feedback-alerts-dlq-not-empty',
      ].sort(),
    );
    const [topicId] = Object.entries(resources(service, 'AWS::SNS::Topic')).find(([, topic]) =>
      String(topic.Properties.DisplayName).includes('alarms'),
    )!;
    for (const alarm of alarms.values()) expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
  });

  it('alarms on API 5xx, function errors and throttles, and a non-empty dead-letter queue', () => {
    const alarms = alarmsByName();
    expect(alarms.get('api-5xx')).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Threshold: 0,
    });
    for (const name of ['public', 'api', 'aggregate']) {
      expect(alarms.get(`${name}-errors`)).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Errors' });
      expect(alarms.get(`${name}-throttles`)).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'Throttles',
      });
    }
    expect(alarms.get('dlq-not-empty')).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
    });
  });

  it('alarms when no aggregation has succeeded in the 26 hours up to about 03:00, missing data breaching', () => {
    expect(alarmsByName().get('aggregation-missed')).toMatchObject({
      Namespace: 'hailong',
      MetricName: 'AggregationSucceeded',
      Dimensions: [{ Name: 'service', Value: 'hailong-cao-bang-prod' }],
      Statistic: 'Sum',
      Period: 3600,
      EvaluationPeriods: 26,
      DatapointsToAlarm: 26,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
    });
  });

  it('encrypts the alarm topic with a key CloudWatch may use, and enforces TLS', () => {
    const [topic] = Object.values(resources(service, 'AWS::SNS::Topic'));
    expect(topic!.Properties.KmsMasterKeyId).toBeDefined();
    service.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' } }),
        ]),
      },
    });
    service.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    service.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('has a dashboard and outputs the API URL, the table, the secret and the first admin steps', () => {
    service.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    expect(Object.keys(service.findOutputs('*')).sort()).toEqual([
      'AlarmTopicArn',
      'ApiUrl',
      'EdgeUrl',
      'FeedbackDigestTopicArn',
      'FirstAdminSteps',
    ]);
    expect(JSON.stringify(service.findOutputs('FirstAdminSteps'))).toContain('keys create');
    const dataOutputs = Object.keys(data.findOutputs('*')).filter((id) => !id.startsWith('Export'));
    expect(dataOutputs.sort()).toEqual(['SigningKeysSecretArn', 'TableName']);
  });
});

describe('the function code is the output of infra/build.ts', () => {
  it.each(['public', 'api', 'aggregate', 'notify'] as const)(
    'deploys %s from dist/functions/<name>, byte for byte',
    (name) => {
      const construct = province.stacks.service.functions[name];
      expect(construct.bundle.dir).toBe(functionOutDir(name));
      const [, fn] = functionResource(name);
      // The staged asset folder is named after the hash that is also the S3 key of the code.
      const s3Key = (fn.Properties.Code as { S3Key: string }).S3Key;
      const assetDir = join(province.outdir, `asset.${s3Key.replace(/\.zip$/, '')}`);
      const deployed = readFileSync(join(assetDir, BUNDLE_FILE));
      expect(deployed.equals(readFileSync(construct.bundle.file))).toBe(true);
      expect(deployed.toString('utf8', 0, 200)).toContain('createRequire');
      expect(readFileSync(join(assetDir, `${BUNDLE_FILE}.map`)).length).toBeGreaterThan(0);
    },
  );

  it.each(['public', 'api', 'aggregate'] as const)(
    'loads the %s bundle in plain Node and finds its handler',
    (name) => {
      const result = spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          LOAD_HANDLER,
          pathToFileURL(province.stacks.service.functions[name].bundle.file).href,
        ],
        {
          encoding: 'utf8',
          env: { PATH: process.env.PATH, ...BUNDLE_ENV },
        },
      );
      expect(result.stderr).not.toMatch(/Error/);
      expect(result.stdout).toBe('function');
    },
  );

  it('loads the notify bundle in plain Node with its queue and topic settings, and refuses to start without them', () => {
    const load = (extra: Record<string, string>) =>
      spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          LOAD_HANDLER,
          pathToFileURL(province.stacks.service.functions.notify.bundle.file).href,
        ],
        { encoding: 'utf8', env: { PATH: process.env.PATH, ...BUNDLE_ENV, ...extra } },
      );
    const configured = load({
      ALERT_QUEUE_URL: 'https://sqs.ap-southeast-1.amazonaws.com/123456789012/q',
      ALERT_DEAD_LETTER_QUEUE_URL: 'https://sqs.ap-southeast-1.amazonaws.com/123456789012/dlq',
      DIGEST_TOPIC_ARN: 'arn:aws:sns:ap-southeast-1:123456789012:digest',
    });
    expect(configured.stderr).not.toMatch(/Error/);
    expect(configured.stdout).toBe('function');
    expect(load({}).stderr).toContain('ALERT_QUEUE_URL is not set');
  });

  it('answers GET /healthz from the deployed public bundle invoked with an API Gateway v2 event', () => {
    const event = apiGatewayEvent({ method: 'GET', path: '/healthz' });
    const result = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        INVOKE_HANDLER,
        pathToFileURL(province.stacks.service.functions.public.bundle.file).href,
        JSON.stringify(event),
      ],
      { encoding: 'utf8', env: { PATH: process.env.PATH, ...BUNDLE_ENV } },
    );
    const answer = JSON.parse(result.stdout) as { statusCode: number; body: string };
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'ok', stage: 'bench' });
  });

  it('bundles minified ESM for node22 with source maps and tree shaking', () => {
    expect(bundleOptions('functions/public/index.ts', '/tmp/out')).toMatchObject({
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'node',
      target: 'node22',
      sourcemap: true,
      treeShaking: true,
      outExtension: { '.js': '.mjs' },
    });
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('synthesizes with no unacknowledged finding', () => {
    expect(province.violations.map((violation) => violation.ruleName)).toEqual([]);
    expect(province.error).toBeUndefined();
  });

  it('ran on this app (its acknowledged findings are in the validation report)', () => {
    const report = JSON.parse(readFileSync(join(province.outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; suppressedViolations?: { ruleName: string }[] }[];
    };
    const awsSolutions = report.pluginReports.find((plugin) => plugin.pluginName === 'AwsSolutions');
    expect(awsSolutions?.suppressedViolations?.map((violation) => violation.ruleName)).toContain(
      'AwsSolutions-SMG4',
    );
  });

  it('gives every acknowledged finding a reason of substance, beside its resource', () => {
    const acknowledged = [province.stacks.data, province.stacks.service].flatMap((stack) =>
      stack.node
        .findAll()
        .flatMap((construct) =>
          construct.node.metadata
            .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
            .flatMap((entry) => Object.entries(entry.data as Record<string, string>)),
        ),
    );
    expect(acknowledged.length).toBeGreaterThanOrEqual(5);
    for (const [id, reason] of acknowledged) {
      expect(id).toMatch(/^AwsSolutions::AwsSolutions-/);
      expect(reason.length, id).toBeGreaterThan(40);
    }
  });

  it('fails synthesis on a resource that breaks a rule', () => {
    const broken = synthesizeProvince(undefined, {
      extend: ({ service: stack }) => new Queue(stack, 'QueueWithoutTls'),
    });
    expect(broken.error).toBeDefined();
    expect(broken.violations.map((violation) => violation.ruleName)).toContain('AwsSolutions-SQS4');
  });
});

describe('a province with a custom domain and an alarm e-mail', () => {
  let withDomain: SynthesizedProvince;
  beforeAll(() => {
    withDomain = synthesizeProvince({
      stage: 'staging',
      province: 'cao-bang',
      domainName: 'danhgia.caobang.gov.vn',
      certificateArn:
        'arn:aws:acm:ap-southeast-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab',
      alarmEmail: 'vanhanh@caobang.gov.vn',
      commentRetentionDays: '730',
    });
  });

  it('maps the domain to the API and tells the functions their public base URL', () => {
    const template = withDomain.template('service');
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'danhgia.caobang.gov.vn',
      DomainNameConfigurations: [
        Match.objectLike({ CertificateArn: Match.stringLikeRegexp('^arn:aws:acm:ap-southeast-1:') }),
      ],
    });
    template.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1);
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
      expect(fn.Properties.Environment.Variables).toMatchObject({
        PUBLIC_BASE_URL: 'https://danhgia.caobang.gov.vn',
        COMMENT_RETENTION_DAYS: '730',
        STAGE: 'staging',
      });
    }
    expect(JSON.stringify(template.findOutputs('ApiUrl'))).toContain('https://danhgia.caobang.gov.vn');
  });

  it('subscribes the alarm e-mail to the alarm topic', () => {
    withDomain.template('service').hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'vanhanh@caobang.gov.vn',
    });
  });

  it('leaves a non-production data stack deletable by its owner (still retaining the table)', () => {
    expect(withDomain.stacks.data.terminationProtection).toBe(false);
    expect(withDomain.violations).toEqual([]);
  });
});
