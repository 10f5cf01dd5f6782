// Mutation testing of the rules that decide the published figures (issue #14, docs/mutation.md).
// `npm run mutation` runs it incrementally; `npm run mutation -- --force` reruns every mutant.
import { incrementalFile, mutate } from './mutation/scope.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'mutation/vitest.config.ts' },
  // The files and their tests: mutation/scope.mjs (adding a file is one line there).
  mutate,
  coverageAnalysis: 'perTest',
  concurrency: 2,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // Kept out of git with the reports: a fresh clone's first run is a full one.
  incrementalFile,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  // The per-file ≥ 90% bar is checked by mutation/scores.ts; this is the overall one.
  thresholds: { high: 95, low: 90, break: 90 },
  timeoutMS: 10_000,
};
