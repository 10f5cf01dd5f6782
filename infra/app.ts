/**
 * The CDK app: one province, one stage — `npx cdk deploy --all -c stage=prod -c province=cao-bang`.
 * This is the only place that reads CDK context; the stacks take what they need as props. Stacks are
 * environment-agnostic (no account or region lookups), so `cdk synth` runs offline with no credentials.
 */
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from './nag';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import type { BuiltBundle, FunctionName } from './build';
import { CONTEXT_KEYS, parseDeploymentContext, stackPrefix } from './context';
import { DataStack } from './stacks/data-stack';
import { ServiceStack } from './stacks/service-stack';

const CROSS_STACK_REFERENCES = '@aws-cdk/core:defaultCrossStackReferences';

export interface HailongAppOptions {
  /** Builds a function's bundle (infra/build.ts by default). */
  build?: (name: FunctionName) => BuiltBundle;
}

/** Adds a province's stacks to `app`, from its context; throws a clear error on a bad context value. */
export function addHailongStacks(app: App, options: HailongAppOptions = {}) {
  const deployment = parseDeploymentContext(
    Object.fromEntries(CONTEXT_KEYS.map((key) => [key, app.node.tryGetContext(key)])),
  );
  const prefix = stackPrefix(deployment);
  // The service stack uses the table and secret through CloudFormation exports: keep them strong, so
  // the data stack can never be updated in a way that removes what the service still uses.
  if (app.node.tryGetContext(CROSS_STACK_REFERENCES) === undefined)
    app.node.setContext(CROSS_STACK_REFERENCES, 'strong');

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  Tags.of(app).add('project', 'hailong');
  Tags.of(app).add('province', deployment.province);
  Tags.of(app).add('stage', deployment.stage);

  const data = new DataStack(app, `${prefix}-data`, {
    prefix,
    description: `hailong ${deployment.province} (${deployment.stage}): table and signing key — retained`,
    terminationProtection: deployment.stage === 'prod',
  });
  const service = new ServiceStack(app, `${prefix}-service`, {
    prefix,
    deployment,
    table: data.table,
    signingKeys: data.signingKeys,
    description: `hailong ${deployment.province} (${deployment.stage}): API, functions, schedule, alarms`,
    ...(options.build ? { build: options.build } : {}),
  });
  return { deployment, data, service };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const app = new App();
  try {
    addHailongStacks(app);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  app.synth();
}
