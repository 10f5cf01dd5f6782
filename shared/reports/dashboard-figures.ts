/**
 * The figures the dashboard pages and the XLSX report show, read exactly as `/v1/scores` and
 * `/v1/rankings` read them (the stored aggregates with tt01's period inputs joined through
 * `readScoreCounts`, the index methods through `computeIndex`, the ranking through `rankChildren`), so
 * a page never disagrees with the API. Items read: one BatchGet per unit of the covering periods
 * (DESIGN §5: a year is one item per unit), and the period inputs' reads (docs/data-model.md): a
 * ranking lists them once for its period and the previous one (`readScoreTotals`). For a standard
 * period (shared/storage/figure-sheets.ts) the same counts come from the unit's figure sheet instead,
 * one BatchGet (the sheet and the aggregates' generation) shared by every reader of the request, and
 * the final flag takes the nights from it; a custom range, or a sheet not written yet or stale (a run
 * failed after its aggregates), reads the aggregates and the night index as above.
 */

const inFlight = new Map<string, Promise<FigureSheet | undefined>>();

/**
 * The figure sheet of `unit` over [from, to] when that is a standard period as of today, else
 * undefined (also when the sheet is absent or stale). Concurrent readers of the same sheet share one
 * read (a page reads its figures, ranking and previous results at once).
 */
export function readFigureSheet(
  deps: PacedDeps,
  unit: string,
  from: LocalDay,
  to: LocalDay,
): Promise<FigureSheet | undefined> {
  if (!isStandardPeriod(from, to, localDay(deps.now()))) return chargeCustomRange(deps);
  const key = `${deps.store.tableName}\n${unit}\n${from}\n${to}`;
  let read = inFlight.get(key);
  if (!read) {
    read = guarded(() => getFigureSheet(deps.store, unit, from, to)).finally(() => inFlight.delete(key));
    inFlight.set(key, read);
  }
  return read;
}

/**
 * The routes' deps with the request's custom-range budget (shared/storage/limits.ts
 * `withCustomRangeBudget`): every reader decides sheet or counts here, so a custom range is charged
 * here, once per request, before any count is read (429 past the budget); a standard period never is.
 */
type PacedDeps = Pick<ApiDeps, 'store' | 'now'> & { customRange?: CustomRangeBudget };
const chargeCustomRange = async (deps: PacedDeps): Promise<undefined> => {
  await deps.customRange?.charge();
  return undefined;
};

/** `readScoreCounts` of one unit (groupBy month or none), from its sheet for a standard period. */
export async function readUnitCounts(
  deps: ApiDeps,
  unit: Unit,
  from: LocalDay,
  to: LocalDay,
  groupBy?: 'day' | 'month' | 'quarter' | 'year',
): Promise<ScoreCounts & { itemsRead: number; nights?: KnownNights }> {
  const sheet =
    groupBy === undefined || groupBy === 'month'
      ? await readFigureSheet(deps, unit.id, from, to)
      : isStandardPeriod(from, to, localDay(deps.now()))
        ? undefined
        : await chargeCustomRange(deps);
  if (sheet) {
    return {
      total: sheet.total,
      groups: groupBy
        ? sheet.months.map((month) => ({ ...month, counts: month.counts }))
        : [{ period: `${from}/${to}`, from, to, counts: sheet.total }],
      itemsRead: 1,
      nights: sheetNights(sheet),
    };
  }
  const {
    units: [read],
    itemsRead,
  } = await guarded(() => readScoreCounts(deps, [unit], from, to, groupBy));
  return { ...read!, itemsRead };
}

/**
 * Each child's counts over [from, to] and over the period before it, from the parent's sheet for a
 * standard period (undefined when a child is not on it: a unit added since the night).
 */
async function childrenCounts(
  deps: ApiDeps,
  parent: Unit,
  children: Unit[],
  from: LocalDay,
  to: LocalDay,
): Promise<{ now: Counts[]; before: Counts[] }> {
  const sheet = await readFigureSheet(deps, parent.id, from, to);
  const rows = new Map(sheet?.children.map((row) => [row.id, row]));
  if (sheet && children.every((child) => rows.has(child.id))) {
    return {
      now: children.map((child) => rows.get(child.id)!.now),
      before: children.map((child) => rows.get(child.id)!.before),
    };
  }
  const {
    totals: [now, before],
  } = await guarded(() => readScoreTotals(deps, children, [{ from, to }, previousPeriod(from, to)]));
  return { now: now!, before: before! };
}

