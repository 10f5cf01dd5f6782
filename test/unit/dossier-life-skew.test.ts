/**
 * A source clock a little ahead at midnight (shared/dossier-registration.ts accepts instants up to
 * CLOCK_SKEW_MS ahead): the result is stamped returned at 00:02 of the next day while our clock still
 * reads 23:58, and the citizen rates at 23:59. The report's snapshot goes to the return day (its
 * latest instant); the rating's arrival to the day before. The rating must still count, on the
 * return day, exactly once — before the fix its delta was taken as of its own day, when the dossier
 * was not yet returned, and its return-day counters were never added (DESIGN §3: nothing lost).
 *
 * By hand (local time UTC+7): received 2026-03-09 08:00, due 2026-03-12, returned 2026-03-11 00:02
 * (2026-03-10T17:02Z), reported 2026-03-10 23:58 (2026-03-10T16:58Z), rated 2026-03-10 23:59
 * (2026-03-10T16:59Z) "Hài lòng" (2) on every question. The return day's counters then hold one
 * rating: rated 1, overall2 1, i3_2 1, i4_2 1, i7_2 1; nothing on 2026-03-10 (no instant of the
 * dossier's counts falls on it).
 */
import { describe, expect, it } from 'vitest';
import {
  type DossierState,
  planSnapshot,
  type RatingArrival,
  ratingDelta,
  snapshotDelta,
} from '../../shared/aggregation/dossier-life';
import type { Contribution, Counts } from '../../shared/aggregation/family-contract';

const state: DossierState = {
  unit: 'cb-d1-c1',
  channel: 'online',
  receivedAt: '2026-03-09T01:00:00.000Z',
  dueAt: '2026-03-12T10:00:00.000Z',
  finishedAt: '2026-03-10T16:00:00.000Z',
  returnedAt: '2026-03-10T17:02:00.000Z',
  supplements: [],
  supplementRequests: 0,
  withdrawn: false,
  complaint: false,
  steps: [],
};
const rated: RatingArrival = {
  ratedWithState: state,
  rating: { overall: 2, i3: 2, i4: 2, i7: 2, ratedAt: '2026-03-10T16:59:00.000Z' },
};

/** Every day's job summed per (unit, day), zeros left out. */
function summed(...lists: Contribution[][]): Record<string, Counts> {
  const sums: Record<string, Counts> = {};
  for (const { unit, day, counts } of lists.flat()) {
    const into = (sums[`${unit} ${day}`] ??= {});
    for (const [key, value] of Object.entries(counts)) into[key] = (into[key] ?? 0) + value;
  }
  for (const counts of Object.values(sums))
    for (const key of Object.keys(counts)) if (counts[key] === 0) delete counts[key];
  return sums;
}

describe('a rating given before midnight of a return stamped just after it (source clock ahead)', () => {
  it('is counted once, on the return day', () => {
    const plan = planSnapshot(undefined, undefined, state, '2026-03-10');
    expect(plan.snapshot.day).toBe('2026-03-11');
    const sums = summed(snapshotDelta(plan.snapshot), ratingDelta(rated));
    expect(sums['cb-d1-c1 2026-03-11']).toMatchObject({ rated: 1, overall2: 1, i3_2: 1, i4_2: 1, i7_2: 1 });
    expect(sums['cb-d1-c1 2026-03-10'] ?? {}).toEqual({});
  });

  it('counts a "Không hài lòng" on the return day and as an unsatisfied on-time dossier on its received day', () => {
    // Finished 2026-03-10 23:00, before its due day 2026-03-12: on time. Rated 0 on every question
    // with no complaint: dissatisfiedOnly (neither late nor complained about).
    const plan = planSnapshot(undefined, undefined, state, '2026-03-10');
    const zero: RatingArrival = {
      ratedWithState: state,
      rating: { overall: 0, i3: 0, i4: 0, i7: 0, ratedAt: '2026-03-10T16:59:00.000Z' },
    };
    const sums = summed(snapshotDelta(plan.snapshot), ratingDelta(zero));
    expect(sums['cb-d1-c1 2026-03-09']).toMatchObject({
      received: 1,
      receivedOnTime: 1,
      receivedOnTimeUnsatisfied: 1,
    });
    expect(sums['cb-d1-c1 2026-03-11']).toMatchObject({
      returned: 1,
      rated: 1,
      overall0: 1,
      dissatisfiedOnly: 1,
    });
  });

  it('is counted once when a later report of the dossier follows the rating', () => {
    const first = planSnapshot(undefined, undefined, state, '2026-03-10');
    // A complaint reported on 2026-03-12: the next snapshot holds the rating and takes off what the
    // rating's own delta counted, so the sums still hold one rating.
    const second = planSnapshot(first.life, rated, { ...state, complaint: true }, '2026-03-12');
    const sums = summed(snapshotDelta(first.snapshot), ratingDelta(rated), snapshotDelta(second.snapshot));
    expect(sums['cb-d1-c1 2026-03-11']).toMatchObject({ rated: 1, overall2: 1, complaint: 1 });
  });

  it('a rating after its return day is still taken as of its own day', () => {
    // The other side of the rule (the later of the two days): received 2026-03-02 09:00, due
    // 2026-03-06, finished and returned 2026-03-04 10:00 (early); two supplement requests reported
    // after the return, 2026-03-05 and 2026-03-06 — as of 2026-03-07 the portal's rule makes it late
    // ("asked twice"), as of its return day it was on time. Rated "Không hài lòng" on 2026-03-07, no
    // complaint: on the received day the rating changes nothing (late with or without it); on the
    // return day its answers, dissatisfiedOnly (the return was early, no complaint), integrityRated
    // (rated three days after the return, not within 10 minutes). Taken as of the return day instead,
    // it would add receivedOnTimeUnsatisfied on 2026-03-02.
    const returned: DossierState = {
      ...state,
      receivedAt: '2026-03-02T02:00:00.000Z',
      dueAt: '2026-03-06T10:00:00.000Z',
      finishedAt: '2026-03-04T03:00:00.000Z',
      returnedAt: '2026-03-04T03:00:00.000Z',
      supplements: [{ requestedAt: '2026-03-05T03:00:00.000Z' }, { requestedAt: '2026-03-06T03:00:00.000Z' }],
    };
    const zero: RatingArrival = {
      ratedWithState: returned,
      rating: { overall: 0, i3: 0, i4: 0, i7: 0, ratedAt: '2026-03-07T03:00:00.000Z' },
    };
    expect(ratingDelta(zero)).toStrictEqual([
      {
        unit: 'cb-d1-c1',
        day: '2026-03-04',
        counts: { rated: 1, overall0: 1, i3_0: 1, i4_0: 1, i7_0: 1, dissatisfiedOnly: 1, integrityRated: 1 },
      },
    ]);
  });
});
