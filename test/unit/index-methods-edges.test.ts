/**
 * The index methods at their edges: no data at all, exactly `minN` responses, some SIPAS elements
 * unanswered, tt01's on-time-or-early share, and the settings read from the configuration. Expected
 * figures are worked by hand beside them.
 */
import { describe, expect, it } from 'vitest';
import type { Counts } from '../../shared/aggregation/family-contract';
import { parseConfig } from '../../shared/config';
import { denominators, methodOptionsFromConfig, rankability } from '../../shared/indexes/common';
import { csat } from '../../shared/indexes/csat';
import { computeIndex, indexMethods } from '../../shared/indexes/index';
import { qd766 } from '../../shared/indexes/qd766';
import { share } from '../../shared/indexes/share';
import { sipas } from '../../shared/indexes/sipas';
import { TT01_INDICATOR_TEXTS, TT01_INDICATORS, tt01 } from '../../shared/indexes/tt01';

/** Every number in a result (NaN becomes null in JSON, so the values are looked at directly). */
function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbersIn);
  return [];
}

const nothing = { value: null, successes: 0, n: 0, interval95: null };

describe('every method given no data', () => {
  it.each(indexMethods)('%s answers nulls, not NaN, and is not ranked', (method) => {
    const result = computeIndex[method]({}, { minN: 1 });
    expect(result.method).toBe(method);
    expect(result.headline.value).toBeNull();
    expect(result.denominators).toEqual({ dossiersReturned: 0, ratingsReceived: 0, responseRate: null });
    expect(result.ranked).toBe(false);
    expect(result.reason).toEqual({
      vi: 'Chưa đủ dữ liệu: 0 phản hồi, cần ít nhất 1.',
      en: 'Insufficient data: 0 responses, at least 1 needed.',
    });
    expect(numbersIn(result).some(Number.isNaN)).toBe(false);
  });

  it('tt01: no indicator, no total, no grade, no estimate, every indicator named missing', () => {
    const result = tt01({}, { minN: 1 });
    expect(Object.values(result.indicators).map((entry) => [entry.score, entry.n])).toEqual(
      Array(9).fill([null, 0]),
    );
    expect(result.total).toBeNull();
    expect(result.grade).toBeNull();
    expect(result.estimate).toBeNull();
    expect(result.provisional).toBe(true);
    expect(result.missing.map((entry) => entry.indicator)).toEqual([...TT01_INDICATORS]);
    expect(result.onTimeOrEarly).toEqual(nothing);
  });

  it('qd766: every metric N/A with its reason, no group score, ratio or partial score', () => {
    const result = qd766({}, { minN: 1 });
    for (const group of Object.values(result.groups)) {
      expect(group).toMatchObject({ score: null, ratio: null });
      expect(group).not.toHaveProperty('partialScore');
      for (const metric of group.metrics) {
        expect(metric).toMatchObject({ numerator: null, denominator: 0, ratio: null, score: null });
      }
    }
    expect(result.groups.progress.metrics[0]!.note!.vi).toContain('Không có hồ sơ tiếp nhận trong kỳ');
    expect(result.groups.satisfaction.metrics[1]!.note!.en).toBe(
      'Feedback cases are not aggregated for this period yet (N/A).',
    );
    expect(result.dossiers).toEqual({
      received: 0,
      onTime: 0,
      inProgress: 0,
      late: 0,
      lateMultipleSupplements: 0,
      withdrawn: 0,
    });
  });

  it('sipas and csat: no share, no index, no mean', () => {
    const s = sipas({}, { minN: 1 });
    expect(s.index).toBeNull();
    expect(s.respondents).toBe(0);
    for (const element of Object.values(s.elements)) expect(element).toMatchObject(nothing);
    const c = csat({}, { minN: 1 });
    expect(c.satisfied).toEqual(nothing);
    expect(c.meanOverall).toBeNull();
    expect(c.distribution).toEqual({ 2: 0, 1: 0, 0: 0 });
  });
});

