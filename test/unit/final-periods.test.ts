/**
 * The final rule's clock (shared/storage/final-periods.ts `periodClosed`), worked by hand: with 30-day
 * links a dossier returned late on 31 January 2025 may be rated until 2 March, so January closes at
 * 00:00 on 3 March in Hanoi (UTC+7): 2 March 17:00 UTC.
 */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../shared/storage/client';
import { type FigureSheet, sheetNights } from '../../shared/storage/figure-sheets';
import { finalPeriods, periodClosed } from '../../shared/storage/final-periods';
import { addDays } from '../../shared/time';

const at = (instant: string) => ({ now: new Date(instant), linkTtlDays: 30 });

describe('periodClosed: when no change may enter a period any more', () => {
  it('closes at 00:00 local time the day after the last link of its last day expired', () => {
    expect(periodClosed({}, '2025-01-31', at('2025-03-02T16:59:59.999Z'))).toBe(false);
    expect(periodClosed({}, '2025-01-31', at('2025-03-02T17:00:00.000Z'))).toBe(true);
  });

  it('waits for the links of the last month a dossier of it was returned in (February: 30 March + 1)', () => {
    const counts = { received: 2, 'returnedIn:2025-01': 1, 'returnedIn:2025-02': 1 };
    expect(periodClosed(counts, '2025-01-31', at('2025-03-30T16:59:59.999Z'))).toBe(false);
    expect(periodClosed(counts, '2025-01-31', at('2025-03-30T17:00:00.000Z'))).toBe(true);
  });

  it('never closes while a dossier received in it is open or a case waits for its return', () => {
    expect(periodClosed({ receivedOpen: 1 }, '2025-01-31', at('2030-01-01T00:00:00Z'))).toBe(false);
    expect(periodClosed({ casesAwaitingReturn: 1 }, '2025-01-31', at('2030-01-01T00:00:00Z'))).toBe(false);
    // A counter at 0 (taken out by a later change) holds nothing open.
    expect(
      periodClosed({ receivedOpen: 0, 'returnedIn:2029-12': 0 }, '2025-01-31', at('2025-03-03T00:00:00Z')),
    ).toBe(true);
  });
});

describe("finalPeriods fed a figure sheet's nights", () => {
  // A store that must not be read: the nights come from the sheet.
  const unread = {
    tableName: 'unread',
    db: {
      send: () => {
        throw new Error('the night index was read');
      },
    },
  } as unknown as Store;
  /** The nights 1 January – 10 March as a sheet built on 10 March holds them, `missing` not done. */
  const nights = (missing: string[] = []) => {
    let done = '';
    for (let day = '2025-01-01'; day <= '2025-03-10'; day = addDays(day, 1))
      done += missing.includes(day) ? '0' : '1';
    return sheetNights({ nights: { from: '2025-01-01', through: '2025-03-10', done } } as FigureSheet)!;
  };

  it('is final once closed and every night from the first day through the last link night is done', async () => {
    // January's last link night is 2 March (31 January + 30); closed from 3 March.
    expect(
      await finalPeriods(unread, at('2025-03-05T00:00:00Z'), nights())({}, '2025-01-01', '2025-01-31'),
    ).toBe(true);
    expect(
      await finalPeriods(unread, at('2025-03-02T16:00:00Z'), nights())({}, '2025-01-01', '2025-01-31'),
    ).toBe(false);
  });

  it('is not final while one of those nights is not done, the last one included', async () => {
    const final = (missing: string) =>
      finalPeriods(unread, at('2025-03-05T00:00:00Z'), nights([missing]))({}, '2025-01-01', '2025-01-31');
    expect(await final('2025-01-15')).toBe(false);
    expect(await final('2025-03-02')).toBe(false);
    // A night after the last one that can change January does not count.
    expect(await final('2025-03-03')).toBe(true);
  });

  it('counts a night after the sheet was built as not done (a run since would have made the sheet stale)', async () => {
    // February's last link night is 30 March, after the sheet's 10 March: not final on 1 April.
    expect(
      await finalPeriods(unread, at('2025-04-01T00:00:00Z'), nights())({}, '2025-02-01', '2025-02-28'),
    ).toBe(false);
  });
});
