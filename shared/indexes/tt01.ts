/**
 * Circular 01/2018/TT-VPCP, art. 13–15: the index of handling administrative procedures. Each
 * indicator is the mean dossier score 0–2, to one decimal:
 * - i1 (time against the due date; art. 13): over every dossier returned — early 2, on time 1, late 0;
 * - i3 (times the applicant came back), i4 (agencies contacted), i7 (attitude of civil servants):
 *   over the dossiers rated, as the citizen scored them.
 * The total is the sum over the indicators available (art. 15 leaves out those without data); the
 * grade applies the art. 15 bands to the total scaled to the 18-point maximum of the full index.
 */
import type { Counts } from '../aggregation/family';
import { round } from '../stats';
import { count, methodHead, type MethodOptions, type MethodResult, share, type Share } from './common';

export const TT01_MAX_POINTS = 18;

export type Tt01Grade = 'Xuất sắc' | 'Tốt' | 'Khá' | 'Trung bình' | 'Yếu';

const GRADE_EN: Record<Tt01Grade, string> = {
  'Xuất sắc': 'Excellent',
  Tốt: 'Good',
  Khá: 'Fair',
  'Trung bình': 'Average',
  Yếu: 'Poor',
};

/** Art. 15 bands on the 18-point scale: ≥15 Xuất sắc, 12–<15 Tốt, 9–<12 Khá, 6–<9 Trung bình, <6 Yếu. */
export function tt01Grade(points18: number): Tt01Grade {
  if (points18 >= 15) return 'Xuất sắc';
  if (points18 >= 12) return 'Tốt';
  if (points18 >= 9) return 'Khá';
  if (points18 >= 6) return 'Trung bình';
  return 'Yếu';
}

export interface Tt01Indicator {
  /** Mean score 0–2, one decimal; null without data. */
  score: number | null;
  /** Dossiers the mean is over. */
  n: number;
  /** How many scored 2, 1 and 0. */
  distribution: { 2: number; 1: number; 0: number };
}

export interface Tt01Result extends MethodResult {
  method: 'tt01';
  indicators: { i1: Tt01Indicator; i3: Tt01Indicator; i4: Tt01Indicator; i7: Tt01Indicator };
  /** Sum of the available indicator scores. */
  total: number | null;
  /** 2 × the number of available indicators. */
  maxPoints: number;
  /** total × 18 ÷ maxPoints, one decimal. */
  points18: number | null;
  grade: { vi: Tt01Grade; en: string } | null;
  scaling: { vi: string; en: string };
  /** Dossiers returned on or before the due date (early + on time), as a share with its interval. */
  onTimeOrEarly: Share;
}

function indicator(two: number, one: number, zero: number): Tt01Indicator {
  const n = two + one + zero;
  return {
    score: n > 0 ? round((2 * two + one) / n, 1) : null,
    n,
    distribution: { 2: two, 1: one, 0: zero },
  };
}

export function tt01(counts: Counts, options: MethodOptions): Tt01Result {
  const rated = (name: string) =>
    indicator(count(counts, `${name}_2`), count(counts, `${name}_1`), count(counts, `${name}_0`));
  const indicators = {
    i1: indicator(count(counts, 'early'), count(counts, 'onTime'), count(counts, 'late')),
    i3: rated('i3'),
    i4: rated('i4'),
    i7: rated('i7'),
  };
  const available = Object.values(indicators).filter((value) => value.score !== null);
  const maxPoints = 2 * available.length;
  const total =
    available.length > 0
      ? round(
          available.reduce((sum, value) => sum + value.score!, 0),
          1,
        )
      : null;
  const points18 = total !== null ? round((total * TT01_MAX_POINTS) / maxPoints, 1) : null;
  const grade = points18 !== null ? tt01Grade(points18) : null;
  const list = Object.entries(indicators)
    .filter(([, value]) => value.score !== null)
    .map(([name]) => name)
    .join(', ');
  return {
    ...methodHead('tt01', counts, { name: 'points18', value: points18 }, count(counts, 'rated'), options),
    indicators,
    total,
    maxPoints,
    points18,
    grade: grade ? { vi: grade, en: GRADE_EN[grade] } : null,
    scaling: {
      vi: `Tổng điểm của ${available.length} chỉ số có dữ liệu (${list || 'không có'}), tối đa ${maxPoints} điểm, quy đổi ra thang ${TT01_MAX_POINTS} điểm: tổng × ${TT01_MAX_POINTS} ÷ ${maxPoints}; xếp loại theo Điều 15 Thông tư 01/2018/TT-VPCP.`,
      en: `Sum of the ${available.length} indicators with data (${list || 'none'}), at most ${maxPoints} points, scaled to ${TT01_MAX_POINTS} points: total × ${TT01_MAX_POINTS} ÷ ${maxPoints}; graded on the bands of Circular 01/2018/TT-VPCP art. 15.`,
    },
    onTimeOrEarly: share(count(counts, 'early') + count(counts, 'onTime'), count(counts, 'returned')),
  };
}
