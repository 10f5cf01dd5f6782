/**
 * tt01's period inputs joined at query time (DESIGN §4.2; Circular 01/2018/TT-VPCP art. 13 đ, e, g):
 * i5 reception and return at the one-stop section and i6 publicity of the procedure score every
 * dossier a unit returned in a month at the unit's input of that month; i9 online service scores its
 * online dossiers (channel `online`) the same way. The nightly job does not see the inputs (an input
 * recorded later would need the months re-run), so every reader of the scores adds them here:
 *
 *   i5_s (unit U, period P) = Σ over (unit u in U's subtree, month m of P) whose input i5 is s,
 *                             of u's OWN dossiers returned in m ∩ P;
 *
 * likewise i6_s, and i9_s over own `returnedOnline`. The stored aggregates are rolled up (a unit's
 * counts include its descendants'), so u's own = u's aggregate − Σ its children's aggregates. A
 * unit-month without an input adds nothing: an indicator's mean is over the dossiers of the
 * unit-months that have one (a period partly recorded is averaged over its recorded part; with none,
 * the indicator is missing and the grade provisional, shared/indexes/tt01.ts).
 *
 * Reads (docs/data-model.md): one Query per unit of the subtree asked for (`INPUT#<unit>`, from the
 * first month of the ranges asked for to the last: once for all of them), then one BatchGet (chunks
 * of 100) of the aggregates of the units that have an input and of their children, for the months
 * that have one: per (unit with an input, month) at most (1 + its children) × (1 item for a whole
 * month, ≤ 30 day items for a month cut by the range).
 *
 * Decision 766 (DESIGN §4.5; docs/index-methods.md "The whole scorecard") adds three things the
 * nightly job cannot know, each set on every counts object a reader gets (a group's and the total):
 * - the province's transparency figures (1.1–1.3): the root unit's period inputs of each month of the
 *   range (a month cut by the range counts whole: the figure is the month's), summed over the months —
 *   `transparency.<metric>:numerator`, `…:denominator`, and `…:months` (the months recorded; 0 =
 *   N/A). Every unit of the province gets the province's figures, as the portal shows them;
 * - the electronic certified copy (4.6), a unit setting: of the communes in the unit's subtree whose
 *   setting is recorded, `certifiedCopyCommunes`, and of them those offering it,
 *   `certifiedCopyCommunesOffering` (none recorded: 0 / 0, which the portal scores 2);
 * - the feedback cases still open within their due day as of today (5.2's numerator), from the
 *   nightly `caseOpenDue:<due day>` counters: `casesOpenWithinDue` = Σ of those due today or later. A
 *   figure sheet is written by the night's run, so its cases are counted as of that run.
 */
import { satisfactionFamily } from '../aggregation/satisfaction';
import {
  addCounts,
  type Counts,
  type PeriodGroup,
  readCounts,
  readCountsOfMany,
} from '../storage/aggregates';
import type { Store } from '../storage/client';
import {
  isTransparencyIndicator,
  listPeriodInputsOfUnits,
  type PeriodInput,
  type TransparencyInput,
} from '../storage/period-inputs';
import { ancestry, isWithin, type Unit } from '../storage/units';
import type { UnitDirectory } from '../unit-directory';
import { type Granularity, groupRanges, type LocalDay, localDay, monthOf } from '../time';
import type { PeriodInputScores } from './dossier-rules';

/** A unit's own returned dossiers in a period (its descendants' left out). */
export interface OwnReturns {
  returned: number;
  returnedOnline: number;
}

const countOf = (counts: Counts, name: string) => counts[name] ?? 0;

/**
 * A unit's own returns: its rolled-up counts less its children's. Never below 0 (the nightly job
 * writes a parent and its children one after the other; a read between the two sees them apart).
 */
export function ownReturns(rolledUp: Counts, children: Counts[]): OwnReturns {
  const own = (name: string) =>
    Math.max(
      0,
      children.reduce((left, child) => left - countOf(child, name), countOf(rolledUp, name)),
    );
  return { returned: own('returned'), returnedOnline: own('returnedOnline') };
}

/**
 * What one unit-month adds to the tt01 counters: i5 and i6 over each own returned dossier at the
 * input's score, i9 over each own online one (art. 13 g scores the online service where it was used).
 */
export function inputTallies(scores: PeriodInputScores, own: OwnReturns): Counts {
  const counts: Counts = {};
  const add = (name: string, n: number) => {
    if (n > 0) counts[name] = (counts[name] ?? 0) + n;
  };
  if (scores.i5 !== undefined) add(`i5_${scores.i5}`, own.returned);
  if (scores.i6 !== undefined) add(`i6_${scores.i6}`, own.returned);
  if (scores.i9 !== undefined) add(`i9_${scores.i9}`, own.returnedOnline);
  return counts;
}

export interface DayRange {
  from: LocalDay;
  to: LocalDay;
}

/** One unit-month with an input, cut to one range. */
interface Slice {
  unit: Unit;
  /** The unit's children: their counts are taken out of the unit's rolled-up ones. */
  children: Unit[];
  range: number;
  from: LocalDay;
  to: LocalDay;
  scores: PeriodInputScores;
}

