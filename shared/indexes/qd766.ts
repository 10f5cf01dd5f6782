/**
 * Decision 766/QĐ-TTg (23 June 2022), the index of serving people and businesses, as the national
 * public service portal (Cổng DVCQG) computes and shows it ("Mô tả công thức tính chỉ số 766"; the
 * portal's figures for Đắk Lắk are the check, test/unit/qd766.test.ts):
 * - a dossier counts in the period it was **received**; the denominator is every dossier received and
 *   not withdrawn, finished or not (per-dossier status: `./dossier-rules.ts`);
 * - group "Tiến độ giải quyết" (20): 20 × on time ÷ received, where on time is "đã và đang xử lý đúng
 *   hạn hoặc trong hạn" — dossiers still within their extended due date count (a setting);
 * - group "Mức độ hài lòng" (18): dossier satisfaction, component 5.4 (6: rate = on-time dossiers not
 *   rated "Không hài lòng" and not complained about ÷ received; 6 at or above 90%, else rate × 6 ÷ 90%)
 *   + feedback handled on time (6 × answered by the due date ÷ cases opened) + satisfaction with the
 *   handling (6 × satisfied ÷ cases opened), the cases of DESIGN §4.4 — a unit with no case opened
 *   gets full marks on both, as the portal scores it (its Đắk Lắk units show ratio 0, score 6);
 * - rounding as the portal shows it: each ratio in percent and each metric score to two decimals;
 *   a group's score is the sum of its metrics' rounded scores (5.90 + 2.98 + 2.30 = 11.18, where the
 *   unrounded sum would give 11.19).
 */
import type { Counts } from '../aggregation/family-contract';
import { round } from '../stats';
import { count, defaultQd766Options, methodHead, type MethodOptions, type MethodResult } from './common';

export const QD766_PROGRESS_MAX = 20;
export const QD766_SATISFACTION_GROUP_MAX = 18;
export const QD766_METRIC_MAX = 6;
export const QD766_SATISFACTION_THRESHOLD = 0.9;

type Text = { vi: string; en: string };

/** One metric as the portal shows it. */
export interface PortalMetric {
  /** hailong's stable key. */
  key:
    | 'progress.onTime'
    | 'satisfaction.dossier'
    | 'satisfaction.petitionOnTime'
    | 'satisfaction.petitionHandling';
  /**
   * The portal's metric code. The portal shows the progress group's on-time metric without a code (its
   * API answers `totalOnTime` / `totalReceived`), so that one is null.
   */
  code: string | null;
  name: Text;
  numerator: number | null;
  denominator: number;
  /** numerator ÷ denominator in percent, two decimals (null when the denominator is 0: "N/A"). */
  ratio: number | null;
  score: number | null;
  maxScore: number;
  /** Why the figure is missing, when it is. */
  note?: Text;
}

export interface PortalGroup {
  key: 'progress' | 'satisfaction';
  name: Text;
  /** Sum of the metrics' rounded scores; null while one of them is missing. */
  score: number | null;
  maxScore: number;
  /** score ÷ maxScore in percent, two decimals (a one-metric group: the metric's ratio). */
  ratio: number | null;
  metrics: PortalMetric[];
  /** When a metric is missing: the sum of those present, never to be read as the group's score. */
  partialScore?: number;
  missing: PortalMetric['key'][];
}

export interface Qd766Result extends MethodResult {
  method: 'qd766';
  /** The received dossiers by status (as of the last night aggregated). */
  dossiers: {
    received: number;
    onTime: number;
    inProgress: number;
    late: number;
    /** Of the late: asked for supplements more than once. */
    lateMultipleSupplements: number;
    withdrawn: number;
  };
  groups: { progress: PortalGroup; satisfaction: PortalGroup };
  /** The portal's total (0–100) needs all six groups; hailong computes two of them (38 points). */
  total: null;
  totalNote: Text;
  rules: Text;
}

/** Component 5.4 score: 6 at or above a 90% rate, proportional below it. */
export function qd766SatisfactionScore(rate: number): number {
  return rate >= QD766_SATISFACTION_THRESHOLD
    ? QD766_METRIC_MAX
    : (rate * QD766_METRIC_MAX) / QD766_SATISFACTION_THRESHOLD;
}

