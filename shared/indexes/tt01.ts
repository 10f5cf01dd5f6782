/**
 * Circular 01/2018/TT-VPCP art. 13–15: the index of handling administrative procedures, all nine
 * indicators (art. 13 letters a–i), each the mean of 0–2 dossier scores over the dossiers it applies
 * to, from the source the Circular names:
 * - i1 total time against the due date (a) and i2 each agency's time (b): the dossier's dates and
 *   `steps` — early 2, on time 1, late 0 (`./dossier-rules.ts`);
 * - i3 times the applicant came back (c), i4 agencies contacted (d), i7 attitude of the civil
 *   servants (i): the citizen's answers;
 * - i5 reception and return at the one-stop section (đ), i6 publicity of the procedure (e), i9 online
 *   service (g; online dossiers only): the unit's period inputs recorded by an administrator;
 * - i8 feedback received and answered (h): the feedback cases opened — answered by the due date 2,
 *   later 1, not answered 0; none opened (while cases are counted): 2, nothing was left unanswered.
 * The total is the plain sum of the nine means (maximum 18), rounded once, at the end, to two
 * decimals; the art. 15 grade is read on that total, each band's lower edge included. With an
 * indicator missing the grade is **provisional** and the missing ones are named; the total scaled to
 * 18 from fewer indicators is given only as `estimate`, labelled so, never as the grade.
 * tt01 counts a dossier in the period its result was returned.
 */
import type { Counts } from '../aggregation/family-contract';
import { round } from '../stats';
import { count, methodHead, type MethodOptions, type MethodResult, share, type Share } from './common';

export const TT01_MAX_POINTS = 18;
export const TT01_INDICATORS = ['i1', 'i2', 'i3', 'i4', 'i5', 'i6', 'i7', 'i8', 'i9'] as const;
export type Tt01IndicatorName = (typeof TT01_INDICATORS)[number];

export type Tt01Grade = 'Xuất sắc' | 'Tốt' | 'Khá' | 'Trung bình' | 'Yếu';

const GRADE_EN: Record<Tt01Grade, string> = {
  'Xuất sắc': 'Excellent',
  Tốt: 'Good',
  Khá: 'Fair',
  'Trung bình': 'Average',
  Yếu: 'Poor',
};

/** Art. 15 bands of the 18-point total, each lower edge included: 15, 12, 9, 6. */
export function tt01Grade(points: number): Tt01Grade {
  if (points >= 15) return 'Xuất sắc';
  if (points >= 12) return 'Tốt';
  if (points >= 9) return 'Khá';
  if (points >= 6) return 'Trung bình';
  return 'Yếu';
}

type Text = { vi: string; en: string };

/** Name (art. 13 letter) and source of each indicator, both languages. */
export const TT01_INDICATOR_TEXTS: Record<Tt01IndicatorName, { letter: string; name: Text; over: Text }> = {
  i1: {
    letter: 'a',
    name: { vi: 'Tổng thời gian giải quyết so với thời hạn', en: 'Total handling time against the due date' },
    over: { vi: 'hồ sơ đã trả kết quả', en: 'dossiers returned' },
  },
  i2: {
    letter: 'b',
    name: { vi: 'Thời gian thực hiện của từng cơ quan tham gia', en: "Each agency's time" },
    over: { vi: 'bước xử lý của cơ quan', en: "the agency's steps" },
  },
  i3: {
    letter: 'c',
    name: { vi: 'Số lần phải liên hệ để hoàn thiện hồ sơ', en: 'Times the applicant came back' },
    over: { vi: 'hồ sơ được đánh giá', en: 'dossiers rated' },
  },
  i4: {
    letter: 'd',
    name: { vi: 'Số cơ quan phải liên hệ', en: 'Agencies contacted' },
    over: { vi: 'hồ sơ được đánh giá', en: 'dossiers rated' },
  },
  i5: {
    letter: 'đ',
    name: {
      vi: 'Tiếp nhận, trả kết quả tại Bộ phận Một cửa',
      en: 'Reception and return at the one-stop section',
    },
    over: {
      vi: 'hồ sơ đã trả kết quả (số liệu kỳ của đơn vị)',
      en: "dossiers returned (the unit's period input)",
    },
  },
  i6: {
    letter: 'e',
    name: { vi: 'Công khai thủ tục hành chính', en: 'Publicity of the procedure' },
    over: {
      vi: 'hồ sơ đã trả kết quả (số liệu kỳ của đơn vị)',
      en: "dossiers returned (the unit's period input)",
    },
  },
  i7: {
    letter: 'i',
    name: { vi: 'Thái độ của cán bộ, công chức', en: 'Attitude of the civil servants' },
    over: { vi: 'hồ sơ được đánh giá', en: 'dossiers rated' },
  },
  i8: {
    letter: 'h',
    name: { vi: 'Tiếp thu, giải trình phản ánh, kiến nghị', en: 'Feedback received and answered' },
    over: { vi: 'phản ánh, kiến nghị mở trong kỳ', en: 'feedback cases opened' },
  },
  i9: {
    letter: 'g',
    name: {
      vi: 'Tiến độ, chất lượng dịch vụ công trực tuyến',
      en: 'Progress and quality of the online service',
    },
    over: {
      vi: 'hồ sơ nộp trực tuyến (số liệu kỳ của đơn vị)',
      en: "dossiers submitted online (the unit's period input)",
    },
  },
};

export interface Tt01Indicator {
  /** Circular 01/2018/TT-VPCP art. 13 letter. */
  letter: string;
  name: Text;
  /** Mean score 0–2 (two decimals shown; the total sums the exact means). Null without data. */
  score: number | null;
  /** What the mean is over, and how many. */
  over: Text;
  n: number;
  distribution: { 2: number; 1: number; 0: number };
}