/** The tt01 scores by unit and month. */
function scoresByUnitMonth(inputs: PeriodInput[]): Map<string, PeriodInputScores> {
  const scores = new Map<string, PeriodInputScores>();
  for (const input of inputs) {
    if (!('value' in input)) continue;
    const key = `${input.unit}\t${input.month}`;
    scores.set(key, { ...scores.get(key), [input.indicator]: input.value });
  }
  return scores;
}

/** The transparency inputs by unit and month. */
function transparencyByUnitMonth(inputs: PeriodInput[]): Map<string, TransparencyInput[]> {
  const found = new Map<string, TransparencyInput[]>();
  for (const input of inputs) {
    if (!isTransparencyIndicator(input.indicator)) continue;
    const key = `${input.unit}\t${input.month}`;
    found.set(key, [...(found.get(key) ?? []), input as TransparencyInput]);
  }
  return found;
}

/** What a month's transparency inputs add: numerator, denominator and one month, per metric. */
export function transparencyTallies(inputs: readonly TransparencyInput[]): Counts {
  const counts: Counts = {};
  for (const input of inputs) {
    counts[`${input.indicator}:numerator`] = (counts[`${input.indicator}:numerator`] ?? 0) + input.numerator;
    counts[`${input.indicator}:denominator`] =
      (counts[`${input.indicator}:denominator`] ?? 0) + input.denominator;
    counts[`${input.indicator}:months`] = (counts[`${input.indicator}:months`] ?? 0) + 1;
  }
  return counts;
}

/** The root of a unit's tree: the province whose transparency figures the unit shows. */
const rootOf = (unit: Pick<Unit, 'path'>) => ancestry(unit)[0]!;

/**
 * The 4.6 counters of `target`: of the communes in its subtree whose setting is recorded, how many,
 * and how many offer electronic certified copies.
 */
export function certifiedCopyCounts(tree: readonly Unit[], target: Unit): Counts {
  const recorded = tree.filter(
    (unit) => unit.kind === 'commune' && unit.electronicCertifiedCopy !== undefined && isWithin(unit, target),
  );
  return {
    certifiedCopyCommunes: recorded.length,
    certifiedCopyCommunesOffering: recorded.filter((unit) => unit.electronicCertifiedCopy === true).length,
  };
}

const OPEN_DUE = 'caseOpenDue:';

/**
 * 5.2's cases still within their time as of `today`: the open, unanswered cases due today or later
 * (overdue from the day after the due day, as shared/feedback/cases.ts shows them). Without a day, none.
 */
export function casesOpenWithinDue(counts: Counts, today: LocalDay | undefined): number {
  if (today === undefined) return 0;
  let within = 0;
  for (const key in counts) {
    if (key.startsWith(OPEN_DUE) && key.slice(OPEN_DUE.length) >= today) within += counts[key] ?? 0;
  }
  return within;
}

/**
 * Sets the read-time Decision 766 counters of one counts object (module header); a 0 is left out, as
 * the stored counts leave it out.
 */
function setReadCounters(counts: Counts, certifiedCopy: Counts, today: LocalDay | undefined): Counts {
  const set = { ...certifiedCopy, casesOpenWithinDue: casesOpenWithinDue(counts, today) };
  for (const [name, value] of Object.entries(set)) {
    if (value > 0) counts[name] = value;
    else delete counts[name];
  }
  return counts;
}

/**
 * The period-input counters (`i5_0..2`, `i6_0..2`, `i9_0..2`) of each target unit (its subtree) over
 * each range, from the inputs of every unit in the targets' subtrees. `tree` is every unit known. The
 * inputs are listed once, from the first range's first month to the last one's last month, whatever
 * the order of the ranges (a ranking asks for this period and the one before it).
 */