/**
 * The counts of every unit of `subtree` (rooted at `root`) over [from, to], as `readScoreCounts` reads
 * them (the XLSX report's units): for a standard period, the root's sheet and one BatchGet of the
 * sheets of the subtree's other units that have children (a unit's counts are a row of its parent's).
 */
export async function readSubtreeCounts(
  deps: ApiDeps,
  root: Unit,
  subtree: Unit[],
  from: LocalDay,
  to: LocalDay,
): Promise<{ counts: Counts[]; nights?: KnownNights }> {
  const parents = subtree.filter((unit) => unit.id !== root.id && subtree.some((child) => child.parent === unit.id));
  const [rootSheet, others] = await Promise.all([
    readFigureSheet(deps, root.id, from, to),
    isStandardPeriod(from, to, localDay(deps.now()))
      ? guarded(() => getFigureSheets(deps.store, parents.map((unit) => unit.id), from, to))
      : Promise.resolve(new Map<string, FigureSheet>()),
  ]);
  if (rootSheet) {
    const sheets = new Map(others).set(root.id, rootSheet);
    const found = subtree.map((unit) =>
      unit.id === root.id
        ? rootSheet.total
        : sheets.get(unit.parent ?? '')?.children.find((row) => row.id === unit.id)?.now,
    );
    if (found.every((counts) => counts !== undefined))
      return { counts: found as Counts[], nights: sheetNights(rootSheet) };
  }
  const read = await guarded(() => readScoreCounts(deps, subtree, from, to));
  return { counts: read.units.map((unit) => unit.total) };
}

/** Each child's counts over [from, to] (`/v1/rankings`), from the parent's sheet for a standard period. */
export async function readChildrenCounts(
  deps: ApiDeps,
  parent: Unit,
  children: Unit[],
  from: LocalDay,
  to: LocalDay,
): Promise<{ counts: Counts[]; nights?: KnownNights }> {
  const sheet = await readFigureSheet(deps, parent.id, from, to);
  const rows = new Map(sheet?.children.map((row) => [row.id, row]));
  if (sheet && children.every((child) => rows.has(child.id)))
    return { counts: children.map((child) => rows.get(child.id)!.now), nights: sheetNights(sheet) };
  const read = await guarded(() => readScoreCounts(deps, children, from, to));
  return { counts: read.units.map((unit) => unit.total) };
}
import { computeIndex, type IndexMethod, indexMethods, methodOptionsFromConfig, type MethodResult } from '../indexes';
import { qd766, type Qd766ReadFacts, type Qd766Result } from '../indexes/qd766';
import { type Qd766GroupKey, qd766GroupKeys } from '../indexes/qd766-scorecard';
import { cachedProcedures } from '../storage/procedures';
import { readScoreCounts, readScoreTotals, type ScoreCounts } from '../indexes/period-inputs-join';
import {
  type FigureSheet,
  getFigureSheet,
  getFigureSheets,
  isStandardPeriod,
  previousPeriod,
  sheetNights,
} from '../storage/figure-sheets';
import type { Counts } from '../storage/aggregates';
import { guarded } from '../storage/dynamo';
import { latestRatingsOfUnit } from '../storage/rating-listing';
import { finalPeriods, type KnownNights } from '../storage/final-periods';
import type { Unit } from '../storage/units';
import { type LocalDay, localDay } from '../time';
import type { ApiDeps } from '../http/deps';
import type { CustomRangeBudget } from '../storage/limits';
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

/**
 * What the scorecard reads besides the counters (the procedure catalogue, kept a minute per process:
 * shared/storage/procedures.ts `cachedProcedures`), read once for the reads that run together: the
 * dashboard's three reads of a page start in the same tick and share one read.
 */
const factsInFlight = new WeakMap<ApiDeps, Promise<Qd766ReadFacts>>();
export function readScorecardFacts(deps: ApiDeps): Promise<Qd766ReadFacts> {
  const pending = factsInFlight.get(deps);
  if (pending) return pending;
  const read = guarded(() => cachedProcedures(deps.store))
    .then((procedures): Qd766ReadFacts => ({ procedures }))
    .finally(() => factsInFlight.delete(deps));
  factsInFlight.set(deps, read);
  return read;
}

/** What a Decision 766 ranking sorted by: the groups summed and their maximum (100: the whole total). */
export interface Qd766RankBasis {
  groups: Qd766GroupKey[];
  maxScore: number;
  whole: boolean;
}

/**
 * The children's qd766 results as the dashboard ranks them (docs/dashboard.md "Ranking by Decision
 * 766"): by the whole 100-point total when every child has it; else by the sum of the groups every
 * ranked child has complete — the same groups for all, so no unit is ranked up or down by a group
 * another lacks — and the basis says it is partial. A child without one of those groups has no figure.
 */
