/** CSV answers (`Accept: text/csv`) of the API: one cell, safe to open in a spreadsheet. */

/**
 * One CSV cell (RFC 4180). Text a spreadsheet would run as a formula gets an apostrophe: at the
 * start (= + - @ tab CR) and after every `;`, where spreadsheets of `;`-separated locales start a
 * new cell; a cell holding `;` is also quoted, so those spreadsheets keep it whole. Comments come
 * from the public.
 */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string') {
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    text = text.replace(/;(\s*)(?=[=+\-@\t\r])/g, ";$1'");
  }
  return /[",;\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
