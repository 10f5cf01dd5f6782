/**
 * The rules of a dossier's whole life (shared/aggregation/dossier-life.ts) at their edges, one by
 * one: the case a state counts and its counters, the wave-1 state, a rating's answers, what a state
 * adds as of a day, the difference of two lists, a rating's own delta, what `prev` stands for, a
 * snapshot's and a due entry's deltas, the due crossing, the latest day of a state, the snapshot plan
 * and the final rule. Every expected figure is worked by hand from the rule (the comments say how);
 * none is computed by the code under test. Times are Hanoi local time (UTC+7) unless they end in Z.
 */
import { describe, expect, it } from 'vitest';
import {
  type CaseFacts,
  caseCounts,
  caseOf,
  contributions,
  countedBefore,
  difference,
  type DossierLife,
  type DossierState,
  dueCrossing,
  dueDelta,
  latestDayOf,
  planSnapshot,
  type RatingArrival,
  ratingAnswerCounts,
  ratingDelta,
  type CountedRating,
  lastLinkDay,
  receivedFiguresFinal,
  snapshotDelta,
  stateReportedAtReturn,
} from '../../shared/aggregation/dossier-life';
import type { Contribution } from '../../shared/aggregation/family-contract';
import type { LocalDay } from '../../shared/time';

/** The instant of a local (UTC+7) hour and minute of a local day. */
const at = (day: LocalDay, hour: number, minute = 0) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + ((hour - 7) * 60 + minute) * 60_000).toISOString();

/** Received Monday 2 June 2025 at 08:00, due Wednesday 4 June at 17:00, at the counter, open. */
const open: DossierState = {
  unit: 'u1',
  channel: 'counter',
  receivedAt: at('2025-06-02', 8),
  dueAt: at('2025-06-04', 17),
  supplements: [],
  supplementRequests: 0,
  withdrawn: false,
  complaint: false,
  steps: [],
};
/** The same, finished on 3 June at 11:00 and returned at 14:00: the day before its due day (early). */
const returned: DossierState = {
  ...open,
  finishedAt: at('2025-06-03', 11),
  returnedAt: at('2025-06-03', 14),
};

/** The received day's counters of the family for each Decision 766 status. */
// Finished 5 June, received 2 June: three days of processing.
const lateReturnedInJune = {
  feedbackCounted: 1,
  received: 1,
  receivedLate: 1,
  'returnedIn:2025-06': 1,
  receivedFinished: 1,
  receivedFinishedDays: 3,
  scorecardCounted: 1,
};
const inProgressOpen = {
  feedbackCounted: 1,
  received: 1,
  receivedInProgress: 1,
  receivedOpen: 1,
  scorecardCounted: 1,
};
// Finished 3 June, received 2 June: one day of processing (2.2's sum, no points).
const onTimeReturnedInJune = {
  feedbackCounted: 1,
  received: 1,
  receivedOnTime: 1,
  'returnedIn:2025-06': 1,
  receivedFinished: 1,
  receivedFinishedDays: 1,
  scorecardCounted: 1,
};

const rating = (overrides: Partial<CountedRating> = {}): CountedRating => ({
  overall: 2,
  i3: 2,
  i4: 1,
  i7: 0,
  ratedAt: at('2025-06-03', 14, 5),
  ...overrides,
});

describe('caseOf: the case a state counts', () => {
  const itemCase: CaseFacts = {
    openedAt: at('2025-06-03', 9),
    dueDay: '2025-06-17',
    answeredAt: at('2025-06-04', 9),
  };
  const ratingCase = { openedAt: at('2025-06-03', 8), dueDay: '2025-06-16' };

  it("takes the dossier item's case over the one its rating opened", () => {
    expect(caseOf({ ...open, feedbackCase: itemCase, rating: rating({ case: ratingCase }) })).toBe(itemCase);
  });

  it("takes the rating's case when the item holds none, and none when neither does", () => {
    expect(caseOf({ ...open, rating: rating({ case: ratingCase }) })).toBe(ratingCase);
    expect(caseOf({ ...open, rating: rating() })).toBeUndefined();
    expect(caseOf(open)).toBeUndefined();
  });
});

describe('caseCounts: what a case adds on its opening day', () => {
  const opened = { openedAt: at('2025-06-03', 9), dueDay: '2025-06-17' };

  it('counts an answer given on the due day itself on time, and none answered as neither', () => {
    expect(caseCounts({ ...opened, answeredAt: at('2025-06-17', 0, 1) }, undefined)).toStrictEqual({
      casesOpened: 1,
      casesAnsweredOnTime: 1,
      casesAwaitingReturn: 1,
    });
    // Still open: kept by its due day, which the read compares with today (5.2).
    expect(caseCounts(opened, undefined)).toStrictEqual({
      casesOpened: 1,
      casesAwaitingReturn: 1,
      'caseOpenDue:2025-06-17': 1,
    });
  });

  it('counts an answer the day after the due day late', () => {
    expect(caseCounts({ ...opened, answeredAt: at('2025-06-18', 0) }, undefined)).toStrictEqual({
      casesOpened: 1,
      casesAnsweredLate: 1,
      casesAwaitingReturn: 1,
    });
  });

  it('counts the judgement, which closes the case whether or not the dossier is returned', () => {
    expect(caseCounts({ ...opened, judgement: 'satisfied' }, undefined)).toStrictEqual({
      casesOpened: 1,
      casesSatisfied: 1,
    });
    expect(caseCounts({ ...opened, judgement: 'unsatisfied' }, at('2025-06-20', 9))).toStrictEqual({
      casesOpened: 1,
      casesUnsatisfied: 1,
    });
  });

  it('leaves an unjudged case of a returned dossier judgeable in the local month of the return', () => {
    // 1 July 00:30 in Hanoi is still 30 June in UTC: the month is July.
    expect(caseCounts(opened, at('2025-07-01', 0, 30))).toStrictEqual({
      casesOpened: 1,
      'caseJudgeableIn:2025-07': 1,
      'caseOpenDue:2025-06-17': 1,
    });
  });
});

