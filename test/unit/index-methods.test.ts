import { describe, expect, it } from 'vitest';
import { addCounts } from '../../shared/aggregation/engine';
import type { Counts } from '../../shared/aggregation/family-contract';
import { satisfactionFamily } from '../../shared/aggregation/satisfaction';
import { csat } from '../../shared/indexes/csat';
import { qd766, qd766SatisfactionScore } from '../../shared/indexes/qd766';
import { sipas } from '../../shared/indexes/sipas';
import { tt01, tt01Grade } from '../../shared/indexes/tt01';
import {
  contributionsOf,
  dossierItem,
  makeDossier,
  makeRating,
  ratingItem,
  workedExample,
} from '../support/satisfaction';

/** The counts the satisfaction family makes of the items (what the engine would sum). */
function countsOf(items: ReturnType<typeof dossierItem>[]): Counts {
  const total: Counts = {};
  for (const item of items)
    for (const c of contributionsOf(satisfactionFamily, item)) addCounts(total, c.counts);
  return total;
}

const example = workedExample();
const counts = countsOf([...example.dossiers.map(dossierItem), ...example.ratings.map(ratingItem)]);

describe('satisfaction family', () => {
  it('counts a dossier in its unit and return day, whatever day it arrived', () => {
    const dossier = makeDossier({
      unit: 'u1',
      code: 'X',
      returned: '2025-01-31',
      due: '2025-01-30',
      registered: '2025-02-02',
    });
    expect(contributionsOf(satisfactionFamily, dossierItem(dossier))).toEqual([
      // Decision 766 counts it on its received day (the same day here), tt01 on its return day.
      // `feedbackCounted`: the same family counts the feedback cases (a period without one is not N/A).
      {
        unit: 'u1',
        day: '2025-01-31',
        // returned the day it was received (2.2: 0 days), counted with the scorecard's counters
        counts: {
          feedbackCounted: 1,
          received: 1,
          receivedLate: 1,
          'returnedIn:2025-01': 1,
          receivedFinished: 1,
          receivedFinishedDays: 0,
          scorecardCounted: 1,
        },
      },
      { unit: 'u1', day: '2025-01-31', counts: { returned: 1, late: 1, lateOrComplaint: 1 } },
    ]);
  });

  it('counts "Không hài lòng" on a dossier neither late nor complained about apart, for the 766 union', () => {
    const clean = makeDossier({ unit: 'u1', code: 'A', returned: '2025-01-10', due: '2025-01-10' });
    const complained = makeDossier({
      unit: 'u1',
      code: 'B',
      returned: '2025-01-10',
      due: '2025-01-10',
      complaint: true,
    });
    const ratingCounts = (item: ReturnType<typeof ratingItem>) =>
      addCounts({}, contributionsOf(satisfactionFamily, item).find((c) => c.counts.rated)!.counts);
    const a = ratingCounts(ratingItem(makeRating(clean, { overall: 0 })));
    const b = ratingCounts(ratingItem(makeRating(complained, { overall: 0 })));
    expect(a.dissatisfiedOnly).toBe(1);
    expect(b.dissatisfiedOnly).toBeUndefined();
  });
});

