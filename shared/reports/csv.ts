/**
 * The one CSV cell writer of every CSV the service sends (`/v1/ratings`, `?labels=vi`, `/v1/feedback`):
 * RFC 4180 quoting, and a formula guard on free text only (OWASP "CSV injection").
 *
 * Free text (a citizen's comment, a reason in words, an answer, a name) is text from people: a
 * spreadsheet must never run it. Excel and LibreOffice start a formula at a cell that begins with
 * = + - @ (tab and CR as well, which they drop before reading), and a reader that splits on the other
 * separator (a `;` locale reading a `,` file, or the reverse) starts a new cell after every `,` or `;`
 * — even inside our quotes, which it then sees mid-cell — and after a line break. So an apostrophe is
 * put before such a character at the start of the text and after every `,` `;` tab CR or LF (spaces
 * and quote marks between are skipped, as those readers skip them). Both spreadsheets show a leading
 * apostrophe as "this is text" and hide it.
 *
 * Identifiers (rids, case ids, unit and procedure codes, enum values, ISO dates) are written exactly as
 * they are, only quoted when they hold a separator or a quote: a rid that begins with `-` stays `-…`.
 * They come from validated sets, never from the public.
 */

export type CsvValue = string | number | boolean | null | undefined;

/** A cell: an identifier (never altered) or free text (guarded). */
export type CsvCell = { id: CsvValue } | { text: CsvValue };

/** The separators a reader of our files may use; every cell holding one of them is quoted. */
export type CsvSeparator = ',' | ';';

const NEEDS_QUOTES = /[",;\t\r\n]/;

/** A character that starts a formula where a cell starts. */
export const FORMULA_START = /[=+\-@\t\r]/;

// At the start, or after a separator a reader may split on: skip blanks and quote marks, then a formula
// character gets an apostrophe before it.
// (A lookbehind, so a separator that is itself a formula character, tab or CR, is both.)
const UNGUARDED = /(?<=^|[,;\t\r\n])([ "]*)(?=[=+\-@\t\r])/g;

/** Free text with the formula guard applied (apostrophes added, nothing removed). */
export function guardText(text: string): string {
  return text.replace(UNGUARDED, "$1'");
}

const quoted = (text: string) => (NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/** One identifier cell: the value as it is (quoted when needed). */
export function csvId(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  return quoted(String(value));
}

/** One free-text cell: strings guarded, numbers and booleans as they are. */
export function csvText(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  return quoted(typeof value === 'string' ? guardText(value) : String(value));
}

export function csvCell(cell: CsvCell): string {
  return 'id' in cell ? csvId(cell.id) : csvText(cell.text);
}

/** One CSV line (CRLF) of cells already written. */
export function csvLine(cells: readonly string[], separator: CsvSeparator = ','): string {
  return `${cells.join(separator)}\r\n`;
}

/** The header line, with the UTF-8 byte-order mark spreadsheets need to read Vietnamese. */
export function csvHeaderLine(headers: readonly string[], separator: CsvSeparator = ','): string {
  return `\uFEFF${csvLine(
    headers.map((header) => csvText(header)),
    separator,
  )}`;
}
