import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAggregateCli } from '../../local/aggregate';
import { msUntilNextRun, pendingDays, startNightlyAggregation } from '../../local/schedule';
import { getRunRecord, readCounts } from '../../shared/storage/aggregates';
import { aggregateDays } from '../../shared/aggregation/run';
import { batchPut } from '../../shared/storage/dynamo';
import { importUnits } from '../../shared/storage/units';
import { dossierItem, makeDossier, makeRating, ratingItem } from '../support/satisfaction';
import { sampleUnits, startTestStack, type TestStack } from '../support/stack';

describe('local nightly schedule', () => {
  it('waits until the next 01:00 in Hà Nội', () => {
    expect(msUntilNextRun(new Date('2025-03-10T17:00:00Z'))).toBe(60 * 60 * 1000); // 00:00 local
    expect(msUntilNextRun(new Date('2025-03-10T18:00:00Z'))).toBe(24 * 60 * 60 * 1000); // 01:00 local
    expect(msUntilNextRun(new Date('2025-03-10T18:30:00Z'))).toBe(23.5 * 60 * 60 * 1000);
  });
});

describe('local aggregation on dynalite', () => {
  let stack: TestStack;
  const now = new Date('2025-03-12T05:00:00Z'); // noon on 2025-03-12 local

  beforeAll(async () => {
    stack = await startTestStack({ now: () => now });
    await importUnits(stack.deps.store, sampleUnits);
    const dossier = makeDossier({ unit: 'cb-d1-c1', code: 'S1', returned: '2025-03-08', due: '2025-03-09' });
    await batchPut(stack.deps.store, [
      dossierItem(dossier),
      ratingItem(makeRating(dossier, { overall: 2, rated: '2025-03-11' })),
    ]);
  });
  afterAll(() => stack.close());

  it('aggregates at start the days not yet done, then only days that ran too early or failed', async () => {
    const lines: string[] = [];
    const nightly = startNightlyAggregation(stack.deps, {
      log: (line) => lines.push(line),
      lookbackDays: 10,
    });
    await nightly.ready;
    nightly.stop();
    expect(lines.join('\n')).toContain('2025-03-02 → 2025-03-11');
    const march = await readCounts(stack.deps.store, 'sat', 'cb', '2025-03-01', '2025-03-31');
    expect(march.total).toMatchObject({ returned: 1, rated: 1, overall2: 1 });
    expect(await pendingDays(stack.deps.store, now, 10)).toEqual([]);
    // today is not aggregated until it is over
    expect(await getRunRecord(stack.deps.store, '2025-03-12')).toBeUndefined();
    // a day aggregated before it ended (today, by hand) is done again the next night
    await aggregateDays(stack.deps.store, ['2025-03-12'], { now: () => now });
    expect((await getRunRecord(stack.deps.store, '2025-03-12'))?.status).toBe('done');
    expect(await pendingDays(stack.deps.store, new Date('2025-03-13T05:00:00Z'), 10)).toEqual(['2025-03-12']);
  });

  it('runs `npm run aggregate -- --from --to` with progress lines and a bilingual summary', async () => {
    const printed: string[] = [];
    let progress = '';
    const code = await runAggregateCli(
      ['--from', '2025-03-08', '--to', '2025-03-11'],
      { deps: stack.deps, dataDir: '.', print: (line) => printed.push(line) },
      { isTTY: false, write: (text) => (progress += text) },
    );
    expect(code).toBe(0);
    expect(progress.split('\n').filter(Boolean)).toEqual([
      '1/4 2025-03-08: 1 mục đã đọc / items read',
      '2/4 2025-03-09: 0 mục đã đọc / items read',
      '3/4 2025-03-10: 0 mục đã đọc / items read',
      '4/4 2025-03-11: 1 mục đã đọc / items read',
    ]);
    expect(printed[0]).toContain('Đã tổng hợp 4 ngày');
    expect(printed[1]).toContain('Aggregated 4 day(s) (2025-03-08 → 2025-03-11): 2 items read');
  });

  it('draws a progress bar on a terminal', async () => {
    let progress = '';
    await runAggregateCli(
      ['--date', '2025-03-11'],
      { deps: stack.deps, dataDir: '.', print: () => undefined },
      { isTTY: true, write: (text) => (progress += text) },
    );
    expect(progress).toContain('\r[########################] 1/1 2025-03-11');
  });

  it('counts the bar forward only, across batches of 31 days (issue 13: it went 30/91 → 6/91)', async () => {
    let progress = '';
    await runAggregateCli(
      ['--from', '2025-01-01', '--to', '2025-03-11'],
      { deps: stack.deps, dataDir: '.', print: () => undefined },
      { isTTY: true, write: (text) => (progress += text) },
    );
    const counts = [...progress.matchAll(/\] (\d+)\/70 /g)].map((match) => Number(match[1]));
    expect(counts.length).toBeGreaterThan(70);
    expect(counts.every((count, i) => i === 0 || count >= counts[i - 1]!)).toBe(true);
    expect(counts.at(-1)).toBe(70);
  });

  it('refuses a misspelt option naming the nearest one, and does not run the default day (issue 20)', async () => {
    // Without options the command aggregates yesterday; `--form` used to be ignored and run it.
    const later = { ...stack.deps, now: () => new Date('2025-04-02T05:00:00Z') };
    for (const line of [['--form', '2025-03-08'], ['2025-03-08'], ['--date']]) {
      let progress = '';
      const code = await runAggregateCli(
        line,
        { deps: later, dataDir: '.', print: () => undefined },
        { isTTY: false, write: (text) => (progress += text) },
      );
      expect(code).toBe(2);
      expect(progress).toContain('Cách dùng / usage: npm run aggregate');
      if (line[0] === '--form') {
        expect(progress).toContain('Lỗi: --form: tùy chọn không hợp lệ; có phải ý bạn là --from?');
        expect(progress).toContain('Error: --form: unknown option; did you mean --from?');
      }
    }
    expect(await getRunRecord(stack.deps.store, '2025-04-01')).toBeUndefined();
  });

  it('refuses a bad date in both languages, naming the option', async () => {
    let progress = '';
    const code = await runAggregateCli(
      ['--date', '2025-13-01'],
      { deps: stack.deps, dataDir: '.', print: () => undefined },
      { isTTY: false, write: (text) => (progress += text) },
    );
    expect(code).toBe(2);
    expect(progress).toContain('Lỗi: Dữ liệu không hợp lệ: date');
    expect(progress).toContain('Error: Invalid input: date');
  });
});