describe('stateReportedAtReturn: a wave-1 dossier reported once at its return', () => {
  it('keeps the dates, channel, supplement count and complaint, with no steps, supplements or withdrawal', () => {
    const dossier = {
      unit: 'u9',
      channel: 'online' as const,
      receivedAt: at('2025-05-02', 8),
      dueAt: at('2025-05-09', 17),
      returnedAt: at('2025-05-08', 10),
      supplementRequests: 2,
      complaint: true,
    };
    expect(stateReportedAtReturn(dossier)).toStrictEqual({
      unit: 'u9',
      channel: 'online',
      receivedAt: at('2025-05-02', 8),
      dueAt: at('2025-05-09', 17),
      returnedAt: at('2025-05-08', 10),
      supplements: [],
      supplementRequests: 2,
      withdrawn: false,
      complaint: true,
      steps: [],
    });
  });
});

describe("ratingAnswerCounts: a rating's answers", () => {
  it('counts the four answers by name and value', () => {
    expect(ratingAnswerCounts(rating({ overall: 1, i3: 0, i4: 2, i7: 1 }), true)).toStrictEqual({
      rated: 1,
      overall1: 1,
      i3_0: 1,
      i4_2: 1,
      i7_1: 1,
    });
  });

  it('counts "Không hài lòng" as dissatisfied-only only when on time and not complained about', () => {
    const dissatisfied = rating({ overall: 0, i3: 1, i4: 1, i7: 1 });
    const answers = { rated: 1, overall0: 1, i3_1: 1, i4_1: 1, i7_1: 1 };
    expect(ratingAnswerCounts(dissatisfied, true)).toStrictEqual({ ...answers, dissatisfiedOnly: 1 });
    expect(ratingAnswerCounts(dissatisfied, false)).toStrictEqual(answers);
    // Overall 1 on time: not "Không hài lòng".
    expect(ratingAnswerCounts(rating({ overall: 1 }), true).dissatisfiedOnly).toBeUndefined();
  });

  it('counts each SIPAS element answered, high at 4 and 5, and sipasAny once', () => {
    // s1 = 4 (high, the edge), s2 = 3 (not), s5 = 5 (high); s3 left undefined, s4 absent.
    expect(ratingAnswerCounts(rating({ sipas: { s1: 4, s2: 3, s3: undefined, s5: 5 } }), true)).toStrictEqual(
      {
        rated: 1,
        overall2: 1,
        i3_2: 1,
        i4_1: 1,
        i7_0: 1,
        s1_n: 1,
        s1_hi: 1,
        s2_n: 1,
        s5_n: 1,
        s5_hi: 1,
        sipasAny: 1,
      },
    );
  });

  it('adds no SIPAS counter when no element is answered', () => {
    const answers = { rated: 1, overall2: 1, i3_2: 1, i4_1: 1, i7_0: 1 };
    expect(ratingAnswerCounts(rating(), true)).toStrictEqual(answers);
    expect(ratingAnswerCounts(rating({ sipas: {} }), true)).toStrictEqual(answers);
    expect(ratingAnswerCounts(rating({ sipas: { s2: undefined } }), true)).toStrictEqual(answers);
  });
});

