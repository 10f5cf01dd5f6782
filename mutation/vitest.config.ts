// The tests Stryker runs against each mutant: the unit tests of the covered files. Kept to those (not
// the whole suite) because each "static" mutant — one in a module-level constant, such as a text
// table or a default threshold — reruns every listed test. Add a test file here when it tests one of
// the covered files.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/unit/dossier-rules*.test.ts',
      'test/unit/index-methods*.test.ts',
      'test/unit/integrity.test.ts',
      'test/unit/qd766.test.ts',
      'test/unit/skills-*.test.ts',
      'test/unit/wilson.test.ts',
    ],
    testTimeout: 30_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
