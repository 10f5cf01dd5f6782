/**
 * The import rule "shared/storage must not import shared/aggregation" (.dependency-cruiser.cjs, run by
 * `npm run lint:deps`), tried on a small tree written for the test: storage takes the dossier's rules
 * from the pure model (shared/dossier/), and the one known import (the counting of a change, in
 * dossier-reports.ts) stays the only one.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise, type IConfiguration } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as IConfiguration;

const root = mkdtempSync(join(tmpdir(), 'import-rule-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The rule violations of a tree of files (path → source), as `rule: from → to`. */
async function violations(files: Record<string, string>): Promise<string[]> {
  const dir = mkdtempSync(join(root, 'tree-'));
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), source);
  }
  const previous = process.cwd();
  process.chdir(dir);
  try {
    const result = await cruise(['shared'], {
      ruleSet: { forbidden: config.forbidden ?? [] },
      validate: true,
      tsPreCompilationDeps: true,
      enhancedResolveOptions: { extensions: ['.ts'] },
    });
    if (typeof result.output === 'string') throw new Error(result.output);
    return result.output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
  } finally {
    process.chdir(previous);
  }
}

const model = {
  'shared/dossier/life.ts': 'export const lastLinkDay = 1;\n',
  'shared/aggregation/dossier-life.ts':
    "export { lastLinkDay } from '../dossier/life';\nexport const snapshotDelta = 2;\n",
  'shared/aggregation/engine.ts': 'export const engine = 3;\n',
};

describe('storage must not import the aggregation', () => {
  it('accepts storage taking the life rules from shared/dossier, and the one known import', async () => {
    expect(
      await violations({
        ...model,
        'shared/storage/final-periods.ts':
          "import { lastLinkDay } from '../dossier/life';\nexport const f = lastLinkDay;\n",
        'shared/storage/dossier-reports.ts':
          "import { snapshotDelta } from '../aggregation/dossier-life';\nexport const r = snapshotDelta;\n",
      }),
    ).toEqual([]);
  });

  it('fails on a storage module importing the aggregation again (lastLinkDay from dossier-life.ts)', async () => {
    expect(
      await violations({
        ...model,
        'shared/storage/final-periods.ts':
          "import { lastLinkDay } from '../aggregation/dossier-life';\nexport const f = lastLinkDay;\n",
      }),
    ).toEqual([
      'storage-not-aggregation: shared/storage/final-periods.ts → shared/aggregation/dossier-life.ts',
    ]);
  });

  it('keeps the known import to the counting: dossier-reports.ts importing the engine fails', async () => {
    expect(
      await violations({
        ...model,
        'shared/storage/dossier-reports.ts':
          "import { engine } from '../aggregation/engine';\nexport const r = engine;\n",
      }),
    ).toEqual([
      'storage-not-aggregation-known: shared/storage/dossier-reports.ts → shared/aggregation/engine.ts',
    ]);
  });
});
