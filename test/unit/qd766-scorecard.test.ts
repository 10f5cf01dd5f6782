/**
 * The scorecard's rules at their edges, every expected value worked by hand (the portal's own figures
 * are the check of test/unit/qd766-scorecard-portal.test.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  QD766_SCORECARD,
  qd766Classify,
  qd766FractionScore,
  qd766Metric,
  qd766MetricRules,
  qd766RateScore,
  qd766RatioScore,
  qd766Scorecard,
} from '../../shared/indexes/qd766-scorecard';

const rule = (key: string) => qd766MetricRules.get(key)!;

/** Every metric known: numerator = denominator (full marks), so a test changes only what it looks at. */
function allFull(): Record<string, { numerator: number; denominator: number }> {
  return Object.fromEntries(
    [...qd766MetricRules.keys()].map((key) => [key, { numerator: 10, denominator: 10 }]),
  );
}

describe('the six groups', () => {
  it('are keyed as the portal keys them, with its maxima: 18 + 20 + 12 + 10 + 18 + 22 = 100', () => {
    expect(QD766_SCORECARD.map((group) => [group.key, group.maxScore])).toEqual([
      ['transparency', 18],
      ['progress', 20],
      ['onlineService', 12],
      ['payment', 10],
      ['satisfaction', 18],
      ['digitized', 22],
    ]);
    for (const group of QD766_SCORECARD) {
      expect(
        group.metrics.reduce((sum, metric) => sum + metric.maxScore, 0),
        group.key,
      ).toBe(group.maxScore);
    }
  });

  it('takes the three procedure-publication metrics province-wide, every other one per unit', () => {
    const province = [...qd766MetricRules.values()].filter((entry) => entry.scope === 'province');
    expect(province.map((entry) => entry.code)).toEqual([
      'PUBLISH_ON_TIME',
      'PUBLIC_UPDATE_ON_TIME',
      'PUBLIC_CONTENT_FULL',
    ]);
  });
});

describe('a metric', () => {
  it('is linear without a threshold: progress 1/3 → 33.33% → 20 × 0.3333 = 6.666 → 6.67, lost 13.33', () => {
    expect(qd766Metric(rule('progress.onTime'), { numerator: 1, denominator: 3 })).toMatchObject({
      ratio: 33.33,
      score: 6.67,
      maxScore: 20,
      lost: 13.33,
    });
  });

  it.each([
    // [metric, numerator, denominator, score]: max × min(1, rate ÷ T).
    ['digitized.reusedData', 40, 100, 1], // 2 × 0.40 ÷ 0.80
    ['digitized.reusedData', 80, 100, 2], // at the threshold: full marks
    ['digitized.reusedData', 7999, 10_000, 2], // 79.99% → 2 × 0.7999 ÷ 0.8 = 1.99975 → 2.00
    ['digitized.reusedData', 7990, 10_000, 2], // 79.90% → 1.9975 → 2.00 (half up)
    ['digitized.reusedData', 7900, 10_000, 1.98], // 1.975 → 1.98
    ['digitized.reusedData', 95, 100, 2], // above: capped
    ['onlineService.onlineDossiers', 25, 100, 3], // 6 × 0.25 ÷ 0.5
    ['onlineService.onlineDossiers', 50, 100, 6],
    ['onlineService.fullyOnline', 53, 81, 1.64], // 65.43% → 2 × 0.6543 ÷ 0.8 = 1.63575 → 1.64 (Hà Nội)
    ['satisfaction.dossier', 45, 100, 3], // 6 × 0.45 ÷ 0.9
    ['satisfaction.dossier', 90, 100, 6],
    ['payment.proceduresPaidOnline', 11, 17, 1.62], // 64.71% → 2.5 × 0.6471 = 1.61775 → 1.62
    ['digitized.digitized', 60, 100, 2.4], // linear, whatever the description's 80% note says
  ])('%s %i / %i scores %d', (key, numerator, denominator, score) => {
    expect(qd766Metric(rule(key), { numerator, denominator }).score).toBe(score);
  });

  it('scores the ratio the portal shows, rounding a half up: 1464 / 1529 = 95.75% → 6 × 0.9575 = 5.745 → 5.75', () => {
    // The unrounded rate gives 5.7449 → 5.74; the portal shows 5.75 (Đắk Lắk unit H15.157's payment 7.46).
    expect(qd766RateScore(rule('payment.dossiersPaidOnline'), 1464 / 1529)).toBeLessThan(5.745);
    expect(
      qd766Metric(rule('payment.dossiersPaidOnline'), { numerator: 1464, denominator: 1529 }),
    ).toMatchObject({
      ratio: 95.75,
      score: 5.75,
    });
    // 6 × 95.75 ÷ 100 is the double 5.745000…01 → 5.75; 2 × 23.40 ÷ 80 is 0.584999…96 → 0.58, as the
    // portal rounds it (Đắk Lắk H15.104: payment 5.01 + 1.49 + 0.58 = 7.08, not 7.09).
    expect(qd766RatioScore({ maxScore: 6, threshold: 1 }, 9575)).toBe(5.75);
    expect(qd766RatioScore({ maxScore: 2, threshold: 0.8 }, 2340)).toBe(0.58);
    expect(
      qd766Metric(rule('payment.feeProceduresWithDossiers'), { numerator: 11, denominator: 47 }).score,
    ).toBe(0.58);
    expect(qd766RatioScore({ maxScore: 6, threshold: 0.9 }, 9000)).toBe(6);
    expect(qd766RatioScore({ maxScore: 6, threshold: 0.9 }, 8999)).toBe(6); // 5.9993 → 6.00
    expect(qd766RatioScore({ maxScore: 6, threshold: 0.9 }, 8990)).toBe(5.99); // 5.99333
  });

  it('scores the exact rate where the portal publishes the metric: 523 / 1909 → 2 × 0.27397 ÷ 0.8 = 0.6849 → 0.68', () => {
    // The shown ratio 27.40% would give 0.685 → 0.69; the portal shows 0.68 (Đắk Lắk unit H15.184).
    expect(qd766Metric(rule('digitized.reusedData'), { numerator: 523, denominator: 1909 })).toMatchObject({
      ratio: 27.4,
      score: 0.68,
    });
    expect(rule('digitized.reusedData').basis).toBe('rate');
    expect(rule('payment.dossiersPaidOnline').basis).toBe('shownRatio');
    expect(qd766FractionScore({ maxScore: 6, threshold: 1 }, 1, 8)).toBe(0.75);
    expect(qd766FractionScore({ maxScore: 6, threshold: 0.9 }, 9, 10)).toBe(6);
    expect(qd766FractionScore({ maxScore: 6, threshold: 0.9 }, 899, 1000)).toBe(5.99); // 5.99333
  });

  it.each([
    // An empty denominator as the portal scores it: [metric, score, ratio shown].
    ['progress.onTime', 0, 0],
    ['satisfaction.dossier', 0, 0],
    ['transparency.dossierSync', 0, 0],
    ['payment.dossiersPaidOnline', 0, 0],
    ['onlineService.fullyOnline', 0, 0],
    ['satisfaction.petitionOnTime', 6, 0],
    ['satisfaction.petitionHandling', 6, 0],
    ['digitized.electronicCertifiedCopy', 2, 100],
  ])('with nothing to count, %s scores %d (ratio shown %d)', (key, score, ratio) => {
    const metric = qd766Metric(rule(key), { numerator: 0, denominator: 0 });
    expect(metric).toMatchObject({
      numerator: 0,
      denominator: 0,
      ratio,
      score,
      lost: rule(key).maxScore - score,
    });
    expect(metric.note?.en).toContain(score > 0 ? 'full marks' : '0 points');
  });

  it('is unknown (N/A), not 0, without figures: no score, no points lost', () => {
    for (const input of [
      undefined,
      { numerator: null, denominator: null },
      { numerator: null, denominator: 5 },
    ]) {
      expect(qd766Metric(rule('progress.onTime'), input)).toMatchObject({
        ratio: null,
        score: null,
        lost: null,
      });
    }
    expect(qd766Metric(rule('progress.onTime'), undefined).note?.en).toContain('N/A');
  });
});

