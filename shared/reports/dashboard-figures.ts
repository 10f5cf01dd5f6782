/**
 * The figures the dashboard pages and the XLSX report show, read exactly as `/v1/scores` and
 * `/v1/rankings` read them (the stored aggregates with tt01's period inputs joined through
 * `readScoreCounts`, the index methods through `computeIndex`, the ranking through `rankChildren`), so
 * a page never disagrees with the API. Items read: one BatchGet per unit of the covering periods
 * (DESIGN §5: a year is one item per unit), and the period inputs' reads (docs/data-model.md): a
 * ranking lists them once for its period and the previous one (`readScoreTotals`).
 */
import { computeIndex, type IndexMethod, indexMethods, type MethodResult } from '../indexes';
import { readScoreCounts, readScoreTotals } from '../indexes/period-inputs-join';
import { guarded } from '../storage/dynamo';
import { latestRatingsOfUnit } from '../storage/rating-listing';
import { finalPeriods } from '../storage/final-periods';
import type { Unit } from '../storage/units';
import { addDays, daysBetween, type LocalDay } from '../time';
import type { ApiDeps } from '../http/deps';
import { rankChildren } from '../indexes/ranking';

export type Results = Record<IndexMethod, MethodResult>;

export interface TrendPoint {
  period: string;
  from: LocalDay;
  to: LocalDay;
  results: Results;
}

export interface UnitFigures {
  unit: Unit;
  from: LocalDay;
  to: LocalDay;
  final: boolean;
  minN: number;
  results: Results;
  /** One point per month of the range. */
  trend: TrendPoint[];
  itemsRead: number;
}

const allMethods = (deps: ApiDeps, counts: Parameters<(typeof computeIndex)['csat']>[0]): Results => {
  const options = { minN: deps.config.MIN_N };
  return Object.fromEntries(
    indexMethods.map((method) => [method, computeIndex[method](counts, options)]),
  ) as Results;
};

/** Every method's result for `unit` over [from, to], and the monthly trend, from one read. */
export async function readUnitFigures(
  deps: ApiDeps,
  unit: Unit,
  from: LocalDay,
  to: LocalDay,
): Promise<UnitFigures> {
  const {
    units: [read],
    itemsRead,
  } = await guarded(() => readScoreCounts(deps, [unit], from, to, 'month'));
  return {
    unit,
    from,
    to,
    final: await finalPeriods(deps.store, { now: deps.now(), linkTtlDays: deps.config.LINK_TTL_DAYS })(
      read!.total,
      from,
      to,
    ),
    minN: deps.config.MIN_N,
    results: allMethods(deps, read!.total),
    trend: read!.groups.map((group) => ({
      period: group.period,
      from: group.from,
      to: group.to,
      results: allMethods(deps, group.counts),
    })),
    itemsRead,
  };
}

/** The period of the same length just before [from, to]. */
export function previousPeriod(from: LocalDay, to: LocalDay): { from: LocalDay; to: LocalDay } {
  const length = daysBetween(from, to) + 1;
  return { from: addDays(from, -length), to: addDays(from, -1) };
}

export interface RankedChild {
  rank: number | null;
  unit: { id: string; name: string; kind: string };
  result: MethodResult;
  /** Every method's result, for the columns beside the ranked one. */
  results: Results;
  previousRank: number | null;
  /** Rank gained since the previous period (positive: moved up); null when either is unranked. */
  rankChange: number | null;
  /** Headline now minus the previous period's; null when either is missing. */
  headlineChange: number | null;
}

/** The children of `parent` ranked by `method` as `/v1/rankings` ranks them, with change since the previous period. */
export async function readRanking(
  deps: ApiDeps,
  parent: Unit,
  from: LocalDay,
  to: LocalDay,
  method: IndexMethod,
): Promise<RankedChild[]> {
  const children = await deps.units.children(parent.id);
  const previous = previousPeriod(from, to);
  const {
    totals: [now, before],
  } = await guarded(() => readScoreTotals(deps, children, [{ from, to }, previous]));
  const rows = children.map((unit, index) => ({
    unit,
    results: allMethods(deps, now![index]!),
    before: allMethods(deps, before![index]!),
  }));
  const current = rankChildren(rows.map((row) => ({ unit: row.unit, result: row.results[method] })));
  const earlier = rankChildren(rows.map((row) => ({ unit: row.unit, result: row.before[method] })));
  const earlierById = new Map(earlier.map((row) => [row.unit.id, row]));
  const byId = new Map(rows.map((row) => [row.unit.id, row]));
  return current.map((row) => {
    const before = earlierById.get(row.unit.id);
    const headline = row.result.headline.value;
    const beforeHeadline = before?.result.headline.value ?? null;
    return {
      ...row,
      results: byId.get(row.unit.id)!.results,
      previousRank: before?.rank ?? null,
      rankChange: row.rank !== null && before?.rank ? before.rank - row.rank : null,
      headlineChange:
        headline !== null && beforeHeadline !== null
          ? Math.round((headline - beforeHeadline) * 10_000) / 10_000
          : null,
    };
  });
}

/** Every method's result for `unit` over the period just before [from, to]: the headline changes. */
export async function readPreviousResults(
  deps: ApiDeps,
  unit: Unit,
  from: LocalDay,
  to: LocalDay,
): Promise<{ from: LocalDay; to: LocalDay; results: Results }> {
  const previous = previousPeriod(from, to);
  const {
    totals: [before],
  } = await guarded(() => readScoreTotals(deps, [unit], [previous]));
  return { ...previous, results: allMethods(deps, before![0]!) };
}

/**
 * The reasons of the "Không hài lòng" ratings among the latest `limit` ratings of each unit given
 * (one query per unit: callers pass a fixed few, the worst of a ranking), most frequent first.
 */
export async function readReasonSummaries(
  deps: ApiDeps,
  unitIds: string[],
  from: LocalDay,
  to: LocalDay,
  limit: number,
): Promise<Map<string, { read: number; counts: [string, number][] }>> {
  const read = await Promise.all(
    unitIds.map((unit) => latestRatingsOfUnit(deps.store, unit, from, to, limit)),
  );
  return new Map(
    unitIds.map((unit, index) => {
      const ratings = read[index]!;
      const counts = new Map<string, number>();
      for (const rating of ratings) {
        if (rating.overall !== 0 || !rating.reason) continue;
        counts.set(rating.reason, (counts.get(rating.reason) ?? 0) + 1);
      }
      return [
        unit,
        { read: ratings.length, counts: [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])) },
      ];
    }),
  );
}