describe('ranked from exactly minN responses', () => {
  /** Nine tt01 indicators with data and `rated` ratings. */
  function complete(rated: number): Counts {
    const counts: Counts = { rated, returned: rated, early: rated, casesOpened: 1, casesAnsweredOnTime: 1 };
    for (const name of ['i2', 'i3', 'i4', 'i5', 'i6', 'i7', 'i9']) counts[`${name}_2`] = 1;
    return counts;
  }

  it.each([
    ['csat', (n: number) => csat({ rated: n, overall2: n }, { minN: 5 })],
    ['sipas', (n: number) => sipas({ sipasAny: n, s1_n: n, s1_hi: n }, { minN: 5 })],
    ['qd766', (n: number) => qd766({ received: n, receivedOnTime: n }, { minN: 5 })],
    ['tt01', (n: number) => tt01(complete(n), { minN: 5 })],
  ] as const)('%s: 5 responses of minN 5 is ranked, 4 is not', (_name, result) => {
    expect(result(5).ranked).toBe(true);
    expect(result(5).reason).toBeUndefined();
    expect(result(4).ranked).toBe(false);
    expect(result(4).reason!.en).toBe('Insufficient data: 4 responses, at least 5 needed.');
  });

  it('states the numbers in the reason in both languages', () => {
    expect(rankability(29, 30)).toEqual({
      ranked: false,
      reason: {
        vi: 'Chưa đủ dữ liệu: 29 phản hồi, cần ít nhất 30.',
        en: 'Insufficient data: 29 responses, at least 30 needed.',
      },
    });
    expect(rankability(30, 30)).toEqual({ ranked: true });
  });
});

describe('tt01 on-time-or-early share', () => {
  it('counts early and on-time dossiers together out of those returned, with its interval', () => {
    // 3 early + 2 on time of 10 returned = 0.5; Wilson 5 of 10 = [0.2366, 0.7634].
    const result = tt01({ returned: 10, early: 3, onTime: 2, late: 5 }, { minN: 1 });
    expect(result.onTimeOrEarly).toEqual({
      value: 0.5,
      successes: 5,
      n: 10,
      interval95: { low: 0.2366, high: 0.7634 },
    });
  });

  it('names each missing indicator with what its mean is over, both languages', () => {
    const result = tt01({ returned: 2, early: 2 }, { minN: 1 });
    expect(result.missing[0]).toEqual({
      indicator: 'i2',
      vi: 'i2 (Thời gian thực hiện của từng cơ quan tham gia): chưa có dữ liệu — bước xử lý của cơ quan.',
      en: "i2 (Each agency's time): no data — the agency's steps.",
    });
    // i1 alone: 2 of 2, the estimate scales 2 to 18 from one indicator.
    expect(result.estimate).toEqual({
      points: 18,
      grade: { vi: 'Xuất sắc', en: 'Excellent' },
      label: {
        vi: 'Ước tính, không phải xếp loại chính thức: tổng 1 chỉ số có dữ liệu quy ra thang 18 điểm (thiếu i2, i3, i4, i5, i6, i7, i8, i9).',
        en: 'An estimate, not the official grade: the 1 indicators with data scaled to 18 points (i2, i3, i4, i5, i6, i7, i8, i9 missing).',
      },
    });
    // Not ranked for too few ratings first: that reason stays.
    expect(result.reason!.en).toBe('Insufficient data: 0 responses, at least 1 needed.');
  });

  it('names every indicator by its letter of Circular 01/2018/TT-VPCP art. 13, in both languages', () => {
    expect(TT01_INDICATORS.map((name) => TT01_INDICATOR_TEXTS[name].letter)).toEqual([
      'a',
      'b',
      'c',
      'd',
      'đ',
      'e',
      'i',
      'h',
      'g',
    ]);
    const result = tt01({}, { minN: 1 });
    for (const name of TT01_INDICATORS) {
      const { letter, name: title, over } = result.indicators[name];
      expect(letter).toBe(TT01_INDICATOR_TEXTS[name].letter);
      for (const text of [title.vi, title.en, over.vi, over.en]) expect(text.length).toBeGreaterThan(5);
    }
  });
});

