/**
 * `npm run bench`: runs every benchmark below in turn, each in its own Node process, each writing
 * bench/results/<name>.json and printing its table. A benchmark whose script is not in this checkout
 * is skipped with a note. Figures go to BENCHMARKS.md. Names given after `--` run only those.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../infra/build';

/** The benchmark scripts, in order: bench/<name>.ts. */
export const BENCHMARKS = [
  'cold-start',
  'warm',
  'page',
  'dashboard',
  'sheets',
  'cost',
  'aggregation',
  'cli-start',
  'load',
  'public-flood',
] as const;

/** `npm run bench -- public-flood load` runs only the named benchmarks. */
const only = process.argv.slice(2).filter((name) => (BENCHMARKS as readonly string[]).includes(name));
const unknown = process.argv.slice(2).filter((name) => !(BENCHMARKS as readonly string[]).includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHMARKS.join(', ')}`);
  process.exit(2);
}

const outcomes: { name: string; outcome: string }[] = [];
for (const name of only.length > 0 ? only : BENCHMARKS) {
  const script = join(ROOT, 'bench', `${name}.ts`);
  console.log(`\n=== ${name} ===`);
  if (!existsSync(script)) {
    console.log(`skipped: bench/${name}.ts is not in this checkout`);
    outcomes.push({ name, outcome: 'skipped (no script)' });
    continue;
  }
  const result = spawnSync(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  outcomes.push({ name, outcome: result.status === 0 ? 'done' : `failed (exit ${result.status})` });
}
console.log('\n=== summary ===');
for (const { name, outcome } of outcomes) console.log(`${name.padEnd(12)} ${outcome}`);
if (outcomes.some(({ outcome }) => outcome.startsWith('failed'))) process.exitCode = 1;
