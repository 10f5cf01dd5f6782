/**
 * The per-file bar of issue #14 over Stryker's JSON report: prints the table of docs/mutation.md and
 * the mutants left alive, and exits 1 when any covered file scores below 90%. "Ruled out": mutants
 * disabled by a `// Stryker disable` comment naming why they are equivalent (not in the score).
 * (Stryker's own `thresholds.break` only checks the overall score.)
 *
 *   npx tsx mutation/scores.ts [reports/mutation/mutation.json]
 */
import { readFileSync } from 'node:fs';
import { calculateMetrics } from 'mutation-testing-metrics';

const BAR = 90;

type Files = Parameters<typeof calculateMetrics>[0];
type Result = ReturnType<typeof calculateMetrics>;

const path = process.argv[2] ?? 'reports/mutation/mutation.json';
const report = JSON.parse(readFileSync(path, 'utf8')) as { files: Files };

/** One result per mutated file, by its path. */
const rows = Object.entries(report.files)
  .map(([file, result]) => ({ file, result: calculateMetrics({ [file]: result }) }))
  .sort((a, b) => a.file.localeCompare(b.file));
const score = (metrics: Result['metrics']) =>
  metrics.totalValid === 0 ? 100 : (100 * metrics.totalDetected) / metrics.totalValid;

console.log('| file | mutants | killed | timeout | survived | no coverage | ruled out | score |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const { file, result } of rows) {
  const m = result.metrics;
  console.log(
    `| ${file} | ${m.totalValid} | ${m.killed} | ${m.timeout} | ${m.survived} | ${m.noCoverage} | ${m.ignored} | ${score(m).toFixed(1)}% |`,
  );
}
const all = calculateMetrics(report.files).metrics;
console.log(
  `| **all** | ${all.totalValid} | ${all.killed} | ${all.timeout} | ${all.survived} | ${all.noCoverage} | ${all.ignored} | ${score(all).toFixed(1)}% |`,
);

const below = rows.filter(({ result }) => score(result.metrics) < BAR);
for (const { file, result } of rows) {
  const alive = report.files[file]!.mutants.filter(
    (mutant) => mutant.status === 'Survived' || mutant.status === 'NoCoverage',
  );
  if (alive.length === 0) continue;
  const verdict = score(result.metrics) < BAR ? `below the ${BAR}% bar` : 'alive';
  console.log(`\n${file} (${score(result.metrics).toFixed(1)}%), ${verdict}:`);
  for (const mutant of alive) {
    const { line, column } = mutant.location.start;
    console.log(`  ${line}:${column} ${mutant.mutatorName} → ${JSON.stringify(mutant.replacement ?? '')}`);
  }
}
if (below.length > 0) {
  console.error(`\n${below.length} file(s) below ${BAR}%: ${below.map((row) => row.file).join(', ')}`);
  process.exitCode = 1;
}
