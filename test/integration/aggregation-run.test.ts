/**
 * Running the nightly engine over many days (shared/aggregation/run.ts) on dynalite: batches of 31
 * days (each batch's days start, then its runs finish), the progress callbacks with their index and
 * total, the default families, and the day a nightly run aggregates. Expected orders written by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateDays, DAYS_PER_BATCH, previousLocalDay } from '../../shared/aggregation/run';
import { importUnits } from '../../shared/storage/units';
import { sampleUnits, startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
  await importUnits(stack.deps.store, sampleUnits);
});
afterAll(async () => {
  await stack.close();
});

describe('aggregating a run of days', () => {
  it('runs 32 days as a batch of 31 then a batch of 1, reporting each day with its index', async () => {
    expect(DAYS_PER_BATCH).toBe(31);
    // 1–31 January 2025, then 1 February: 32 days.
    const january = Array.from({ length: 31 }, (_, i) => `2025-01-${String(i + 1).padStart(2, '0')}`);
    const days = [...january, '2025-02-01'];
    const events: string[] = [];
    const runs = await aggregateDays(stack.deps.store, days, {
      now: () => new Date('2025-02-03T18:00:00.000Z'),
      onDayStart: (day, index, total) => void events.push(`start ${day} ${index}/${total}`),
      onDay: (run, index, total) => void events.push(`done ${run.day} ${index}/${total}`),
    });
    expect(runs.map((run) => run.day)).toEqual(days);
    // The first batch: its 31 days start (the contributions), then its 31 runs are done (one
    // recompute); then the same for 1 February.
    expect(events).toEqual([
      ...january.map((day, i) => `start ${day} ${i}/32`),
      ...january.map((day, i) => `done ${day} ${i}/32`),
      'start 2025-02-01 31/32',
      'done 2025-02-01 31/32',
    ]);
    expect(runs.every((run) => run.finishedAt === '2025-02-03T18:00:00.000Z')).toBe(true);
  }, 120_000); // 32 nights on dynalite: ~20 s alone, longer beside other suites

  it('runs the default families without callbacks, and nothing for no days', async () => {
    const runs = await aggregateDays(stack.deps.store, ['2025-03-01', '2025-03-02']);
    expect(runs.map((run) => [run.day, run.itemsRead])).toEqual([
      ['2025-03-01', 0],
      ['2025-03-02', 0],
    ]);
    expect(await aggregateDays(stack.deps.store, [])).toEqual([]);
  });
});

describe('the day a nightly run aggregates', () => {
  it('is the local day before now (Asia/Ho_Chi_Minh)', () => {
    // 17:30 UTC on 1 September is 00:30 on 2 September in Hanoi: the night run takes 1 September.
    expect(previousLocalDay(new Date('2026-09-01T17:30:00.000Z'))).toBe('2026-09-01');
    // 16:59 UTC is still 23:59 on 1 September: the day before is 31 August.
    expect(previousLocalDay(new Date('2026-09-01T16:59:00.000Z'))).toBe('2026-08-31');
  });
});
