/**
 * The satisfaction report as an Excel workbook (`GET /v1/reports/satisfaction.xlsx` and the
 * dashboard's download): every unit of the subtree and the children ranked, with the same figures as
 * `/v1/scores` and `/v1/rankings` (read through the same functions: the figure sheets for a standard
 * period, at most 3 requests) and the same final rule.
 */
import type { ApiDeps } from '../http/deps';
import { type Catalog, defaultCatalog } from '../i18n';
import { finalPeriods } from '../storage/final-periods';
import type { Unit } from '../storage/units';
import { addDays, type LocalDay, localDay } from '../time';
import { readRanking, readScorecardFacts, readSubtreeCounts, resultsOf } from './dashboard-figures';
import { type SatisfactionReport, satisfactionWorkbook } from './satisfaction-xlsx';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A unit as the report shows it: its name, level and codes (the portal's, where the directory has them). */
const reportUnit = (unit: Unit) => ({
  id: unit.id,
  name: unit.name,
  kind: unit.kind,
  codes: (unit as Unit & { codes?: readonly string[] }).codes,
});

/** The report's figures: every unit of the subtree, and the children of `root` ranked by qd766. */
export async function readSatisfactionReport(
  deps: ApiDeps,
  root: Unit,
  from: LocalDay,
  to: LocalDay,
): Promise<SatisfactionReport> {
  const facts = readScorecardFacts(deps);
  const subtree = await deps.units.subtree(root.id);
  const [{ counts: totals, nights }, ranking] = await Promise.all([
    readSubtreeCounts(deps, root, subtree, from, to),
    readRanking(deps, root, from, to, 'qd766'),
  ]);
  // One read of the catalogue, shared with the ranking's (started in the same tick).
  const results = await resultsOf(deps, totals, facts);
  const units = subtree.map((unit, index) => ({ unit: reportUnit(unit), results: results[index]! }));
  // The root's counts hold its whole subtree's: the one final rule of every answer.
  const rootCounts = totals[subtree.findIndex((unit) => unit.id === root.id)] ?? {};
  return {
    scope: reportUnit(root),
    from,
    to,
    madeOn: localDay(deps.now()),
    final: await finalPeriods(deps.store, { now: deps.now(), linkTtlDays: deps.config.LINK_TTL_DAYS }, nights)(
      rootCounts,
      from,
      to,
    ),
    // A rating of the period's last returned dossier can arrive until its link expires.
    settlesOn: addDays(to, deps.config.LINK_TTL_DAYS),
    minN: deps.config.MIN_N,
    units,
    ranking: ranking.map((row) => ({ ...row, unit: reportUnit(row.unit as Unit) })),
  };
}

/** The workbook as a download response, in `catalog`'s language (Vietnamese unless said). */
export async function reportResponse(
  deps: ApiDeps,
  root: Unit,
  from: LocalDay,
  to: LocalDay,
  catalog: Catalog = defaultCatalog,
): Promise<Response> {
  const bytes = await satisfactionWorkbook(await readSatisfactionReport(deps, root, from, to), catalog);
  return new Response(new Uint8Array(bytes), {
    headers: {
      'content-type': XLSX_TYPE,
      'content-disposition': `attachment; filename="bao-cao-hai-long-${root.id}-${from}-${to}.xlsx"`,
      'cache-control': 'no-store',
    },
  });
}
