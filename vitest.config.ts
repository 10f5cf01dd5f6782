import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * One project per level of test (STYLE §7), so a level runs alone (`npm run test:unit` in seconds) and
 * `npm test` runs them all. The projects that keep the whole stack in the test's own process set one
 * partition per day bucket (test/support/one-shard.ts); reliability starts the tools as processes of
 * their own, which keep the deployed count (16), as does infra, which writes no items.
 */
const oneShard = ['test/support/one-shard.ts'];
const level = (name: string, setupFiles: string[] = oneShard, isolate = true) => ({
  extends: true as const,
  test: { name, include: [`test/${name}/**/*.test.ts`], setupFiles, isolate },
});

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // vitest's default is one worker fewer than the cores: one on a 2-core machine, where every file then
    // waited for the one before (`npm test` 7.9 min, 0.73 of a core busy on average). Files wait on
    // Chromium, LibreOffice, a server child or esbuild for much of their time: one worker per core.
    // No two files share a port, a data directory or an output folder (each takes a free port and its
    // own temporary directory; only test/infra/app.test.ts builds into dist/functions/).
    maxWorkers: Math.max(2, availableParallelism()),
    reporters: ['default'],
    projects: [
      // Files that leave no state behind run one after another in a reused process, without a fresh
      // process and a fresh import of the modules for each file: unit (pure; 49 s → 18 s measured) and
      // integration (each file its own table, and the module caches are keyed by table; no mock, no
      // stubbed global or environment; 423 s → 300 s and 166 → 100 s of CPU measured). functions keeps
      // a process per file: its AWS client mocks are not restored at the end of a file.
      level('unit', oneShard, false),
      level('functions'),
      level('integration', oneShard, false),
      level('reliability', []),
      level('e2e'),
      level('infra', []),
    ],
  },
});