export async function readPeriodInputCounts(
  store: Store,
  tree: Unit[],
  targets: Unit[],
  ranges: DayRange[],
): Promise<{ counts: Counts[][]; itemsRead: number }> {
  const counts = targets.map(() => ranges.map((): Counts => ({})));
  if (ranges.length === 0) return { counts, itemsRead: 0 };
  const scope = tree.filter((unit) => targets.some((target) => isWithin(unit, target)));
  const days = ranges.flatMap((range) => [range.from, range.to]).sort();
  // The roots of the targets too: their transparency inputs are every unit's (a root in scope once).
  const roots = [...new Set(targets.map(rootOf))];
  const listed = [...new Set([...scope.map((unit) => unit.id), ...roots])];
  const inputs = await listPeriodInputsOfUnits(
    store,
    listed,
    monthOf(days[0]!),
    monthOf(days[days.length - 1]!),
  );
  const scores = scoresByUnitMonth(inputs);
  const transparency = transparencyByUnitMonth(inputs);
  // Each unit's children, found once: every month and range of the unit shares them.
  const childrenOf = new Map(scope.map((unit) => [unit, scope.filter((child) => child.parent === unit.id)]));
  const slices: Slice[] = [];
  ranges.forEach((range, index) => {
    for (const month of groupRanges(range.from, range.to, 'month')) {
      targets.forEach((target, at) => {
        const recorded = transparency.get(`${rootOf(target)}\t${month.period}`);
        if (recorded) addCounts(counts[at]![index]!, transparencyTallies(recorded));
      });
      for (const [unit, children] of childrenOf) {
        const recorded = scores.get(`${unit.id}\t${month.period}`);
        if (!recorded) continue;
        slices.push({ unit, children, range: index, from: month.from, to: month.to, scores: recorded });
      }
    }
  });
  // Each slice reads the unit's counts, then each child's, in this order.
  const requests = slices.flatMap((slice) =>
    [slice.unit, ...slice.children].map((unit) => ({ unit: unit.id, from: slice.from, to: slice.to })),
  );
  const read = await readCountsOfMany(store, satisfactionFamily.name, requests);
  let at = 0;
  for (const slice of slices) {
    const [rolledUp, ...ofChildren] = read.counts.slice(at, at + 1 + slice.children.length);
    at += 1 + slice.children.length;
    const tallies = inputTallies(slice.scores, ownReturns(rolledUp!, ofChildren));
    targets.forEach((target, index) => {
      if (isWithin(slice.unit, target)) addCounts(counts[index]![slice.range]!, tallies);
    });
  }
  return { counts, itemsRead: inputs.length + read.itemsRead };
}

/** A unit's counts over a range as every reader of the scores takes them. */
export interface ScoreCounts {
  total: Counts;
  /** One per `groupBy` period of the range (the whole range without `groupBy`). */
  groups: PeriodGroup[];
}

/**
 * The counts the index methods read, for each of `targets` over [from, to] (and by `groupBy`): the
 * stored aggregates (one BatchGet per target, a year one item) with the period inputs joined. The
 * reader of `/v1/scores`, `/v1/rankings`, the dashboard's figures and the XLSX report's units; the
 * dashboard's, `/public`'s and the report's rankings take the same reads through
 * {@link readScoreTotals} (two periods at once), so none disagrees.
 */
/** What the readers pass: the store, the unit tree, and the clock (as of when cases are within time). */
export interface ScoreReadDeps {
  store: Store;
  units: Pick<UnitDirectory, 'all'>;
  /** Today's local day decides 5.2's cases still within their time; without it, none are. */
  now?: (() => Date) | undefined;
}

export async function readScoreCounts(
  deps: ScoreReadDeps,
  targets: Unit[],
  from: LocalDay,
  to: LocalDay,
  groupBy?: Granularity,
): Promise<{ units: ScoreCounts[]; itemsRead: number }> {
  const ranges = groupBy ? groupRanges(from, to, groupBy) : [{ from, to }];
  const today = deps.now ? localDay(deps.now()) : undefined;
  const [stored, { inputs, tree }] = await Promise.all([
    Promise.all(
      targets.map((unit) => readCounts(deps.store, satisfactionFamily.name, unit.id, from, to, groupBy)),
    ),
    deps.units.all().then(async (tree) => ({
      tree,
      inputs: await readPeriodInputCounts(deps.store, tree, targets, ranges),
    })),
  ]);
  const units = stored.map((read, index) => {
    const certifiedCopy = certifiedCopyCounts(tree, targets[index]!);
    read.groups.forEach((group, range) => {
      const added = inputs.counts[index]![range]!;
      addCounts(group.counts, added);
      addCounts(read.total, added);
      setReadCounters(group.counts, certifiedCopy, today);
    });
    setReadCounters(read.total, certifiedCopy, today);
    return { total: read.total, groups: read.groups };
  });
  const itemsRead = stored.reduce((sum, read) => sum + read.itemsRead, inputs.itemsRead);
  return { units, itemsRead };
}

/**
 * The total counts of each of `targets` over each of `periods` (`totals[period][target]`), as
 * {@link readScoreCounts} reads them, but with the period inputs of every period listed at once: a
 * ranking and its previous period cost one Query per unit of the subtrees, not two.
 */
export async function readScoreTotals(
  deps: ScoreReadDeps,
  targets: Unit[],
  periods: DayRange[],
): Promise<{ totals: Counts[][]; itemsRead: number }> {
  const today = deps.now ? localDay(deps.now()) : undefined;
  const [stored, { inputs, tree }] = await Promise.all([
    Promise.all(
      periods.map((period) =>
        Promise.all(
          targets.map((unit) =>
            readCounts(deps.store, satisfactionFamily.name, unit.id, period.from, period.to),
          ),
        ),
      ),
    ),
    deps.units.all().then(async (tree) => ({
      tree,
      inputs: await readPeriodInputCounts(deps.store, tree, targets, periods),
    })),
  ]);
  const certifiedCopy = targets.map((target) => certifiedCopyCounts(tree, target));
  const totals = stored.map((reads, period) =>
    reads.map((read, index) =>
      setReadCounters(addCounts(read.total, inputs.counts[index]![period]!), certifiedCopy[index]!, today),
    ),
  );
  const itemsRead = stored.flat().reduce((sum, read) => sum + read.itemsRead, inputs.itemsRead);
  return { totals, itemsRead };
}
