import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config';
import { csat } from '../../shared/indexes/csat';
import { integrity, integrityThresholdsFromConfig } from '../../shared/indexes/integrity';
import { qd766 } from '../../shared/indexes/qd766';
import { sipas } from '../../shared/indexes/sipas';
import { tt01 } from '../../shared/indexes/tt01';

const clean = {
  returned: 100,
  rated: 40,
  integrityRated: 40,
  ratedWithin10Min: 8,
  allTopAnswers: 12,
  commented: 10,
  commentRepeated: 1,
};

describe('integrity of the ratings behind a figure', () => {
  it('gives the response rate and the three shares, unflagged under the thresholds', () => {
    const result = integrity(clean);
    expect(result.responseRate).toBe(0.4);
    expect(result.ratedWithin10Min).toMatchObject({ successes: 8, n: 40, value: 0.2 });
    expect(result.allTopAnswers).toMatchObject({ successes: 12, n: 40, value: 0.3 });
    expect(result.repeatedComments).toMatchObject({ successes: 1, n: 10, value: 0.1 });
    expect(result.flagged).toBe(false);
    expect(result.reasons).toEqual([]);
  });

  it('flags ratings made at the counter, all-top sheets, copied comments and a near-total response rate, each with its reason', () => {
    const result = integrity({
      returned: 50,
      rated: 49,
      integrityRated: 49,
      ratedWithin10Min: 40,
      allTopAnswers: 45,
      commented: 20,
      commentRepeated: 12,
    });
    expect(result.flagged).toBe(true);
    expect(result.reasons.map((reason) => reason.check)).toEqual([
      'responseRate',
      'ratedWithin10Min',
      'allTopAnswers',
      'repeatedComments',
    ]);
    expect(result.reasons[1]!.vi).toContain('trong 10 phút');
    expect(result.reasons[1]!.en).toContain('81.6% of ratings were made within 10 minutes');
  });

  it('flags nothing below the minimum number of ratings', () => {
    const result = integrity({
      returned: 5,
      rated: 5,
      integrityRated: 5,
      ratedWithin10Min: 5,
      allTopAnswers: 5,
    });
    expect(result.flagged).toBe(false);
  });

  it('says the shares are missing when the counters are not produced, instead of showing 0%', () => {
    const result = integrity({ returned: 10, rated: 6 });
    expect(result.ratedWithin10Min).toBeNull();
    expect(result.note?.en).toContain('No integrity counts');
    expect(result.flagged).toBe(false);
  });

  it('reads its thresholds from the configuration', () => {
    const thresholds = integrityThresholdsFromConfig(
      parseConfig({ INTEGRITY_MAX_QUICK_PCT: '10', INTEGRITY_MIN_RATINGS: '5' }),
    );
    expect(thresholds).toMatchObject({ maxQuickShare: 0.1, minRatings: 5, maxAllTopShare: 0.8 });
    expect(integrity(clean, thresholds).reasons.map((reason) => reason.check)).toEqual(['ratedWithin10Min']);
    expect(() => parseConfig({ INTEGRITY_MAX_QUICK_PCT: '150' })).toThrow(/INTEGRITY_MAX_QUICK_PCT/);
  });

  it('travels with the result of every method', () => {
    const counts = { ...clean, ratedWithin10Min: 39 };
    for (const method of [tt01, qd766, sipas, csat]) {
      expect(method(counts, { minN: 1 }).integrity).toMatchObject({ flagged: true, ratingsChecked: 40 });
    }
  });
});