describe('worked example (docs/index-methods.md): 10 dossiers, 6 rated', () => {
  it('gives the denominators and response rate with every method', () => {
    for (const method of [tt01, qd766, sipas, csat]) {
      expect(method(counts, { minN: 30 }).denominators).toEqual({
        dossiersReturned: 10,
        ratingsReceived: 6,
        responseRate: 0.6,
      });
    }
  });

  it('tt01 (Circular 01/2018/TT-VPCP art. 13–15): the plain sum of the indicators with data, provisional with the missing ones named', () => {
    const result = tt01(counts, { minN: 30 });
    // i1 = (2×4 early + 1×3 on time + 0×3 late) / 10 = 1.1
    expect(result.indicators.i1).toMatchObject({ score: 1.1, n: 10, distribution: { 2: 4, 1: 3, 0: 3 } });
    // i3 = (2+2+1+0+1+2)/6 = 1.33; i4 = 6/6 = 1; i7 = 8/6 = 1.33 (two decimals shown)
    expect(result.indicators.i3.score).toBe(1.33);
    expect(result.indicators.i4.score).toBe(1);
    expect(result.indicators.i7.score).toBe(1.33);
    // i8: no feedback case opened in the period while cases are counted → 2 (full marks).
    expect(result.indicators.i8).toMatchObject({ score: 2, n: 0 });
    // 1.1 + 4/3 + 1 + 4/3 + 2 = 6.7667, rounded once → 6.77 of 18 (no ×18/10 rescaling)
    expect(result.total).toBe(6.77);
    expect(result.maxPoints).toBe(18);
    expect(result.provisional).toBe(true);
    expect(result.missing.map((entry) => entry.indicator)).toEqual(['i2', 'i5', 'i6', 'i9']);
    // 6.77 of 18 is in the art. 15 band [6, 9): Trung bình — provisionally.
    expect(result.grade).toEqual({ vi: 'Trung bình', en: 'Average', provisional: true });
    // The scaled figure exists only as a labelled estimate: 6.7667 × 18 / 10 = 12.18, Tốt.
    expect(result.estimate?.points).toBe(12.18);
    expect(result.estimate?.grade.vi).toBe('Tốt');
    expect(result.estimate?.label.en).toContain('not the official grade');
    expect(result.ranked).toBe(false);
  });

  it('qd766 counts every dossier on its received day: 7 on time of 10, 2 of them rated or complained "Không hài lòng"', () => {
    const result = qd766(counts, { minN: 1 });
    expect(result.dossiers).toMatchObject({ received: 10, onTime: 7, late: 3, inProgress: 0 });
    expect(result.groups.progress.metrics[0]).toMatchObject({ numerator: 7, denominator: 10, score: 14 });
    // On time and not rated 0 nor complained about: E1–E4, O2 (O1 rated 0, O3 complained) → 5 of 10.
    expect(result.groups.satisfaction.metrics[0]).toMatchObject({ numerator: 5, denominator: 10 });
  });

  it('csat: share rating 2 or 1 with its Wilson 95% interval, and the mean overall score', () => {
    const result = csat(counts, { minN: 30 });
    expect(result.satisfied.successes).toBe(4);
    expect(result.satisfied.n).toBe(6);
    expect(result.satisfied.value).toBe(0.6667);
    // Wilson (1927) for 4/6 at z = 1.96: [0.300, 0.903]
    expect(result.satisfied.interval95!.low).toBeCloseTo(0.3, 3);
    expect(result.satisfied.interval95!.high).toBeCloseTo(0.9033, 3);
    expect(result.meanOverall).toBe(1);
    expect(result.distribution).toEqual({ 2: 2, 1: 2, 0: 2 });
  });

  it('sipas (Decision 2640/QĐ-BNV): per element the share answering 4 or 5, index the mean of the elements', () => {
    const result = sipas(counts, { minN: 30 });
    expect(result.respondents).toBe(2);
    expect(result.elements.s1).toMatchObject({ successes: 1, n: 2, value: 0.5 });
    expect(result.elements.s2).toMatchObject({ successes: 2, n: 2, value: 1 });
    expect(result.elements.s5).toMatchObject({ successes: 0, n: 1, value: 0 });
    // (0.5 + 1 + 1 + 0.5 + 0) / 5
    expect(result.index).toBe(0.6);
  });

  it('reports but does not rank a unit with fewer than minN ratings', () => {
    const result = csat(counts, { minN: 30 });
    expect(result.ranked).toBe(false);
    expect(result.reason?.vi).toContain('Chưa đủ dữ liệu');
    expect(result.reason?.en).toContain('Insufficient data');
    expect(csat(counts, { minN: 6 }).ranked).toBe(true);
    expect(tt01(counts, { minN: 7 }).ranked).toBe(false);
  });
});