export interface Tt01Result extends MethodResult {
  method: 'tt01';
  indicators: Record<Tt01IndicatorName, Tt01Indicator>;
  /** Plain sum of the available means, rounded once to two decimals (of at most 18). */
  total: number | null;
  maxPoints: 18;
  /** True while an indicator has no data: the grade is then only provisional. */
  provisional: boolean;
  missing: { indicator: Tt01IndicatorName; vi: string; en: string }[];
  grade: { vi: Tt01Grade; en: string; provisional: boolean } | null;
  /** Only with missing indicators: the available total scaled to 18 — an estimate, never the grade. */
  estimate: { points: number; grade: { vi: Tt01Grade; en: string }; label: Text } | null;
  /** Dossiers returned on or before the due date (early + on time), as a share with its interval. */
  onTimeOrEarly: Share;
}

interface Tally {
  two: number;
  one: number;
  zero: number;
}

const tallyOf = (counts: Counts, prefix: string): Tally => ({
  two: count(counts, `${prefix}_2`),
  one: count(counts, `${prefix}_1`),
  zero: count(counts, `${prefix}_0`),
});

function indicator(name: Tt01IndicatorName, tally: Tally): Tt01Indicator & { exact: number | null } {
  const n = tally.two + tally.one + tally.zero;
  const exact = n > 0 ? (2 * tally.two + tally.one) / n : null;
  const { letter, name: title, over } = TT01_INDICATOR_TEXTS[name];
  return {
    letter,
    name: title,
    score: exact !== null ? round(exact, 2) : null,
    over,
    n,
    distribution: { 2: tally.two, 1: tally.one, 0: tally.zero },
    exact,
  };
}

/** i8 of a period with no feedback case opened (while cases are counted): 2. */
function withoutFeedback(): Tt01Indicator & { exact: number } {
  return {
    ...indicator('i8', { two: 0, one: 0, zero: 0 }),
    score: 2,
    exact: 2,
    over: {
      vi: 'phản ánh, kiến nghị mở trong kỳ (không có: điểm tối đa)',
      en: 'feedback cases opened (none: full marks)',
    },
  };
}

export function tt01(counts: Counts, options: MethodOptions): Tt01Result {
  const opened = count(counts, 'casesOpened');
  const answeredOnTime = count(counts, 'casesAnsweredOnTime');
  const answeredLate = count(counts, 'casesAnsweredLate');
  const tallies: Record<Tt01IndicatorName, Tally> = {
    i1: { two: count(counts, 'early'), one: count(counts, 'onTime'), zero: count(counts, 'late') },
    i2: tallyOf(counts, 'i2'),
    i3: tallyOf(counts, 'i3'),
    i4: tallyOf(counts, 'i4'),
    i5: tallyOf(counts, 'i5'),
    i6: tallyOf(counts, 'i6'),
    i7: tallyOf(counts, 'i7'),
    i8: {
      two: answeredOnTime,
      one: answeredLate,
      zero: Math.max(0, opened - answeredOnTime - answeredLate),
    },
    i9: tallyOf(counts, 'i9'),
  };
  // No feedback in the period while cases are counted: nothing was left unanswered, full marks (as
  // the portal scores its feedback metrics); while cases are not counted, i8 stays missing.
  const noFeedback = opened === 0 && count(counts, 'feedbackCounted') > 0;
  const computed = TT01_INDICATORS.map(
    (name) =>
      [name, name === 'i8' && noFeedback ? withoutFeedback() : indicator(name, tallies[name])] as const,
  );
  const available = computed.filter(([, value]) => value.exact !== null);
  const missing = computed
    .filter(([, value]) => value.exact === null)
    .map(([name, value]) => ({
      indicator: name,
      vi: `${name} (${value.name.vi}): chưa có dữ liệu — ${value.over.vi}.`,
      en: `${name} (${value.name.en}): no data — ${value.over.en}.`,
    }));
  const exactSum = available.reduce((sum, [, value]) => sum + value.exact!, 0);
  const total = available.length > 0 ? round(exactSum, 2) : null;
  const provisional = missing.length > 0;
  const grade = total !== null ? tt01Grade(total) : null;
  const scaled =
    provisional && available.length > 0
      ? round((exactSum * TT01_MAX_POINTS) / (2 * available.length), 2)
      : null;
  const missingNames = missing.map((entry) => entry.indicator).join(', ');
  const indicators = Object.fromEntries(
    computed.map(([name, { exact: _exact, ...value }]) => [name, value]),
  ) as Record<Tt01IndicatorName, Tt01Indicator>;
  const head = methodHead('tt01', counts, { name: 'total', value: total }, count(counts, 'rated'), options);
  return {
    ...head,
    ...(provisional && head.ranked
      ? {
          ranked: false,
          reason: {
            vi: `Tạm tính: thiếu ${missingNames}.`,
            en: `Provisional: ${missingNames} missing.`,
          },
        }
      : {}),
    indicators,
    total,
    maxPoints: TT01_MAX_POINTS,
    provisional,
    missing,
    grade: grade ? { vi: grade, en: GRADE_EN[grade], provisional } : null,
    estimate:
      scaled !== null
        ? {
            points: scaled,
            grade: { vi: tt01Grade(scaled), en: GRADE_EN[tt01Grade(scaled)] },
            label: {
              vi: `Ước tính, không phải xếp loại chính thức: tổng ${available.length} chỉ số có dữ liệu quy ra thang 18 điểm (thiếu ${missingNames}).`,
              en: `An estimate, not the official grade: the ${available.length} indicators with data scaled to 18 points (${missingNames} missing).`,
            },
          }
        : null,
    onTimeOrEarly: share(count(counts, 'early') + count(counts, 'onTime'), count(counts, 'returned')),
  };
}
