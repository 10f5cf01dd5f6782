/**
 * One adapter per index method: what the pages and the report show, read from the method's result.
 * The index methods are being rewritten (qd766 groups and metrics as the national portal shows them,
 * nine tt01 indicators with a provisional grade, integrity flags); each adapter reads the new shape
 * when it is there and today's otherwise, so the pages keep working as the methods change.
 */
import type { Bilingual } from '../../errors';
import type { MethodResult } from '../../indexes';
import type { CsatResult } from '../../indexes/csat';
import type { Qd766Result } from '../../indexes/qd766';
import { qd766GroupKeys } from '../../indexes/qd766-scorecard';
import type { Tt01Result } from '../../indexes/tt01';
import { type Interval, wilson } from '../../stats';

/** One metric as the portal shows it. */
export interface MetricView {
  /** The portal's code (the progress metric has none on the portal: hailong's key) — never shown. */
  code: string;
  name: Bilingual;
  /** The group the metric belongs to. */
  group: Bilingual;
  numerator: number | null;
  denominator: number;
  /** numerator ÷ denominator as a share 0–1 (the portal shows it in percent, two decimals). */
  ratio: number | null;
  /** 95% Wilson interval of the ratio (DESIGN §4.2: every share with its interval). */
  interval95: Interval | null;
  score: number | null;
  maxScore: number;
  /** maxScore − score: the points the metric cost (null while unscored). */
  lost: number | null;
  /** Why the figure is missing (N/A), when it is. */
  note?: Bilingual;
}

export interface GroupView {
  code: string;
  name: Bilingual;
  /** Null while a metric of the group has no figure (never a sum of some of them). */
  score: number | null;
  maxScore: number;
  metrics: MetricView[];
}

export interface Qd766View {
  /** The portal's six groups, in its order. */
  groups: GroupView[];
  /** The 100-point total, only when all six groups are complete. */
  total: number | null;
  /** While a group is missing: the sum of the complete groups and their maximum, never graded. */
  partial: { score: number; maxScore: number } | null;
  /** The classification of the whole 100-point total; null while groups are missing (never a partial sum). */
  classification: Bilingual | null;
  /** Every metric of the six groups, the most points lost first; unscored (N/A) ones last. */
  byLost: MetricView[];
}

/** The 0–100 classification of Decision 766 where a total is shown (DESIGN §4.2). */
export function classify766(percent: number): Bilingual {
  if (percent >= 90) return { vi: 'Xuất sắc', en: 'Excellent' };
  if (percent >= 80) return { vi: 'Tốt', en: 'Good' };
  if (percent >= 70) return { vi: 'Khá', en: 'Fair' };
  if (percent >= 50) return { vi: 'Trung bình', en: 'Average' };
  return { vi: 'Yếu', en: 'Poor' };
}

export function qd766View(result: MethodResult): Qd766View {
  const { groups, total, partialTotal } = result as Qd766Result;
  const views: GroupView[] = qd766GroupKeys.map((key) => {
    const group = groups[key];
    return {
      code: group.key,
      name: group.name,
      score: group.score,
      maxScore: group.maxScore,
      metrics: group.metrics.map((metric) => ({
        code: metric.code ?? metric.key,
        name: metric.name,
        group: group.name,
        numerator: metric.numerator,
        denominator: metric.denominator,
        ratio: metric.ratio === null ? null : metric.ratio / 100,
        interval95:
          metric.numerator === null || metric.denominator <= 0
            ? null
            : wilson(metric.numerator, metric.denominator),
        score: metric.score,
        maxScore: metric.maxScore,
        lost: metric.lost,
        ...(metric.note ? { note: metric.note } : {}),
      })),
    };
  });
  const metrics = views.flatMap((group) => group.metrics);
  const byLost = metrics
    .map((metric, index) => ({ metric, index }))
    .sort((a, b) => (b.metric.lost ?? -1) - (a.metric.lost ?? -1) || a.index - b.index)
    .map(({ metric }) => metric);
  return {
    groups: views,
    total: total ? total.score : null,
    partial: total || !partialTotal ? null : { score: partialTotal.score, maxScore: partialTotal.maxScore },
    classification:
      total && total.maxScore === 100 ? { vi: total.classification.vi, en: total.classification.en } : null,
    byLost,
  };
}

/** What a Decision 766 ranking sorted by (shared/reports/dashboard-figures.ts `qd766Ranked`). */
export function rankBasisOf(result: MethodResult): { whole: boolean; maxScore: number } | null {
  const basis = (result as { rankBasis?: { whole: boolean; maxScore: number } }).rankBasis;
  return basis ? { whole: basis.whole, maxScore: basis.maxScore } : null;
}

export const TT01_INDICATORS = ['i1', 'i2', 'i3', 'i4', 'i5', 'i6', 'i7', 'i8', 'i9'] as const;
export type Tt01Code = (typeof TT01_INDICATORS)[number];

export interface Tt01View {
  /** The nine indicators of Circular 01/2018/TT-VPCP art. 13, each 0–2 or null (no data yet). */
  indicators: { code: Tt01Code; score: number | null; n: number }[];
  missing: Tt01Code[];
  /** Plain sum of the indicators with data (of 18). */
  total: number | null;
  maxPoints: 18;
  grade: Bilingual | null;
  /** True while any indicator has no data: the grade is then an estimate, never the official one. */
  provisional: boolean;
}

export function tt01View(result: MethodResult): Tt01View {
  const today = result as Tt01Result;
  const given: Partial<Record<Tt01Code, { score: number | null; n: number }>> = today.indicators;
  const indicators = TT01_INDICATORS.map((code) => ({
    code,
    score: given[code]?.score ?? null,
    n: given[code]?.n ?? 0,
  }));
  const missing = indicators.filter((indicator) => indicator.score === null).map((i) => i.code);
  return {
    indicators,
    missing,
    total: today.total,
    maxPoints: 18,
    grade: today.grade ? { vi: today.grade.vi, en: today.grade.en } : null,
    provisional: today.provisional,
  };
}

export interface CsatView {
  satisfied: number | null;
  interval95: Interval | null;
  meanOverall: number | null;
  /** Ratings "Rất hài lòng" (2), "Hài lòng" (1), "Không hài lòng" (0). */
  distribution: { 2: number; 1: number; 0: number };
  n: number;
}

export function csatView(result: MethodResult): CsatView {
  const csat = result as CsatResult;
  return {
    satisfied: csat.satisfied.value,
    interval95: csat.satisfied.interval95,
    meanOverall: csat.meanOverall,
    distribution: csat.distribution,
    n: csat.satisfied.n,
  };
}

export interface IntegrityFlag {
  code: string;
  reason: Bilingual;
}

/** The integrity flags that travel with every method's result (DESIGN §4.2), with their reasons. */
export function integrityView(result: MethodResult): IntegrityFlag[] {
  return result.integrity.reasons.map((reason) => ({
    code: reason.check,
    reason: { vi: reason.vi, en: reason.en },
  }));
}
