/**
 * The satisfaction family's arrivals (shared/aggregation/satisfaction.ts): what each kind of arrival
 * adds, and the day groups of repeated comments. Every expected figure is worked by hand from the
 * counters of shared/indexes/counters.ts (docs/index-methods.md, "The counters"); local days are
 * Hanoi's (UTC+7).
 */
import { describe, expect, it } from 'vitest';
import type { DossierState } from '../../shared/aggregation/dossier-life';
import { statelessRatingCounts, satisfactionFamily } from '../../shared/aggregation/satisfaction';
import type { DayChange } from '../../shared/storage/day-buckets';
import type { StoredRatingFacts } from '../../shared/storage/dossier-item';
import { makeDossier } from '../support/satisfaction';

// Received Monday 2025-03-03 09:00, due Wednesday 2025-03-05 17:00 (Hanoi); still open.
const open: DossierState = {
  unit: 'u1',
  channel: 'counter',
  receivedAt: '2025-03-03T02:00:00.000Z',
  dueAt: '2025-03-05T10:00:00.000Z',
  supplements: [],
  supplementRequests: 0,
  withdrawn: false,
  complaint: false,
  steps: [],
};
// The same dossier returned Tuesday 2025-03-04 10:00, the day before its due day: early.
const returned: DossierState = { ...open, returnedAt: '2025-03-04T03:00:00.000Z' };

/** A rating's facts as gsi3 projects them: of a dossier of u1 returned on 2025-03-04. */
const facts = (answers: Partial<StoredRatingFacts>): StoredRatingFacts => ({
  rid: 'r1',
  unit: 'u1',
  returnedDay: '2025-03-04',
  timeliness: 'early',
  complaint: false,
  instrument: 'rating-v1',
  overall: 1,
  i3: 1,
  i4: 1,
  i7: 1,
  // Thursday 2025-03-06 15:00 Hanoi: two days after the return.
  ratedAt: '2025-03-06T08:00:00.000Z',
  ...answers,
});

const contribute = (arrival: DayChange) => satisfactionFamily.contribute(arrival);

