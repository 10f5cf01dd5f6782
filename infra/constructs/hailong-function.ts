/**
 * Every Lambda function of hailong, with every default set in one place: Node.js 22 on arm64, the
 * bundle made by infra/build.ts (the one the benchmarks measure), a log group with retention, X-Ray
 * tracing, the environment shared/config.ts parses, and a role that holds only what is granted to it
 * (no AWS managed policy).
 */
import type { Duration } from 'aws-cdk-lib';
import { RemovalPolicy } from 'aws-cdk-lib';
import { type IRole, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  ApplicationLogLevel,
  Architecture,
  Code,
  Function as LambdaFunction,
  type IFunction,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { acknowledge } from '../nag';
import { Construct } from 'constructs';
import { buildFunction, type BuiltBundle, type FunctionName, HANDLER } from '../build';

/**
 * The runtime of every function: the newest Node.js Lambda offers (cdk-nag AwsSolutions-L1). The
 * bundles target `node22` syntax (infra/build.ts), which it runs unchanged.
 */
export const FUNCTION_RUNTIME = Runtime.NODEJS_24_X;

/** Settings that differ between functions; everything else is shared. */
export interface HailongFunctionProps {
  /** Which bundle (`functions/<name>/index.ts`). */
  name: FunctionName;
  /** `hailong-<province>-<stage>`: prefix of the function's name. */
  prefix: string;
  memorySize: number;
  timeout: Duration;
  /** The variables of shared/config.ts, set for every function of the deployment. */
  environment: Record<string, string>;
  /** How long the function's logs are kept. */
  logRetention?: RetentionDays;
  /** For asynchronously invoked functions (the schedule): where events go after their retries. */
  deadLetterQueue?: IQueue;
  retryAttempts?: number;
  /**
   * Whether Node maps stack traces through the shipped source maps at run time
   * (`NODE_OPTIONS=--enable-source-maps`, default on). Node then parses the maps at import, which the
   * public function's cold-start budget cannot afford (BENCHMARKS.md); its maps stay in the asset for
   * decoding a stack trace offline.
   */
  runtimeSourceMaps?: boolean;
  /** Builds the bundle; infra/build.ts `buildFunction` unless a test passes its own. */
  build?: (name: FunctionName) => BuiltBundle;
}

export class HailongFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: IRole;
  readonly logGroup: LogGroup;
  /** The bundle the function's code asset was made from (`dist/functions/<name>/`). */
  readonly bundle: BuiltBundle;

  constructor(scope: Construct, id: string, props: HailongFunctionProps) {
    super(scope, id);
    const functionName = `${props.prefix}-${props.name}`;
    this.bundle = (props.build ?? buildFunction)(props.name);

    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: props.logRetention ?? RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Our own role instead of AWSLambdaBasicExecutionRole: logs only to this function's log group.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${functionName}: execution role`,
    });
    this.logGroup.grantWrite(role);
    this.role = role;

    this.function = new LambdaFunction(this, 'Function', {
      functionName,
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      code: Code.fromAsset(this.bundle.dir),
      handler: HANDLER,
      memorySize: props.memorySize,
      timeout: props.timeout,
      logGroup: this.logGroup,
      // JSON logs; Lambda's own START/END/REPORT lines (INFO) are dropped: on the rating path they were
      // most of the log bytes paid for, and duration and errors are in CloudWatch metrics anyway.
      // The functions log what an operator needs (warnings, errors, the nightly run) with Powertools.
      loggingFormat: LoggingFormat.JSON,
      systemLogLevelV2: SystemLogLevel.WARN,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      // X-Ray only where a trace pays for itself: the nightly run (one invocation a day). The HTTP
      // functions are not traced (each trace cost ~$5 per million; latency is in the access logs).
      tracing: props.name === 'aggregate' ? Tracing.ACTIVE : Tracing.PASS_THROUGH,
      role,
      environment: {
        ...props.environment,
        ...(props.runtimeSourceMaps === false ? {} : { NODE_OPTIONS: '--enable-source-maps' }),
      },
      ...(props.deadLetterQueue
        ? { deadLetterQueueEnabled: true, deadLetterQueue: props.deadLetterQueue }
        : {}),
      ...(props.retryAttempts !== undefined ? { retryAttempts: props.retryAttempts } : {}),
    });

    acknowledge(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      'Tracing.ACTIVE grants xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions (the X-Ray IAM reference requires Resource "*").',
    );
  }

  /** The function as an `IFunction`, for integrations and targets. */
  get handler(): IFunction {
    return this.function;
  }
}
