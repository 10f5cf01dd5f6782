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
import type { Tt01Result } from '../../indexes/tt01';
import type { Interval } from '../../stats';

/** One metric as the portal shows it. */
export interface MetricView {
  code: string;
  name: Bilingual;
  numerator: number;
  denominator: number;
  ratio: number | null;
  interval95?: Interval | null;
  score: number | null;
  maxScore: number;
}

export interface GroupView {
  code: string;
  name: Bilingual;
  score: number | null;
  maxScore: number;
  metrics: MetricView[];
}

export interface Qd766View {
  groups: GroupView[];
  /** Sum of the group scores shown, with their maximum. */
  score: number | null;
  maxScore: number;
}

/** The 0–100 classification of Decision 766 where a total is shown (DESIGN §4.2). */
export function classify766(percent: number): Bilingual {
  if (percent >= 90) return { vi: 'Xuất sắc', en: 'Excellent' };
  if (percent >= 80) return { vi: 'Tốt', en: 'Good' };
  if (percent >= 70) return { vi: 'Khá', en: 'Fair' };
  if (percent >= 50) return { vi: 'Trung bình', en: 'Average' };
  return { vi: 'Yếu', en: 'Poor' };
}

const bilingual = (name: unknown, code: string): Bilingual =>
  typeof name === 'string'
    ? { vi: name, en: name }
    : name && typeof name === 'object' && 'vi' in name
      ? { vi: String((name as Bilingual).vi), en: String((name as Bilingual).en ?? (name as Bilingual).vi) }
      : { vi: code, en: code };

const sum = (values: (number | null)[]) =>
  values.some((value) => value !== null)
    ? Math.round(values.reduce<number>((total, value) => total + (value ?? 0), 0) * 100) / 100
    : null;

interface NewMetric {
  code: string;
  name?: unknown;
  numerator: number;
  denominator: number;
  ratio: number | null;
  score: number | null;
  maxScore: number;
}
interface NewGroup {
  code: string;
  name?: unknown;
  score: number | null;
  maxScore: number;
  metrics: NewMetric[];
}

export function qd766View(result: MethodResult): Qd766View {
  const rewritten = (result as { groups?: NewGroup[] }).groups;
  let groups: GroupView[];
  if (Array.isArray(rewritten)) {
    groups = rewritten.map((group) => ({
      code: group.code,
      name: bilingual(group.name, group.code),
      score: group.score,
      maxScore: group.maxScore,
      metrics: group.metrics.map((metric) => ({
        code: metric.code,
        name: bilingual(metric.name, metric.code),
        numerator: metric.numerator,
        denominator: metric.denominator,
        ratio: metric.ratio,
        score: metric.score,
        maxScore: metric.maxScore,
      })),
    }));
  } else {
    const today = result as Qd766Result;
    groups = [
      {
        code: 'PROGRESS',
        name: { vi: 'Tiến độ giải quyết', en: 'Processing progress' },
        score: today.timeliness.score,
        maxScore: today.timeliness.maxScore,
        metrics: [
          {
            code: 'DOSSIER_ON_TIME',
            name: { vi: 'Hồ sơ giải quyết đúng hạn', en: 'Dossiers handled on time' },
            numerator: today.timeliness.successes,
            denominator: today.timeliness.n,
            ratio: today.timeliness.value,
            interval95: today.timeliness.interval95,
            score: today.timeliness.score,
            maxScore: today.timeliness.maxScore,
          },
        ],
      },
      {
        code: 'SATISFACTION',
        name: { vi: 'Mức độ hài lòng', en: 'Satisfaction' },
        score: today.satisfaction.score,
        maxScore: today.satisfaction.maxScore,
        metrics: [
          {
            code: 'DOSSIER_RECEIVING_SATISFACTION',
            name: { vi: 'Hài lòng với việc giải quyết hồ sơ', en: 'Satisfaction with dossier handling' },
            numerator: today.satisfaction.successes,
            denominator: today.satisfaction.n,
            ratio: today.satisfaction.value,
            interval95: today.satisfaction.interval95,
            score: today.satisfaction.score,
            maxScore: today.satisfaction.maxScore,
          },
        ],
      },
    ];
  }
  return {
    groups,
    score: sum(groups.map((group) => group.score)),
    maxScore: groups.reduce((total, group) => total + group.maxScore, 0),
  };
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
  const today = result as Tt01Result & { provisional?: boolean };
  const given = today.indicators as Partial<Record<Tt01Code, { score: number | null; n: number }>>;
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
    provisional: today.provisional ?? missing.length > 0,
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

/** Integrity flags travel with the scores once the index methods compute them; none until then. */
export function integrityView(result: MethodResult): IntegrityFlag[] {
  const integrity = (result as { integrity?: { flags?: { code: string; reason?: unknown }[] } }).integrity;
  return (integrity?.flags ?? []).map((flag) => ({
    code: flag.code,
    reason: bilingual(flag.reason, flag.code),
  }));
}
