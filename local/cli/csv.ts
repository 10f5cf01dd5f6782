/**
 * A small RFC 4180 CSV reader for the admin imports: quoted fields, doubled quotes, commas and line
 * breaks inside quotes, CRLF or LF. Each record keeps the line it starts on, so a bad row is reported
 * by the line number a person sees in their editor.
 */

export interface CsvRecord {
  /** 1-based line of the file where the record starts. */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text; // a BOM from spreadsheet exports
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let wasQuoted = false;
  const endField = () => {
    fields.push(field);
    field = '';
    wasQuoted = false;
  };
  const endRecord = () => {
    endField();
    // A blank line is no record.
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
  };
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (quoted) {
      if (char === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (char === '\n') line++;
        field += char;
      }
      continue;
    }
    if (char === '"') {
      if (field !== '' || wasQuoted) throw new CsvSyntaxError(line, 'a quote inside an unquoted field');
      quoted = true;
      wasQuoted = true;
    } else if (char === ',') {
      endField();
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      if (wasQuoted) throw new CsvSyntaxError(line, 'text after a closing quote');
      field += char;
    }
  }
  if (quoted) throw new CsvSyntaxError(recordLine, 'a quoted field is not closed');
  if (field !== '' || fields.length > 0 || wasQuoted) endRecord();
  return records;
}

/**
 * Records as objects keyed by the header row's names (trimmed), each with its line. Refuses a row
 * with a different number of fields than the header.
 */
export function csvObjects(text: string): { line: number; row: Record<string, string> }[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  const names = header.fields.map((name) => name.trim());
  return rows.map((record) => {
    if (record.fields.length !== names.length) {
      throw new CsvSyntaxError(
        record.line,
        `${record.fields.length} fields where the header has ${names.length}`,
      );
    }
    return { line: record.line, row: Object.fromEntries(names.map((name, i) => [name, record.fields[i]!])) };
  });
}
