/**
 * Integrity counters of wave-1 ratings and the shares that read them (issue #10 leftovers; DESIGN
 * §4.2): a wave-1 rating knows its return day, not the return's instant, so it is checked for all-top
 * answers but left out of the 10-minute share's denominator (`quickUnknown`).
 */
import { describe, expect, it } from 'vitest';
import { statelessRatingCounts } from '../../shared/aggregation/satisfaction';
import { integrity } from '../../shared/indexes/integrity';
import type { StoredRatingFacts } from '../../shared/storage/dossier-item';

const legacy: StoredRatingFacts = {
  rid: 'r1',
  unit: 'u1',
  returnedDay: '2025-05-02',
  timeliness: 'onTime',
  complaint: false,
  instrument: 'dossier-rating@1',
  overall: 2,
  i3: 2,
  i4: 2,
  i7: 2,
  ratedAt: '2025-05-02T03:05:00Z',
};

describe('integrity counters of a wave-1 rating', () => {
  it('counts it checked, all-top when every answer is top, and its 10-minute check as unknown', () => {
    expect(statelessRatingCounts(legacy)).toEqual({
      rated: 1,
      overall2: 1,
      i3_2: 1,
      i4_2: 1,
      i7_2: 1,
      integrityRated: 1,
      allTopAnswers: 1,
      quickUnknown: 1,
    });
    expect(statelessRatingCounts({ ...legacy, i4: 1 }).allTopAnswers).toBeUndefined();
  });

  it('leaves wave-1 ratings out of the 10-minute share only: 3 quick of (10 − 4) checked = 3 of 6', () => {
    const result = integrity({
      returned: 12,
      rated: 10,
      integrityRated: 10,
      quickUnknown: 4,
      ratedWithin10Min: 3,
      allTopAnswers: 5,
      commented: 4,
      commentRepeated: 2,
    });
    expect(result.ratedWithin10Min).toMatchObject({ successes: 3, n: 6 });
    expect(result.allTopAnswers).toMatchObject({ successes: 5, n: 10 });
    expect(result.repeatedComments).toMatchObject({ successes: 2, n: 4 });
  });
});
