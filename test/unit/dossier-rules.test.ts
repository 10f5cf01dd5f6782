import { describe, expect, it } from 'vitest';
import { integrityCounts, receivedDayCounts, returnDayCounts } from '../../shared/indexes/counters';
import {
  type DossierFacts,
  qd766Status,
  supplementWaitMs,
  tt01DossierScores,
} from '../../shared/indexes/dossier-rules';

/** An instant at a local hour (UTC+7) of a local day. */
const at = (day: string, hour = 9, minute = 0) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + ((hour - 7) * 60 + minute) * 60_000).toISOString();

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

describe("Decision 766 status of a dossier as of a day (the portal's item 2.1)", () => {
  it('is in progress while open and not past its due day, in the period it was received', () => {
    const result = qd766Status(facts(), '2025-07-05');
    expect(result).toMatchObject({ status: 'inProgress', receivedDay: '2025-07-01' });
    // Still in progress on the due day itself, up to its last minute.
    expect(qd766Status(facts(), '2025-07-10').status).toBe('inProgress');
  });

  it('is late from the day after the due day when still open (overdue and open)', () => {
    expect(qd766Status(facts(), '2025-07-11')).toMatchObject({ status: 'late', lateReason: 'overdueOpen' });
  });

  it('is on time when finished on or before the due day, late when finished after it', () => {
    expect(qd766Status(facts({ finishedAt: at('2025-07-10', 23, 30) }), '2025-07-20').status).toBe('onTime');
    expect(qd766Status(facts({ finishedAt: at('2025-07-11', 0, 30) }), '2025-07-20')).toMatchObject({
      status: 'late',
      lateReason: 'finishedLate',
    });
  });

  it('takes the end of processing (finishedAt) before the return, and the return when there is no finish', () => {
    // Finished on time, handed over late: on time (the portal prefers "Đã xử lý xong").
    const handedLate = facts({ finishedAt: at('2025-07-09'), returnedAt: at('2025-07-14') });
    expect(qd766Status(handedLate, '2025-07-20').status).toBe('onTime');
    expect(qd766Status(facts({ returnedAt: at('2025-07-14') }), '2025-07-20').status).toBe('late');
  });

  it("deducts the time waiting for the applicant's supplement (supplement waiting deducted)", () => {
    // Asked 3 July 09:00, supplied 8 July 09:00: 5 days waiting; finished 14 July ≈ 9 July → on time.
    const supplemented = facts({
      supplements: [{ requestedAt: at('2025-07-03'), suppliedAt: at('2025-07-08') }],
      supplementRequests: 1,
      finishedAt: at('2025-07-14', 16),
    });
    const result = qd766Status(supplemented, '2025-07-20');
    expect(result.supplementWaitMs).toBe(5 * DAY);
    expect(result.status).toBe('onTime');
    // Without the supplement the same finish is late.
    expect(qd766Status(facts({ finishedAt: at('2025-07-14', 16) }), '2025-07-20').status).toBe('late');
    // Finished on 16 July: the adjusted end is 11 July, a day late.
    expect(qd766Status({ ...supplemented, finishedAt: at('2025-07-16', 16) }, '2025-07-20').status).toBe(
      'late',
    );
  });

  it('stops the clock while a supplement is still awaited, however long the applicant takes', () => {
    const awaited = facts({ supplements: [{ requestedAt: at('2025-07-09') }], supplementRequests: 1 });
    expect(qd766Status(awaited, '2025-09-30').status).toBe('inProgress');
    // Asked after the due day: the clock stopped already late.
    const askedLate = facts({ supplements: [{ requestedAt: at('2025-07-12') }], supplementRequests: 1 });
    expect(qd766Status(askedLate, '2025-07-20').status).toBe('late');
  });

  it("applies the supplement rule only to a dossier never finished nor returned when set to 'unfinished' (item 2.1)", () => {
    const supplements = [
      { requestedAt: at('2025-07-02'), suppliedAt: at('2025-07-03') },
      { requestedAt: at('2025-07-04') },
    ];
    const open = facts({ supplements, supplementRequests: 2 });
    const finished = facts({ supplements, supplementRequests: 2, finishedAt: at('2025-07-06') });
    const returned = facts({ supplements, supplementRequests: 2, returnedAt: at('2025-07-06') });
    const unfinished = { multipleSupplementsLate: true, multipleSupplementsScope: 'unfinished' } as const;
    // Still open on 07-05 with two requests: late at once, though well before its due day 07-10.
    expect(qd766Status(open, '2025-07-05', unfinished)).toMatchObject({
      status: 'late',
      lateReason: 'multipleSupplements',
    });
    // Finished (or returned) on 07-06, before the due day: judged by its times, on time.
    expect(qd766Status(finished, '2025-07-20', unfinished).status).toBe('onTime');
    expect(qd766Status(returned, '2025-07-20', unfinished).status).toBe('onTime');
    // As of 07-05 the finish has not happened yet: the rule still applies.
    expect(qd766Status(finished, '2025-07-05', unfinished).status).toBe('late');
    // The default scope (all): late however it ended.
    expect(qd766Status(finished, '2025-07-20').lateReason).toBe('multipleSupplements');
  });

  it('counts a dossier asked for supplements twice as late, a named rule that can be switched off', () => {
    const twice = facts({
      supplements: [
        { requestedAt: at('2025-07-02'), suppliedAt: at('2025-07-03') },
        { requestedAt: at('2025-07-04'), suppliedAt: at('2025-07-05') },
      ],
      supplementRequests: 2,
      finishedAt: at('2025-07-06'),
    });
    expect(qd766Status(twice, '2025-07-20')).toMatchObject({
      status: 'late',
      lateReason: 'multipleSupplements',
    });
    expect(qd766Status(twice, '2025-07-20', { multipleSupplementsLate: false }).status).toBe('onTime');
    // The wave-1 count alone (no dates) is enough.
    expect(
      qd766Status(facts({ supplementRequests: 2, finishedAt: at('2025-07-06') }), '2025-07-20').status,
    ).toBe('late');
  });

  it('leaves a withdrawn dossier out of every figure', () => {
    expect(qd766Status(facts({ withdrawn: true }), '2025-07-20').status).toBe('withdrawn');
    expect(receivedDayCounts(facts({ withdrawn: true }), '2025-07-20', false)).toEqual({
      day: '2025-07-01',
      counts: { receivedWithdrawn: 1 },
    });
  });

  it('ignores what happened after the day asked about, so any past day can be recomputed', () => {
    const finished = facts({ finishedAt: at('2025-07-15') });
    expect(qd766Status(finished, '2025-07-08').status).toBe('inProgress');
    expect(qd766Status(finished, '2025-07-12')).toMatchObject({ status: 'late', lateReason: 'overdueOpen' });
    expect(qd766Status(finished, '2025-07-15')).toMatchObject({ status: 'late', lateReason: 'finishedLate' });
  });

  it('counts overlapping supplement waits once', () => {
    const overlapping = {
      supplements: [
        { requestedAt: at('2025-07-02'), suppliedAt: at('2025-07-05') },
        { requestedAt: at('2025-07-04'), suppliedAt: at('2025-07-06') },
      ],
    };
    expect(supplementWaitMs(overlapping, Date.parse(at('2025-07-30')))).toBe(4 * DAY);
  });
});

