/**
 * The report a province files (DESIGN §8, `GET /v1/reports/satisfaction.xlsx`): three sheets —
 * overview per unit (the nine tt01 indicators, counts of not satisfied / satisfied / very satisfied,
 * CSAT, response rate), the Decision 766 metrics per unit (numerator, denominator, ratio, score), and
 * the ranking of the units below. Vietnamese headers, unit names beside their codes, local dates as
 * dates, numbers as numbers, codes as text (a code such as 2.001610 stays 2.001610).
 *
 * Written with write-excel-file: 77 KB in the api bundle against exceljs's 1,076 KB, and both open
 * alike in LibreOffice (docs/dashboard.md has the measurement).
 */
import writeXlsxFile, { type Cell, type SheetData } from 'write-excel-file/node';
import type { IndexMethod, MethodResult } from '../indexes';
import { csatView, qd766View, TT01_INDICATORS, tt01View } from '../views/dashboard/adapters';
import type { LocalDay } from '../time';

export interface ReportUnit {
  unit: { id: string; name: string; kind: string };
  results: Record<IndexMethod, MethodResult>;
}

export interface ReportRankingRow {
  rank: number | null;
  unit: { id: string; name: string };
  result: MethodResult;
  results: Record<IndexMethod, MethodResult>;
  rankChange: number | null;
}

export interface SatisfactionReport {
  scope: { id: string; name: string };
  from: LocalDay;
  to: LocalDay;
  final: boolean;
  units: ReportUnit[];
  ranking: ReportRankingRow[];
}

export const SHEET_NAMES = ['Tổng quan', 'Chỉ tiêu 766', 'Xếp hạng'] as const;

const header = (titles: string[]): Cell[] =>
  titles.map((value) => ({ value, fontWeight: 'bold', wrap: true }));
const text = (value: string): Cell => ({ value, type: String });
const number = (value: number | null, format?: string): Cell =>
  value === null ? null : { value, type: Number, ...(format ? { format } : {}) };
const percent = (value: number | null) => number(value, '0.00%');
/**
 * A local day as a spreadsheet date (a date has no time zone there: midnight UTC of that day), shown
 * as ISO `yyyy-mm-dd`: LibreOffice shows a `dd/mm/yyyy` cell in its own locale's order (03/01/2025 for
 * 1 March under en-US), the ISO form reads the same everywhere.
 */
const date = (day: LocalDay): Cell => ({
  value: new Date(`${day}T00:00:00.000Z`),
  type: Date,
  format: 'yyyy-mm-dd',
});

const OVERVIEW_HEADERS = [
  'Mã đơn vị',
  'Tên đơn vị',
  'Từ ngày',
  'Đến ngày',
  'Hồ sơ đã trả kết quả',
  'Lượt đánh giá',
  'Tỷ lệ phản hồi',
  ...TT01_INDICATORS.map((code) => `Chỉ số ${code} (0–2)`),
  'Tổng điểm TT01 (tối đa 18)',
  'Xếp loại TT01',
  'Không hài lòng',
  'Hài lòng',
  'Rất hài lòng',
  'Tỷ lệ hài lòng (CSAT)',
];

export function overviewSheet(report: SatisfactionReport): SheetData {
  const rows = report.units.map((entry): Cell[] => {
    const tt = tt01View(entry.results.tt01);
    const cs = csatView(entry.results.csat);
    const head = entry.results.csat.denominators;
    return [
      text(entry.unit.id),
      text(entry.unit.name),
      date(report.from),
      date(report.to),
      number(head.dossiersReturned),
      number(head.ratingsReceived),
      percent(head.responseRate),
      ...tt.indicators.map((indicator) => number(indicator.score, '0.0')),
      number(tt.total, '0.0'),
      tt.grade ? text(tt.provisional ? `${tt.grade.vi} (tạm tính)` : tt.grade.vi) : null,
      number(cs.distribution[0]),
      number(cs.distribution[1]),
      number(cs.distribution[2]),
      percent(cs.satisfied),
    ];
  });
  return [header(OVERVIEW_HEADERS), ...rows];
}

const METRIC_HEADERS = [
  'Mã đơn vị',
  'Tên đơn vị',
  'Nhóm',
  'Mã chỉ tiêu',
  'Tên chỉ tiêu',
  'Tử số',
  'Mẫu số',
  'Tỷ lệ',
  'Điểm',
  'Điểm tối đa',
];

export function metricsSheet(report: SatisfactionReport): SheetData {
  const rows = report.units.flatMap((entry) =>
    qd766View(entry.results.qd766).groups.flatMap((group) =>
      group.metrics.map((metric): Cell[] => [
        text(entry.unit.id),
        text(entry.unit.name),
        text(group.name.vi),
        text(metric.code),
        text(metric.name.vi),
        number(metric.numerator),
        number(metric.denominator),
        percent(metric.ratio),
        number(metric.score, '0.00'),
        number(metric.maxScore),
      ]),
    ),
  );
  return [header(METRIC_HEADERS), ...rows];
}

const RANKING_HEADERS = [
  'Hạng',
  'Mã đơn vị',
  'Tên đơn vị',
  'Tỷ lệ hài lòng QĐ 766',
  'Thay đổi hạng so với kỳ trước',
  'Tỷ lệ hài lòng (CSAT)',
  'Tỷ lệ phản hồi',
  'Lượt đánh giá',
  'Ghi chú',
];

export function rankingSheet(report: SatisfactionReport): SheetData {
  const rows = report.ranking.map((row): Cell[] => [
    number(row.rank),
    text(row.unit.id),
    text(row.unit.name),
    percent(row.result.headline.value),
    number(row.rankChange),
    percent(csatView(row.results.csat).satisfied),
    percent(row.result.denominators.responseRate),
    number(row.result.denominators.ratingsReceived),
    row.result.reason ? text(row.result.reason.vi) : null,
  ]);
  return [header(RANKING_HEADERS), ...rows];
}

/** The workbook as bytes. */
export async function satisfactionWorkbook(report: SatisfactionReport): Promise<Buffer> {
  const widths = (first: number[]) => first.map((width) => ({ width }));
  return writeXlsxFile([
    {
      sheet: SHEET_NAMES[0],
      data: overviewSheet(report),
      columns: widths([14, 32, 12, 12, 12, 12, 12]),
      stickyRowsCount: 1,
    },
    {
      sheet: SHEET_NAMES[1],
      data: metricsSheet(report),
      columns: widths([14, 32, 22, 32, 36, 12, 12, 10, 10, 10]),
      stickyRowsCount: 1,
    },
    {
      sheet: SHEET_NAMES[2],
      data: rankingSheet(report),
      columns: widths([8, 14, 32, 14, 14, 14, 14, 12, 40]),
      stickyRowsCount: 1,
    },
  ]).toBuffer();
}
