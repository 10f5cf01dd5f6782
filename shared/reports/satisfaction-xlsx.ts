/**
 * The report a province office files (DESIGN §8, `GET /v1/reports/satisfaction.xlsx`): one sheet per
 * figure family — overview per unit (dossiers, ratings, response rate, the CSAT counts and share), the
 * nine Circular 01/2018/TT-VPCP indicators with the total and grade, the Decision 766 group scores per
 * unit, the Decision 766 metrics (numerator, denominator, ratio, score) and the ranking of the
 * children. Every sheet opens with a title block (unit, period, made on, final or provisional) and
 * prints landscape on A4, fitted to the page width, its column headers repeated on every page.
 *
 * Every visible word comes from the language catalog (`report`, shared/i18n/catalogs); units are shown
 * by name (and by their codes where they have them), never by internal id; a share is a fraction ≤ 1
 * formatted `0.00%`, a score a plain number `0.00` (never a percentage); a partial, provisional or
 * low-data figure says so in its row's note.
 *
 * Written with write-excel-file (77 KB in the api bundle against exceljs's 1,076 KB, docs/dashboard.md):
 * its `orientation` option gives landscape A4; fit-to-width, the repeated header rows and the page
 * footer are added by a small "feature" (the library's documented hook into the sheet and workbook XML).
 */
import writeXlsxFile, { type Cell, type SheetData } from 'write-excel-file/node';
import type { Catalog } from '../i18n';
import { baseLang, fill } from '../i18n';
import type { IndexMethod, MethodResult } from '../indexes';
import type { CsatResult } from '../indexes/csat';
import type { Qd766Result } from '../indexes/qd766';
import { type Qd766GroupKey, qd766GroupKeys } from '../indexes/qd766-scorecard';
import type { Qd766RankBasis } from './dashboard-figures';
import { TT01_INDICATORS, type Tt01Result } from '../indexes/tt01';
import type { LocalDay } from '../time';

export interface ReportUnitRef {
  id: string;
  name: string;
  kind: string;
  /** The unit's codes (e.g. the national portal's `000.00.21.H10`), where the unit has them. */
  codes?: readonly string[] | undefined;
}

export interface ReportUnit {
  unit: ReportUnitRef;
  results: Record<IndexMethod, MethodResult>;
}

export interface ReportRankingRow {
  rank: number | null;
  unit: ReportUnitRef;
  result: MethodResult;
  results: Record<IndexMethod, MethodResult>;
  rankChange: number | null;
}

export interface SatisfactionReport {
  scope: ReportUnitRef;
  from: LocalDay;
  to: LocalDay;
  /** The local day the report was made. */
  madeOn: LocalDay;
  final: boolean;
  /** While provisional: the last day a rating of the period can still arrive. */
  settlesOn: LocalDay;
  /** Responses below which a unit is not ranked (config MIN_N). */
  minN: number;
  units: ReportUnit[];
  /** The children of the scope, ranked by the Decision 766 progress group's score. */
  ranking: ReportRankingRow[];
}

type ReportTexts = Catalog['texts']['report'];

/** What the sheets are written with: the catalog's texts and the matching half of bilingual names. */
interface Writer {
  t: ReportTexts;
  catalog: Catalog;
  lang: 'vi' | 'en';
  report: SatisfactionReport;
  /** True when any unit of the report has codes: only then is there a code column. */
  withCodes: boolean;
}

/** A sheet: its title-block lines under the common ones, its column headers, rows and column widths. */
interface SheetPlan {
  name: string;
  notes: string[];
  headers: string[];
  rows: Cell[][];
  widths: number[];
}

/** A write-excel-file "feature" for the Node build (its file content type is the Node one). */
type XlsxFeature = NonNullable<NonNullable<Parameters<typeof writeXlsxFile>[1]>['features']>[number];

const PERCENT = '0.00%';
const SCORE = '0.00';
const COUNT = '#,##0';

