/**
 * A/B of the nightly aggregation against another checkout (a baseline), interleaved, for a shared and
 * loaded machine where only ratios mean something (DESIGN §7):
 *
 *   npx tsx bench/nightly-ab.ts <baseline checkout> [ratings=200000] [pairs=5]
 *
 * Each pair runs this checkout's bench/aggregation.ts child once over the baseline's code and once
 * over this one's, in fresh processes, alternating which goes first; both read the same generated day
 * (this checkout's generator is copied into the baseline as bench/aggregation.ab.ts, removed after),
 * so only the code under test differs. Prints the medians and the ratios new ÷ baseline of handler
 * time, CPU time and the engine's own time (handler less the stub), and the peak RSS.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AggregationFigures } from './aggregation';

const here = fileURLToPath(new URL('./aggregation.ts', import.meta.url));
const [baselineRoot, ratingsArg = '200000', pairsArg = '5'] = process.argv.slice(2);
if (!baselineRoot || !existsSync(join(baselineRoot, 'shared/aggregation/engine.ts'))) {
  console.error('usage: npx tsx bench/nightly-ab.ts <baseline checkout> [ratings] [pairs]');
  process.exit(2);
}
const ratings = Number(ratingsArg);
const pairs = Number(pairsArg);
const baselineScript = join(resolve(baselineRoot), 'bench', 'aggregation.ab.ts');
copyFileSync(here, baselineScript);

/** One child of the bench, over the code beside `script`. */
function run(script: string): AggregationFigures & { load: number } {
  const load = loadavg()[0]!;
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, '--expose-gc', script, '--child', String(ratings)],
    { encoding: 'utf8', maxBuffer: 10 * 2 ** 20 },
  );
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !line.startsWith('{')) throw new Error(`child failed: ${child.stderr}`);
  return { ...(JSON.parse(line) as AggregationFigures), load };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const runs: { side: 'baseline' | 'new'; figures: AggregationFigures & { load: number } }[] = [];
try {
  for (let pair = 0; pair < pairs; pair++) {
    const order = pair % 2 === 0 ? (['baseline', 'new'] as const) : (['new', 'baseline'] as const);
    for (const side of order) {
      const figures = run(side === 'baseline' ? baselineScript : here);
      runs.push({ side, figures });
      console.log(
        `${side.padEnd(8)} handler ${(figures.handlerMs / 1000).toFixed(2)} s, CPU ${(figures.cpuMs / 1000).toFixed(2)} s, ` +
          `engine ${(figures.engineMs / 1000).toFixed(2)} s, RSS ${figures.peakRssMB} MB (load ${figures.load.toFixed(1)})`,
      );
    }
  }
} finally {
  rmSync(baselineScript, { force: true });
}

const of = (side: 'baseline' | 'new', pick: (figures: AggregationFigures) => number) =>
  median(runs.filter((entry) => entry.side === side).map((entry) => pick(entry.figures)));
const summary = Object.fromEntries(
  (['handlerMs', 'cpuMs', 'engineMs', 'peakRssMB'] as const).map((name) => {
    const baseline = of('baseline', (figures) => figures[name]);
    const next = of('new', (figures) => figures[name]);
    return [name, { baseline, new: next, ratio: Math.round((next / baseline) * 1000) / 1000 }];
  }),
);
console.log(`${ratings.toLocaleString('en')} ratings, ${pairs} pairs, medians:`);
console.table(summary);