describe('contributions: what a state adds as of a day', () => {
  it('counts an open dossier on its received day, open', () => {
    expect(contributions(open, '2025-06-02')).toStrictEqual([
      { unit: 'u1', day: '2025-06-02', counts: inProgressOpen },
    ]);
  });

  it('does not know a return after the day asked about, and counts it from its own day on', () => {
    // As of 2 June the finish (3 June) has not happened: in progress, open.
    expect(contributions(returned, '2025-06-02')).toStrictEqual([
      { unit: 'u1', day: '2025-06-02', counts: inProgressOpen },
    ]);
    // As of 3 June: finished before the due day (early), returned in June.
    expect(contributions(returned, '2025-06-03')).toStrictEqual([
      { unit: 'u1', day: '2025-06-02', counts: onTimeReturnedInJune },
      { unit: 'u1', day: '2025-06-03', counts: { returned: 1, early: 1 } },
    ]);
  });

  it('names the local month of the return, not the UTC one', () => {
    // Received 30 June, returned 1 July 00:30 in Hanoi (30 June 17:30Z), due 2 July: on time, early.
    const state: DossierState = {
      ...open,
      receivedAt: at('2025-06-30', 8),
      dueAt: at('2025-07-02', 17),
      returnedAt: at('2025-07-01', 0, 30),
    };
    expect(contributions(state, '2025-07-01')).toStrictEqual([
      {
        unit: 'u1',
        day: '2025-06-30',
        // Returned 1 July: one day of processing from 30 June.
        counts: {
          feedbackCounted: 1,
          received: 1,
          receivedOnTime: 1,
          'returnedIn:2025-07': 1,
          receivedFinished: 1,
          receivedFinishedDays: 1,
          scorecardCounted: 1,
        },
      },
      { unit: 'u1', day: '2025-07-01', counts: { returned: 1, early: 1 } },
    ]);
  });

  it('leaves a withdrawn dossier out of the open and returned-in counters', () => {
    expect(contributions({ ...open, withdrawn: true }, '2025-06-03')).toStrictEqual([
      { unit: 'u1', day: '2025-06-02', counts: { feedbackCounted: 1, receivedWithdrawn: 1 } },
    ]);
  });

  it('counts the rating of a withdrawn dossier that was returned on its return day, alone', () => {
    // No tt01 counters (withdrawn), but the rating's: answers, integrity checked, given 5 minutes after
    // the return (within 10), not all top (i4 = 1).
    const state: DossierState = { ...returned, withdrawn: true, rating: rating() };
    expect(contributions(state, '2025-06-03')).toStrictEqual([
      { unit: 'u1', day: '2025-06-02', counts: { feedbackCounted: 1, receivedWithdrawn: 1 } },
      {
        unit: 'u1',
        day: '2025-06-03',
        counts: { rated: 1, overall2: 1, i3_2: 1, i4_1: 1, i7_0: 1, integrityRated: 1, ratedWithin10Min: 1 },
      },
    ]);
  });

  it('counts a complaint, and late-or-complaint, and the online channel on the return day', () => {
    const state: DossierState = { ...returned, complaint: true, channel: 'online' };
    expect(contributions(state, '2025-06-03')).toStrictEqual([
      // A complaint makes the on-time dossier unsatisfied (component 5.4).
      {
        unit: 'u1',
        day: '2025-06-02',
        counts: { ...onTimeReturnedInJune, receivedOnTimeUnsatisfied: 1, receivedOnline: 1 },
      },
      {
        unit: 'u1',
        day: '2025-06-03',
        counts: { returned: 1, early: 1, complaint: 1, lateOrComplaint: 1, returnedOnline: 1 },
      },
    ]);
  });

  it('counts a late return late-or-complaint without a complaint', () => {
    // Finished 5 June 10:00, the day after the due day.
    const state: DossierState = {
      ...open,
      finishedAt: at('2025-06-05', 10),
      returnedAt: at('2025-06-05', 11),
    };
    expect(contributions(state, '2025-06-05')).toStrictEqual([
      {
        unit: 'u1',
        day: '2025-06-02',
        counts: { ...lateReturnedInJune },
      },
      { unit: 'u1', day: '2025-06-05', counts: { returned: 1, late: 1, lateOrComplaint: 1 } },
    ]);
  });

  it('adds the rating to the return day: dissatisfied-only when rated 0 on time without complaint', () => {
    // Rated 20 minutes after the return (not within 10), s1 = 5.
    const state: DossierState = {
      ...returned,
      rating: rating({
        overall: 0,
        i3: 1,
        i4: 1,
        i7: 1,
        ratedAt: at('2025-06-03', 14, 20),
        sipas: { s1: 5 },
      }),
    };
    expect(contributions(state, '2025-06-04')).toStrictEqual([
      { unit: 'u1', day: '2025-06-02', counts: { ...onTimeReturnedInJune, receivedOnTimeUnsatisfied: 1 } },
      {
        unit: 'u1',
        day: '2025-06-03',
        counts: {
          returned: 1,
          early: 1,
          rated: 1,
          overall0: 1,
          i3_1: 1,
          i4_1: 1,
          i7_1: 1,
          dissatisfiedOnly: 1,
          s1_n: 1,
          s1_hi: 1,
          sipasAny: 1,
          integrityRated: 1,
        },
      },
    ]);
  });

  it('counts no dissatisfied-only for a late dossier rated 0, nor for one complained about', () => {
    const lateRated: DossierState = {
      ...open,
      finishedAt: at('2025-06-05', 10),
      returnedAt: at('2025-06-05', 11),
      rating: rating({ overall: 0, ratedAt: at('2025-06-06', 9) }),
    };
    // Late: not unsatisfied on the received day either (only on-time and in-progress dossiers are).
    expect(contributions(lateRated, '2025-06-06')).toStrictEqual([
      {
        unit: 'u1',
        day: '2025-06-02',
        counts: { ...lateReturnedInJune },
      },
      {
        unit: 'u1',
        day: '2025-06-05',
        counts: {
          returned: 1,
          late: 1,
          lateOrComplaint: 1,
          rated: 1,
          overall0: 1,
          i3_2: 1,
          i4_1: 1,
          i7_0: 1,
          integrityRated: 1,
        },
      },
    ]);
    const complained: DossierState = { ...returned, complaint: true, rating: rating({ overall: 0 }) };
    expect(contributions(complained, '2025-06-03')[1]!.counts.dissatisfiedOnly).toBeUndefined();
  });

  it('counts an unsatisfied rating of a dossier still in progress on the received day', () => {
    const state: DossierState = { ...open, rating: rating({ overall: 0, ratedAt: at('2025-06-02', 9) }) };
    expect(contributions(state, '2025-06-02')).toStrictEqual([
      { unit: 'u1', day: '2025-06-02', counts: { ...inProgressOpen, receivedInProgressUnsatisfied: 1 } },
    ]);
  });

  it("adds a case opened on the received day to the received day's counts", () => {
    const state: DossierState = {
      ...open,
      feedbackCase: { openedAt: at('2025-06-02', 10), dueDay: '2025-06-16' },
    };
    expect(contributions(state, '2025-06-02')).toStrictEqual([
      {
        unit: 'u1',
        day: '2025-06-02',
        counts: { ...inProgressOpen, casesOpened: 1, casesAwaitingReturn: 1, 'caseOpenDue:2025-06-16': 1 },
      },
    ]);
  });

  it('counts a case opened another day on its own day, judgeable once the return is known', () => {
    // Finished and returned on 5 June; the case opened on 3 June.
    const state: DossierState = {
      ...open,
      returnedAt: at('2025-06-05', 10),
      feedbackCase: { openedAt: at('2025-06-03', 9), dueDay: '2025-06-17' },
    };
    // As of 4 June the return is not known: the case awaits it.
    expect(contributions(state, '2025-06-04')).toStrictEqual([
      { unit: 'u1', day: '2025-06-02', counts: inProgressOpen },
      {
        unit: 'u1',
        day: '2025-06-03',
        counts: { casesOpened: 1, casesAwaitingReturn: 1, 'caseOpenDue:2025-06-17': 1 },
      },
    ]);
    // As of 5 June: returned the day after the due day (late), the case judgeable in June.
    expect(contributions(state, '2025-06-05')).toStrictEqual([
      {
        unit: 'u1',
        day: '2025-06-02',
        counts: { ...lateReturnedInJune },
      },
      {
        unit: 'u1',
        day: '2025-06-03',
        counts: { casesOpened: 1, 'caseJudgeableIn:2025-06': 1, 'caseOpenDue:2025-06-17': 1 },
      },
      { unit: 'u1', day: '2025-06-05', counts: { returned: 1, late: 1, lateOrComplaint: 1 } },
    ]);
  });
});

