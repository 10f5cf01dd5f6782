/**
 * Feedback cases in the counts (shared/aggregation/dossier-life.ts): what one case adds on its
 * opening day, the Đắk Lắk satisfaction group rebuilt from 485 cases through contributions(), and
 * the final rule with cases (DESIGN §4.2).
 */
import { describe, expect, it } from 'vitest';
import {
  caseCounts,
  contributions,
  type DossierState,
  receivedFiguresFinal,
} from '../../shared/aggregation/dossier-life';
import type { Counts } from '../../shared/aggregation/family-contract';
import { qd766 } from '../../shared/indexes/qd766';
import { tt01 } from '../../shared/indexes/tt01';

const base: DossierState = {
  unit: 'u1',
  channel: 'counter',
  receivedAt: '2026-03-02T02:00:00Z', // Monday 09:00 in Hanoi
  dueAt: '2026-03-06T10:00:00Z',
  returnedAt: '2026-03-04T03:00:00Z',
  supplements: [],
  supplementRequests: 0,
  withdrawn: false,
  complaint: false,
  steps: [],
};
// A case opened on Tuesday 2026-03-10 (Hanoi), due Tuesday 2026-03-24.
const opened = { openedAt: '2026-03-10T04:00:00Z', dueDay: '2026-03-24' };

describe('what one feedback case adds, on its opening day', () => {
  it('counts an answer on the due day (23:59 Hanoi) on time, one a minute later late', () => {
    expect(caseCounts({ ...opened, answeredAt: '2026-03-24T16:59:00Z' }, base.returnedAt)).toEqual({
      casesOpened: 1,
      casesAnsweredOnTime: 1,
      'caseJudgeableIn:2026-03': 1,
    });
    expect(caseCounts({ ...opened, answeredAt: '2026-03-24T17:00:00Z' }, base.returnedAt)).toEqual({
      casesOpened: 1,
      casesAnsweredLate: 1,
      'caseJudgeableIn:2026-03': 1,
    });
  });

  it('closes the case for the final rule once judged; without a return no judgement can come yet', () => {
    expect(
      caseCounts({ ...opened, answeredAt: opened.openedAt, judgement: 'satisfied' }, base.returnedAt),
    ).toEqual({ casesOpened: 1, casesAnsweredOnTime: 1, casesSatisfied: 1 });
    expect(
      caseCounts({ ...opened, answeredAt: opened.openedAt, judgement: 'unsatisfied' }, undefined),
    ).toEqual({ casesOpened: 1, casesAnsweredOnTime: 1, casesUnsatisfied: 1 });
    // Unanswered: counted by its due day, which the read compares with today (5.2).
    expect(caseCounts(opened, undefined)).toEqual({
      casesOpened: 1,
      casesAwaitingReturn: 1,
      'caseOpenDue:2026-03-24': 1,
    });
  });

  it('adds the case to its unit on its opening day, apart from the received day', () => {
    const list = contributions({ ...base, feedbackCase: opened }, '2026-03-31');
    expect(list.find((entry) => entry.day === '2026-03-10')).toEqual({
      unit: 'u1',
      day: '2026-03-10',
      counts: { casesOpened: 1, 'caseJudgeableIn:2026-03': 1, 'caseOpenDue:2026-03-24': 1 },
    });
    // received day: the dossier's own counters and `feedbackCounted`, no case counter
    const received = list.find((entry) => entry.day === '2026-03-02')!;
    expect(received.counts.feedbackCounted).toBe(1);
    expect(received.counts.casesOpened).toBeUndefined();
  });

  it('counts the case a rating opened (its `case`), and the item’s case instead when the state holds one', () => {
    const rating = {
      overall: 0,
      i3: 1,
      i4: 1,
      i7: 1,
      ratedAt: '2026-03-10T04:00:00Z',
      case: opened,
    } as const;
    const byRating = contributions({ ...base, rating }, '2026-03-31');
    expect(byRating.find((entry) => entry.day === '2026-03-10')?.counts).toEqual({
      casesOpened: 1,
      'caseJudgeableIn:2026-03': 1,
      'caseOpenDue:2026-03-24': 1,
    });
    const answered = contributions(
      { ...base, rating, feedbackCase: { ...opened, answeredAt: '2026-03-11T04:00:00Z' } },
      '2026-03-31',
    );
    expect(answered.find((entry) => entry.day === '2026-03-10')?.counts).toEqual({
      casesOpened: 1,
      casesAnsweredOnTime: 1,
      'caseJudgeableIn:2026-03': 1,
    });
  });
});

