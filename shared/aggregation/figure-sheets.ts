/**
 * Writing the figure sheets (shared/storage/figure-sheets.ts) after a nightly run, rerun or backfill:
 * every unit's sheet for every standard period as of the run's day, overwritten. Each period costs the
 * reads `readScoreCounts` and `readScoreTotals` make for every unit at once (the aggregates by month
 * and over the period before, the period inputs once), so a sheet holds exactly what the readers
 * would compute from the counts (test/property/figure-sheets.property.test.ts).
 */
import { readScoreCounts, readScoreTotals } from '../indexes/period-inputs-join';
import type { Store } from '../storage/client';
import {
  type FigureSheet,
  previousPeriod,
  putFigureSheets,
  type SheetRange,
  standardPeriods,
} from '../storage/figure-sheets';
import type { Unit } from '../storage/units';
import { localDay } from '../time';

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

/** Writes every unit's sheets for the standard periods as of `now`'s local day; the items written. */
export async function writeFigureSheets(store: Store, units: Unit[], now: Date): Promise<number> {
  let written = 0;
  for (const period of standardPeriods(localDay(now))) {
    written += await putFigureSheets(store, await buildFigureSheets(store, units, period, now), now);
  }
  return written;
}