describe('difference: plus − minus per unit and day', () => {
  it('sums each side per (unit, day), leaves out the keys that cancel and the entries left empty', () => {
    const plus: Contribution[] = [
      { unit: 'u1', day: '2025-06-02', counts: { a: 2, b: 1 } },
      { unit: 'u2', day: '2025-06-02', counts: { a: 1 } },
      { unit: 'u1', day: '2025-06-02', counts: { a: 1 } },
    ];
    const minus: Contribution[] = [
      { unit: 'u1', day: '2025-06-02', counts: { a: 3, c: 1 } },
      { unit: 'u2', day: '2025-06-02', counts: { a: 1 } },
      { unit: 'u1', day: '2025-06-03', counts: { d: 2 } },
    ];
    // u1 2 June: a 2 + 1 − 3 = 0 (out), b 1, c −1; u2: a 1 − 1 = 0 (entry out); u1 3 June: d −2.
    expect(difference(plus, minus)).toStrictEqual([
      { unit: 'u1', day: '2025-06-02', counts: { b: 1, c: -1 } },
      { unit: 'u1', day: '2025-06-03', counts: { d: -2 } },
    ]);
  });

  it('keeps a unit name holding spaces and dashes whole', () => {
    expect(difference([{ unit: 'cb-d1 x', day: '2025-06-02', counts: { a: 1 } }], [])).toStrictEqual([
      { unit: 'cb-d1 x', day: '2025-06-02', counts: { a: 1 } },
    ]);
  });

  it('answers nothing for two empty lists, and the minus side negated alone', () => {
    expect(difference([], [])).toStrictEqual([]);
    expect(difference([], [{ unit: 'u1', day: '2025-06-02', counts: { a: 1 } }])).toStrictEqual([
      { unit: 'u1', day: '2025-06-02', counts: { a: -1 } },
    ]);
  });
});