const bold = (value: string): Cell => ({ value, type: String, fontWeight: 'bold', wrap: true });
const text = (value: string | null | undefined): Cell =>
  value ? { value, type: String, wrap: true } : null;
const number = (value: number | null | undefined, format: string): Cell =>
  value === null || value === undefined ? null : { value, type: Number, format };
const count = (value: number | null | undefined) => number(value, COUNT);
const score = (value: number | null | undefined) => number(value, SCORE);

/**
 * A share 0–1 as a percentage cell. Only a fraction 0–1 is ever formatted as a percentage (the old
 * ranking sheet put a score out of 20 in such a cell and LibreOffice showed 1873.00%); anything else —
 * e.g. a response rate above 1 over a short period, when ratings arrive for dossiers returned before
 * it — is written as the plain ratio `0.00`, never refused (a report is never a 5xx).
 */
export function percent(value: number | null | undefined): Cell {
  if (value === null || value === undefined) return null;
  return value >= 0 && value <= 1 ? number(value, PERCENT) : number(value, SCORE);
}

/** A day no reader misreads, with no word to translate: 07/12/2026 in Vietnamese, else ISO 2026-12-07. */
export function longDate(day: LocalDay, catalog: Pick<Catalog, 'tag'>): string {
  return baseLang(catalog.tag) === 'vi' ? day.split('-').reverse().join('/') : day;
}

const kindName = (t: ReportTexts, kind: string): string =>
  ({
    province: t.kindProvince,
    department: t.kindDepartment,
    district: t.kindDistrict,
    commune: t.kindCommune,
    agency: t.kindAgency,
  })[kind] ?? '';

/** The unit's identifying cells: its codes (when the report has a code column) and its name. */
function unitCells(w: Writer, unit: ReportUnitRef): Cell[] {
  const name = text(unit.name);
  return w.withCodes ? [text(unit.codes?.join(', ')), name] : [name];
}
const unitHeaders = (w: Writer) => (w.withCodes ? [w.t.unitCode, w.t.unitName] : [w.t.unitName]);
const unitWidths = (w: Writer) => (w.withCodes ? [16, 32] : [34]);

/** The low-data note of the satisfaction share: counts ratings, against the minimum. */
function fewRatingsNote(w: Writer, csat: MethodResult): string | undefined {
  const rated = (csat as CsatResult).satisfied.n;
  return rated < w.report.minN ? fill(w.t.fewRatings, { n: rated, min: w.report.minN }) : undefined;
}

const joinNotes = (notes: (string | undefined)[]) => notes.filter(Boolean).join(' ') || null;

function overviewSheet(w: Writer): SheetPlan {
  const { t } = w;
  return {
    name: t.sheetOverview,
    notes: [],
    headers: [
      ...unitHeaders(w),
      t.unitKind,
      t.dossiersReturned,
      t.ratings,
      t.responseRate,
      t.notSatisfied,
      t.satisfied,
      t.verySatisfied,
      t.csat,
      t.note,
    ],
    rows: w.report.units.map(({ unit, results }) => {
      const csat = results.csat as CsatResult;
      const head = csat.denominators;
      return [
        ...unitCells(w, unit),
        text(kindName(t, unit.kind)),
        count(head.dossiersReturned),
        count(head.ratingsReceived),
        percent(head.responseRate),
        count(csat.distribution[0]),
        count(csat.distribution[1]),
        count(csat.distribution[2]),
        percent(csat.satisfied.value),
        text(joinNotes([fewRatingsNote(w, csat)])),
      ];
    }),
    widths: [...unitWidths(w), 10, 12, 11, 11, 11, 10, 11, 12, 40],
  };
}

