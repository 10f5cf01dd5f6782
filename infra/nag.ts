/**
 * cdk-nag 3 runs as a CDK policy-validation plugin; findings are acknowledged with CDK's own
 * `Validations.of(construct).acknowledge()`, one finding at a time (`Rule[Finding]` for granular rules).
 * cdk-nag is a CommonJS (jsii) package: import it here once for the ES module app.
 */
import { Validations } from 'aws-cdk-lib';
import cdkNag from 'cdk-nag';
import type { IConstruct } from 'constructs';

export const { AwsSolutionsChecks } = cdkNag;

/** The plugin name cdk-nag's AwsSolutions pack reports under (acknowledgement ids are `<plugin>::<rule>`). */
export const NAG_PLUGIN = 'AwsSolutions';

/**
 * Acknowledges a cdk-nag finding on a construct, beside the resource, with the reason it is accepted.
 * `rule` is the finding as reported, e.g. `AwsSolutions-SQS3` or `AwsSolutions-IAM5[Resource::*]`.
 */
export function acknowledge(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `${NAG_PLUGIN}::${rule}`, reason });
}
