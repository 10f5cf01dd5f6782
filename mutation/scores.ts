/**
 * The per-file bar of issue #14 over Stryker's JSON report: prints the table of docs/mutation.md and
 * the mutants left alive in a file under the bar, and exits 1 when any covered file scores below 90%.
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

/** The leaves of the metrics tree: one per mutated file. */
function leaves(result: Result, prefix = ''): { file: string; result: Result }[] {
  const name = prefix ? `${prefix}/${result.name}` : result.name;
  if (result.file) return [{ file: name, result }];
  return result.childResults.flatMap((child) => leaves(child, result.name === 'All files' ? '' : name));
}

const rows = leaves(calculateMetrics(report.files)).sort((a, b) => a.file.localeCompare(b.file));
const score = (metrics: Result['metrics']) =>
  metrics.totalValid === 0 ? 100 : (100 * metrics.totalDetected) / metrics.totalValid;

console.log('| file | mutants | killed | timeout | survived | no coverage | score |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const { file, result } of rows) {
  const m = result.metrics;
  console.log(
    `| ${file} | ${m.totalValid} | ${m.killed} | ${m.timeout} | ${m.survived} | ${m.noCoverage} | ${score(m).toFixed(1)}% |`,
  );
}
const all = calculateMetrics(report.files).metrics;
console.log(
  `| **all** | ${all.totalValid} | ${all.killed} | ${all.timeout} | ${all.survived} | ${all.noCoverage} | ${score(all).toFixed(1)}% |`,
);

const below = rows.filter(({ result }) => score(result.metrics) < BAR);
for (const { file, result } of below) {
  console.log(`\n${file}: ${score(result.metrics).toFixed(1)}% < ${BAR}%, alive:`);
  for (const mutant of result.file!.mutants) {
    if (mutant.status !== 'Survived' && mutant.status !== 'NoCoverage') continue;
    const { line, column } = mutant.location.start;
    console.log(`  ${line}:${column} ${mutant.mutatorName} → ${JSON.stringify(mutant.replacement ?? '')}`);
  }
}
if (below.length > 0) process.exitCode = 1;
