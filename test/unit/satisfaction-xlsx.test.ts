/**
 * The report's sheets as plans (shared/reports/satisfaction-xlsx.ts): units with codes get a code
 * column, units without do not; only a share 0–1 is formatted as a percentage (the old ranking sheet
 * showed a score of 18.73 out of 20 as 1873.00%).
 */
import { describe, expect, it } from 'vitest';
import { builtInCatalogs, defaultCatalog } from '../../shared/i18n';
import { computeIndex, indexMethods } from '../../shared/indexes';
import {
  longDate,
  percent,
  reportSheets,
  type SatisfactionReport,
} from '../../shared/reports/satisfaction-xlsx';

const empty = () =>
  Object.fromEntries(indexMethods.map((method) => [method, computeIndex[method]({}, { minN: 30 })])) as never;

const report = (codes?: string[]): SatisfactionReport => ({
  scope: { id: 'cb', name: 'Tỉnh Cao Bằng', kind: 'province', codes },
  from: '2026-10-01',
  to: '2026-10-31',
  madeOn: '2026-12-07',
  final: true,
  settlesOn: '2026-11-30',
  minN: 30,
  units: [{ unit: { id: 'cb', name: 'Tỉnh Cao Bằng', kind: 'province', codes }, results: empty() }],
  ranking: [],
});

describe('the satisfaction report sheets', () => {
  it('shows a unit code column only when units have codes, never the internal id', () => {
    const [withCodes] = reportSheets(report(['000.00.00.H10', 'H10']), defaultCatalog);
    expect(withCodes!.headers.slice(0, 3)).toEqual(['Mã đơn vị', 'Tên đơn vị', 'Cấp']);
    expect(withCodes!.rows[0]!.slice(0, 2)).toEqual([
      { value: '000.00.00.H10, H10', type: String, wrap: true },
      { value: 'Tỉnh Cao Bằng', type: String, wrap: true },
    ]);
    const [plain] = reportSheets(report(), defaultCatalog);
    expect(plain!.headers.slice(0, 2)).toEqual(['Tên đơn vị', 'Cấp']);
    expect(JSON.stringify(plain!.rows)).not.toContain('"cb"');
  });

  it('formats only a fraction 0–1 as a percentage; anything else stays a plain ratio', () => {
    expect(percent(0.8125)).toEqual({ value: 0.8125, type: Number, format: '0.00%' });
    expect(percent(1)).toEqual({ value: 1, type: Number, format: '0.00%' });
    expect(percent(null)).toBeNull();
    expect(percent(18.73)).toEqual({ value: 18.73, type: Number, format: '0.00' });
    expect(percent(1.25)).toEqual({ value: 1.25, type: Number, format: '0.00' });
  });

  it('writes days unambiguously in both languages', () => {
    const en = builtInCatalogs.find((catalog) => catalog.tag === 'en')!;
    expect(longDate('2026-12-07', en)).toBe('2026-12-07');
    expect(longDate('2026-03-21', defaultCatalog)).toBe('21/03/2026');
  });
});
