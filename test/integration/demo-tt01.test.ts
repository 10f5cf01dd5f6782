/**
 * The demo province on dynalite, loaded and aggregated night by night as `npm start` does: the
 * communes whose period inputs the demo records show tt01 with every indicator the demo has data
 * for — i1, i2 from the dossiers' dates and steps, i3, i4, i7 from the ratings, i5, i6, i9 from the
 * inputs joined at query time — and so at most i8 (feedback cases, while they are not counted) missing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUnits, loadDemo } from '../../local/demo';
import { aggregateDays } from '../../shared/aggregation/run';
import { tt01 } from '../../shared/indexes/tt01';
import { readScoreCounts } from '../../shared/indexes/period-inputs-join';
import { listPeriodInputs } from '../../shared/storage/period-inputs';
import { addDays, eachDay, localDay } from '../../shared/time';
import { createUnitDirectory } from '../../shared/unit-directory';
import { startTestStack, type TestStack } from '../support/stack';

const now = new Date('2026-03-15T05:00:00Z');
const today = localDay(now);
/** The first day the test reads: the first of the previous month. */
const from = `${addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7)}-01`;

describe('tt01 of the demo province', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
    await loadDemo(stack.deps.store, { now, dossierCount: 800, linkTtlDays: 30, retentionDays: 1095 });
    // Only the nights from the first day read: a night adds to the periods of its own day or earlier
    // ones (a rating to its dossier's return month), never later ones, so the nights before `from`
    // change nothing read here (the figures were compared once with all 95 nights: identical).
    await aggregateDays(stack.deps.store, eachDay(from, addDays(today, -1)));
  }, 300_000);
  afterAll(() => stack.close());

  it('shows a commune with its inputs whose grade waits for i8 at most', { timeout: 60_000 }, async () => {
    const units = createUnitDirectory(stack.deps.store);
    const communes = await Promise.all(
      demoUnits.filter((unit) => unit.kind === 'commune').map((unit) => units.get(unit.id)),
    );
    const withInputs: typeof communes = [];
    for (const commune of communes) {
      if ((await listPeriodInputs(stack.deps.store, commune.id, from.slice(0, 7), today.slice(0, 7))).length)
        withInputs.push(commune);
    }
    expect(withInputs.length).toBeGreaterThan(0);
    const read = await readScoreCounts({ store: stack.deps.store, units }, withInputs, from, today);
    const results = read.units.map((counts) => tt01(counts.total, { minN: 30 }));
    const complete = results.filter((result) => result.missing.every((entry) => entry.indicator === 'i8'));
    expect(complete.length).toBeGreaterThan(0);
    for (const result of complete) {
      expect(result.indicators.i5.n).toBeGreaterThan(0);
      expect(result.indicators.i2.n).toBeGreaterThan(0);
      expect(result.provisional).toBe(result.missing.length > 0);
    }
  });
});
