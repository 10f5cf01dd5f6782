/**
 * Edges of the per-dossier rules and the counters they add (shared/indexes/dossier-rules.ts,
 * counters.ts): supplement intervals that nest, start late or end before they begin, the second
 * supplement request, the 10-minute instant, and the counter lists the nightly family writes against.
 */
import { describe, expect, it } from 'vitest';
import {
  CASE_COUNTERS,
  INTEGRITY_COUNTERS,
  integrityCounts,
  RECEIVED_COUNTERS,
  receivedDayCounts,
  returnDayCounts,
} from '../../shared/indexes/counters';
import {
  type DossierFacts,
  dossierChannels,
  qd766Status,
  supplementWaitMs,
  timelinessAgainst,
  tt01DossierScores,
} from '../../shared/indexes/dossier-rules';

/** An instant at a local hour (UTC+7) of a local day. */
const at = (day: string, hour = 9, minute = 0, second = 0) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + (((hour - 7) * 60 + minute) * 60 + second) * 1000).toISOString();

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A dossier received 1 July 09:00, due 10 July 17:00 (local), at the counter, nothing else yet. */
function facts(overrides: Partial<DossierFacts> = {}): DossierFacts {
  return {
    receivedAt: at('2025-07-01'),
    dueAt: at('2025-07-10', 17),
    supplements: [],
    supplementRequests: 0,
    withdrawn: false,
    complaint: false,
    channel: 'counter',
    steps: [],
    ...overrides,
  };
}

describe('time waiting for the applicant', () => {
  const until = Date.parse(at('2025-07-30'));

  it('counts a wait inside another once, whatever order they were recorded in', () => {
    // 2–10 July (8 days) holds 4–6 July; recorded inner first.
    const nested = {
      supplements: [
        { requestedAt: at('2025-07-04'), suppliedAt: at('2025-07-06') },
        { requestedAt: at('2025-07-02'), suppliedAt: at('2025-07-10') },
      ],
    };
    expect(supplementWaitMs(nested, until)).toBe(8 * DAY);
  });

  it('adds waits that do not touch, and cuts a wait at the end of the count', () => {
    const apart = {
      supplements: [
        { requestedAt: at('2025-07-02'), suppliedAt: at('2025-07-03') },
        { requestedAt: at('2025-07-05'), suppliedAt: at('2025-07-07') },
      ],
    };
    expect(supplementWaitMs(apart, until)).toBe(3 * DAY);
    // Counted up to 6 July 09:00: the second wait has run one day.
    expect(supplementWaitMs(apart, Date.parse(at('2025-07-06')))).toBe(2 * DAY);
    // An awaited supplement runs to the end of the count.
    expect(supplementWaitMs({ supplements: [{ requestedAt: at('2025-07-28') }] }, until)).toBe(2 * DAY);
  });

  it('ignores a request made at or after the end of the count, and one supplied before it was asked', () => {
    const later = { supplements: [{ requestedAt: at('2025-07-30'), suppliedAt: at('2025-08-02') }] };
    expect(supplementWaitMs(later, until)).toBe(0);
    const backwards = { supplements: [{ requestedAt: at('2025-07-05'), suppliedAt: at('2025-07-04') }] };
    expect(supplementWaitMs(backwards, until)).toBe(0);
    const instant = { supplements: [{ requestedAt: at('2025-07-05'), suppliedAt: at('2025-07-05') }] };
    expect(supplementWaitMs(instant, until)).toBe(0);
  });
});