describe('what the satisfaction family adds for each arrival', () => {
  it('is the family `sat` of dossiers, ratings, day snapshots and due entries', () => {
    expect(satisfactionFamily.name).toBe('sat');
    expect([...satisfactionFamily.kinds].sort()).toEqual(['dossier', 'due', 'rating', 'snapshot']);
  });

  it('adds a first snapshot of an open dossier to its received day', () => {
    // As of 03-03: received, in progress (due 03-05), not returned (receivedOpen); feedbackCounted.
    expect(
      contribute({
        kind: 'snapshot',
        snapshot: { rid: 'r1', version: 1, day: '2025-03-03', state: open, prev: {} },
      }),
    ).toEqual([
      {
        unit: 'u1',
        day: '2025-03-03',
        counts: {
          feedbackCounted: 1,
          received: 1,
          receivedInProgress: 1,
          receivedOpen: 1,
          scorecardCounted: 1,
        },
      },
    ]);
  });

  it('adds a snapshot as what it counts now less what was counted before', () => {
    // Now (as of 03-04): received day 03-03 on time and returned in 2025-03; return day 03-04 early.
    // Before (the open state as of 03-03): in progress and open — taken out of 03-03.
    expect(
      contribute({
        kind: 'snapshot',
        snapshot: { rid: 'r1', version: 2, day: '2025-03-04', state: returned, prev: { state: open } },
      }),
    ).toEqual([
      {
        unit: 'u1',
        day: '2025-03-03',
        counts: {
          receivedOnTime: 1,
          receivedInProgress: -1,
          receivedOpen: -1,
          'returnedIn:2025-03': 1,
          // returned on 03-04, received on 03-03: one day of processing (2.2)
          receivedFinished: 1,
          receivedFinishedDays: 1,
        },
      },
      { unit: 'u1', day: '2025-03-04', counts: { returned: 1, early: 1 } },
    ]);
  });

  it('adds a due entry as the open dossier crossing into late on the entry’s day', () => {
    // Due 03-05: in progress as of 03-05, late (still open) as of 03-06 — on its received day.
    expect(
      contribute({
        kind: 'due',
        snapshot: { rid: 'r1', version: 1, day: '2025-03-03', state: open, prev: {}, due: '2025-03-06' },
        day: '2025-03-06',
      }),
    ).toEqual([{ unit: 'u1', day: '2025-03-03', counts: { receivedLate: 1, receivedInProgress: -1 } }]);
  });

  it('adds a rating given on a known state to its dossier’s return day', () => {
    // Rated 2, 2, 1, 2 two days after the return (not within 10 minutes, not all top answers).
    const rating = facts({ overall: 2, i3: 2, i4: 1, i7: 2 });
    expect(contribute({ kind: 'rating', rating, ratedWithState: returned })).toEqual([
      {
        unit: 'u1',
        day: '2025-03-04',
        counts: { rated: 1, overall2: 1, i3_2: 1, i4_1: 1, i7_2: 1, integrityRated: 1 },
      },
    ]);
  });

  it('adds a rating stored without its state with its own counters on its return day', () => {
    // "Không hài lòng" on a dossier neither late nor complained about: dissatisfiedOnly. Its return
    // instant is unknown: quickUnknown, and no ratedWithin10Min.
    const rating = facts({ overall: 0, i3: 0, i4: 1, i7: 0 });
    expect(contribute({ kind: 'rating', rating })).toEqual([
      {
        unit: 'u1',
        day: '2025-03-04',
        counts: {
          rated: 1,
          overall0: 1,
          i3_0: 1,
          i4_1: 1,
          i7_0: 1,
          dissatisfiedOnly: 1,
          integrityRated: 1,
          quickUnknown: 1,
        },
      },
    ]);
  });

  it('counts a stored-alone "Không hài lòng" as dissatisfiedOnly only when neither late nor complained about', () => {
    const zero = { overall: 0, i3: 0, i4: 0, i7: 0 } as const;
    const without = { rated: 1, overall0: 1, i3_0: 1, i4_0: 1, i7_0: 1, integrityRated: 1, quickUnknown: 1 };
    expect(statelessRatingCounts(facts({ ...zero, timeliness: 'late' }))).toEqual(without);
    expect(statelessRatingCounts(facts({ ...zero, complaint: true }))).toEqual(without);
    expect(statelessRatingCounts(facts({ ...zero, timeliness: 'onTime' }))).toEqual({
      ...without,
      dissatisfiedOnly: 1,
    });
  });

  it('keeps the integrity counters a stored-alone rating’s facts allow (all top answers)', () => {
    // All 2s and the one SIPAS answer 5: allTopAnswers; s1 answered (n) and high (≥ 4).
    const rating = facts({ overall: 2, i3: 2, i4: 2, i7: 2, sipas: { s1: 5 } });
    expect(statelessRatingCounts(rating)).toEqual({
      rated: 1,
      overall2: 1,
      i3_2: 1,
      i4_2: 1,
      i7_2: 1,
      s1_n: 1,
      s1_hi: 1,
      sipasAny: 1,
      integrityRated: 1,
      allTopAnswers: 1,
      quickUnknown: 1,
    });
  });

  it('adds a wave-1 dossier in its state at registration: received, returned and early', () => {
    // Received, returned and registered on 2025-06-02, due 06-03.
    const dossier = makeDossier({ unit: 'u2', code: 'W1', returned: '2025-06-02', due: '2025-06-03' });
    expect(contribute({ kind: 'dossier', dossier })).toEqual([
      {
        unit: 'u2',
        day: '2025-06-02',
        // returned the day it was received: 0 days of processing (2.2)
        counts: {
          feedbackCounted: 1,
          received: 1,
          receivedOnTime: 1,
          'returnedIn:2025-06': 1,
          receivedFinished: 1,
          receivedFinishedDays: 0,
          scorecardCounted: 1,
        },
      },
      { unit: 'u2', day: '2025-06-02', counts: { returned: 1, early: 1 } },
    ]);
  });

  it('adds a dossier stored with the state it was counted with in that state, as of its registration', () => {
    // The stored state is still open; as of its registration day 2025-06-02 it is long past its due
    // day 03-05: late, on its received day 03-03 — not the returned dossier the item describes.
    const dossier = makeDossier({ unit: 'u2', code: 'W2', returned: '2025-06-02', due: '2025-06-03' });
    expect(contribute({ kind: 'dossier', dossier, legacyState: open })).toEqual([
      {
        unit: 'u1',
        day: '2025-03-03',
        counts: { feedbackCounted: 1, received: 1, receivedLate: 1, receivedOpen: 1, scorecardCounted: 1 },
      },
    ]);
  });

  it('claims nothing of an arrival of another family', () => {
    expect(
      contribute({
        kind: 'assessment',
        assessment: {} as Extract<DayChange, { kind: 'assessment' }>['assessment'],
      }),
    ).toEqual([]);
  });
});

describe('the day groups of repeated comments', () => {
  const { memberOf, counts } = satisfactionFamily.dayGroups!;

  it('puts a commented rating in the group of its unit, its rating day and its fingerprint', () => {
    // Rated on 03-06, counted on its dossier's return day 03-04.
    expect(memberOf({ kind: 'rating', rating: facts({}), commentHash: 'abc123' })).toEqual({
      key: 'u1\t2025-03-06\tabc123',
      unit: 'u1',
      day: '2025-03-04',
    });
  });

  it('leaves out a rating without a comment and arrivals that are not ratings', () => {
    expect(memberOf({ kind: 'rating', rating: facts({}) })).toBeUndefined();
    expect(
      memberOf({
        kind: 'snapshot',
        snapshot: { rid: 'r1', version: 1, day: '2025-03-03', state: open, prev: {} },
      }),
    ).toBeUndefined();
  });

  it('counts a lone comment as commented, and each of two same comments as commented and repeated', () => {
    expect(counts([{ unit: 'u1', day: '2025-03-04' }])).toEqual([
      { unit: 'u1', day: '2025-03-04', counts: { commented: 1 } },
    ]);
    expect(
      counts([
        { unit: 'u1', day: '2025-03-04' },
        { unit: 'u1', day: '2025-03-05' },
      ]),
    ).toEqual([
      { unit: 'u1', day: '2025-03-04', counts: { commented: 1, commentRepeated: 1 } },
      { unit: 'u1', day: '2025-03-05', counts: { commented: 1, commentRepeated: 1 } },
    ]);
  });
});
