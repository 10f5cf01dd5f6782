/**
 * Working days for the due day of a feedback case (DESIGN §4.4): Saturdays, Sundays and the loaded
 * holidays do not count; the opening day itself does not count. Weekdays worked by hand: 2026-09-04 is a
 * Friday, 2026-09-02 Vietnam's National Day (a Wednesday).
 */
import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, previousWorkingDay } from '../../shared/feedback/working-days';

const none = new Set<string>();
const nationalDay = new Set(['2026-09-02']);

/** Every day from 2026-01-01 for two years, as holidays: no working day within reach. */
const everyDay = new Set(
  Array.from({ length: 730 }, (_, i) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10)),
);

describe('working days', () => {
  it('are Monday to Friday, holidays excepted', () => {
    expect(
      ['2026-09-04', '2026-09-05', '2026-09-06', '2026-09-07'].map((day) => isWorkingDay(day, none)),
    ).toEqual([true, false, false, true]);
    expect(isWorkingDay('2026-09-02', nationalDay)).toBe(false);
    expect(isWorkingDay('2026-09-03', nationalDay)).toBe(true);
  });

  it('count from the day after the opening day, skipping weekends and holidays', () => {
    expect(addWorkingDays('2026-09-04', 0, none)).toBe('2026-09-04');
    expect(addWorkingDays('2026-09-04', 1, none)).toBe('2026-09-07'); // Fri → Mon
    expect(addWorkingDays('2026-09-01', 1, nationalDay)).toBe('2026-09-03'); // Tue → Thu
    // 10 working days after Tue 1 Sep with the National Day: Thu 3 (1), Fri 4 (2), Mon 7 – Fri 11
    // (3–7), Mon 14 (8), Tue 15 (9), Wed 16 (10).
    expect(addWorkingDays('2026-09-01', 10, nationalDay)).toBe('2026-09-16');
    // 200 working days are exactly 40 weeks: from a Friday to the Friday 280 days later.
    expect(addWorkingDays('2026-09-04', 200, none)).toBe('2027-06-11');
  });

  it('refuses a bad start, count or holiday list instead of looping', () => {
    for (const [from, count] of [
      ['2026-02-30', 1],
      ['2026-09-04', -1],
      ['2026-09-04', 1.5],
      ['2026-09-04', 201],
    ] as const) {
      expect(() => addWorkingDays(from, count, none)).toThrow(
        new RangeError(`addWorkingDays: bad arguments ${from}, ${count}`),
      );
    }
    expect(() => addWorkingDays('2026-01-01', 1, everyDay)).toThrow(
      new RangeError('addWorkingDays: no working day within reach'),
    );
  });

  it('find the last working day before a day (when the reminder goes out)', () => {
    expect(previousWorkingDay('2026-09-07', none)).toBe('2026-09-04'); // Mon → Fri
    expect(previousWorkingDay('2026-09-08', none)).toBe('2026-09-07'); // Tue → Mon
    expect(previousWorkingDay('2026-09-03', nationalDay)).toBe('2026-09-01'); // Thu → Tue
    expect(() => previousWorkingDay('2027-12-31', everyDay)).toThrow(
      new RangeError('previousWorkingDay: no working day within reach'),
    );
  });
});
