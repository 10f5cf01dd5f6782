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