describe("the portal's Đắk Lắk satisfaction group from 485 cases counted one by one", () => {
  // 241 answered by the due day, 200 after it, 44 never; 186 judged satisfied, 150 unsatisfied.
  const states: DossierState[] = Array.from({ length: 485 }, (_, index) => ({
    ...base,
    feedbackCase: {
      ...opened,
      ...(index < 241
        ? { answeredAt: '2026-03-20T03:00:00Z' }
        : index < 441
          ? { answeredAt: '2026-03-30T03:00:00Z' }
          : {}),
      ...(index < 186
        ? { judgement: 'satisfied' as const }
        : index < 336
          ? { judgement: 'unsatisfied' as const }
          : {}),
    },
  }));
  const cases: Counts = {};
  for (const state of states) {
    for (const { counts } of contributions(state, '2026-03-31')) {
      for (const [name, value] of Object.entries(counts)) {
        if (name.startsWith('cases')) cases[name] = (cases[name] ?? 0) + value;
      }
    }
  }
  // The portal's dossier figures (10/10/2026, year to date), as in test/unit/qd766.test.ts.
  const dossiers: Counts = {
    feedbackCounted: 443_565,
    received: 443_565,
    receivedOnTime: 393_087,
    receivedLate: 443_565 - 393_087,
    receivedOnTimeUnsatisfied: 393_087 - 392_869,
  };

  it('counts 485 opened, 241 on time, 200 late, 186 satisfied, 150 unsatisfied, 95 late and unsatisfied', () => {
    // Unsatisfied: cases 186–335; answered late: 241–440; both: 241–335 = 95.
    expect(cases).toEqual({
      casesOpened: 485,
      casesAnsweredOnTime: 241,
      casesAnsweredLate: 200,
      casesSatisfied: 186,
      casesUnsatisfied: 150,
      casesAnsweredLateUnsatisfied: 95,
    });
  });

  it('scores 241 of 485 → 2.98, 186 of 485 → 2.30, group 5.90 + 2.98 + 2.30 = 11.18 of 18', () => {
    // 5.3 (issue 22): all cases less those judged unsatisfied, answered late or overdue = the 241 on
    // time less the 55 of them judged unsatisfied = 186. The 95 late-and-unsatisfied cases are the
    // overlap counter `casesAnsweredLateUnsatisfied` the nightly job counts (docs/index-methods.md).
    const result = qd766({ ...dossiers, ...cases }, { minN: 30 });
    const [dossier, onTime, handling] = result.groups.satisfaction.metrics;
    expect(dossier).toMatchObject({ score: 5.9 });
    expect(onTime).toMatchObject({ numerator: 241, denominator: 485, ratio: 49.69, score: 2.98 });
    expect(handling).toMatchObject({ numerator: 186, denominator: 485, ratio: 38.35, score: 2.3 });
    expect(result.groups.satisfaction).toMatchObject({ score: 11.18, maxScore: 18, missing: [] });
    // Without the overlap counter the 95 are subtracted twice: 241 − 150 = 91, never more than the truth.
    const { casesAnsweredLateUnsatisfied: _overlap, ...withoutOverlap } = cases;
    expect(
      qd766({ ...dossiers, ...withoutOverlap }, { minN: 30 }).groups.satisfaction.metrics[2],
    ).toMatchObject({
      numerator: 91,
    });
  });

  it('scores tt01 i8 over the cases: (2 × 241 + 1 × 200 + 0 × 44) ÷ 485 = 1.4062 → 1.41', () => {
    expect(tt01({ ...dossiers, ...cases }, { minN: 30 }).indicators.i8).toMatchObject({
      score: 1.41,
      n: 485,
      distribution: { 2: 241, 1: 200, 0: 44 },
    });
  });
});

describe('the final rule with feedback cases (DESIGN §4.2)', () => {
  // Links of a day are settled here once the day is on or before 2026-05-31.
  const settled = (day: string) => day <= '2026-05-31';
  const closed: Counts = { received: 2, 'returnedIn:2026-03': 2, casesOpened: 1, casesSatisfied: 1 };

  it('is final when every case of the period is judged', () => {
    expect(receivedFiguresFinal(closed, '2026-03-31', settled)).toBe(true);
  });

  it('is not final while a case’s dossier is not returned (no link, a judgement can still come)', () => {
    expect(receivedFiguresFinal({ ...closed, casesAwaitingReturn: 1 }, '2026-03-31', settled)).toBe(false);
  });

  it('waits for the links of the last month a case’s dossier was returned in, then is final unjudged', () => {
    expect(receivedFiguresFinal({ ...closed, 'caseJudgeableIn:2026-06': 1 }, '2026-03-31', settled)).toBe(
      false,
    );
    expect(receivedFiguresFinal({ ...closed, 'caseJudgeableIn:2026-05': 1 }, '2026-03-31', settled)).toBe(
      true,
    );
  });
});