describe('received-day counters of one dossier', () => {
  it('adds the status and, for an on-time dossier rated "Không hài lòng", the unsatisfied counter', () => {
    expect(receivedDayCounts(facts({ finishedAt: at('2025-07-09') }), '2025-07-20', true).counts).toEqual({
      received: 1,
      receivedOnTime: 1,
      receivedOnTimeUnsatisfied: 1,
    });
    expect(
      receivedDayCounts(facts(), '2025-07-05', false, undefined, { feedbackCounted: true }).counts,
    ).toEqual({ feedbackCounted: 1, received: 1, receivedInProgress: 1 });
    expect(receivedDayCounts(facts({ supplementRequests: 3 }), '2025-07-05', false).counts).toEqual({
      received: 1,
      receivedLate: 1,
      receivedMultipleSupplements: 1,
    });
  });
});

describe('Circular 01/2018/TT-VPCP per-dossier scores', () => {
  const returned = facts({
    finishedAt: at('2025-07-08'),
    returnedAt: at('2025-07-09'),
    channel: 'online',
    steps: [
      { unit: 'so-tn', dueAt: at('2025-07-05'), finishedAt: at('2025-07-04') },
      { unit: 'so-xd', dueAt: at('2025-07-07'), finishedAt: at('2025-07-07', 20) },
      { unit: 'so-tc', dueAt: at('2025-07-07'), finishedAt: at('2025-07-08') },
      { unit: 'so-nv', dueAt: at('2025-07-07') },
    ],
  });

  it('scores i1 early 2 / on time 1 / late 0 and i2 for each agency that finished its step', () => {
    const scores = tt01DossierScores(returned, { i5: 2, i6: 1, i9: 2 })!;
    expect(scores.i1).toBe(2);
    expect(scores.returnedDay).toBe('2025-07-09');
    expect(scores.i2).toEqual([
      { unit: 'so-tn', score: 2 },
      { unit: 'so-xd', score: 1 },
      { unit: 'so-tc', score: 0 },
    ]);
    expect([scores.i5, scores.i6, scores.i9]).toEqual([2, 1, 2]);
  });

  it('takes i9 only for online dossiers, and nothing for a dossier not yet returned or withdrawn', () => {
    expect(tt01DossierScores({ ...returned, channel: 'counter' }, { i9: 2 })!.i9).toBeNull();
    expect(tt01DossierScores(returned)!.i5).toBeNull();
    expect(tt01DossierScores(facts())).toBeNull();
    expect(tt01DossierScores({ ...returned, withdrawn: true })).toBeNull();
  });

  it("adds i2 to each agency on the return day, beside the dossier's own counters", () => {
    expect(returnDayCounts(returned, 'xa-a', { i5: 2 })).toEqual([
      { unit: 'xa-a', day: '2025-07-09', counts: { returned: 1, early: 1, i5_2: 1 } },
      { unit: 'so-tn', day: '2025-07-09', counts: { i2_2: 1 } },
      { unit: 'so-xd', day: '2025-07-09', counts: { i2_1: 1 } },
      { unit: 'so-tc', day: '2025-07-09', counts: { i2_0: 1 } },
    ]);
  });
});