describe("ratingDelta: a rating's own delta on its day", () => {
  /** 2, 2, 2, 2: all top. */
  const top = (ratedAt: string): CountedRating => ({ overall: 2, i3: 2, i4: 2, i7: 2, ratedAt });
  const topCounts = { rated: 1, overall2: 1, i3_2: 1, i4_2: 1, i7_2: 1, integrityRated: 1, allTopAnswers: 1 };

  it('adds a rating of a returned dossier to its return day', () => {
    // Rated 5 minutes after the return.
    expect(ratingDelta({ ratedWithState: returned, rating: top(at('2025-06-03', 14, 5)) })).toStrictEqual([
      { unit: 'u1', day: '2025-06-03', counts: { ...topCounts, ratedWithin10Min: 1 } },
    ]);
  });

  it('adds a rating given days later to the return day too', () => {
    expect(ratingDelta({ ratedWithState: returned, rating: top(at('2025-06-05', 9)) })).toStrictEqual([
      { unit: 'u1', day: '2025-06-03', counts: topCounts },
    ]);
  });

  it('moves the received day to unsatisfied for a rating of 0 on an on-time dossier not complained about', () => {
    const zero = rating({ overall: 0, i3: 1, i4: 1, i7: 1, ratedAt: at('2025-06-04', 9) });
    expect(ratingDelta({ ratedWithState: returned, rating: zero })).toStrictEqual([
      { unit: 'u1', day: '2025-06-02', counts: { receivedOnTimeUnsatisfied: 1 } },
      {
        unit: 'u1',
        day: '2025-06-03',
        counts: { rated: 1, overall0: 1, i3_1: 1, i4_1: 1, i7_1: 1, dissatisfiedOnly: 1, integrityRated: 1 },
      },
    ]);
  });

  it('adds only the answers for a rating of 0 on a dossier already complained about', () => {
    const zero = rating({ overall: 0, i3: 1, i4: 1, i7: 1, ratedAt: at('2025-06-04', 9) });
    expect(ratingDelta({ ratedWithState: { ...returned, complaint: true }, rating: zero })).toStrictEqual([
      {
        unit: 'u1',
        day: '2025-06-03',
        counts: { rated: 1, overall0: 1, i3_1: 1, i4_1: 1, i7_1: 1, integrityRated: 1 },
      },
    ]);
  });

  it('adds the answers of a late dossier rated 1 without dissatisfied-only', () => {
    const late: DossierState = {
      ...open,
      finishedAt: at('2025-06-05', 10),
      returnedAt: at('2025-06-05', 11),
    };
    const one = rating({ overall: 1, i3: 0, i4: 0, i7: 0, ratedAt: at('2025-06-05', 12) });
    expect(ratingDelta({ ratedWithState: late, rating: one })).toStrictEqual([
      {
        unit: 'u1',
        day: '2025-06-05',
        counts: { rated: 1, overall1: 1, i3_0: 1, i4_0: 1, i7_0: 1, integrityRated: 1 },
      },
    ]);
  });

  it('adds a rating dated before its return day (a source clock ahead) to the return day, none of a dossier not returned', () => {
    // Returned on 5 June, the rating's clock says 4 June: taken as of 5 June, when the dossier is
    // returned, so the rating counts there; rated before the return, it is not "within 10 minutes".
    const later: DossierState = { ...open, returnedAt: at('2025-06-05', 10) };
    expect(ratingDelta({ ratedWithState: later, rating: top(at('2025-06-04', 23)) })).toStrictEqual([
      { unit: 'u1', day: '2025-06-05', counts: topCounts },
    ]);
    expect(ratingDelta({ ratedWithState: open, rating: top(at('2025-06-03', 9)) })).toStrictEqual([]);
  });

  it('counts an unsatisfied rating of a dossier not returned on its received day', () => {
    const zero = rating({ overall: 0, ratedAt: at('2025-06-03', 9) });
    expect(ratingDelta({ ratedWithState: open, rating: zero })).toStrictEqual([
      { unit: 'u1', day: '2025-06-02', counts: { receivedInProgressUnsatisfied: 1 } },
    ]);
  });

  it('adds the case the rating opened on its opening day, unless the state already holds a case', () => {
    const opened = { openedAt: at('2025-06-04', 9), dueDay: '2025-06-18' };
    const one = rating({ overall: 1, i3: 1, i4: 1, i7: 1, ratedAt: at('2025-06-04', 9), case: opened });
    const answers = { rated: 1, overall1: 1, i3_1: 1, i4_1: 1, i7_1: 1, integrityRated: 1 };
    // Returned in June: the case is judgeable in June.
    expect(ratingDelta({ ratedWithState: returned, rating: one })).toStrictEqual([
      {
        unit: 'u1',
        day: '2025-06-04',
        counts: { casesOpened: 1, 'caseJudgeableIn:2025-06': 1, 'caseOpenDue:2025-06-18': 1 },
      },
      { unit: 'u1', day: '2025-06-03', counts: answers },
    ]);
    expect(ratingDelta({ ratedWithState: { ...returned, feedbackCase: opened }, rating: one })).toStrictEqual(
      [{ unit: 'u1', day: '2025-06-03', counts: answers }],
    );
  });

  it('applies the 766 rules it is given', () => {
    // Asked twice for supplements: late under the default rules (no unsatisfied counter), in
    // progress when a second request does not make it late.
    const twice: DossierState = { ...open, supplementRequests: 2 };
    const zero = rating({ overall: 0, ratedAt: at('2025-06-03', 9) });
    expect(ratingDelta({ ratedWithState: twice, rating: zero })).toStrictEqual([]);
    expect(
      ratingDelta({ ratedWithState: twice, rating: zero }, { multipleSupplementsLate: false }),
    ).toStrictEqual([{ unit: 'u1', day: '2025-06-02', counts: { receivedInProgressUnsatisfied: 1 } }]);
  });
});

describe('countedBefore: what prev stands for', () => {
  it('is nothing for a first snapshot', () => {
    expect(countedBefore('2025-06-03', {})).toStrictEqual([]);
  });

  it("counts the previous state as of the day before the snapshot's", () => {
    // As of 2 June the return of 3 June is not known.
    expect(countedBefore('2025-06-03', { state: returned })).toStrictEqual([
      { unit: 'u1', day: '2025-06-02', counts: inProgressOpen },
    ]);
  });

  it("adds the rating's own delta after the state's counts", () => {
    const arrival: RatingArrival = {
      ratedWithState: returned,
      rating: rating({ ratedAt: at('2025-06-04', 9) }),
    };
    const answers = { rated: 1, overall2: 1, i3_2: 1, i4_1: 1, i7_0: 1, integrityRated: 1 };
    expect(countedBefore('2025-06-05', { rating: arrival })).toStrictEqual([
      { unit: 'u1', day: '2025-06-03', counts: answers },
    ]);
    expect(countedBefore('2025-06-05', { state: returned, rating: arrival })).toStrictEqual([
      { unit: 'u1', day: '2025-06-02', counts: onTimeReturnedInJune },
      { unit: 'u1', day: '2025-06-03', counts: { returned: 1, early: 1 } },
      { unit: 'u1', day: '2025-06-03', counts: answers },
    ]);
  });

  it('applies the 766 rules it is given to the state and the rating', () => {
    const twice: DossierState = { ...open, supplementRequests: 2 };
    const arrival: RatingArrival = {
      ratedWithState: twice,
      rating: rating({ overall: 0, ratedAt: at('2025-06-02', 9) }),
    };
    expect(
      countedBefore('2025-06-03', { state: twice, rating: arrival }, { multipleSupplementsLate: false }),
    ).toStrictEqual([
      { unit: 'u1', day: '2025-06-02', counts: inProgressOpen },
      { unit: 'u1', day: '2025-06-02', counts: { receivedInProgressUnsatisfied: 1 } },
    ]);
  });
});