describe('integrity at its thresholds', () => {
  const checks = (counts: Record<string, number>) => integrity(counts).reasons.map((reason) => reason.check);

  it('words every reason with the share and its threshold, in both languages', () => {
    // 49 of 50 = 98%; 40 of 49 = 81.6%; 45 of 49 = 91.8%; 12 of 20 comments = 60%.
    const result = integrity({
      returned: 50,
      rated: 49,
      integrityRated: 49,
      ratedWithin10Min: 40,
      allTopAnswers: 45,
      commented: 20,
      commentRepeated: 12,
    });
    expect(result.reasons).toEqual([
      {
        check: 'responseRate',
        vi: 'Tỷ lệ phản hồi 98% cao bất thường (ngưỡng 95%).',
        en: 'Response rate 98% is unusually high (threshold 95%).',
      },
      {
        check: 'ratedWithin10Min',
        vi: '81.6% đánh giá được thực hiện trong 10 phút sau khi trả kết quả (ngưỡng 50%).',
        en: '81.6% of ratings were made within 10 minutes of the return (threshold 50%).',
      },
      {
        check: 'allTopAnswers',
        vi: '91.8% phiếu chọn mức cao nhất ở mọi câu (ngưỡng 80%).',
        en: '91.8% of answer sheets are top marks on every item (threshold 80%).',
      },
      {
        check: 'repeatedComments',
        vi: '60% ý kiến trùng khớp nguyên văn với ý kiến khác (ngưỡng 20%).',
        en: '60% of comments repeat another word for word (threshold 20%).',
      },
    ]);
    expect(result.responseRate).toBe(0.98);
    expect(result).not.toHaveProperty('note');
  });

  it('flags the response rate from exactly the minimum of ratings, and only above the threshold', () => {
    expect(checks({ returned: 10, rated: 10 })).toEqual(['responseRate']);
    expect(checks({ returned: 9, rated: 9 })).toEqual([]);
    // 19 of 20 = 95%, the threshold itself.
    expect(checks({ returned: 20, rated: 19 })).toEqual([]);
  });

  it('flags a share over exactly the minimum of ratings checked, and only above its threshold', () => {
    const quick = (checked: number, within: number) =>
      checks({ returned: 100, rated: 20, integrityRated: checked, ratedWithin10Min: within });
    expect(quick(10, 6)).toEqual(['ratedWithin10Min']);
    expect(quick(10, 5)).toEqual([]); // 50%, the threshold
    expect(quick(9, 9)).toEqual([]); // too few checked
    const allTop = (checked: number, top: number) =>
      checks({ returned: 100, rated: 20, integrityRated: checked, allTopAnswers: top });
    expect(allTop(10, 9)).toEqual(['allTopAnswers']);
    expect(allTop(10, 8)).toEqual([]); // 80%, the threshold
    expect(allTop(9, 9)).toEqual([]);
  });

  it('flags repeated comments only when more than one repeats, over the threshold, with enough ratings', () => {
    const repeated = (rated: number, commented: number, repeats: number) =>
      checks({ returned: 100, rated, integrityRated: rated, commented, commentRepeated: repeats });
    expect(repeated(20, 5, 2)).toEqual(['repeatedComments']); // 40%
    expect(repeated(20, 2, 1)).toEqual([]); // 50%, but a single repeat
    expect(repeated(20, 10, 2)).toEqual([]); // 20%, the threshold
    expect(repeated(9, 5, 5)).toEqual([]); // too few ratings
  });

  it('gives no share without ratings checked or comments, and says over how many ratings the shares are', () => {
    const partial = integrity({ returned: 10, rated: 6, integrityRated: 4, ratedWithin10Min: 1 });
    expect(partial.ratedWithin10Min).toMatchObject({ successes: 1, n: 4 });
    expect(partial.allTopAnswers).toMatchObject({ successes: 0, n: 4, value: 0 });
    expect(partial.repeatedComments).toBeNull();
    expect(partial.note).toEqual({
      vi: 'Các tỷ lệ tính trên 4/6 đánh giá có số liệu kiểm tra.',
      en: 'The shares are over the 4 of 6 ratings counted for integrity.',
    });
    const none = integrity({ returned: 10, rated: 6 });
    expect(none.allTopAnswers).toBeNull();
    expect(none.note?.vi).toBe(
      'Chưa có số liệu kiểm tra tính trung thực của đánh giá cho kỳ này (bộ đếm chưa được tổng hợp).',
    );
    expect(integrity({})).toEqual({
      responseRate: null,
      ratingsChecked: 0,
      ratedWithin10Min: null,
      allTopAnswers: null,
      repeatedComments: null,
      flagged: false,
      reasons: [],
    });
    expect(integrity({ returned: 3, rated: 2, integrityRated: 2 }).responseRate).toBe(0.6667);
  });

  it('reads every threshold from the configuration in percent', () => {
    expect(
      integrityThresholdsFromConfig(
        parseConfig({
          INTEGRITY_MIN_RATINGS: '5',
          INTEGRITY_MAX_QUICK_PCT: '40',
          INTEGRITY_MAX_ALL_TOP_PCT: '70',
          INTEGRITY_MAX_REPEATED_COMMENT_PCT: '10',
          INTEGRITY_MAX_RESPONSE_RATE_PCT: '90',
        }),
      ),
    ).toEqual({
      minRatings: 5,
      maxQuickShare: 0.4,
      maxAllTopShare: 0.7,
      maxRepeatedCommentShare: 0.1,
      maxResponseRate: 0.9,
    });
  });
});
