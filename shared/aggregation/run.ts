/**
 * Running the engine over days, as the Lambda handler, the local schedule and the CLI all do. The rule
 * for when a period's figures are final is shared/storage/final-periods.ts (it reads the run records).
 */
import { beginGeneration } from '../storage/aggregates';
import type { Store } from '../storage/client';
import { listUnits } from '../storage/units';
import { addDays, type LocalDay, localDay } from '../time';
import { type AggregateOptions, aggregateDayBatch, type DayRun } from './engine';
import type { AggregationFamily } from './family-contract';
import { aggregationFamilies } from './nightly-families';
import { writeFigureSheets } from './figure-sheets';

export interface RunOptions extends AggregateOptions {
  families?: AggregationFamily[];
  /** Called when a day starts (index from 0). */
  onDayStart?: (day: LocalDay, index: number, total: number) => void;
  /** Called when a day is done. */
  onDay?: (run: DayRun, index: number, total: number) => void;
  /** Called with the figure sheets written after the days (shared/aggregation/figure-sheets.ts). */
  onSheets?: (written: number, durationMs: number) => void;
}

/** Days per batch: each batch writes its days' contributions, then recomputes what they touched once. */
export const DAYS_PER_BATCH = 31;

/**
 * Aggregates the days in batches of {@link DAYS_PER_BATCH} (the unit tree read once), then writes the
 * figure sheets of the standard periods as of the run's day. Throws the first failure, leaving the
 * unfinished days' run records `running` for the next run to repair — after writing the sheets of
 * what it did write. Each batch raises the aggregates' generation first (shared/storage/figure-sheets.ts),
 * so should the sheets not be written (a crash, a failure writing them) they are stale and the pages
 * compute from the counts until a run writes them again.
 */
export async function aggregateDays(
  store: Store,
  days: LocalDay[],
  options: RunOptions = {},
): Promise<DayRun[]> {
  const units = await listUnits(store);
  const families = options.families ?? aggregationFamilies;
  const runs: DayRun[] = [];
  let generation = 0;
  let failure: { error: unknown } | undefined;
  try {
    for (let start = 0; start < days.length; start += DAYS_PER_BATCH) {
      const batch = days.slice(start, start + DAYS_PER_BATCH);
      // Before any aggregate of the batch is written: the sheets so far are stale from here on.
      generation = await beginGeneration(store);
      const batchRuns = await aggregateDayBatch(store, batch, families, units, {
        ...options,
        onDayStart: (day) => options.onDayStart?.(day, days.indexOf(day), days.length),
      });
      for (const run of batchRuns) {
        runs.push(run);
        options.onDay?.(run, runs.length - 1, days.length);
      }
    }
  } catch (error) {
    failure = { error };
  }
  // The pages read the standard periods' figures from the sheets: rewritten after every run (DESIGN §5),
  // a failed one included (they then hold what it wrote, and its nights not done).
  if (generation > 0) {
    const started = performance.now();
    try {
      const written = await writeFigureSheets(
        store,
        units,
        (options.now ?? (() => new Date()))(),
        generation,
      );
      options.onSheets?.(written, performance.now() - started);
    } catch (error) {
      // The run's own failure first; the sheets stay stale (of an older generation) either way.
      if (!failure) throw error;
    }
  }
  if (failure) throw failure.error;
  return runs;
}

/** The local day before `now`'s: what the nightly run aggregates by default. */
export function previousLocalDay(now: Date): LocalDay {
  return addDays(localDay(now), -1);
}