describe('a group and the total', () => {
  it('adds the rounded metric scores: 5.90 + 2.98 + 2.30 = 11.18 (unrounded 11.19), Đắk Lắk satisfaction', () => {
    const card = qd766Scorecard({
      'satisfaction.dossier': { numerator: 392_869, denominator: 443_565 },
      'satisfaction.petitionOnTime': { numerator: 241, denominator: 485 },
      'satisfaction.petitionHandling': { numerator: 186, denominator: 485 },
    });
    expect(card.groups.satisfaction.metrics.map((metric) => metric.score)).toEqual([5.9, 2.98, 2.3]);
    expect(card.groups.satisfaction.score).toBe(11.18);
    expect(card.groups.satisfaction.missing).toEqual([]);
  });

  it('grades the whole 100 points only: all six complete → total and classification', () => {
    const card = qd766Scorecard(allFull());
    expect(card.total).toEqual({
      score: 100,
      maxScore: 100,
      classification: { grade: 'excellent', vi: 'Xuất sắc', en: 'Excellent' },
    });
    expect(card.partialTotal).toBeNull();
  });

  it('never grades a partial sum: one metric unknown → its group partial, the total null, partialTotal ungraded', () => {
    const inputs = allFull();
    delete inputs['digitized.personalStorage'];
    const card = qd766Scorecard(inputs);
    expect(card.groups.digitized).toMatchObject({
      score: null,
      partialScore: 18,
      missing: ['digitized.personalStorage'],
    });
    expect(card.total).toBeNull();
    expect(card.partialTotal).toEqual({ score: 78, maxScore: 78, missing: ['digitized'] });
    expect(card.partialTotal).not.toHaveProperty('classification');
  });

  it('shows no partial score for a group with nothing known', () => {
    const card = qd766Scorecard({});
    expect(card.groups.payment.score).toBeNull();
    expect(card.groups.payment).not.toHaveProperty('partialScore');
    expect(card.partialTotal).toEqual({
      score: 0,
      maxScore: 0,
      missing: ['transparency', 'progress', 'onlineService', 'payment', 'satisfaction', 'digitized'],
    });
  });

  it.each([
    [100, 'excellent', 'Xuất sắc'],
    [90, 'excellent', 'Xuất sắc'],
    [89.99, 'good', 'Tốt'],
    [80, 'good', 'Tốt'],
    [79.99, 'fair', 'Khá'],
    [70, 'fair', 'Khá'],
    [69.99, 'average', 'Trung bình'],
    [50, 'average', 'Trung bình'],
    [49.99, 'poor', 'Yếu / Kém'],
    [0, 'poor', 'Yếu / Kém'],
  ])('classifies %d as %s (%s)', (total, grade, vi) => {
    expect(qd766Classify(total)).toMatchObject({ grade, vi });
  });
});