export function qd766Ranked(results: Qd766Result[]): {
  results: (Qd766Result & { rankBasis: Qd766RankBasis })[];
  basis: Qd766RankBasis;
} {
  // Units below the minimum are not ranked, so they do not narrow the groups the others are ranked on.
  const rankable = results.filter((result) => result.ranked);
  const groups = qd766GroupKeys.filter((key) => rankable.every((result) => result.groups[key].score !== null));
  const maxScore = groups.reduce((sum, key) => sum + (rankable[0]?.groups[key].maxScore ?? 0), 0);
  const whole = rankable.length > 0 && rankable.every((result) => result.total !== null);
  const basis = { groups, maxScore: whole ? 100 : maxScore, whole };
  return {
    basis,
    results: results.map((result) => {
      const value = whole
        ? (result.total?.score ?? null)
        : groups.length === 0 || groups.some((key) => result.groups[key].score === null)
          ? null
          : Math.round(groups.reduce((sum, key) => sum + result.groups[key].score!, 0) * 100) / 100;
      return { ...result, headline: { name: whole ? 'total' : 'partialTotal', value }, rankBasis: basis };
    }),
  };
}

const allMethods = (deps: ApiDeps, counts: Counts, facts: Qd766ReadFacts): Results => {
  const options = methodOptionsFromConfig(deps.config);
  return Object.fromEntries(
    indexMethods.map((method) => [
      method,
      method === 'qd766' ? qd766(counts, options, facts) : computeIndex[method](counts, options),
    ]),
  ) as Results;
};

/** Every method's result over each of `counts`, with the scorecard's facts read once. */
export async function resultsOf(
  deps: ApiDeps,
  counts: Counts[],
  read: Promise<Qd766ReadFacts> = readScorecardFacts(deps),
): Promise<Results[]> {
  const facts = await read;
  return counts.map((entry) => allMethods(deps, entry, facts));
}

/** Every method's result for `unit` over [from, to], and the monthly trend, from one read. */
export async function readUnitFigures(
  deps: ApiDeps,
  unit: Unit,
  from: LocalDay,
  to: LocalDay,
): Promise<UnitFigures> {
  const [{ itemsRead, ...read }, facts] = await Promise.all([
    readUnitCounts(deps, unit, from, to, 'month'),
    readScorecardFacts(deps),
  ]);
  return {
    unit,
    from,
    to,
    final: await finalPeriods(
      deps.store,
      { now: deps.now(), linkTtlDays: deps.config.LINK_TTL_DAYS },
      read.nights,
    )(read.total, from, to),
    minN: deps.config.MIN_N,
    results: allMethods(deps, read.total, facts),
    trend: read.groups.map((group) => ({
      period: group.period,
      from: group.from,
      to: group.to,
      results: allMethods(deps, group.counts, facts),
    })),
    itemsRead,
  };
}

export { previousPeriod };

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
  // The catalogue only when qd766 ranks, or shared with a page's read already under way (the
  // dashboard's); /public ranks by csat and shows no qd766 figure, so it reads none.
  const factsRead =
    method === 'qd766' ? readScorecardFacts(deps) : (factsInFlight.get(deps) ?? Promise.resolve({}));
  const children = await deps.units.children(parent.id);
  const [{ now, before }, facts] = await Promise.all([
    childrenCounts(deps, parent, children, from, to),
    factsRead,
  ]);
  const rows = children.map((unit, index) => ({
    unit,
    results: allMethods(deps, now[index]!, facts),
    before: allMethods(deps, before[index]!, facts),
  }));
  // Decision 766 ranks by the 100-point total, or by the groups every child has while some are missing.
  const ranked = (all: Results[]): MethodResult[] =>
    method === 'qd766' ? qd766Ranked(all.map((results) => results.qd766 as Qd766Result)).results : all.map((results) => results[method]);
  const nowRanked = ranked(rows.map((row) => row.results));
  const beforeRanked = ranked(rows.map((row) => row.before));
  const current = rankChildren(rows.map((row, index) => ({ unit: row.unit, result: nowRanked[index]! })));
  const earlier = rankChildren(rows.map((row, index) => ({ unit: row.unit, result: beforeRanked[index]! })));
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
  const [sheet, facts] = await Promise.all([readFigureSheet(deps, unit.id, from, to), readScorecardFacts(deps)]);
  if (sheet) return { ...previous, results: allMethods(deps, sheet.previous.counts, facts) };
  const {
    totals: [before],
  } = await guarded(() => readScoreTotals(deps, [unit], [previous]));
  return { ...previous, results: allMethods(deps, before![0]!, facts) };
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
