import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ratingRow } from '../../functions/api/routes/ratings';
import { type CsvSeparator, csvId, csvLine, csvText, guardText } from '../../shared/reports/csv';
import { labelledLine } from '../../shared/reports/ratings-labels';
import { parseCsv } from '../../local/cli/csv';

/** A reference RFC 4180 reader with either separator (what a spreadsheet of that locale reads). */
function readCsv(text: string, separator: CsvSeparator): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === separator) {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += char;
  }
  return rows;
}

/** Every place a careless reader may start a cell: the start, and after any separator or line break. */
const cellStarts = (raw: string) => raw.split(/[,;\t\r\n]/).map((piece) => piece.replace(/^[ "]*/, ''));

describe('the one CSV cell writer', () => {
  it('neutralises a formula at the start of free text', () => {
    expect(csvText('=1+1')).toBe("'=1+1");
    expect(csvText('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvText(' "=1+1')).toBe(`" ""'=1+1"`);
  });

  it('neutralises a formula after ";" and "," (a reader of the other locale starts a cell there) and quotes the cell', () => {
    expect(csvText('Tốt;=HYPERLINK("http://x","bấm")')).toBe(`"Tốt;'=HYPERLINK(""http://x"",""bấm"")"`);
    expect(parseCsv(csvText('Tot;=1+1;@SUM(9*9)'))[0]!.fields).toEqual([`Tot;'=1+1;'@SUM(9*9)`]);
    expect(csvText('a; -2+3, @x')).toBe(`"a; '-2+3, '@x"`);
    expect(csvText('dòng 1\n=2+2')).toBe(`"dòng 1\n'=2+2"`);
  });

  it('leaves ordinary text, numbers and empty answers as they are', () => {
    expect(csvText('Cán bộ nhiệt tình; cảm ơn')).toBe('"Cán bộ nhiệt tình; cảm ơn"');
    expect(csvText('Nhanh')).toBe('Nhanh');
    expect(csvText(2)).toBe('2');
    expect(csvText(-2)).toBe('-2');
    expect(csvText(null)).toBe('');
  });

  it('never alters an identifier: a rid that begins with "-" stays as it is', () => {
    expect(csvId('-oPt_eifA1b2C3d4')).toBe('-oPt_eifA1b2C3d4');
    expect(csvId('=weird;code')).toBe('"=weird;code"');
  });

  for (const separator of [',', ';'] as const) {
    it(`reads back every cell with "${separator}" as the separator, and no free text starts a formula`, () => {
      const cell = fc.oneof(
        fc.record({ id: fc.string({ unit: 'binary', maxLength: 20 }) }),
        fc.record({
          text: fc.string({
            unit: fc.constantFrom(
              '=',
              '+',
              '-',
              '@',
              '\t',
              '\r',
              '\n',
              ';',
              ',',
              '"',
              ' ',
              "'",
              'a',
              'ố',
              '1',
            ),
            maxLength: 25,
          }),
        }),
      );
      fc.assert(
        fc.property(fc.array(cell, { minLength: 1, maxLength: 6 }), (cells) => {
          const written = cells.map((c) => ('id' in c ? csvId(c.id) : csvText(c.text)));
          const [row] = readCsv(csvLine(written, separator), separator);
          expect(row).toEqual(cells.map((c) => ('id' in c ? c.id : guardText(c.text))));
          cells.forEach((c, index) => {
            if (!('text' in c)) return;
            // Only apostrophes are added.
            expect(row![index]!.replaceAll("'", '')).toBe(c.text.replaceAll("'", ''));
            // Wherever a reader of either locale starts a cell in it, no formula starts.
            for (const start of cellStarts(written[index]!)) expect(start).not.toMatch(/^[=+\-@]/);
          });
        }),
        { numRuns: 500 },
      );
    });
  }
});

describe('the ratings CSVs', () => {
  const rating = {
    rid: '-oPt_eifA1b2C3d4',
    unit: 'xa-hoa-an',
    dossierCode: 'H10.22-261201-0001',
    procedure: '1.001234',
    applicantType: 'citizen',
    channel: 'online',
    returnedDay: '2026-12-01',
    timeliness: 'onTime',
    complaint: false,
    ratedAt: '2026-12-01T03:00:00.000Z',
    instrument: 'rating/v1',
    overall: 1,
    i3: 0,
    i4: 0,
    i7: 2,
    reasonText: null,
    comment: 'Tot;=1+1;@SUM(9*9)',
    lang: 'vi',
  } as unknown as Parameters<typeof ratingRow>[0];

  it('guards a comment after ";" in the CSV for people (?labels=vi)', () => {
    const line = labelledLine(ratingRow(rating), { units: new Map(), procedures: new Map() });
    expect(line).toContain(`"Tot;'=1+1;'@SUM(9*9)"`);
    expect(line).not.toContain(';=1+1');
  });
});
