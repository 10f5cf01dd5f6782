import { describe, expect, it } from 'vitest';
import { addCounts } from '../../shared/aggregation/engine';
import type { Counts } from '../../shared/aggregation/family';
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
    const [a] = contributionsOf(satisfactionFamily, ratingItem(makeRating(clean, { overall: 0 })));
    const [b] = contributionsOf(satisfactionFamily, ratingItem(makeRating(complained, { overall: 0 })));
    expect(a!.counts.dissatisfiedOnly).toBe(1);
    expect(b!.counts.dissatisfiedOnly).toBeUndefined();
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

  it('tt01 (Circular 01/2018/TT-VPCP art. 13–15): i1 over every dossier returned, i3/i4/i7 over those rated, total scaled to 18 and graded', () => {
    const result = tt01(counts, { minN: 30 });
    // i1 = (2×4 early + 1×3 on time + 0×3 late) / 10 = 1.1
    expect(result.indicators.i1).toEqual({ score: 1.1, n: 10, distribution: { 2: 4, 1: 3, 0: 3 } });
    // i3 = (2+2+1+0+1+2)/6 = 1.33 → 1.3; i4 = 6/6 = 1.0; i7 = 8/6 → 1.3
    expect(result.indicators.i3.score).toBe(1.3);
    expect(result.indicators.i4.score).toBe(1);
    expect(result.indicators.i7.score).toBe(1.3);
    expect(result.total).toBe(4.7);
    expect(result.maxPoints).toBe(8);
    // 4.7 × 18 / 8 = 10.575 → 10.6: Khá (9 – <12, art. 15)
    expect(result.points18).toBe(10.6);
    expect(result.grade).toEqual({ vi: 'Khá', en: 'Fair' });
    expect(result.scaling.en).toContain('18 ÷ 8');
    expect(result.scaling.vi).toContain('Điều 15');
  });

  it('qd766 (Decision 766/QĐ-TTg, 5.4): the union of "Không hài lòng", complained and late counts each dossier once; rate below 90% scales the 6 points', () => {
    const result = qd766(counts, { minN: 30 });
    // late L1 L2 L3 + complaint O3 = 4; rated 0 and neither late nor complained: O1 = 1 → union 5
    expect(result.satisfaction.unsatisfied).toBe(5);
    expect(result.satisfaction.value).toBe(0.5);
    expect(result.satisfaction.n).toBe(10);
    // 0.5 × 6 / 0.9 = 3.33
    expect(result.satisfaction.score).toBe(3.33);
    // on time = on or before the due date: 4 early + 3 on time → 20 × 7 / 10 = 14
    expect(result.timeliness.score).toBe(14);
    expect(result.timeliness.successes).toBe(7);
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

  it('sipas (Decision 3279/QĐ-BNV): per element the share answering 4 or 5, index the mean of the elements', () => {
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

  it('grades a unit with every dossier early and every answer 2 Xuất sắc at 18 points', () => {
    const dossiers = Array.from({ length: 3 }, (_, i) =>
      makeDossier({ unit: 'u', code: `A${i}`, returned: '2025-05-01', due: '2025-05-09' }),
    );
    const result = tt01(
      countsOf([
        ...dossiers.map(dossierItem),
        ...dossiers.map((d) => ratingItem(makeRating(d, { overall: 2 }))),
      ]),
      { minN: 1 },
    );
    expect(result.points18).toBe(18);
    expect(result.grade?.vi).toBe('Xuất sắc');
  });

  it('leaves out the indicators without data and scales what is left (only i1 without ratings)', () => {
    const dossiers = [
      makeDossier({ unit: 'u', code: 'A', returned: '2025-05-01', due: '2025-05-01' }),
      makeDossier({ unit: 'u', code: 'B', returned: '2025-05-01', due: '2025-05-09' }),
    ];
    const result = tt01(countsOf(dossiers.map(dossierItem)), { minN: 1 });
    // i1 = (1 + 2) / 2 = 1.5 of 2 → 1.5 × 18 / 2 = 13.5: Tốt
    expect(result.indicators.i3.score).toBeNull();
    expect(result.maxPoints).toBe(2);
    expect(result.points18).toBe(13.5);
    expect(result.grade?.vi).toBe('Tốt');
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

  it('scores 6 with 1 unsatisfied dossier of 10 and 5.33 with 2', () => {
    const make = (unsatisfied: number) => {
      const dossiers = Array.from({ length: 10 }, (_, i) =>
        makeDossier({
          unit: 'u',
          code: `D${i}`,
          returned: '2025-05-02',
          due: i < unsatisfied ? '2025-05-01' : '2025-05-03',
        }),
      );
      return qd766(countsOf(dossiers.map(dossierItem)), { minN: 1 });
    };
    expect(make(1).satisfaction).toMatchObject({ value: 0.9, score: 6 });
    expect(make(2).satisfaction).toMatchObject({ value: 0.8, score: 5.33 });
  });
});
