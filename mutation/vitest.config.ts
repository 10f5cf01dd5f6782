// The tests Stryker runs against the mutants: those listed with their files in mutation/scope.mjs
// (not the whole suite — each "static" mutant reruns every listed test).
import { defineConfig } from 'vitest/config';
import { tests } from './scope.mjs';

export default defineConfig({
  test: {
    include: tests,
    // Longer than the suite's 30 s: the nightly run over 32 days (test/integration/aggregation-run) takes
    // 20–40 s on dynalite with the mutants instrumented on a busy machine.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