function tt01Sheet(w: Writer): SheetPlan {
  const { t, lang } = w;
  const first = w.report.units[0]?.results.tt01 as Tt01Result | undefined;
  const indicatorName = (code: (typeof TT01_INDICATORS)[number]) =>
    fill(t.indicator, { code, name: first?.indicators[code]?.name[lang] ?? code });
  return {
    name: t.sheetTt01,
    notes: [],
    headers: [...unitHeaders(w), ...TT01_INDICATORS.map(indicatorName), t.tt01Total, t.tt01Grade, t.note],
    rows: w.report.units.map(({ unit, results }) => {
      const tt = results.tt01 as Tt01Result;
      const missing = TT01_INDICATORS.filter((code) => tt.indicators[code]?.score == null);
      const grade = tt.grade ? `${tt.grade[lang]}${tt.provisional ? ` (${t.provisional})` : ''}` : null;
      return [
        ...unitCells(w, unit),
        ...TT01_INDICATORS.map((code) => score(tt.indicators[code]?.score)),
        score(tt.total),
        text(grade),
        text(
          joinNotes([
            tt.provisional || missing.length > 0
              ? fill(t.tt01Missing, {
                  list: missing.map((code) => `${code} (${tt.indicators[code]?.name[lang] ?? code})`).join(', '),
                })
              : undefined,
          ]),
        ),
      ];
    }),
    widths: [...unitWidths(w), ...TT01_INDICATORS.map(() => 12), 12, 14, 40],
  };
}

/** The six groups' names in the report's language, from a result (the scorecard's order). */
const groupNames = (w: Writer, qd: Qd766Result, keys: readonly Qd766GroupKey[]) =>
  keys.map((key) => qd.groups[key].name[w.lang]).join(', ');

/**
 * The scorecard per unit: the six groups' scores (of their maximum), the whole 100-point total with
 * its classification, or — while a group has no figures — the partial total, never graded.
 */
function groupsSheet(w: Writer): SheetPlan {
  const { t, lang } = w;
  const first = w.report.units[0]?.results.qd766 as Qd766Result | undefined;
  const groups = first ? qd766GroupKeys.map((key) => first.groups[key]) : [];
  return {
    name: t.sheetGroups,
    notes: [t.groupsNote],
    headers: [
      ...unitHeaders(w),
      t.dossiersReceived,
      ...groups.map((group) => fill(t.group, { name: group.name[lang], max: group.maxScore })),
      t.groupsTotal,
      t.groupsTotalMax,
      t.classification,
      t.note,
    ],
    rows: w.report.units.map(({ unit, results }) => {
      const qd = results.qd766 as Qd766Result;
      const own = qd766GroupKeys.map((key) => qd.groups[key]);
      const partial = qd.partialTotal;
      const notes = [
        partial
          ? fill(t.totalPartial, { max: partial.maxScore, groups: groupNames(w, qd, partial.missing) })
          : undefined,
        ...own
          .filter((group) => group.score === null && group.missing.length < group.metrics.length)
          .map((group) =>
            fill(t.groupMissing, {
              group: group.name[lang],
              metrics: group.metrics
                .filter((metric) => metric.score === null)
                .map((metric) => metric.name[lang])
                .join(', '),
            }),
          ),
      ];
      return [
        ...unitCells(w, unit),
        count(qd.dossiers.received),
        ...own.map((group) => score(group.score)),
        score(qd.total ? qd.total.score : (partial?.score ?? null)),
        count(qd.total ? 100 : (partial?.maxScore ?? null)),
        text(qd.total ? qd.total.classification[lang] : null),
        text(joinNotes(notes)),
      ];
    }),
    widths: [...unitWidths(w), 12, ...groups.map(() => 14), 12, 14, 16, 48],
  };
}

