/**
 * Writing the figure sheets (shared/storage/figure-sheets.ts) after a nightly run, rerun or backfill:
 * every unit's sheet for every standard period as of the run's day, overwritten. Each period costs the
 * reads `readScoreCounts` and `readScoreTotals` make for every unit at once (the aggregates by month
 * and over the period before, the period inputs once), so a sheet holds exactly what the readers
 * would compute from the counts (test/property/figure-sheets.property.test.ts). Each sheet records the
 * run's generation and the night index from its first day to the run's day (the final rule's input).
 */
import { readScoreCounts, readScoreTotals } from '../indexes/period-inputs-join';
import { nextMonth, nightsDone } from '../storage/aggregates';
import type { Store } from '../storage/client';
import {
  type FigureSheet,
  previousPeriod,
  putFigureSheets,
  type SheetRange,
  standardPeriods,
} from '../storage/figure-sheets';
import type { Unit } from '../storage/units';
import { addDays, type LocalDay, localDay, monthOf } from '../time';

/** Every unit's sheet over `period` (5.2's cases within their time as of `asOf`, the run). */
export async function buildFigureSheets(
  store: Store,
  units: Unit[],
  period: SheetRange,
  asOf?: Date,
): Promise<FigureSheet[]> {
  const deps = { store, units: { all: async () => units }, ...(asOf ? { now: () => asOf } : {}) };
  const previous = previousPeriod(period.from, period.to);
  const [now, before] = await Promise.all([
    readScoreCounts(deps, units, period.from, period.to, 'month'),
    readScoreTotals(deps, units, [previous]),
  ]);
  const index = new Map(units.map((unit, at) => [unit.id, at]));
  return units.map((unit, at) => {
    const children = units.filter((child) => child.parent === unit.id);
    return {
      unit: unit.id,
      from: period.from,
      to: period.to,
      total: now.units[at]!.total,
      months: now.units[at]!.groups.map((group) => ({
        period: group.period,
        from: group.from,
        to: group.to,
        counts: group.counts,
      })),
      previous: { ...previous, counts: before.totals[0]![at]! },
      children: children.map((child) => ({
        id: child.id,
        now: now.units[index.get(child.id)!]!.total,
        before: before.totals[0]![index.get(child.id)!]!,
      })),
    };
  });
}

/** The night index over [from, through], one character a day: `1` done, `0` not. */
async function nightsOver(
  store: Store,
  from: LocalDay,
  through: LocalDay,
): Promise<(start: LocalDay) => string> {
  const months: string[] = [];
  for (let month = monthOf(from); month <= monthOf(through); month = nextMonth(month)) months.push(month);
  const done = await nightsDone(store, months);
  return (start) => {
    let flags = '';
    for (let day = start; day <= through; day = addDays(day, 1))
      flags += done.get(monthOf(day))?.has(day) ? '1' : '0';
    return flags;
  };
}

/**
 * Writes every unit's sheets for the standard periods as of `now`'s local day, stamped with the run's
 * `generation` (shared/storage/aggregates.ts `beginGeneration`); the items written.
 */
export async function writeFigureSheets(
  store: Store,
  units: Unit[],
  now: Date,
  generation: number,
): Promise<number> {
  const today = localDay(now);
  const periods = standardPeriods(today);
  // Read after every night of the run is marked: the index as the readers would find it now.
  const first = periods.reduce((min, period) => (period.from < min ? period.from : min), today);
  const flags = await nightsOver(store, first, today);
  let written = 0;
  for (const period of periods) {
    const nights = { from: period.from, through: today, done: flags(period.from) };
    const sheets = (await buildFigureSheets(store, units, period, now)).map((sheet) => ({
      ...sheet,
      generation,
      nights,
    }));
    written += await putFigureSheets(store, sheets, now);
  }
  return written;
}
