import { describe, expect, it } from 'vitest';
import { csvCell } from '../../shared/http/csv';
import { parseCsv } from '../../local/cli/csv';

describe('CSV cells of public text', () => {
  it('neutralises a formula at the start of a cell', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('neutralises a formula after ";", where spreadsheets of ";" locales start a new cell, and quotes the cell', () => {
    const cell = csvCell('Tốt;=HYPERLINK("http://x","bấm")');
    expect(cell).toBe(`"Tốt;'=HYPERLINK(""http://x"",""bấm"")"`);
    // A ";"-splitting reader keeps it whole (quoted); a ","-reader reads the neutralised text back.
    expect(parseCsv(cell)[0]!.fields).toEqual([`Tốt;'=HYPERLINK("http://x","bấm")`]);
    expect(csvCell('a; -2+3; @x')).toBe(`"a; '-2+3; '@x"`);
  });

  it('leaves ordinary text, numbers and empty answers as they are', () => {
    expect(csvCell('Cán bộ nhiệt tình; cảm ơn')).toBe('"Cán bộ nhiệt tình; cảm ơn"');
    expect(csvCell('Nhanh')).toBe('Nhanh');
    expect(csvCell(2)).toBe('2');
    expect(csvCell(null)).toBe('');
  });
});
