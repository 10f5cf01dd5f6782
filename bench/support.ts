/**
 * Shared by the benchmark scripts: the bundles (built by infra/build.ts, as deployed), statistics,
 * result files and tables.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BUNDLE_FILE, buildBundle, type BuiltBundle, buildFunction, ROOT } from '../infra/build';

export const RESULTS_DIR = join(ROOT, 'bench', 'results');

/** The deployed public function's bundle and the floor bundle, built with the same settings. */
export function buildPublicAndFloor(): { public: BuiltBundle; floor: BuiltBundle } {
  return {
    public: buildFunction('public'),
    floor: buildBundle('bench/floor/index.ts', join(ROOT, 'dist', 'bench', 'floor')),
  };
}

/** An ARN shaped like Secrets Manager's, so shared/config.ts parses (the bench never calls AWS). */
export const FAKE_SECRET_ARN =
  'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:hailong-bench-AbCdEf';

/** Environment of a benchmarked function: what the CDK stack sets, pointed at nothing real. */
export function functionEnvironment(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    TABLE_NAME: 'hailong',
    SIGNING_KEYS_SECRET_ARN: FAKE_SECRET_ARN,
    STAGE: 'bench',
    POWERTOOLS_SERVICE_NAME: 'hailong-bench',
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    // As the public function is deployed: no NODE_OPTIONS=--enable-source-maps (see
    // infra/constructs/hailong-function.ts `runtimeSourceMaps`); the floor runs with the same settings.
    ...extra,
  };
}

/**
 * Sizes of a bundle: what a cold start loads (the entry and the chunks it imports statically), raw
 * and gzip, and the whole folder's code (chunks behind a dynamic `import()` load only when used).
 * Source maps are not counted.
 */
export function sizes(bundle: BuiltBundle) {
  const outputs = bundle.metafile.outputs;
  const entry = Object.keys(outputs).find((path) => path.endsWith(`/${BUNDLE_FILE}`) || path === BUNDLE_FILE);
  if (!entry) throw new Error(`no ${BUNDLE_FILE} in the bundle`);
  const loaded = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const path = pending.pop()!;
    if (loaded.has(path)) continue;
    loaded.add(path);
    for (const imported of outputs[path]!.imports) {
      if (imported.kind === 'import-statement' && outputs[imported.path]) pending.push(imported.path);
    }
  }
  const read = (path: string) => readFileSync(isAbsolute(path) ? path : join(ROOT, path));
  const loadedCode = Buffer.concat([...loaded].map(read));
  const totalBytes = Object.keys(outputs)
    .filter((path) => path.endsWith('.mjs'))
    .reduce((sum, path) => sum + outputs[path]!.bytes, 0);
  return {
    loadedBytes: loadedCode.length,
    loadedGzipBytes: gzipSync(loadedCode, { level: 9 }).length,
    loadedFiles: loaded.size,
    totalBytes,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

export function machine() {
  const cpu = cpus();
  return {
    node: process.version,
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    platform: `${process.platform}-${process.arch}`,
  };
}

export function writeResult(name: string, result: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

/** Prints rows as an aligned text table. */
export function printTable(rows: Record<string, string | number>[]): void {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const widths = columns.map((column) =>
    Math.max(column.length, ...rows.map((row) => String(row[column]).length)),
  );
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
  console.log(line(columns));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(columns.map((column) => String(row[column]))));
}