describe('tt01 provisional and i8', () => {
  it('does not rank a unit with enough ratings while an indicator is missing, and says which', () => {
    const result = tt01({ rated: 3, returned: 3, early: 3, i3_2: 3, i4_2: 3, i7_2: 3 }, { minN: 3 });
    expect(result.headline).toEqual({ name: 'total', value: 8 });
    expect(result.ranked).toBe(false);
    expect(result.reason).toEqual({
      vi: 'Tạm tính: thiếu i2, i5, i6, i8, i9.',
      en: 'Provisional: i2, i5, i6, i8, i9 missing.',
    });
  });

  it('scores i8 from the cases opened even once cases are counted', () => {
    // 2 opened, 1 answered on time: (2 + 0) / 2 = 1, not the full marks of a period without cases.
    const result = tt01({ feedbackCounted: 5, casesOpened: 2, casesAnsweredOnTime: 1 }, { minN: 1 });
    expect(result.indicators.i8).toMatchObject({ score: 1, n: 2, distribution: { 2: 1, 1: 0, 0: 1 } });
  });
});

describe('tt01 grades in both languages', () => {
  /** The nine indicators each at the mean `score` (0, 1 or 2) over one dossier, rating and case. */
  function allAt(score: 0 | 1 | 2): Counts {
    const counts: Counts = { rated: 1, returned: 1, casesOpened: 1 };
    counts[['late', 'onTime', 'early'][score]!] = 1;
    if (score === 2) counts.casesAnsweredOnTime = 1;
    if (score === 1) counts.casesAnsweredLate = 1;
    for (const name of ['i2', 'i3', 'i4', 'i5', 'i6', 'i7', 'i9']) counts[`${name}_${score}`] = 1;
    return counts;
  }

  it.each([
    [2, 18, 'Xuất sắc', 'Excellent'],
    [1, 9, 'Khá', 'Fair'],
    [0, 0, 'Yếu', 'Poor'],
  ] as const)('nine means of %i total %i: %s (%s), final', (score, total, vi, en) => {
    const result = tt01(allAt(score), { minN: 1 });
    expect(result.total).toBe(total);
    expect(result.grade).toEqual({ vi, en, provisional: false });
  });

  it('says what i8 is over when no case was opened', () => {
    expect(tt01({ feedbackCounted: 1 }, { minN: 1 }).indicators.i8.over).toEqual({
      vi: 'phản ánh, kiến nghị mở trong kỳ (không có: điểm tối đa)',
      en: 'feedback cases opened (none: full marks)',
    });
  });
});

describe('sipas with some elements unanswered', () => {
  it('averages only the elements with answers, and gives the others no share', () => {
    // s1: 3 of 4 (0.75); s2: 1 of 3; s3–s5 unanswered. Index = (0.75 + 1/3) / 2 = 0.541666… → 0.5417.
    const result = sipas({ sipasAny: 4, s1_n: 4, s1_hi: 3, s2_n: 3, s2_hi: 1 }, { minN: 1 });
    expect(result.index).toBe(0.5417);
    expect(result.headline).toEqual({ name: 'index', value: 0.5417 });
    expect(result.elements.s1).toMatchObject({ value: 0.75, successes: 3, n: 4 });
    expect(result.elements.s3).toEqual({
      ...nothing,
      name: { vi: 'Công chức giải quyết', en: 'The civil servants' },
    });
    expect(result.elements.s5.name).toEqual({
      vi: 'Tiếp nhận, xử lý góp ý, phản ánh',
      en: 'Handling of feedback',
    });
    expect(result.respondents).toBe(4);
  });

  it('averages the exact element shares and rounds once', () => {
    // Three elements at 2/3 and one at 1/3: (3 × 2/3 + 1/3) / 4 = 7/12 = 0.583333 → 0.5833.
    const result = sipas(
      { sipasAny: 3, s1_n: 3, s1_hi: 2, s2_n: 3, s2_hi: 2, s3_n: 3, s3_hi: 2, s4_n: 3, s4_hi: 1 },
      { minN: 1 },
    );
    expect(result.index).toBe(0.5833);
  });
});

