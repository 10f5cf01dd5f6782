/**
 * The calendar rules of shared/time.ts and shared/date-range.ts at their edges (DESIGN §6: years
 * 2000–2100, ranges of at most 5 years; DESIGN §4.2: days, months, quarters, years). Every expected day
 * is worked by hand in the comment beside it, never taken from the functions under test.
 */
import { describe, expect, it } from 'vitest';
import { checkRange, instantSchema, localDaySchema, MAX_RANGE_DAYS } from '../../shared/date-range';
import { ValidationError } from '../../shared/errors';
import {
  addDays,
  coverRange,
  eachDay,
  GRANULARITIES,
  groupRanges,
  isLocalDay,
  localDay,
  periodEnd,
  periodName,
  periodStart,
  quarterOf,
  TIME_ZONE,
} from '../../shared/time';

describe('days', () => {
  it.each(['2025-1-01', '20250101', ' 2025-01-01', '2025-01-01T00:00', 'x2025-01-01', '2025-01-01x', ''])(
    'does not read %j as a day',
    (value) => {
      expect(isLocalDay(value)).toBe(false);
    },
  );

  it('lists the days of a range, across a leap day, and one day for from = to', () => {
    // 2024 is a leap year: 28 Feb, 29 Feb, 1 Mar.
    expect(eachDay('2024-02-28', '2024-03-01')).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
    expect(eachDay('2025-12-31', '2025-12-31')).toEqual(['2025-12-31']);
    expect(eachDay('2025-12-31', '2026-01-01')).toEqual(['2025-12-31', '2026-01-01']);
  });

  it('refuses to list the days between things that are not days', () => {
    expect(() => eachDay('not a day', '2025-01-01')).toThrow(
      new RangeError('not a range of days: not a day..2025-01-01'),
    );
  });

  it('adds a fractional number of days from midnight, and names an instant outside 0000–9999', () => {
    // 1.5 days after 2025-01-01 00:00 is 2 January, 12:00; −0.5 days is 31 December 2024, 12:00.
    expect(addDays('2025-01-01', 1.5)).toBe('2025-01-02');
    expect(addDays('2025-01-01', -0.5)).toBe('2024-12-31');
    expect(addDays('2025-01-01', 31)).toBe('2025-02-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(() => localDay('not a date')).toThrow(new RangeError('day outside years 0000–9999: NaN'));
  });

  it('writes the first and last day of four-digit years', () => {
    // 0000-01-01T00:00Z is 07:00 local the same day; 9999-12-31T00:00Z is 07:00 local on 31 December.
    expect(localDay(Date.parse('0000-01-01T00:00:00Z'))).toBe('0000-01-01');
    expect(localDay(Date.parse('9999-12-31T00:00:00Z'))).toBe('9999-12-31');
    expect(() => localDay(Date.parse('9999-12-31T17:00:00Z'))).toThrow(
      new RangeError('day outside years 0000–9999: 253402300800000'),
    );
    // 0000-01-01T00:00Z less 8 hours is 23:00 local on 31 December of year −1: its day starts at
    // −62167219200000 − 86400000 = −62167305600000 ms.
    expect(() => localDay(Date.parse('0000-01-01T00:00:00Z') - 8 * 3_600_000)).toThrow(
      new RangeError('day outside years 0000–9999: -62167305600000'),
    );
  });

  it('names the time zone whose calendar the fixed UTC+7 offset reproduces', () => {
    // The zone's own calendar (ICU, not our offset): 16:59:59Z is 23:59:59 on 10 March in Hanoi,
    // 17:00Z midnight of the 11th; the service's labels and pages format in TIME_ZONE.
    const inZone = (iso: string) =>
      new Intl.DateTimeFormat('en-CA', {
        timeZone: TIME_ZONE,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }).format(new Date(iso));
    expect(inZone('2026-03-10T16:59:59Z')).toBe('2026-03-10');
    expect(inZone('2026-03-10T17:00:00Z')).toBe('2026-03-11');
    for (const iso of [
      '2026-03-10T16:59:59Z',
      '2026-03-10T17:00:00Z',
      '2000-01-01T00:00:00Z',
      '2100-06-30T23:30:00Z',
    ])
      expect(localDay(iso)).toBe(inZone(iso));
  });
});

describe('periods', () => {
  it('lists the granularities finest first', () => {
    expect(GRANULARITIES).toEqual(['day', 'month', 'quarter', 'year']);
  });

  it.each([
    ['2025-01-01', 'Q1'],
    ['2025-03-31', 'Q1'],
    ['2025-04-01', 'Q2'],
    ['2025-06-30', 'Q2'],
    ['2025-07-01', 'Q3'],
    ['2025-09-30', 'Q3'],
    ['2025-10-01', 'Q4'],
    ['2025-12-31', 'Q4'],
  ])('puts %s in quarter %s (three months each)', (day, quarter) => {
    expect(quarterOf(day)).toBe(`2025-${quarter}`);
  });

  it('starts, ends and names each period of a day', () => {
    // 20 May 2025: month May (1–31), quarter Q2 (1 Apr – 30 Jun), year 2025.
    const day = '2025-05-20';
    expect(GRANULARITIES.map((g) => [periodStart(day, g), periodEnd(day, g), periodName(day, g)])).toEqual([
      ['2025-05-20', '2025-05-20', '2025-05-20'],
      ['2025-05-01', '2025-05-31', '2025-05'],
      ['2025-04-01', '2025-06-30', '2025-Q2'],
      ['2025-01-01', '2025-12-31', '2025'],
    ]);
    // A leap February ends on the 29th; the fourth quarter on 31 December.
    expect(periodEnd('2024-02-10', 'month')).toBe('2024-02-29');
    expect(periodEnd('2025-11-15', 'quarter')).toBe('2025-12-31');
    // A year under 1000 keeps four digits: the quarter of 5 May 0500 starts on 1 April 0500.
    expect(periodStart('0500-05-05', 'quarter')).toBe('0500-04-01');
  });

  it('covers nothing, and groups nothing, for a reversed range', () => {
    expect(coverRange('2025-01-02', '2025-01-01')).toEqual([]);
    expect(groupRanges('2025-01-02', '2025-01-01', 'month')).toEqual([]);
  });

  it('covers a range with the fewest whole periods: a quarter, then months, then days', () => {
    // 1 Jan – 10 May 2025: Q1 (Jan–Mar), April, then 1–10 May day by day.
    const periods = coverRange('2025-01-01', '2025-05-10');
    expect(periods.slice(0, 3)).toEqual([
      { granularity: 'quarter', start: '2025-01-01' },
      { granularity: 'month', start: '2025-04-01' },
      { granularity: 'day', start: '2025-05-01' },
    ]);
    expect(periods).toHaveLength(12);
    expect(periods.at(-1)).toEqual({ granularity: 'day', start: '2025-05-10' });
  });

  it('groups a range by quarter and by year, each group clipped to the range', () => {
    expect(groupRanges('2025-02-15', '2025-08-01', 'quarter')).toEqual([
      { period: '2025-Q1', from: '2025-02-15', to: '2025-03-31' },
      { period: '2025-Q2', from: '2025-04-01', to: '2025-06-30' },
      { period: '2025-Q3', from: '2025-07-01', to: '2025-08-01' },
    ]);
    expect(groupRanges('2024-12-31', '2025-01-01', 'year')).toEqual([
      { period: '2024', from: '2024-12-31', to: '2024-12-31' },
      { period: '2025', from: '2025-01-01', to: '2025-01-01' },
    ]);
  });
});

describe('input dates and ranges (DESIGN §6)', () => {
  const problems = (run: () => void) => {
    try {
      run();
    } catch (error) {
      if (error instanceof ValidationError) return error.problems;
      throw error;
    }
    return [];
  };

  it('accepts a one-day range and a range of exactly the limit', () => {
    expect(problems(() => checkRange('2025-01-01', '2025-01-01'))).toEqual([]);
    // 5 × 366 = 1,830 days. 2020-01-01..2024-12-31 is 366 + 365 + 365 + 365 + 366 = 1,827 days, so
    // 2025-01-03 ends day 1,830 and 2025-01-04 day 1,831.
    expect(MAX_RANGE_DAYS).toBe(1830);
    expect(problems(() => checkRange('2020-01-01', '2025-01-03'))).toEqual([]);
    expect(problems(() => checkRange('2020-01-01', '2025-01-04'))).toEqual([
      { field: 'to', vi: 'khoảng thời gian tối đa 5 năm', en: 'the range may span at most 5 years' },
    ]);
    // A limit of 7 days: 1–7 March passes, 1–8 March does not.
    expect(problems(() => checkRange('2025-03-01', '2025-03-07', 7))).toEqual([]);
    expect(problems(() => checkRange('2025-03-01', '2025-03-08', 7))).toEqual([
      { field: 'to', vi: 'khoảng thời gian tối đa 7 ngày', en: 'the range may span at most 7 days' },
    ]);
  });

  it('names "to" for a client and no machine name in the texts when the range is reversed', () => {
    expect(problems(() => checkRange('2025-01-02', '2025-01-01'))).toEqual([
      { field: 'to', vi: 'phải bằng hoặc sau ngày bắt đầu', en: 'must be on or after the start day' },
    ]);
  });

  it('words the refusal of a day and of an instant with the calendar’s limits', () => {
    const day = localDaySchema.safeParse('1999-12-31');
    expect(day.error?.issues.map((issue) => issue.message)).toEqual([
      'không phải ngày có thật trong 2000-01-01 … 2100-12-31 / not a calendar day (YYYY-MM-DD) in 2000-01-01 … 2100-12-31',
    ]);
    const instant = instantSchema.safeParse('1999-12-31T16:59:59Z');
    expect(instant.error?.issues.map((issue) => issue.message)).toEqual([
      'ngày phải trong 2000-01-01 … 2100-12-31 / the date must be within 2000-01-01 … 2100-12-31',
    ]);
  });

  it('refuses a day with text before or after it by its pattern, not only as no calendar day', () => {
    for (const value of ['x2025-01-01', '2025-01-01x']) {
      const result = localDaySchema.safeParse(value);
      // Two issues: the pattern, and the calendar check.
      expect(result.error?.issues.map((issue) => issue.code)).toEqual(['invalid_format', 'custom']);
    }
  });

  it('accepts an instant written with its +07:00 offset', () => {
    expect(instantSchema.safeParse('2025-07-01T10:00:00+07:00').success).toBe(true);
    expect(instantSchema.safeParse('2025-07-01T10:00:00').success).toBe(false);
  });
});
