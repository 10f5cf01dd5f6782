import { describe, expect, it } from 'vitest';
import { checkRange, instantSchema, localDaySchema } from '../../shared/date-range';
import { coveringPeriods } from '../../shared/storage/aggregates';
import { groupRanges } from '../../shared/time';
import { addDays, eachDay, isLocalDay, localDay } from '../../shared/time';

describe('the calendar of the service (years 2000–2100)', () => {
  it.each(['0001-01-01', '1999-12-31', '2101-01-01', '9999-12-31', '2023-02-29', '2100-02-29'])(
    'refuses the day %s',
    (day) => {
      expect(isLocalDay(day)).toBe(false);
      expect(localDaySchema.safeParse(day).success).toBe(false);
    },
  );

  it.each(['2000-01-01', '2024-02-29', '2100-12-31'])('accepts the day %s', (day) => {
    expect(localDaySchema.safeParse(day).success).toBe(true);
  });

  it.each([
    '0001-01-01T00:00:00Z',
    '1999-12-31T16:59:59Z',
    '2100-12-31T17:00:00Z',
    '9999-12-31T00:00:00+07:00',
    '+148639-05-01T01:00:00Z',
    'not a date',
  ])('refuses the instant %s (its local day is outside the calendar)', (instant) => {
    expect(instantSchema.safeParse(instant).success).toBe(false);
  });

  it('accepts instants whose local day is 2000-01-01 or 2100-12-31', () => {
    expect(instantSchema.safeParse('1999-12-31T17:00:00Z').success).toBe(true);
    expect(instantSchema.safeParse('2100-12-31T16:59:59Z').success).toBe(true);
  });

  it('throws instead of writing a five-digit year after 9999-12-31', () => {
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
    expect(() => localDay(Date.UTC(10000, 0, 1))).toThrow(RangeError);
  });

  it('lists the days of a range from a count fixed beforehand', () => {
    expect(eachDay('2100-12-30', '2100-12-31')).toEqual(['2100-12-30', '2100-12-31']);
    expect(eachDay('2025-01-02', '2025-01-01')).toEqual([]);
  });

  it('covers and groups ranges ending on the last day of the calendar', () => {
    expect(coveringPeriods('2096-01-01', '2100-12-31')).toHaveLength(5);
    expect(groupRanges('2100-12-01', '2100-12-31', 'day')).toHaveLength(31);
    expect(groupRanges('2096-01-01', '2100-12-31', 'month')).toHaveLength(60);
  });

  it('refuses reversed ranges and ranges over the limit, naming "to"', () => {
    expect(() => checkRange('2025-02-01', '2025-01-01')).toThrow(/to/);
    expect(() => checkRange('2000-01-01', '2100-12-31')).toThrow(/5 years/);
    expect(() => checkRange('2025-01-01', '2026-01-02', 366)).toThrow(/366 days/);
    expect(() => checkRange('2025-01-01', '2025-12-31', 366)).not.toThrow();
  });
});