describe('Circular 01/2018/TT-VPCP art. 15 grade bands at their edges', () => {
  it.each([
    [18, 'Xuất sắc'],
    [15, 'Xuất sắc'],
    [14.9, 'Tốt'],
    [12, 'Tốt'],
    [11.9, 'Khá'],
    [9, 'Khá'],
    [8.9, 'Trung bình'],
    [6, 'Trung bình'],
    [5.9, 'Yếu'],
    [0, 'Yếu'],
  ])('%s points of 18 is %s', (points, grade) => {
    expect(tt01Grade(points)).toBe(grade);
  });

  it('never grades four perfect indicators 18 of 18 (the old ×18/8): total 8, provisional, the 18 only as an estimate', () => {
    const dossiers = Array.from({ length: 3 }, (_, i) =>
      makeDossier({ unit: 'u', code: `A${i}`, returned: '2025-05-01', due: '2025-05-09' }),
    );
    // Four indicators only: without the feedback cases counted (i8 would add a fifth, 2 of 2).
    const { feedbackCounted: _, ...counts } = countsOf([
      ...dossiers.map(dossierItem),
      ...dossiers.map((d) => ratingItem(makeRating(d, { overall: 2 }))),
    ]);
    const result = tt01(counts, { minN: 1 });
    expect(result.total).toBe(8);
    // 8 of 18 on the art. 15 bands is Trung bình — and only provisionally.
    expect(result.grade).toEqual({ vi: 'Trung bình', en: 'Average', provisional: true });
    expect(result.estimate).toMatchObject({ points: 18, grade: { vi: 'Xuất sắc' } });
    expect(result.reason?.en).toBe('Provisional: i2, i5, i6, i8, i9 missing.');
  });

  it('sums all nine exact means and rounds once: nine means of 4/3 make 12 (Tốt), not 9 × 1.3 = 11.7 (Khá)', () => {
    const nineAtFourThirds: Counts = {
      rated: 30,
      returned: 3,
      early: 1,
      onTime: 2,
      casesOpened: 3,
      casesAnsweredOnTime: 1,
      casesAnsweredLate: 2,
    };
    for (const name of ['i2', 'i3', 'i4', 'i5', 'i6', 'i7', 'i9']) {
      nineAtFourThirds[`${name}_2`] = 1;
      nineAtFourThirds[`${name}_1`] = 2;
    }
    const result = tt01(nineAtFourThirds, { minN: 30 });
    expect(Object.values(result.indicators).map((value) => value.score)).toEqual(Array(9).fill(1.33));
    expect(result.total).toBe(12);
    expect(result.provisional).toBe(false);
    expect(result.missing).toEqual([]);
    expect(result.grade).toEqual({ vi: 'Tốt', en: 'Good', provisional: false });
    expect(result.estimate).toBeNull();
    expect(result.ranked).toBe(true);
  });

  it('scores i8 from the feedback cases: answered on time 2, late 1, unanswered 0', () => {
    const result = tt01({ casesOpened: 4, casesAnsweredOnTime: 2, casesAnsweredLate: 1 }, { minN: 1 });
    expect(result.indicators.i8).toMatchObject({ score: 1.25, n: 4, distribution: { 2: 2, 1: 1, 0: 1 } });
  });

  it('gives i8 full marks when cases are counted and none was opened, and lists it missing while cases are not counted', () => {
    expect(tt01({ feedbackCounted: 5 }, { minN: 1 }).indicators.i8).toMatchObject({ score: 2, n: 0 });
    const notCounted = tt01({}, { minN: 1 });
    expect(notCounted.indicators.i8.score).toBeNull();
    expect(notCounted.missing.map((entry) => entry.indicator)).toContain('i8');
  });
});

describe('Decision 766/QĐ-TTg satisfaction score below and above 90%', () => {
  it.each([
    [1, 6],
    [0.95, 6],
    [0.9, 6],
    [0.8, 5.333],
    [0.45, 3],
    [0, 0],
  ])('a rate of %s scores %s of 6', (rate, score) => {
    expect(qd766SatisfactionScore(rate)).toBeCloseTo(score, 3);
  });

  it('scores 6 with 9 satisfied dossiers of 10 and 5.33 with 8', () => {
    const make = (unsatisfied: number) =>
      qd766({ received: 10, receivedOnTime: 10, receivedOnTimeUnsatisfied: unsatisfied }, { minN: 1 });
    expect(make(1).groups.satisfaction.metrics[0]).toMatchObject({ ratio: 90, score: 6 });
    expect(make(2).groups.satisfaction.metrics[0]).toMatchObject({ ratio: 80, score: 5.33 });
  });
});
