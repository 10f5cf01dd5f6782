/**
 * `GET /v1/reports/satisfaction.xlsx?unit=&from=&to=` (DESIGN §8): the Excel report of a unit's subtree
 * for a period, with the same figures as `/v1/scores` and `/v1/rankings` (read through the same
 * functions). The dashboard's download button serves the same bytes under the session.
 * Items read: one BatchGet of the covering periods per unit of the subtree, twice per child for the
 * ranking's change since the previous period, and the period inputs' reads (docs/data-model.md).
 */
import { Hono } from 'hono';
import { type ApiEnv, authorizeUnit } from '../../../shared/http/auth';
import { computeIndex, indexMethods } from '../../../shared/indexes';
import { readScoreCounts } from '../../../shared/indexes/period-inputs-join';
import { type SatisfactionReport, satisfactionWorkbook } from '../../../shared/reports/satisfaction-xlsx';
import { guarded } from '../../../shared/storage/dynamo';
import { finalPeriods } from '../../../shared/storage/final-periods';
import { reportQuerySchema } from '../../../shared/reports/report-query';
import type { Unit } from '../../../shared/storage/units';
import type { LocalDay } from '../../../shared/time';
import { parseInput } from '../../../shared/validation';
import type { ApiDeps } from '../app';
import { type Results, readRanking } from './dashboard-figures';
import { checkRange } from './range';

export { reportQuerySchema };

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The report's figures: every unit of the subtree, and the children of `root` ranked by qd766. */
export async function readSatisfactionReport(
  deps: ApiDeps,
  root: Unit,
  from: LocalDay,
  to: LocalDay,
): Promise<SatisfactionReport> {
  const options = { minN: deps.config.MIN_N };
  const subtree = await deps.units.subtree(root.id);
  const [read, ranking] = await Promise.all([
    guarded(() => readScoreCounts(deps, subtree, from, to)),
    readRanking(deps, root, from, to, 'qd766'),
  ]);
  const units = subtree.map((unit, index) => {
    const results = Object.fromEntries(
      indexMethods.map((method) => [method, computeIndex[method](read.units[index]!.total, options)]),
    ) as Results;
    return { unit: { id: unit.id, name: unit.name, kind: unit.kind }, results };
  });
  // The root's counts hold its whole subtree's: the one final rule of every answer.
  const rootCounts = read.units[subtree.findIndex((unit) => unit.id === root.id)]?.total ?? {};
  return {
    scope: { id: root.id, name: root.name },
    from,
    to,
    final: await finalPeriods(deps.store, { now: deps.now(), linkTtlDays: deps.config.LINK_TTL_DAYS })(
      rootCounts,
      from,
      to,
    ),
    units,
    ranking,
  };
}

/** The workbook as a download response. */
export async function reportResponse(
  deps: ApiDeps,
  root: Unit,
  from: LocalDay,
  to: LocalDay,
): Promise<Response> {
  const bytes = await satisfactionWorkbook(await readSatisfactionReport(deps, root, from, to));
  return new Response(new Uint8Array(bytes), {
    headers: {
      'content-type': XLSX_TYPE,
      'content-disposition': `attachment; filename="bao-cao-hai-long-${root.id}-${from}-${to}.xlsx"`,
      'cache-control': 'no-store',
    },
  });
}

export function reportsRoutes(deps: ApiDeps) {
  return new Hono<ApiEnv>().get('/satisfaction.xlsx', async (c) => {
    const query = parseInput(reportQuerySchema, c.req.query());
    checkRange(query.from, query.to);
    const unit = await authorizeUnit(deps.units, c.get('apiKey'), 'scores:read', query.unit);
    return reportResponse(deps, unit, query.from, query.to);
  });
}