describe('integrity thresholds given to a method', () => {
  it('flags with the thresholds given, not the defaults', () => {
    // 3 of 10 ratings within 10 minutes: under the default 50%, over a 20% threshold.
    const counts = { returned: 100, rated: 10, integrityRated: 10, ratedWithin10Min: 3 };
    expect(csat(counts, { minN: 1 }).integrity.flagged).toBe(false);
    const strict = {
      minRatings: 10,
      maxQuickShare: 0.2,
      maxAllTopShare: 0.8,
      maxRepeatedCommentShare: 0.2,
      maxResponseRate: 0.95,
    };
    expect(csat(counts, { minN: 1, integrity: strict }).integrity.flagged).toBe(true);
  });
});

describe('csat mean and shares', () => {
  it('gives the mean overall score on 0–2 and the satisfied share, both rounded', () => {
    // 2 × 2 + 1 × 3 + 0 × 2 = 7 over 7 ratings = 1; satisfied 5 of 7 = 0.7143.
    const result = csat({ overall2: 2, overall1: 3, overall0: 2 }, { minN: 1 });
    expect(result.meanOverall).toBe(1);
    expect(result.satisfied).toMatchObject({ value: 0.7143, successes: 5, n: 7 });
    expect(result.headline).toEqual({ name: 'satisfied.value', value: 0.7143 });
    // 2 × 1 + 2 = 4 over 3 = 1.3333 → 1.33
    expect(csat({ overall2: 1, overall1: 2 }, { minN: 1 }).meanOverall).toBe(1.33);
  });
});

describe('shares and denominators', () => {
  it('rounds a share and its interval to four decimals', () => {
    // 1 of 3 = 0.33333; Wilson 1 of 3 = [0.0615, 0.7923].
    expect(share(1, 3)).toEqual({
      value: 0.3333,
      successes: 1,
      n: 3,
      interval95: { low: 0.0615, high: 0.7923 },
    });
  });

  it('gives the response rate of ratings over returned dossiers, four decimals', () => {
    expect(denominators({ returned: 3, rated: 2 })).toEqual({
      dossiersReturned: 3,
      ratingsReceived: 2,
      responseRate: 0.6667,
    });
  });
});

describe('method options from the configuration', () => {
  it('reads minN, the integrity thresholds and both Decision 766 settings', () => {
    const options = methodOptionsFromConfig(
      parseConfig({ MIN_N: '12', QD766_MULTIPLE_SUPPLEMENTS_LATE: 'off', QD766_IN_PROGRESS_ON_TIME: 'off' }),
    );
    expect(options.minN).toBe(12);
    expect(options.qd766).toEqual({ multipleSupplementsLate: false, inProgressCountsOnTime: false });
    expect(options.integrity.minRatings).toBe(10);
    const on = methodOptionsFromConfig(
      parseConfig({ QD766_MULTIPLE_SUPPLEMENTS_LATE: 'on', QD766_IN_PROGRESS_ON_TIME: 'on' }),
    );
    expect(on.qd766).toEqual({ multipleSupplementsLate: true, inProgressCountsOnTime: true });
    // The formula description's reading (item 2.1): only dossiers never finished nor returned.
    const unfinished = methodOptionsFromConfig(
      parseConfig({ QD766_MULTIPLE_SUPPLEMENTS_LATE: 'unfinished' }),
    );
    expect(unfinished.qd766).toEqual({
      multipleSupplementsLate: true,
      multipleSupplementsScope: 'unfinished',
      inProgressCountsOnTime: true,
    });
    expect(() => parseConfig({ QD766_MULTIPLE_SUPPLEMENTS_LATE: 'sometimes' })).toThrow();
  });

  it('gives a feedback case 15 working days by default, the time Decision 766 item 5.2 scores against', () => {
    expect(parseConfig({}).FEEDBACK_WORKING_DAYS).toBe(15);
    expect(parseConfig({ FEEDBACK_WORKING_DAYS: '10' }).FEEDBACK_WORKING_DAYS).toBe(10);
  });
});
