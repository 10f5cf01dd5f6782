import { defineConfig } from 'vitest/config';

/**
 * One project per level of test (STYLE §7), so a level runs alone (`npm run test:unit` in seconds) and
 * `npm test` runs them all. The projects that keep the whole stack in the test's own process set one
 * partition per day bucket (test/support/one-shard.ts); reliability starts the tools as processes of
 * their own, which keep the deployed count (16), as does infra, which writes no items.
 */
const oneShard = ['test/support/one-shard.ts'];
const level = (name: string, setupFiles: string[] = oneShard) => ({
  extends: true as const,
  test: { name, include: [`test/${name}/**/*.test.ts`], setupFiles },
});

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
    projects: [
      level('unit'),
      level('functions'),
      level('integration'),
      level('reliability', []),
      level('e2e'),
      level('infra', []),
    ],
  },
});
