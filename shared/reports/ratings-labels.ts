/**
 * CSV of ratings for people (`GET /v1/ratings?labels=vi`): Vietnamese headers, unit and procedure
 * names beside their codes, answers as words, local time (Asia/Ho_Chi_Minh) that spreadsheets read as
 * dates, and codes kept as text — written `="2.001610"`, which Excel and LibreOffice both show as the
 * text 2.001610 instead of the number 2.00161. Cells are written by the one CSV writer (./csv.ts).
 */
import { questionOptions, reasonLabels, sipasLabels } from '../instruments/rating';
import { TIME_ZONE } from '../time';
import { csvCell, type CsvCell, csvHeaderLine, csvId, csvLine } from './csv';

/** The fields of a rating row this module reads (the `/v1/ratings` row). */
export type RatingRowInput = Record<string, string | number | boolean | null>;

export interface NameBook {
  units: ReadonlyMap<string, string>;
  procedures: ReadonlyMap<string, string>;
}

type Cell = { code: string | null } | CsvCell;

const CODE = /^[A-Za-z0-9._/-]{1,64}$/;

function writeCell(cell: Cell): string {
  if ('code' in cell) {
    if (cell.code === null || cell.code === '') return '';
    // A code of safe characters holds no quote: ="…" is safe and keeps it text (a leading 0, a dot).
    if (CODE.test(cell.code)) return `"=""${cell.code}"""`;
    return csvId(cell.code);
  }
  return csvCell(cell);
}

const localTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** An ISO instant as local `YYYY-MM-DD HH:mm:ss` (Asia/Ho_Chi_Minh). */
export function localDateTime(instant: string): string {
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? instant : localTime.format(date);
}

const option = (question: keyof typeof questionOptions, value: unknown) =>
  questionOptions[question].find((entry) => entry.value === value)?.label.vi ??
  (value === null ? null : String(value));

const words: Record<string, Record<string, string>> = {
  applicantType: { citizen: 'Công dân', business: 'Doanh nghiệp' },
  channel: { online: 'Trực tuyến', counter: 'Trực tiếp', postal: 'Bưu chính' },
  timeliness: { early: 'Trước hạn', onTime: 'Đúng hạn', late: 'Trễ hạn' },
  lang: { vi: 'Tiếng Việt', en: 'Tiếng Anh' },
};
const word = (field: string, value: unknown) =>
  value === null || value === undefined ? null : (words[field]?.[String(value)] ?? String(value));

/** Header and cell of each column, in order. */
const columns: [string, (row: RatingRowInput, names: NameBook) => Cell][] = [
  ['Mã hồ sơ', (row) => ({ code: row.dossierCode as string })],
  ['Mã đơn vị', (row) => ({ code: row.unit as string })],
  ['Tên đơn vị', (row, names) => ({ text: names.units.get(row.unit as string) ?? null })],
  ['Mã thủ tục', (row) => ({ code: row.procedure as string })],
  ['Tên thủ tục', (row, names) => ({ text: names.procedures.get(row.procedure as string) ?? null })],
  ['Đối tượng', (row) => ({ text: word('applicantType', row.applicantType) })],
  ['Hình thức nộp', (row) => ({ text: word('channel', row.channel) })],
  ['Ngày trả kết quả', (row) => ({ text: row.returnedDay as string })],
  ['Tiến độ', (row) => ({ text: word('timeliness', row.timeliness) })],
  ['Khiếu nại', (row) => ({ text: row.complaint === null ? null : row.complaint ? 'Có' : 'Không' })],
  ['Thời điểm đánh giá (giờ Việt Nam)', (row) => ({ text: localDateTime(String(row.ratedAt)) })],
  ['Mức độ hài lòng', (row) => ({ text: option('overall', row.overall) })],
  ['Điểm hài lòng (0–2)', (row) => ({ text: row.overall })],
  ['Số lần đi lại (i3)', (row) => ({ text: option('i3', row.i3) })],
  ['Số cơ quan phải liên hệ (i4)', (row) => ({ text: option('i4', row.i4) })],
  ['Thái độ của công chức (i7)', (row) => ({ text: option('i7', row.i7) })],
  [
    'Lý do không hài lòng',
    (row) => ({
      text: row.reason
        ? (reasonLabels[row.reason as keyof typeof reasonLabels]?.vi ?? String(row.reason))
        : null,
    }),
  ],
  ['Lý do khác', (row) => ({ text: row.reasonText })],
  ['Góp ý', (row) => ({ text: row.comment })],
  ...(['s1', 's2', 's3', 's4', 's5'] as const).map((id): [string, (row: RatingRowInput) => Cell] => [
    `SIPAS: ${sipasLabels[id].vi} (1–5)`,
    (row) => ({ text: row[id] ?? null }),
  ]),
  ['Ngôn ngữ', (row) => ({ text: word('lang', row.lang) })],
  ['Phiên bản phiếu', (row) => ({ code: row.instrument as string })],
];

export const labelledHeaders = columns.map(([header]) => header);

/** The header line (with the UTF-8 BOM spreadsheets need to read Vietnamese). */
export function labelledHeaderLine(): string {
  return csvHeaderLine(labelledHeaders);
}

/** One rating as a CSV line for people. */
export function labelledLine(row: RatingRowInput, names: NameBook): string {
  return csvLine(columns.map(([, cell]) => writeCell(cell(row, names))));
}
