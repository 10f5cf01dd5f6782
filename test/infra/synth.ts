/**
 * Synthesizes one province the way `cdk synth` does (infra/app.ts, cdk-nag included) into a temporary
 * folder, once per test file, and hands back the templates and the validation report.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addHailongStacks, type HailongAppOptions } from '../../infra/app';
import { type BuiltBundle, buildFunction, type FunctionName } from '../../infra/build';

const built = new Map<FunctionName, BuiltBundle>();
const outdirs: string[] = [];

/** Deletes the cloud assemblies this test file synthesized (call in afterAll). */
export function removeSyntheses(): void {
  for (const outdir of outdirs.splice(0)) rmSync(outdir, { recursive: true, force: true });
}
/** infra/build.ts's build, run once per function per test file (later syntheses reuse the bundle). */
export function buildOnce(name: FunctionName): BuiltBundle {
  let bundle = built.get(name);
  if (!bundle) {
    bundle = buildFunction(name);
    built.set(name, bundle);
  }
  return bundle;
}

export interface ValidationViolation {
  ruleName: string;
  severity: string;
  violatingConstructs: { constructPath: string }[];
}

interface ValidationReport {
  pluginReports: { pluginName: string; violations: ValidationViolation[] }[];
}

export interface SynthesizedProvince {
  stacks: ReturnType<typeof addHailongStacks>;
  outdir: string;
  assembly?: CloudAssembly;
  /** The error synthesis threw (cdk-nag violations make it throw), if any. */
  error?: unknown;
  /** Every unacknowledged cdk-nag violation of the synthesis. */
  violations: ValidationViolation[];
  template(stack: 'data' | 'service'): Template;
}

export function synthesizeProvince(
  context: Record<string, string> = { stage: 'test', province: 'cao-bang' },
  options: HailongAppOptions & { extend?: (stacks: ReturnType<typeof addHailongStacks>) => void } = {},
): SynthesizedProvince {
  const outdir = mkdtempSync(join(tmpdir(), 'hailong-synth-'));
  outdirs.push(outdir);
  const app = new App({ outdir, context });
  const stacks = addHailongStacks(app, { build: buildOnce, ...options });
  options.extend?.(stacks);
  let assembly: CloudAssembly | undefined;
  let error: unknown;
  try {
    assembly = app.synth();
  } catch (caught) {
    error = caught;
  }
  const reportFile = join(outdir, 'validation-report.json');
  const report: ValidationReport = existsSync(reportFile)
    ? (JSON.parse(readFileSync(reportFile, 'utf8')) as ValidationReport)
    : { pluginReports: [] };
  const templates = new Map<string, Template>();
  return {
    stacks,
    outdir,
    assembly,
    error,
    violations: report.pluginReports.flatMap((plugin) => plugin.violations),
    template(which) {
      const stack = which === 'data' ? stacks.data : stacks.service;
      if (!assembly) throw new Error(`synthesis failed: ${String(error)}`);
      let template = templates.get(which);
      if (!template) {
        template = Template.fromJSON(
          assembly.getStackByName(stack.stackName).template as Record<string, unknown>,
        );
        templates.set(which, template);
      }
      return template;
    },
  };
}
