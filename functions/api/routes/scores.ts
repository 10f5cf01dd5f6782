/**
 * `GET /v1/scores` and `GET /v1/rankings` (DESIGN §8): index values for a unit and period, read from
 * the stored aggregates (a year costs one item per unit) with tt01's period inputs joined
 * (shared/indexes/period-inputs-join.ts), computed by the pure index methods.
 */
import { Hono } from 'hono';
import { addCounts, type Counts } from '../../../shared/storage/aggregates';
import { ValidationError } from '../../../shared/errors';
import { rankingsQuerySchema, scoresQuerySchema } from '../../../shared/http/aggregate-queries';
import { type ApiEnv, authorizeUnit } from '../../../shared/http/auth';
import { computeIndex, type IndexMethod, methodOptionsFromConfig } from '../../../shared/indexes';
import type { MethodOptions } from '../../../shared/indexes/common';
import { qd766, type Qd766ReadFacts, type Qd766Result } from '../../../shared/indexes/qd766';
import { cachedProcedures } from '../../../shared/storage/procedures';
import { guarded } from '../../../shared/storage/dynamo';
import { rankChildren, unitSummary } from '../../../shared/indexes/ranking';
import { finalPeriods } from '../../../shared/storage/final-periods';
import { daysBetween } from '../../../shared/time';
import { parseInput } from '../../../shared/validation';
import type { ApiDeps } from '../../../shared/http/deps';
import { withCustomRangeBudget } from '../../../shared/storage/limits';
import { checkRange } from '../../../shared/date-range';
import { qd766Ranked, readChildrenCounts, readUnitCounts } from '../../../shared/reports/dashboard-figures';

/**
 * The method's computation over a read's counts: qd766 with what it reads besides the counters (the
 * procedure catalogue, kept a minute per process; docs/index-methods.md "The whole scorecard").
 */
async function methodOf(deps: ApiDeps, method: IndexMethod, options: MethodOptions) {
  if (method !== 'qd766') return (counts: Counts) => computeIndex[method](counts, options);
  const procedures = await guarded(() => cachedProcedures(deps.store));
  const facts: Qd766ReadFacts = { procedures };
  return (counts: Counts) => qd766(counts, options, facts);
}

export function scoresRoutes(deps: ApiDeps) {
  return new Hono<ApiEnv>().get('/', async (c) => {
    const query = parseInput(scoresQuerySchema, c.req.query());
    checkRange(query.from, query.to);
    if (query.groupBy === 'day' && daysBetween(query.from, query.to) >= 366) {
      throw new ValidationError([
        {
          field: 'groupBy',
          vi: 'nhóm theo ngày chỉ dùng cho khoảng tối đa 366 ngày',
          en: 'grouping by day is limited to ranges of at most 366 days',
        },
      ]);
    }
    const unit = await authorizeUnit(deps.units, c.get('apiKey'), 'scores:read', query.unit);
    const options = methodOptionsFromConfig(deps.config);
    const compute = await methodOf(deps, query.method, options);
    const now = deps.now();
    // A standard period reads the unit's figure sheet (one item), a custom range the aggregates.
    // A custom range is charged to the key's budget where the readers choose counts (429 past it).
    const paced = withCustomRangeBudget(deps, { kind: 'key', id: c.get('apiKey').id });
    const read = await readUnitCounts(paced, unit, query.from, query.to, query.groupBy);
    // One rule for every method and answer (shared/storage/final-periods.ts), fed the nights from the
    // sheet when one was read (no read of the night index).
    const final = finalPeriods(deps.store, { now, linkTtlDays: deps.config.LINK_TTL_DAYS }, read.nights);
    const groupsFinal = query.groupBy
      ? await Promise.all(read.groups.map((group) => final(group.counts, group.from, group.to)))
      : [];
    return c.json({
      unit: unitSummary(unit),
      method: query.method,
      from: query.from,
      to: query.to,
      final: await final(read.total, query.from, query.to),
      minN: options.minN,
      result: compute(read.total),
      ...(query.groupBy
        ? {
            groupBy: query.groupBy,
            groups: read.groups.map((group, index) => ({
              period: group.period,
              from: group.from,
              to: group.to,
              final: groupsFinal[index]!,
              result: compute(group.counts),
            })),
          }
        : {}),
    });
  });
}

export function rankingsRoutes(deps: ApiDeps) {
  return new Hono<ApiEnv>().get('/', async (c) => {
    const query = parseInput(rankingsQuerySchema, c.req.query());
    checkRange(query.from, query.to);
    const parent = await authorizeUnit(deps.units, c.get('apiKey'), 'scores:read', query.parent);
    const children = await deps.units.children(parent.id);
    const options = methodOptionsFromConfig(deps.config);
    const compute = await methodOf(deps, query.method, options);
    const paced = withCustomRangeBudget(deps, { kind: 'key', id: c.get('apiKey').id });
    const { counts: totals, nights } = await readChildrenCounts(
      paced,
      parent,
      children,
      query.from,
      query.to,
    );
    const results = totals.map((counts) => compute(counts));
    // Decision 766 ranks as the dashboard does: by the whole 100-point total when every ranked child
    // has it, else by the groups every ranked child has (shared/reports/dashboard-figures.ts).
    const qd766Ranking = query.method === 'qd766' ? qd766Ranked(results as Qd766Result[]) : undefined;
    const rows = children.map((unit, index) => ({
      unit,
      result: qd766Ranking?.results[index] ?? results[index]!,
    }));
    return c.json({
      parent: unitSummary(parent),
      method: query.method,
      from: query.from,
      to: query.to,
      // The children's counts summed: final when every child's figures are.
      final: await finalPeriods(
        deps.store,
        { now: deps.now(), linkTtlDays: deps.config.LINK_TTL_DAYS },
        nights,
      )(
        totals.reduce((sum, counts) => addCounts(sum, counts), {} as Counts),
        query.from,
        query.to,
      ),
      minN: options.minN,
      ...(qd766Ranking ? { rankBasis: qd766Ranking.basis } : {}),
      ranking: rankChildren(rows),
    });
  });
}
