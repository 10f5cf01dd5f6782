// The tests Stryker runs against the mutants: those listed with their files in mutation/scope.mjs
// (not the whole suite — each "static" mutant reruns every listed test).
import { defineConfig } from 'vitest/config';
import { tests } from './scope.mjs';

export default defineConfig({
  test: {
    include: tests,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