describe('snapshotDelta and dueDelta: what a night adds', () => {
  it('adds a first snapshot whole', () => {
    expect(snapshotDelta({ day: '2025-06-02', state: open, prev: {} })).toStrictEqual([
      { unit: 'u1', day: '2025-06-02', counts: inProgressOpen },
    ]);
  });

  it('adds the change from the previous state: the return', () => {
    // In progress and open → on time and returned in June; the return day's counters.
    expect(snapshotDelta({ day: '2025-06-03', state: returned, prev: { state: open } })).toStrictEqual([
      {
        unit: 'u1',
        day: '2025-06-02',
        counts: {
          receivedInProgress: -1,
          receivedOpen: -1,
          receivedOnTime: 1,
          'returnedIn:2025-06': 1,
          receivedFinished: 1,
          receivedFinishedDays: 1,
        },
      },
      { unit: 'u1', day: '2025-06-03', counts: { returned: 1, early: 1 } },
    ]);
  });

  it('applies the 766 rules it is given to both sides', () => {
    const twice: DossierState = { ...open, supplementRequests: 2 };
    expect(
      snapshotDelta({ day: '2025-06-02', state: twice, prev: {} }, { multipleSupplementsLate: false }),
    ).toStrictEqual([{ unit: 'u1', day: '2025-06-02', counts: inProgressOpen }]);
  });

  it('adds the crossing of the due entry: in progress the day before, late on it', () => {
    expect(dueDelta(open, '2025-06-05')).toStrictEqual([
      { unit: 'u1', day: '2025-06-02', counts: { receivedInProgress: -1, receivedLate: 1 } },
    ]);
    // Nothing crosses between 5 and 6 June: late on both.
    expect(dueDelta(open, '2025-06-06')).toStrictEqual([]);
  });

  it('applies the 766 rules it is given to the crossing', () => {
    // Asked twice: late from the start under the default rules, nothing crosses; without that rule it
    // crosses like any open dossier.
    const twice: DossierState = { ...open, supplementRequests: 2 };
    expect(dueDelta(twice, '2025-06-05')).toStrictEqual([]);
    expect(dueDelta(twice, '2025-06-05', { multipleSupplementsLate: false })).toStrictEqual([
      { unit: 'u1', day: '2025-06-02', counts: { receivedInProgress: -1, receivedLate: 1 } },
    ]);
  });
});

describe('dueCrossing: the day time alone makes an open dossier late', () => {
  it('is the day after the due day', () => {
    expect(dueCrossing(open, '2025-06-02')).toBe('2025-06-05');
    expect(dueCrossing(open, '2025-06-04')).toBe('2025-06-05');
  });

  it('moves by the supplement waiting time, to the day that holds the due day’s end plus the wait', () => {
    // Waited 24 h less a minute: the crossing instant is 5 June 23:59, still the 5th.
    const almostADay = [{ requestedAt: at('2025-06-02', 10), suppliedAt: at('2025-06-03', 9, 59) }];
    expect(dueCrossing({ ...open, supplements: almostADay }, '2025-06-03')).toBe('2025-06-05');
    // Waited exactly 24 h: 6 June 00:00, the 6th.
    const aDay = [{ requestedAt: at('2025-06-02', 10), suppliedAt: at('2025-06-03', 10) }];
    expect(dueCrossing({ ...open, supplements: aDay }, '2025-06-03')).toBe('2025-06-06');
  });

  it('is none while the applicant is awaited (the clock is stopped)', () => {
    const awaited = [{ requestedAt: at('2025-06-02', 10) }];
    expect(dueCrossing({ ...open, supplements: awaited }, '2025-06-03')).toBeUndefined();
    // One supplied and one awaited: still awaited.
    const both = [{ requestedAt: at('2025-06-02', 10), suppliedAt: at('2025-06-02', 11) }, ...awaited];
    expect(
      dueCrossing({ ...open, supplements: both, supplementRequests: 0 }, '2025-06-03', {
        multipleSupplementsLate: false,
      }),
    ).toBeUndefined();
  });

  it('is none for an ended, withdrawn or already late dossier', () => {
    expect(dueCrossing(returned, '2025-06-03')).toBeUndefined();
    expect(dueCrossing({ ...open, withdrawn: true }, '2025-06-03')).toBeUndefined();
    expect(dueCrossing(open, '2025-06-05')).toBeUndefined();
  });

  it('applies the 766 rules it is given', () => {
    const twice: DossierState = { ...open, supplementRequests: 2 };
    expect(dueCrossing(twice, '2025-06-02')).toBeUndefined();
    expect(dueCrossing(twice, '2025-06-02', { multipleSupplementsLate: false })).toBe('2025-06-05');
  });
});

