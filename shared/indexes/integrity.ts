/**
 * Integrity of the ratings behind a figure (DESIGN §4.2): the response rate, the share of ratings made
 * within 10 minutes of the return (given at the counter, under staff's eyes), the share of all-top
 * answer sheets, and the share of comments repeated word for word. A unit is flagged when one passes
 * its configured threshold; the flag and its reason travel with every method's result. All from the
 * additive counters of `./counters.ts` — no IP address or device id is ever stored to do this.
 */
import type { Counts } from '../aggregation/family-contract';
import type { Config } from '../config';
import { count, share, type Share } from './share';

export interface IntegrityThresholds {
  /** Below this many ratings nothing is flagged (too few to tell). */
  minRatings: number;
  /** Shares (0–1) above which the unit is flagged. */
  maxQuickShare: number;
  maxAllTopShare: number;
  maxRepeatedCommentShare: number;
  maxResponseRate: number;
}

export const defaultIntegrityThresholds: IntegrityThresholds = {
  minRatings: 10,
  maxQuickShare: 0.5,
  maxAllTopShare: 0.8,
  maxRepeatedCommentShare: 0.2,
  maxResponseRate: 0.95,
};

export function integrityThresholdsFromConfig(config: Config): IntegrityThresholds {
  return {
    minRatings: config.INTEGRITY_MIN_RATINGS,
    maxQuickShare: config.INTEGRITY_MAX_QUICK_PCT / 100,
    maxAllTopShare: config.INTEGRITY_MAX_ALL_TOP_PCT / 100,
    maxRepeatedCommentShare: config.INTEGRITY_MAX_REPEATED_COMMENT_PCT / 100,
    maxResponseRate: config.INTEGRITY_MAX_RESPONSE_RATE_PCT / 100,
  };
}

export type IntegrityCheck = 'responseRate' | 'ratedWithin10Min' | 'allTopAnswers' | 'repeatedComments';

export interface IntegrityResult {
  /** Ratings ÷ dossiers returned (null when nothing was returned). */
  responseRate: number | null;
  /** Ratings the three shares are over (those counted with the integrity counters). */
  ratingsChecked: number;
  ratedWithin10Min: Share | null;
  allTopAnswers: Share | null;
  /** Of the comments, those identical to an earlier comment of the unit. */
  repeatedComments: Share | null;
  flagged: boolean;
  reasons: { check: IntegrityCheck; vi: string; en: string }[];
  /** Why a share is missing, when it is. */
  note?: { vi: string; en: string };
}

const percent = (value: number) => `${Math.round(value * 1000) / 10}%`;

/** The integrity figures of summed counts, flagged against the thresholds. */
export function integrity(
  counts: Counts,
  thresholds: IntegrityThresholds = defaultIntegrityThresholds,
): IntegrityResult {
  const returned = count(counts, 'returned');
  const rated = count(counts, 'rated');
  const checked = count(counts, 'integrityRated');
  const commented = count(counts, 'commented');
  const responseRate = returned > 0 ? rated / returned : null;
  // Wave-1 ratings know their return day, not its instant: left out of the 10-minute share.
  const quickChecked = checked - count(counts, 'quickUnknown');
  const quick = quickChecked > 0 ? share(count(counts, 'ratedWithin10Min'), quickChecked) : null;
  const allTop = checked > 0 ? share(count(counts, 'allTopAnswers'), checked) : null;
  const repeated = commented > 0 ? share(count(counts, 'commentRepeated'), commented) : null;
  const reasons: IntegrityResult['reasons'] = [];
  const enough = rated >= thresholds.minRatings;
  if (enough && responseRate !== null && responseRate > thresholds.maxResponseRate) {
    reasons.push({
      check: 'responseRate',
      vi: `Tỷ lệ phản hồi ${percent(responseRate)} cao bất thường (ngưỡng ${percent(thresholds.maxResponseRate)}).`,
      en: `Response rate ${percent(responseRate)} is unusually high (threshold ${percent(thresholds.maxResponseRate)}).`,
    });
  }
  const overShare = (value: Share | null, max: number) =>
    value !== null && value.n >= thresholds.minRatings && value.successes / value.n > max;
  if (overShare(quick, thresholds.maxQuickShare)) {
    reasons.push({
      check: 'ratedWithin10Min',
      vi: `${percent(quick!.successes / quick!.n)} đánh giá được thực hiện trong 10 phút sau khi trả kết quả (ngưỡng ${percent(thresholds.maxQuickShare)}).`,
      en: `${percent(quick!.successes / quick!.n)} of ratings were made within 10 minutes of the return (threshold ${percent(thresholds.maxQuickShare)}).`,
    });
  }
  if (overShare(allTop, thresholds.maxAllTopShare)) {
    reasons.push({
      check: 'allTopAnswers',
      vi: `${percent(allTop!.successes / allTop!.n)} phiếu chọn mức cao nhất ở mọi câu (ngưỡng ${percent(thresholds.maxAllTopShare)}).`,
      en: `${percent(allTop!.successes / allTop!.n)} of answer sheets are top marks on every item (threshold ${percent(thresholds.maxAllTopShare)}).`,
    });
  }
  if (
    repeated !== null &&
    enough &&
    repeated.successes / repeated.n > thresholds.maxRepeatedCommentShare &&
    repeated.successes > 1
  ) {
    reasons.push({
      check: 'repeatedComments',
      vi: `${percent(repeated.successes / repeated.n)} ý kiến trùng khớp nguyên văn với ý kiến khác (ngưỡng ${percent(thresholds.maxRepeatedCommentShare)}).`,
      en: `${percent(repeated.successes / repeated.n)} of comments repeat another word for word (threshold ${percent(thresholds.maxRepeatedCommentShare)}).`,
    });
  }
  const note =
    rated > 0 && checked === 0
      ? {
          vi: 'Chưa có số liệu kiểm tra tính trung thực của đánh giá cho kỳ này (bộ đếm chưa được tổng hợp).',
          en: 'No integrity counts for this period yet (the nightly family does not produce them yet).',
        }
      : checked < rated
        ? {
            vi: `Các tỷ lệ tính trên ${checked}/${rated} đánh giá có số liệu kiểm tra.`,
            en: `The shares are over the ${checked} of ${rated} ratings counted for integrity.`,
          }
        : undefined;
  return {
    responseRate: responseRate !== null ? Math.round(responseRate * 10_000) / 10_000 : null,
    ratingsChecked: checked,
    ratedWithin10Min: quick,
    allTopAnswers: allTop,
    repeatedComments: repeated,
    flagged: reasons.length > 0,
    reasons,
    ...(note ? { note } : {}),
  };
}