describe('Decision 766 status details', () => {
  it('reports the wait, the requests known by the day and the end of processing', () => {
    // Asked 3 July, supplied 5 July; asked again 12 July (after the day asked about); finished 8 July.
    const dossier = facts({
      supplements: [
        { requestedAt: at('2025-07-03'), suppliedAt: at('2025-07-05') },
        { requestedAt: at('2025-07-12') },
      ],
      finishedAt: at('2025-07-08'),
    });
    expect(qd766Status(dossier, '2025-07-09')).toEqual({
      status: 'onTime',
      receivedDay: '2025-07-01',
      supplementWaitMs: 2 * DAY,
      supplementRequests: 1,
      endAt: at('2025-07-08'),
    });
    // By 12 July the second request is known: twice asked, late under the portal's rule.
    expect(qd766Status(dossier, '2025-07-12')).toMatchObject({
      status: 'late',
      lateReason: 'multipleSupplements',
      supplementRequests: 2,
    });
  });

  it('has no end while open, and one request alone does not make a dossier late', () => {
    const once = facts({ supplementRequests: 1 });
    const result = qd766Status(once, '2025-07-05');
    expect(result).toEqual({
      status: 'inProgress',
      receivedDay: '2025-07-01',
      supplementWaitMs: 0,
      supplementRequests: 1,
    });
  });

  it('does not know a request made at the first instant after the day asked about', () => {
    const dossier = facts({
      supplements: [
        { requestedAt: at('2025-07-03'), suppliedAt: at('2025-07-04') },
        { requestedAt: at('2025-07-06', 0, 0, 0) },
      ],
    });
    expect(qd766Status(dossier, '2025-07-05')).toMatchObject({ status: 'inProgress', supplementRequests: 1 });
    expect(qd766Status(dossier, '2025-07-06')).toMatchObject({ status: 'late', supplementRequests: 2 });
  });

  it('takes the larger of the dated requests and the one-stop count', () => {
    const dated = facts({
      supplements: [{ requestedAt: at('2025-07-02'), suppliedAt: at('2025-07-03') }],
      supplementRequests: 0,
    });
    expect(qd766Status(dated, '2025-07-05').supplementRequests).toBe(1);
    expect(qd766Status({ ...dated, supplementRequests: 3 }, '2025-07-05').supplementRequests).toBe(3);
  });

  it('gives a withdrawn dossier its end of processing too', () => {
    const withdrawn = facts({ withdrawn: true, returnedAt: at('2025-07-04') });
    expect(qd766Status(withdrawn, '2025-07-05')).toMatchObject({
      status: 'withdrawn',
      endAt: at('2025-07-04'),
    });
  });

  it('is on time when finished in the last second of the due day and late in the first of the next', () => {
    expect(qd766Status(facts({ finishedAt: at('2025-07-10', 23, 59, 59) }), '2025-07-11').status).toBe(
      'onTime',
    );
    expect(qd766Status(facts({ finishedAt: at('2025-07-11', 0, 0, 0) }), '2025-07-11').status).toBe('late');
  });

  it('counts a finish in the first second of the next day only from that day on', () => {
    const finished = facts({ finishedAt: at('2025-07-06', 0, 0, 0) });
    expect(qd766Status(finished, '2025-07-05')).not.toHaveProperty('endAt');
    expect(qd766Status(finished, '2025-07-06').endAt).toBe(at('2025-07-06', 0, 0, 0));
  });
});

describe('timeliness against a due date', () => {
  it('compares local days, less the waiting time', () => {
    expect(timelinessAgainst(at('2025-07-10', 17), at('2025-07-09', 23, 59))).toBe('early');
    expect(timelinessAgainst(at('2025-07-10', 17), at('2025-07-10', 0, 1))).toBe('onTime');
    expect(timelinessAgainst(at('2025-07-10', 17), at('2025-07-11', 0, 1))).toBe('late');
    expect(timelinessAgainst(at('2025-07-10', 17), at('2025-07-12'), 2 * DAY)).toBe('onTime');
  });

  it('scores i1 from the finish, less the supplement wait, when the return comes later', () => {
    const returned = facts({
      supplements: [{ requestedAt: at('2025-07-03'), suppliedAt: at('2025-07-06') }],
      finishedAt: at('2025-07-12'), // 12 July less 3 days = 9 July: early
      returnedAt: at('2025-07-20'),
    });
    expect(tt01DossierScores(returned)).toMatchObject({
      i1: 2,
      timeliness: 'early',
      returnedDay: '2025-07-20',
    });
    const { finishedAt: _finished, ...byReturn } = returned; // 20 July less 3 days = 17 July: late
    expect(tt01DossierScores(byReturn)).toMatchObject({ i1: 0, timeliness: 'late' });
    const onTheDay = facts({ finishedAt: at('2025-07-10'), returnedAt: at('2025-07-10') });
    expect(tt01DossierScores(onTheDay)).toMatchObject({ i1: 1, timeliness: 'onTime' });
  });

  it('knows the three channels a dossier comes by', () => {
    expect(dossierChannels).toEqual(['online', 'counter', 'postal']);
  });
});