export type Qd766Classification = 'Xuất sắc' | 'Tốt' | 'Khá' | 'Trung bình' | 'Yếu';

const CLASSIFICATION_EN: Record<Qd766Classification, string> = {
  'Xuất sắc': 'Excellent',
  Tốt: 'Good',
  Khá: 'Fair',
  'Trung bình': 'Average',
  Yếu: 'Poor',
};

/** The portal's classification of a 0–100 total: ≥ 90, ≥ 80, ≥ 70, ≥ 50, else Yếu. */
export function qd766Classification(total: number): { vi: Qd766Classification; en: string } {
  const vi: Qd766Classification =
    total >= 90 ? 'Xuất sắc' : total >= 80 ? 'Tốt' : total >= 70 ? 'Khá' : total >= 50 ? 'Trung bình' : 'Yếu';
  return { vi, en: CLASSIFICATION_EN[vi] };
}

function metric(
  head: Omit<PortalMetric, 'numerator' | 'ratio' | 'score' | 'note'>,
  numerator: number,
  scoreOf: (rate: number) => number,
  missing: Text,
  /** The portal's answer to an empty denominator, when it gives one (feedback: full marks). */
  whenEmpty?: Pick<PortalMetric, 'numerator' | 'ratio' | 'score' | 'note'>,
): PortalMetric {
  if (head.denominator <= 0 && whenEmpty) return { ...head, ...whenEmpty };
  if (head.denominator <= 0) return { ...head, numerator: null, ratio: null, score: null, note: missing };
  const rate = numerator / head.denominator;
  return { ...head, numerator, ratio: round(rate * 100, 2), score: round(scoreOf(rate), 2) };
}

function group(key: PortalGroup['key'], name: Text, maxScore: number, metrics: PortalMetric[]): PortalGroup {
  const present = metrics.filter((entry) => entry.score !== null);
  const sum = round(
    present.reduce((total, entry) => total + entry.score!, 0),
    2,
  );
  const missing = metrics.filter((entry) => entry.score === null).map((entry) => entry.key);
  const complete = missing.length === 0;
  return {
    key,
    name,
    score: complete ? sum : null,
    maxScore,
    // One metric: its own ratio, as the portal shows the progress group (88.62, not 17.72 ÷ 20 = 88.6).
    ratio: !complete ? null : metrics.length === 1 ? metrics[0]!.ratio : round((sum / maxScore) * 100, 2),
    metrics,
    ...(complete || present.length === 0 ? {} : { partialScore: sum }),
    missing,
  };
}

const NO_DOSSIERS: Text = {
  vi: 'Không có hồ sơ tiếp nhận trong kỳ, hoặc số liệu theo ngày tiếp nhận chưa được tổng hợp (N/A).',
  en: 'No dossier received in the period, or received-day counts are not aggregated yet (N/A).',
};
const NO_CASES: Text = {
  vi: 'Số liệu phản ánh, kiến nghị chưa được tổng hợp cho kỳ này (N/A).',
  en: 'Feedback cases are not aggregated for this period yet (N/A).',
};
/** The portal scores a unit without feedback in the period full marks (ratio shown 0, score 6). */
const NO_CASE_OPENED: Pick<PortalMetric, 'numerator' | 'ratio' | 'score' | 'note'> = {
  numerator: 0,
  ratio: 0,
  score: QD766_METRIC_MAX,
  note: {
    vi: 'Không có phản ánh, kiến nghị nào trong kỳ: đạt điểm tối đa, như Cổng DVCQG chấm.',
    en: 'No feedback case opened in the period: full marks, as the national portal scores it.',
  },
};

