/**
 * Cold start (DESIGN §7): the public function's bundle must import in at most 1.2× the time of the
 * floor bundle (document client + one command), both built by infra/build.ts with the same settings
 * (each bundle's cold path merged into its one `index.mjs`).
 * Each import runs in a fresh `node` process (no module cache), the two alternating so that machine
 * noise hits both alike; the figure is the median of `performance.now()` around `await import()`.
 *
 *   npx tsx bench/cold-start.ts [--runs 15]
 */
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  buildPublicAndFloor,
  functionEnvironment,
  machine,
  median,
  printTable,
  round,
  sizes,
  writeResult,
} from './support';

export const COLD_START_BUDGET = 1.2;

// Wall time (the budget's figure) and the process's CPU time around the import: on a shared machine the
// CPU time is less moved by other jobs taking the cores away.
const IMPORT_TIMER = `
const url = process.argv[1];
const cpu = process.cpuUsage();
const start = performance.now();
const module = await import(url);
const elapsed = performance.now() - start;
const used = process.cpuUsage(cpu);
if (typeof module.handler !== 'function') throw new Error('no handler exported by ' + url);
process.stdout.write(elapsed + ' ' + (used.user + used.system) / 1000);
`;

/** Milliseconds (wall, CPU) to import `file` in a fresh Node process with the function's environment. */
function importTime(file: string): { wall: number; cpu: number } {
  const result = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', IMPORT_TIMER, pathToFileURL(file).href],
    {
      env: functionEnvironment(),
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`importing ${file} failed:\n${result.stderr}`);
  const [wall, cpu] = result.stdout.split(' ').map(Number);
  return { wall: wall!, cpu: cpu! };
}

export function runColdStart(runs = 15) {
  const bundles = buildPublicAndFloor();
  // One untimed import each, so the first timed run does not pay for a cold file cache.
  importTime(bundles.public.file);
  importTime(bundles.floor.file);
  const times = { public: [] as number[], floor: [] as number[] };
  const cpu = { public: [] as number[], floor: [] as number[] };
  for (let run = 0; run < runs; run++) {
    for (const name of ['floor', 'public'] as const) {
      const time = importTime(bundles[name].file);
      times[name].push(time.wall);
      cpu[name].push(time.cpu);
    }
  }
  const publicMs = median(times.public);
  const floorMs = median(times.floor);
  // The ratio is the median of the ratios of each adjacent (floor, public) pair: load on a shared
  // machine drifts over seconds, and a pair sees the same load.
  const ratio = median(times.public.map((t, i) => t / times.floor[i]!));
  const result = {
    name: 'cold-start',
    date: new Date().toISOString(),
    machine: machine(),
    method: `median of ${runs} interleaved imports, each in a fresh node process, the public function's deployed environment (no run-time source maps)`,
    budget: COLD_START_BUDGET,
    ratio: round(ratio, 3),
    ratioOfMedians: round(publicMs / floorMs, 3),
    /** The same, of the process CPU time around each import (not the budget's figure). */
    cpuRatio: round(median(cpu.public.map((t, i) => t / cpu.floor[i]!)), 3),
    withinBudget: ratio <= COLD_START_BUDGET,
    bundles: {
      public: {
        medianImportMs: round(publicMs),
        ...sizes(bundles.public),
        runsMs: times.public.map((t) => round(t)),
        medianCpuMs: round(median(cpu.public)),
      },
      floor: {
        medianImportMs: round(floorMs),
        ...sizes(bundles.floor),
        runsMs: times.floor.map((t) => round(t)),
        medianCpuMs: round(median(cpu.floor)),
      },
    },
  };
  const file = writeResult('cold-start', result);
  printTable(
    (['public', 'floor'] as const).map((name) => ({
      bundle: name,
      'median import ms': result.bundles[name].medianImportMs,
      'files at import': result.bundles[name].loadedFiles,
      'loaded at import KB': round(result.bundles[name].loadedBytes / 1024, 1),
      'gzip KB': round(result.bundles[name].loadedGzipBytes / 1024, 1),
      'whole bundle KB': round(result.bundles[name].totalBytes / 1024, 1),
    })),
  );
  console.log(
    `\ncold-start ratio public/floor = ${result.ratio} (budget ≤ ${COLD_START_BUDGET}) → ${result.withinBudget ? 'OK' : 'OVER BUDGET'}; CPU time ${result.cpuRatio}`,
  );
  console.log(`written ${file}`);
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
  runColdStart(Number(values.runs));
}