describe('counters of one dossier', () => {
  it('marks a dossier in progress rated "Không hài lòng", but not a late one', () => {
    expect(receivedDayCounts(facts(), '2025-07-05', true).counts).toEqual({
      received: 1,
      receivedInProgress: 1,
      receivedInProgressUnsatisfied: 1,
    });
    expect(receivedDayCounts(facts({ finishedAt: at('2025-07-12') }), '2025-07-20', true).counts).toEqual({
      received: 1,
      receivedLate: 1,
    });
  });

  it('writes only counters of the fixed lists', () => {
    const dossiers = [
      facts({ dueAt: at('2025-07-25') }),
      facts({ withdrawn: true }),
      facts({ finishedAt: at('2025-07-08') }),
      facts({ finishedAt: at('2025-07-12') }),
      facts({ supplementRequests: 2 }),
    ];
    const written = new Set<string>();
    for (const dossier of dossiers) {
      for (const unsatisfied of [false, true]) {
        const { counts } = receivedDayCounts(dossier, '2025-07-20', unsatisfied, undefined, {
          feedbackCounted: true,
        });
        for (const key of Object.keys(counts)) written.add(key);
      }
    }
    expect([...written].sort()).toEqual([...RECEIVED_COUNTERS].sort());
    const rating = {
      overall: 2,
      i3: 2,
      i4: 2,
      i7: 2,
      ratedAt: at('2025-07-09', 9, 5),
      comment: 'Nhanh',
      commentRepeated: true,
    };
    expect(Object.keys(integrityCounts(rating, at('2025-07-09'))).sort()).toEqual(
      [...INTEGRITY_COUNTERS].sort(),
    );
    // Fixed for every branch of this wave (the feedback cases, DESIGN §4.4).
    expect(CASE_COUNTERS).toEqual([
      'casesOpened',
      'casesAnsweredOnTime',
      'casesAnsweredLate',
      'casesSatisfied',
      'casesUnsatisfied',
    ]);
  });

  it("adds a step of the dossier's own unit to its own counters, and two steps of an agency together", () => {
    const returned = facts({
      finishedAt: at('2025-07-08'),
      returnedAt: at('2025-07-09'),
      channel: 'online',
      steps: [
        { unit: 'xa-a', dueAt: at('2025-07-05'), finishedAt: at('2025-07-05') },
        { unit: 'so-tc', dueAt: at('2025-07-07'), finishedAt: at('2025-07-06') },
        { unit: 'so-tc', dueAt: at('2025-07-07'), finishedAt: at('2025-07-05') },
      ],
    });
    expect(returnDayCounts(returned, 'xa-a', { i5: 1, i6: 0, i9: 2 })).toEqual([
      {
        unit: 'xa-a',
        day: '2025-07-09',
        counts: { returned: 1, early: 1, i5_1: 1, i6_0: 1, i9_2: 1, i2_1: 1 },
      },
      { unit: 'so-tc', day: '2025-07-09', counts: { i2_2: 2 } },
    ]);
    // No period input recorded: no i5, i6 or i9 counter at all.
    expect(returnDayCounts({ ...returned, steps: [] }, 'xa-a')).toEqual([
      { unit: 'xa-a', day: '2025-07-09', counts: { returned: 1, early: 1 } },
    ]);
    expect(returnDayCounts(facts(), 'xa-a')).toEqual([]);
  });
});

describe('integrity counters at their edges', () => {
  const rating = { overall: 2, i3: 2, i4: 2, i7: 2 };
  const returnedAt = at('2025-07-09');

  it('counts a rating exactly 10 minutes after the return as quick, a millisecond later not', () => {
    expect(integrityCounts({ ...rating, overall: 1, ratedAt: at('2025-07-09', 9, 10) }, returnedAt)).toEqual({
      integrityRated: 1,
      ratedWithin10Min: 1,
    });
    const later = new Date(Date.parse(at('2025-07-09', 9, 10)) + 1).toISOString();
    expect(integrityCounts({ ...rating, overall: 1, ratedAt: later }, returnedAt)).toEqual({
      integrityRated: 1,
    });
    // At the instant of the return: quick; before it (clocks apart): not.
    expect(integrityCounts({ ...rating, overall: 1, ratedAt: returnedAt }, returnedAt).ratedWithin10Min).toBe(
      1,
    );
    expect(integrityCounts({ ...rating, overall: 1, ratedAt: at('2025-07-09', 8, 59) }, returnedAt)).toEqual({
      integrityRated: 1,
    });
  });

  it('needs the top answer on every question for an all-top sheet', () => {
    const ratedAt = at('2025-07-10');
    for (const lower of ['overall', 'i3', 'i4', 'i7'] as const) {
      expect(integrityCounts({ ...rating, [lower]: 1, ratedAt }, returnedAt)).toEqual({ integrityRated: 1 });
    }
    // SIPAS answers all 5 (one unanswered) keep it all-top.
    expect(
      integrityCounts({ ...rating, ratedAt, sipas: { s1: 5, s2: undefined, s3: 5 } }, returnedAt),
    ).toEqual({
      integrityRated: 1,
      allTopAnswers: 1,
    });
  });

  it('counts a comment that is not repeated as a comment only', () => {
    const ratedAt = at('2025-07-10');
    expect(integrityCounts({ ...rating, overall: 1, ratedAt, comment: 'Chậm' }, returnedAt)).toEqual({
      integrityRated: 1,
      commented: 1,
    });
    expect(
      integrityCounts(
        { ...rating, overall: 1, ratedAt, comment: 'Chậm', commentRepeated: false },
        returnedAt,
      ),
    ).toEqual({ integrityRated: 1, commented: 1 });
  });
});