export function qd766(counts: Counts, options: MethodOptions): Qd766Result {
  const settings = options.qd766 ?? defaultQd766Options;
  const received = count(counts, 'received');
  const inProgress = count(counts, 'receivedInProgress');
  const onTime = count(counts, 'receivedOnTime') + (settings.inProgressCountsOnTime ? inProgress : 0);
  const unsatisfied =
    count(counts, 'receivedOnTimeUnsatisfied') +
    (settings.inProgressCountsOnTime ? count(counts, 'receivedInProgressUnsatisfied') : 0);
  const cases = count(counts, 'casesOpened');
  // Without a case, full marks only when cases are counted at all (else N/A, never a made-up 6).
  const noCase = count(counts, 'feedbackCounted') > 0 ? NO_CASE_OPENED : undefined;
  const progress = group(
    'progress',
    { vi: 'Tiến độ giải quyết', en: 'Progress of handling' },
    QD766_PROGRESS_MAX,
    [
      metric(
        {
          key: 'progress.onTime',
          code: null,
          name: { vi: 'Hồ sơ giải quyết đúng hạn', en: 'Dossiers handled on time' },
          denominator: received,
          maxScore: QD766_PROGRESS_MAX,
        },
        onTime,
        (rate) => rate * QD766_PROGRESS_MAX,
        NO_DOSSIERS,
      ),
    ],
  );
  const satisfaction = group(
    'satisfaction',
    { vi: 'Mức độ hài lòng', en: 'Satisfaction' },
    QD766_SATISFACTION_GROUP_MAX,
    [
      metric(
        {
          key: 'satisfaction.dossier',
          code: 'DOSSIER_RECEIVING_SATISFACTION',
          name: {
            vi: 'Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC',
            en: 'Satisfaction with receiving and handling dossiers',
          },
          denominator: received,
          maxScore: QD766_METRIC_MAX,
        },
        Math.max(0, onTime - unsatisfied),
        qd766SatisfactionScore,
        NO_DOSSIERS,
      ),
      metric(
        {
          key: 'satisfaction.petitionOnTime',
          code: 'PETITION_PROCESSING_ON_TIME',
          name: { vi: 'Tỷ lệ PAKN xử lý đúng hạn', en: 'Feedback handled on time' },
          denominator: cases,
          maxScore: QD766_METRIC_MAX,
        },
        count(counts, 'casesAnsweredOnTime'),
        (rate) => rate * QD766_METRIC_MAX,
        NO_CASES,
        noCase,
      ),
      metric(
        {
          key: 'satisfaction.petitionHandling',
          code: 'PETITION_HANDLING_SATISFACTION',
          name: { vi: 'Tỷ lệ hài lòng trong xử lý PAKN', en: 'Satisfaction with the handling of feedback' },
          denominator: cases,
          maxScore: QD766_METRIC_MAX,
        },
        count(counts, 'casesSatisfied'),
        (rate) => rate * QD766_METRIC_MAX,
        NO_CASES,
        noCase,
      ),
    ],
  );
  const rules = [
    settings.inProgressCountsOnTime
      ? {
          vi: 'hồ sơ đang xử lý trong hạn được tính đúng hạn',
          en: 'dossiers still within their due date count as on time',
        }
      : {
          vi: 'hồ sơ đang xử lý chỉ tính vào mẫu số',
          en: 'dossiers in progress count in the denominator only',
        },
    settings.multipleSupplementsLate
      ? {
          vi: 'yêu cầu bổ sung hơn 01 lần tính quá hạn',
          en: 'more than one supplement request counts as late',
        }
      : { vi: 'không áp dụng quy tắc bổ sung hơn 01 lần', en: 'the more-than-one-supplement rule is off' },
  ];
  return {
    ...methodHead(
      'qd766',
      counts,
      { name: 'groups.progress.score', value: progress.score },
      received,
      options,
    ),
    dossiers: {
      received,
      onTime: count(counts, 'receivedOnTime'),
      inProgress,
      late: count(counts, 'receivedLate'),
      lateMultipleSupplements: count(counts, 'receivedMultipleSupplements'),
      withdrawn: count(counts, 'receivedWithdrawn'),
    },
    groups: { progress, satisfaction },
    total: null,
    totalNote: {
      vi: 'Tổng điểm 100 của Cổng DVCQG gồm sáu nhóm; hailong tính hai nhóm (38 điểm), nên không hiển thị tổng và xếp loại.',
      en: "The portal's 100-point total has six groups; hailong computes two of them (38 points), so no total or classification is shown.",
    },
    rules: {
      vi: `Theo ngày tiếp nhận; ${rules.map((rule) => rule.vi).join('; ')}.`,
      en: `By receipt day; ${rules.map((rule) => rule.en).join('; ')}.`,
    },
  };
}