describe('integrity counters of one rating', () => {
  const rating = { overall: 2, i3: 2, i4: 2, i7: 2, ratedAt: at('2025-07-09', 9, 8) };

  it('marks a rating within 10 minutes of the return and an all-top sheet', () => {
    expect(integrityCounts(rating, at('2025-07-09'))).toEqual({
      integrityRated: 1,
      ratedWithin10Min: 1,
      allTopAnswers: 1,
    });
  });

  it('does not mark a later rating, a sheet with one lower answer, or a SIPAS answer below 5', () => {
    expect(integrityCounts({ ...rating, i4: 1 }, at('2025-07-08'))).toEqual({ integrityRated: 1 });
    expect(integrityCounts({ ...rating, sipas: { s1: 5, s2: 4 } }, at('2025-07-08'))).toEqual({
      integrityRated: 1,
    });
  });

  it('counts comments and the repeated ones', () => {
    expect(
      integrityCounts({ ...rating, comment: 'Tốt', commentRepeated: true, overall: 1 }, at('2025-07-08')),
    ).toEqual({ integrityRated: 1, commented: 1, commentRepeated: 1 });
    expect(integrityCounts({ ...rating, comment: '  ', overall: 1 }, at('2025-07-08'))).toEqual({
      integrityRated: 1,
    });
  });
});
