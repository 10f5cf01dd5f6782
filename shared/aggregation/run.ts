/**
 * Running the engine over days, as the Lambda handler, the local schedule and the CLI all do, and the
 * rule for when a period's figures are final.
 */
import type { Store } from '../storage/client';
import { listUnits } from '../storage/units';
import { addDays, type LocalDay, localDay, startOfLocalDay } from '../time';
import { type AggregateOptions, aggregateDay, type DayRun } from './engine';
import type { AggregationFamily } from './family';
import { aggregationFamilies } from './families';

export interface RunOptions extends AggregateOptions {
  families?: AggregationFamily[];
  /** Called when a day starts (index from 0). */
  onDayStart?: (day: LocalDay, index: number, total: number) => void;
  /** Called when a day is done. */
  onDay?: (run: DayRun, index: number, total: number) => void;
}

/** Aggregates each day in turn (the unit tree read once); throws at the first failing day. */
export async function aggregateDays(
  store: Store,
  days: LocalDay[],
  options: RunOptions = {},
): Promise<DayRun[]> {
  const units = await listUnits(store);
  const runs: DayRun[] = [];
  for (const [index, day] of days.entries()) {
    options.onDayStart?.(day, index, days.length);
    const run = await aggregateDay(store, day, options.families ?? aggregationFamilies, units, options);
    runs.push(run);
    options.onDay?.(run, index, days.length);
  }
  return runs;
}

/** The local day before `now`'s: what the nightly run aggregates by default. */
export function previousLocalDay(now: Date): LocalDay {
  return addDays(localDay(now), -1);
}

/**
 * Whether figures for a period ending on `to` can still change: a dossier returned on `to` may be
 * rated until its link expires (`LINK_TTL_DAYS` later), and that day is aggregated by the run at
 * 01:00 the night after. Final from 02:00 local time that next day.
 */
export function isFinal(to: LocalDay, linkTtlDays: number, now: Date): boolean {
  const settledAt = startOfLocalDay(addDays(to, linkTtlDays + 1)).getTime() + 2 * 3_600_000;
  return now.getTime() >= settledAt;
}
