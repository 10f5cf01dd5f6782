import { describe, expect, it } from 'vitest';
import { coveringPeriods } from '../../shared/storage/aggregates';
import { groupRanges } from '../../shared/time';

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
    // The days each stored period stands for, listed here with Date.UTC, not with shared/time.ts
    // (the code under test): the expected days are written out or counted by hand below.
    const daysFromTo = (from: string, to: string) => {
      const days: string[] = [];
      for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += 86_400_000) {
        days.push(new Date(ms).toISOString().slice(0, 10));
      }
      return days;
    };
    const quarterMonths: Record<string, [string, string]> = {
      Q1: ['01-01', '03-31'],
      Q2: ['04-01', '06-30'],
      Q3: ['07-01', '09-30'],
      Q4: ['10-01', '12-31'],
    };
    const daysOf = (key: string): string[] => {
      const [kind, period] = key.split('#') as [string, string];
      if (kind === 'D') return [period];
      if (kind === 'Y') return daysFromTo(`${period}-01-01`, `${period}-12-31`);
      if (kind === 'Q') {
        const [first, last] = quarterMonths[period.slice(5)]!;
        return daysFromTo(`${period.slice(0, 4)}-${first}`, `${period.slice(0, 4)}-${last}`);
      }
      return daysFromTo(`${period}-01`, `${period}-31`).filter((day) => day.startsWith(period));
    };
    const coveredDays = (from: string, to: string) => coveringPeriods(from, to).flatMap(daysOf);

    // Written out: a leap February, and a range across a quarter's end.
    expect(coveredDays('2024-02-27', '2024-03-02')).toEqual([
      '2024-02-27',
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
      '2024-03-02',
    ]);
    expect(coveredDays('2025-06-30', '2025-07-01')).toEqual(['2025-06-30', '2025-07-01']);
    // Counted by hand: 2023-11-15..2025-04-03 = 16 (Nov) + 31 (Dec) + 366 (2024) + 31 + 28 + 31 + 3 = 506;
    // 2024-01-01..2024-12-30 = 366 − 1 = 365. Every day once, in order: consecutive and distinct.
    for (const [from, to, count] of [
      ['2023-11-15', '2025-04-03', 506],
      ['2024-01-01', '2024-12-30', 365],
    ] as const) {
      const covered = coveredDays(from, to);
      expect(covered).toHaveLength(count);
      expect(covered[0]).toBe(from);
      expect(covered.at(-1)).toBe(to);
      expect(covered).toEqual(daysFromTo(from, to));
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