describe('latestDayOf: the latest local day among a state’s instants', () => {
  const late = at('2025-06-09', 0, 30); // 8 June 17:30Z: the 9th in Hanoi
  const cases: [string, DossierState][] = [
    ['receivedAt', { ...open, receivedAt: late }],
    ['finishedAt', { ...open, finishedAt: late }],
    ['returnedAt', { ...open, returnedAt: late }],
    ['a supplement’s request', { ...open, supplements: [{ requestedAt: late }] }],
    ['a supplement’s supply', { ...open, supplements: [{ requestedAt: open.receivedAt, suppliedAt: late }] }],
    ['a step’s finish', { ...open, steps: [{ unit: 'u4', dueAt: open.dueAt, finishedAt: late }] }],
    ['the rating', { ...open, rating: rating({ ratedAt: late }) }],
    ['the case’s opening', { ...open, feedbackCase: { openedAt: late, dueDay: '2025-06-23' } }],
    [
      'the case’s answer',
      { ...open, feedbackCase: { openedAt: open.receivedAt, dueDay: '2025-06-16', answeredAt: late } },
    ],
    [
      'the case’s judgement',
      { ...open, feedbackCase: { openedAt: open.receivedAt, dueDay: '2025-06-16', judgedAt: late } },
    ],
  ];
  it.each(cases)('takes %s when it is the latest', (_name, state) => {
    expect(latestDayOf(state)).toBe('2025-06-09');
  });

  it('is the received day of a dossier with no other instant (the due date is no event)', () => {
    expect(latestDayOf(open)).toBe('2025-06-02');
  });
});

describe('planSnapshot: the snapshot a report writes', () => {
  /** The first report of the open dossier on 2 June. */
  const first: DossierLife = { state: open, day: '2025-06-02', due: '2025-06-05' };

  it('plans a first snapshot with its due entry and nothing counted before', () => {
    expect(planSnapshot(undefined, undefined, open, '2025-06-02')).toStrictEqual({
      snapshot: { day: '2025-06-02', state: open, prev: {}, due: '2025-06-05' },
      life: first,
    });
  });

  it('dates the snapshot on the latest of today, its facts’ instants and the last snapshot', () => {
    // Finished at 00:05 on 3 June by a clock ahead, reported "on 2 June": the snapshot is of the 3rd.
    const skewed: DossierState = { ...open, finishedAt: at('2025-06-03', 0, 5) };
    expect(planSnapshot(undefined, undefined, skewed, '2025-06-02').snapshot.day).toBe('2025-06-03');
    // The last snapshot is of the 4th: today the 3rd does not go back.
    const ahead: DossierLife = { state: open, day: '2025-06-04' };
    expect(planSnapshot(ahead, undefined, open, '2025-06-03').snapshot.day).toBe('2025-06-04');
    expect(planSnapshot(first, undefined, open, '2025-06-03').snapshot.day).toBe('2025-06-03');
  });

  it('replaces a same-day snapshot: counted against the one before it, none on the first day', () => {
    // Asked for a supplement at 10:00 the same day: waiting, no due entry.
    const waiting: DossierState = { ...open, supplements: [{ requestedAt: at('2025-06-02', 10) }] };
    expect(planSnapshot(first, undefined, waiting, '2025-06-02')).toStrictEqual({
      snapshot: { day: '2025-06-02', state: waiting, prev: {} },
      life: { state: waiting, day: '2025-06-02' },
    });
  });

  it('follows the last snapshot of an earlier day, keeping it as the prior, and clears its later due entry', () => {
    expect(planSnapshot(first, undefined, returned, '2025-06-03')).toStrictEqual({
      snapshot: { day: '2025-06-03', state: returned, prev: { state: open } },
      life: { state: returned, day: '2025-06-03', prior: { state: open, day: '2025-06-02' } },
      clearDueOf: '2025-06-02',
    });
  });

  it('replaces a same-day snapshot that followed another day: counted against that day’s', () => {
    const third: DossierLife = {
      state: returned,
      day: '2025-06-03',
      prior: { state: open, day: '2025-06-02' },
    };
    const complained: DossierState = { ...returned, complaint: true };
    expect(planSnapshot(third, undefined, complained, '2025-06-03')).toStrictEqual({
      snapshot: { day: '2025-06-03', state: complained, prev: { state: open } },
      life: { state: complained, day: '2025-06-03', prior: { state: open, day: '2025-06-02' } },
    });
  });

  it('clears a due entry on the snapshot’s own day, not one already past', () => {
    // The entry of 5 June comes with the snapshot of the 5th: cleared (the snapshot counts it).
    expect(planSnapshot(first, undefined, open, '2025-06-05')).toStrictEqual({
      snapshot: { day: '2025-06-05', state: open, prev: { state: open } },
      life: { state: open, day: '2025-06-05', prior: { state: open, day: '2025-06-02' } },
      clearDueOf: '2025-06-02',
    });
    // On the 6th the entry of the 5th has been counted: kept. Late by then, no new entry.
    expect(planSnapshot(first, undefined, open, '2025-06-06').clearDueOf).toBeUndefined();
    // No due entry to clear.
    const noDue: DossierLife = { state: open, day: '2025-06-02' };
    expect(planSnapshot(noDue, undefined, open, '2025-06-03')).toStrictEqual({
      snapshot: { day: '2025-06-03', state: open, prev: { state: open }, due: '2025-06-05' },
      life: { state: open, day: '2025-06-03', due: '2025-06-05', prior: { state: open, day: '2025-06-02' } },
    });
  });

  it('puts the rating in the state, and in prev while the base snapshot did not hold it', () => {
    const rated: RatingArrival = {
      ratedWithState: returned,
      rating: rating({ ratedAt: at('2025-06-03', 15) }),
    };
    const withRating: DossierState = { ...returned, rating: rated.rating };
    // First snapshot of a rated dossier: the rating was counted on its own.
    expect(planSnapshot(undefined, rated, returned, '2025-06-03')).toStrictEqual({
      snapshot: { day: '2025-06-03', state: withRating, prev: { rating: rated } },
      life: { state: withRating, day: '2025-06-03' },
    });
    // After a snapshot without it: the previous state and the rating.
    const returnedLife: DossierLife = { state: returned, day: '2025-06-03' };
    const complained: DossierState = { ...returned, complaint: true };
    expect(planSnapshot(returnedLife, rated, complained, '2025-06-04').snapshot).toStrictEqual({
      day: '2025-06-04',
      state: { ...complained, rating: rated.rating },
      prev: { state: returned, rating: rated },
    });
    // After a snapshot that held it: the previous state alone.
    const ratedLife: DossierLife = { state: withRating, day: '2025-06-04' };
    expect(planSnapshot(ratedLife, rated, returned, '2025-06-05').snapshot.prev).toStrictEqual({
      state: withRating,
    });
  });

  it('applies the 766 rules it is given to the due entry', () => {
    const twice: DossierState = { ...open, supplementRequests: 2 };
    expect(planSnapshot(undefined, undefined, twice, '2025-06-02').snapshot.due).toBeUndefined();
    expect(
      planSnapshot(undefined, undefined, twice, '2025-06-02', { multipleSupplementsLate: false }).snapshot
        .due,
    ).toBe('2025-06-05');
  });
});