/** Every metric of every unit, each unit's sorted by the points it lost (most first, missing last). */
function metricsSheet(w: Writer): SheetPlan {
  const { t, lang } = w;
  return {
    name: t.sheetMetrics,
    notes: [t.metricsNote],
    headers: [
      ...unitHeaders(w),
      t.metricGroup,
      t.metricCode,
      t.metric,
      t.numerator,
      t.denominator,
      t.ratio,
      t.score,
      t.maxScore,
      t.lost,
      t.note,
    ],
    rows: w.report.units.flatMap(({ unit, results }) => {
      const qd = results.qd766 as Qd766Result;
      const metrics = qd766GroupKeys.flatMap((key) =>
        qd.groups[key].metrics.map((metric) => ({ group: qd.groups[key], metric })),
      );
      const sorted = metrics
        .map((entry, index) => ({ ...entry, index }))
        .sort(
          (a, b) =>
            (b.metric.lost ?? -1) - (a.metric.lost ?? -1) || a.index - b.index,
        );
      return sorted.map(({ group, metric }): Cell[] => [
        ...unitCells(w, unit),
        text(group.name[lang]),
        text(metric.code),
        text(metric.name[lang]),
        count(metric.numerator),
        count(metric.denominator),
        // The portal's ratio is in percent (two decimals): the cell holds the share.
        percent(metric.ratio === null ? null : Math.round(metric.ratio * 100) / 10_000),
        score(metric.score),
        score(metric.maxScore),
        score(metric.lost),
        text(metric.note?.[lang]),
      ]);
    }),
    widths: [...unitWidths(w), 22, 20, 36, 11, 11, 10, 9, 9, 9, 36],
  };
}

function rankingSheet(w: Writer): SheetPlan {
  const { t, report } = w;
  const first = report.ranking[0]?.result as (Qd766Result & { rankBasis?: Qd766RankBasis }) | undefined;
  const basis = first?.rankBasis;
  const whole = basis?.whole ?? false;
  const max = basis?.maxScore ?? 100;
  const named = first && basis ? groupNames(w, first, basis.groups) : '';
  return {
    name: t.sheetRanking,
    notes: [
      whole
        ? fill(t.rankingBasis, { min: report.minN })
        : fill(t.rankingBasisPartial, { groups: named, max, min: report.minN }),
    ],
    headers: [
      t.rank,
      ...unitHeaders(w),
      fill(t.rankedBy, { name: whole ? t.rankedByTotal : t.rankedByPartial, max }),
      t.rankChange,
      t.dossiersReceived,
      t.ratings,
      t.responseRate,
      t.csat,
      t.note,
    ],
    rows: report.ranking.map((row): Cell[] => {
      const qd = row.result as Qd766Result;
      const received = qd.dossiers.received;
      const csat = row.results.csat as CsatResult;
      return [
        count(row.rank),
        ...unitCells(w, row.unit),
        score(row.result.headline.value),
        number(row.rankChange, '+0;-0;0'),
        count(received),
        count(csat.satisfied.n),
        percent(row.result.denominators.responseRate),
        percent(csat.satisfied.value),
        text(
          joinNotes([
            row.rank === null ? fill(t.notRanked, { n: received, min: report.minN }) : undefined,
            fewRatingsNote(w, csat),
          ]),
        ),
      ];
    }),
    widths: [7, ...unitWidths(w), 16, 12, 12, 11, 11, 12, 48],
  };
}

/** The lines every sheet opens with: the report, the unit, the period, made on, final or provisional. */
function titleLines(w: Writer): string[] {
  const { t, report } = w;
  return [
    t.title,
    fill(t.scope, { name: report.scope.codes?.length ? `${report.scope.name} (${report.scope.codes.join(', ')})` : report.scope.name }),
    fill(t.period, { from: longDate(report.from, w.catalog), to: longDate(report.to, w.catalog) }),
    fill(t.madeOn, { day: longDate(report.madeOn, w.catalog) }),
    report.final ? t.statusFinal : fill(t.statusProvisional, { day: longDate(report.settlesOn, w.catalog) }),
  ];
}

