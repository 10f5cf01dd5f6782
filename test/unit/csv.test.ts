import { describe, expect, it } from 'vitest';
import { jsonElementLines } from '../../local/admin/import-file';
import { csvObjects, CsvSyntaxError, parseCsv } from '../../local/cli/csv';

describe('CSV reader (RFC 4180)', () => {
  it('splits plain fields and records on LF and CRLF', () => {
    expect(parseCsv('a,b\r\n1,2\n3,4')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: ['3', '4'] },
    ]);
  });

  it('keeps commas, doubled quotes and line breaks inside quoted fields', () => {
    const records = parseCsv('name,note\n"Sở Tư pháp, tỉnh","nói ""xin chào""\nhai dòng"\nx,y\n');
    expect(records).toEqual([
      { line: 1, fields: ['name', 'note'] },
      { line: 2, fields: ['Sở Tư pháp, tỉnh', 'nói "xin chào"\nhai dòng'] },
      { line: 4, fields: ['x', 'y'] },
    ]);
  });

  it('keeps empty fields and skips blank lines', () => {
    expect(parseCsv('a,,c\n\n,\n')).toEqual([
      { line: 1, fields: ['a', '', 'c'] },
      { line: 3, fields: ['', ''] },
    ]);
  });

  it('drops a byte-order mark from spreadsheet exports', () => {
    expect(parseCsv('\uFEFFid\nx')[0]).toEqual({ line: 1, fields: ['id'] });
  });

  it('refuses an unclosed quote and a stray quote, naming the line', () => {
    expect(() => parseCsv('a\n"open')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a\nb"c')).toThrow(/line 2/);
    expect(() => parseCsv('a\n"b"c')).toThrow(/line 2/);
  });

  it('maps rows to the header names and refuses a row of the wrong width', () => {
    expect(csvObjects(' id , name \nx,Xã X\n')).toEqual([{ line: 2, row: { id: 'x', name: 'Xã X' } }]);
    expect(() => csvObjects('id,name\nx\n')).toThrow(/line 2: 1 fields where the header has 2/);
  });
});

describe('JSON element lines', () => {
  it('finds the line each array element starts on, ignoring brackets inside strings', () => {
    const text = '[\n  { "id": "a", "name": "[x], {y}" },\n\n  {\n    "id": "b"\n  },\n  { "id": "c" }\n]';
    expect(jsonElementLines(text)).toEqual([2, 4, 7]);
  });

  it('handles escaped quotes in strings', () => {
    expect(jsonElementLines('[{"n":"a\\"]"},\n{"n":"b"}]')).toEqual([1, 2]);
  });
});