describe('receivedFiguresFinal: the final rule of the received-day figures', () => {
  /** Settled up to 31 March 2026; records the days asked about. */
  const settledTo = (last: LocalDay) => {
    const asked: LocalDay[] = [];
    return { asked, settled: (day: LocalDay) => (asked.push(day), day <= last) };
  };

  it('is not final before the period’s own links are settled', () => {
    const { asked, settled } = settledTo('2026-03-30');
    expect(receivedFiguresFinal({ received: 1, 'returnedIn:2026-03': 1 }, '2026-03-31', settled)).toBe(false);
    expect(asked).toStrictEqual(['2026-03-31']);
  });

  it('is not final while a dossier is open or a case awaits its return', () => {
    const { settled } = settledTo('2026-12-31');
    expect(receivedFiguresFinal({ received: 1, receivedOpen: 1 }, '2026-03-31', settled)).toBe(false);
    expect(receivedFiguresFinal({ received: 1, casesAwaitingReturn: 1 }, '2026-03-31', settled)).toBe(false);
  });

  it('is final with nothing returned, once the period is settled', () => {
    const { asked, settled } = settledTo('2026-03-31');
    // Withdrawn, a case judged: no month to wait for, whatever the other counters.
    const counts = {
      receivedWithdrawn: 2,
      casesOpened: 1,
      casesSatisfied: 1,
      receivedOpen: 0,
      casesAwaitingReturn: 0,
    };
    expect(receivedFiguresFinal(counts, '2026-03-31', settled)).toBe(true);
    expect(asked).toStrictEqual(['2026-03-31']);
  });

  it('asks about the last day of the latest month returned in or judgeable in, among the counts above 0', () => {
    const { asked, settled } = settledTo('2026-04-30');
    const counts = {
      received: 3,
      'returnedIn:2026-04': 1,
      'returnedIn:2026-02': 1,
      'caseJudgeableIn:2026-03': 1,
      'returnedIn:2026-09': 0,
      'caseJudgeableIn:2026-10': 0,
    };
    expect(receivedFiguresFinal(counts, '2026-02-28', settled)).toBe(true);
    // One question: the later of `to` and that month's last day (lastLinkDay).
    expect(asked).toStrictEqual(['2026-04-30']);
    expect(lastLinkDay(counts, '2026-02-28')).toBe('2026-04-30');
    expect(lastLinkDay(counts, '2026-05-10')).toBe('2026-05-10');
  });

  it('waits for a judgeable month later than every return month', () => {
    const { asked, settled } = settledTo('2026-04-30');
    const counts = { 'returnedIn:2026-03': 1, 'caseJudgeableIn:2026-05': 1 };
    expect(receivedFiguresFinal(counts, '2026-03-31', settled)).toBe(false);
    expect(asked).toStrictEqual(['2026-05-31']);
  });

  it('ends February on the 29th in a leap year and December on the 31st', () => {
    const { asked, settled } = settledTo('2100-01-01');
    receivedFiguresFinal({ 'returnedIn:2028-02': 1 }, '2028-02-01', settled);
    receivedFiguresFinal({ 'returnedIn:2026-12': 1 }, '2026-12-01', settled);
    expect(asked).toStrictEqual(['2028-02-29', '2026-12-31']);
  });
});
