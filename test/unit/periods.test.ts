import { describe, expect, it } from 'vitest';
import { coveringPeriods } from '../../shared/storage/aggregates';
import { isFinal } from '../../shared/aggregation/run';
import { eachDay, groupRanges, quarterOf } from '../../shared/time';

describe('covering a range with stored periods', () => {
  it('reads a whole year as one item', () => {
    expect(coveringPeriods('2025-01-01', '2025-12-31')).toEqual(['Y#2025']);
  });

  it('uses quarters, months and edge days, fewest first', () => {
    expect(coveringPeriods('2024-12-30', '2026-02-02')).toEqual([
      'D#2024-12-30',
      'D#2024-12-31',
      'Y#2025',
      'M#2026-01',
      'D#2026-02-01',
      'D#2026-02-02',
    ]);
    expect(coveringPeriods('2025-02-01', '2025-09-30')).toEqual([
      'M#2025-02',
      'M#2025-03',
      'Q#2025-Q2',
      'Q#2025-Q3',
    ]);
  });

  it('covers every day of any range exactly once', () => {
    const ranges: [string, string][] = [
      ['2024-02-27', '2024-03-02'],
      ['2023-11-15', '2025-04-03'],
      ['2025-06-30', '2025-07-01'],
      ['2024-01-01', '2024-12-30'],
    ];
    const calendar = eachDay('2022-01-01', '2027-12-31');
    const daysOf = (key: string) => {
      const [kind, period] = key.split('#') as [string, string];
      if (kind === 'Q') return calendar.filter((day) => quarterOf(day) === period);
      return calendar.filter((day) => (kind === 'D' ? day === period : day.startsWith(period)));
    };
    for (const [from, to] of ranges) {
      const covered = coveringPeriods(from, to).flatMap(daysOf);
      expect(covered).toEqual(eachDay(from, to));
    }
  });

  it('groups by month, clipping the first and last group to the range', () => {
    expect(groupRanges('2025-01-15', '2025-03-10', 'month')).toEqual([
      { period: '2025-01', from: '2025-01-15', to: '2025-01-31' },
      { period: '2025-02', from: '2025-02-01', to: '2025-02-28' },
      { period: '2025-03', from: '2025-03-01', to: '2025-03-10' },
    ]);
  });
});

describe('final figures', () => {
  it('stays provisional until the links of the last day expired and that night was aggregated', () => {
    // 30-day links: a dossier returned on 2025-01-31 may be rated until 2025-03-02, aggregated at 01:00 on 03-03.
    expect(isFinal('2025-01-31', 30, new Date('2025-03-02T18:00:00Z'))).toBe(false); // 01:00 local 03-03
    expect(isFinal('2025-01-31', 30, new Date('2025-03-02T19:00:00Z'))).toBe(true); // 02:00 local 03-03
  });
});
