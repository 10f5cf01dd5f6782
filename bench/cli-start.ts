/**
 * How fast the command-line tools start (issue 13: 3–4.7 s a command, TypeScript compiled at each run).
 * Times `admin --help` and `admin units list` (which opens the data directory's database) run the old
 * way (`tsx local/admin.ts`) and the new way (`node local/cli/launch.mjs admin`: a bundle made on first
 * use), alternating, in a scratch data directory; reports medians and the ratio, since the machine is
 * shared and absolute times vary. The first-use build is timed once, from an empty cache.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../infra/build';
import { machine, median, printTable, writeResult } from './support';

const RUNS = 5;
const dataDir = mkdtempSync(join(tmpdir(), 'hailong-cli-bench-'));
// Inside the checkout, so the bundle finds the packages it leaves out (dynalite, esbuild) in node_modules.
const cache = join(ROOT, 'node_modules', '.cache', 'hailong-cli-bench');
rmSync(cache, { recursive: true, force: true });
mkdirSync(cache, { recursive: true });
const env = { ...process.env, HAILONG_DATA_DIR: dataDir, HAILONG_CLI_CACHE: cache };

function timed(args: string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: ROOT, env, stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`);
  return performance.now() - started;
}

const tsx = (command: string[]) => ['--import', 'tsx', 'local/admin.ts', ...command];
const bundled = (command: string[]) => ['local/cli/launch.mjs', 'admin', ...command];

const firstUse = timed(bundled(['--help']));
const rows: Record<string, string | number>[] = [];
const results: Record<string, unknown> = { machine: machine(), runs: RUNS, firstUseMs: Math.round(firstUse) };
for (const command of [['--help'], ['units', 'list']]) {
  const before: number[] = [];
  const after: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    before.push(timed(tsx(command)));
    after.push(timed(bundled(command)));
  }
  const name = `admin ${command.join(' ')}`;
  const ratio = median(before) / median(after);
  results[name] = { tsxMs: Math.round(median(before)), bundledMs: Math.round(median(after)), ratio };
  rows.push({
    command: name,
    'tsx (ms, median)': Math.round(median(before)),
    'bundled (ms, median)': Math.round(median(after)),
    'bundled is faster by': `${ratio.toFixed(1)}×`,
  });
}
rmSync(dataDir, { recursive: true, force: true });
rmSync(cache, { recursive: true, force: true });
console.log(`CLI start (first use builds the bundle: ${Math.round(firstUse)} ms, once)`);
printTable(rows);
writeResult('cli-start', results);