/** The sheet's rows: the title block (each line across the table), a blank row, headers, figures. */
function sheetData(w: Writer, plan: SheetPlan): { data: SheetData; headerRow: number } {
  const span = plan.headers.length;
  const line = (value: string, first: boolean): Cell[] => [
    { value, type: String, columnSpan: span, ...(first ? { fontWeight: 'bold', fontSize: 14 } : {}) },
    ...Array.from({ length: span - 1 }, () => null),
  ];
  const lines = [...titleLines(w), ...plan.notes].map((value, index) => line(value, index === 0));
  const blank: Cell[] = [null];
  return {
    data: [...lines, blank, plan.headers.map(bold), ...plan.rows],
    headerRow: lines.length + 2,
  };
}

/** XML-escapes an attribute or text value. */
const xml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Print setup the library has no option for (ECMA-376 Part 1 §18.3.1.63 pageSetup, §18.3.1.82 sheetPr,
 * §18.3.1.46 headerFooter, §18.2.5 definedName `_xlnm.Print_Titles`): fit every sheet to one page
 * wide (as many pages tall as it takes), repeat its header row on every printed page, and number the
 * pages in the footer. `orientation: 'landscape'` already writes A4 (paperSize 9).
 */
export function printSetup(sheets: { name: string; headerRow: number }[], footer: string): XlsxFeature {
  const pageFooter = xml(`&L${footer}`);
  return {
    files: {
      transform: {
        'xl/worksheets/sheet{id}.xml': {
          transformElementAttributes: (tagName, attributes) =>
            tagName === 'pageSetup' ? { ...attributes, fitToWidth: 1, fitToHeight: 0 } : attributes,
          transform: (content) =>
            content
              .replace(/(<worksheet\b[^>]*>)/, '$1<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>')
              .replace(/(<pageSetup\b[^>]*\/>)/, `$1<headerFooter><oddFooter>${pageFooter}</oddFooter></headerFooter>`),
        },
        'xl/workbook.xml': {
          transform: (content) => {
            const names = sheets
              .map(
                (sheet, index) =>
                  `<definedName name="_xlnm.Print_Titles" localSheetId="${index}">${xml(`'${sheet.name.replace(/'/g, "''")}'!$${sheet.headerRow}:$${sheet.headerRow}`)}</definedName>`,
              )
              .join('');
            const bare = content.replace(/<definedNames\s*\/>/, '');
            return bare.includes('<definedNames>')
              ? bare.replace('<definedNames>', `<definedNames>${names}`)
              : bare.replace(/(<calcPr\b|<\/workbook>)/, `<definedNames>${names}</definedNames>$1`);
          },
        },
      },
    },
  };
}

function writerOf(report: SatisfactionReport, catalog: Catalog): Writer {
  return {
    t: catalog.texts.report,
    catalog,
    lang: baseLang(catalog.tag),
    report,
    withCodes: [report.scope, ...report.units.map((entry) => entry.unit)].some((unit) => unit.codes?.length),
  };
}

/** The sheets of the report, in order, as plans (exported for tests). */
export function reportSheets(report: SatisfactionReport, catalog: Catalog): SheetPlan[] {
  const w = writerOf(report, catalog);
  return [overviewSheet(w), tt01Sheet(w), groupsSheet(w), metricsSheet(w), rankingSheet(w)];
}

/** The workbook as bytes, in the catalog's language. */
export async function satisfactionWorkbook(report: SatisfactionReport, catalog: Catalog): Promise<Buffer> {
  const w = writerOf(report, catalog);
  const sheets = reportSheets(report, catalog).map((plan) => ({ plan, ...sheetData(w, plan) }));
  const footer = `${w.t.title} · ${report.scope.name} · ${fill(w.t.footer, { page: '&P', pages: '&N' })}`;
  return writeXlsxFile(
    sheets.map(({ plan, data }) => ({
      sheet: plan.name,
      data,
      columns: plan.widths.map((width) => ({ width })),
      orientation: 'landscape' as const,
    })),
    {
      features: [
        printSetup(
          sheets.map(({ plan, headerRow }) => ({ name: plan.name, headerRow })),
          footer,
        ),
      ],
    },
  ).toBuffer();
}
