/**
 * The final rule's clock (shared/storage/final-periods.ts `periodClosed`), worked by hand: with 30-day
 * links a dossier returned late on 31 January 2025 may be rated until 2 March, so January closes at
 * 00:00 on 3 March in Hanoi (UTC+7): 2 March 17:00 UTC.
 */
import { describe, expect, it } from 'vitest';
import { periodClosed } from '../../shared/storage/final-periods';

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
