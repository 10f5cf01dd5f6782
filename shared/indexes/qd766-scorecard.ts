/**
 * The whole Decision 766 scorecard of a unit (six groups, 100 points), as the national public service
 * portal (Cổng DVCQG) scores it, computed from each metric's numerator and denominator. Pure: no I/O,
 * no counters — `./qd766.ts` and the nightly job feed it (DESIGN §4.2, §4.5; docs/index-methods.md,
 * "The whole scorecard", cites the source of every rule).
 *
 * Every rule below was read from the portal's own published figures (the Đắk Lắk per-unit snapshots of
 * `hauphanquoc/766-Analyze`, the Hà Nội captures of `hoang31201/766-HaNoi`) and checked against the
 * operator's formula description ("Mô tả công thức tính chỉ số 766", items 1.1–5.4, transcribed in
 * `ChippedTopaz/qd766`); test/unit/qd766-scorecard-portal.test.ts reproduces the portal's figures:
 * - a metric scores `max × min(1, rate ÷ T)`: T = 1 (linear) or the threshold at which it reaches full
 *   marks (80% for 3.1, 3.5 and 4.3, 50% for 3.3, 90% for 5.4);
 * - an empty denominator scores 0, except the two feedback metrics (5.2, 5.3) and the electronic
 *   certified copy (4.6), which the portal scores full marks when there is nothing to count;
 * - each metric's score is rounded to two decimals; a group's score is the sum of its rounded metric
 *   scores, the total the sum of the six group scores (each rounded to two decimals);
 * - the classification of a total is given only on the whole 100 points.
 */
import { round } from '../stats';

type Text = { vi: string; en: string };

export const qd766GroupKeys = [
  'transparency',
  'progress',
  'onlineService',
  'payment',
  'satisfaction',
  'digitized',
] as const;
export type Qd766GroupKey = (typeof qd766GroupKeys)[number];

/** How the portal scores an empty denominator (nothing to count in the period). */
export type EmptyRule = 'zero' | 'full';

export interface Qd766MetricRule {
  /** hailong's stable key (`group.metric`). */
  key: string;
  /** The portal's metric code; null where the portal's data gives none (progress, online service, payment). */
  code: string | null;
  /** The formula description's item ("Mô tả công thức tính chỉ số 766"). */
  item: string;
  /** Vietnamese as the portal writes it; English hailong's. */
  name: Text;
  maxScore: number;
  /** Rate at which the metric reaches full marks (1 = linear). */
  threshold: number;
  whenEmpty: EmptyRule;
  /** `province`: one figure for the whole province (the national procedure database), the same for every unit. */
  scope: 'unit' | 'province';
  /**
   * What the portal scores: `rate`, the exact numerator ÷ denominator (the metrics whose own score it
   * publishes: [D] H15.184 523 / 1909 = 27.397% → 2 × 0.27397 ÷ 0.8 = 0.6849 → 0.68, where the shown
   * 27.40% would give 0.685 → 0.69); `shownRatio`, the ratio it shows, in percent with two decimals
   * (payment, published as a group score only: [D] H15.16 89.73% → 5.38, 28.57% → 0.71, 9.52% → 0.24
   * = 6.33, where the exact rates give 6.34).
   */
  basis: 'rate' | 'shownRatio';
}

export interface Qd766GroupRule {
  key: Qd766GroupKey;
  name: Text;
  maxScore: number;
  metrics: Qd766MetricRule[];
}

const m = (
  key: string,
  code: string | null,
  item: string,
  vi: string,
  en: string,
  maxScore: number,
  threshold = 1,
  whenEmpty: EmptyRule = 'zero',
  scope: Qd766MetricRule['scope'] = 'unit',
): Qd766MetricRule => ({
  key,
  code,
  item,
  name: { vi, en },
  maxScore,
  threshold,
  whenEmpty,
  scope,
  // Online service and payment: the portal publishes the group's score only (see `basis`).
  basis: key.startsWith('payment.') || key.startsWith('onlineService.') ? 'shownRatio' : 'rate',
});

/** The six groups as the portal keys them, with every scored metric. */
export const QD766_SCORECARD: readonly Qd766GroupRule[] = [
  {
    key: 'transparency',
    name: { vi: 'Công khai, minh bạch', en: 'Transparency' },
    maxScore: 18,
    metrics: [
      m(
        'transparency.publishOnTime',
        'PUBLISH_ON_TIME',
        '1.1',
        'Tỷ lệ TTHC công bố đúng hạn',
        'Procedures published on time',
        6,
        1,
        'zero',
        'province',
      ),
      m(
        'transparency.publicUpdateOnTime',
        'PUBLIC_UPDATE_ON_TIME',
        '1.2',
        'Tỷ lệ TTHC cập nhật, công khai đúng hạn',
        'Procedures updated and made public on time',
        4,
        1,
        'zero',
        'province',
      ),
      m(
        'transparency.publicContentFull',
        'PUBLIC_CONTENT_FULL',
        '1.3',
        'Tỷ lệ TTHC công khai đầy đủ nội dung',
        'Procedures published with their full content',
        2,
        1,
        'zero',
        'province',
      ),
      m(
        'transparency.dossierSync',
        'DOSSIER_SYNC',
        '1.4',
        'Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG',
        'Dossiers synchronised to the national portal',
        6,
      ),
    ],
  },
  {
    key: 'progress',
    name: { vi: 'Tiến độ giải quyết', en: 'Progress of handling' },
    maxScore: 20,
    metrics: [m('progress.onTime', null, '2.1', 'Hồ sơ giải quyết đúng hạn', 'Dossiers handled on time', 20)],
  },
  {
    key: 'onlineService',
    name: { vi: 'Dịch vụ công trực tuyến', en: 'Online public services' },
    maxScore: 12,
    metrics: [
      m(
        'onlineService.fullyOnline',
        null,
        '3.1',
        'Tỷ lệ dịch vụ công toàn trình',
        'Eligible procedures offered fully online',
        2,
        0.8,
      ),
      m(
        'onlineService.servicesWithDossiers',
        null,
        '3.2',
        'Tỷ lệ DVC có hồ sơ trực tuyến',
        'Online services that received an online dossier',
        4,
      ),
      m(
        'onlineService.onlineDossiers',
        null,
        '3.3',
        'Tỷ lệ hồ sơ nộp trực tuyến',
        'Dossiers submitted online',
        6,
        0.5,
      ),
    ],
  },
  {
    key: 'payment',
    name: { vi: 'Thanh toán trực tuyến', en: 'Online payment' },
    maxScore: 10,
    metrics: [
      m(
        'payment.dossiersPaidOnline',
        null,
        '3.6',
        'Tỷ lệ hồ sơ thanh toán trực tuyến',
        'Dossiers with a financial obligation paid online',
        6,
      ),
      m(
        'payment.proceduresPaidOnline',
        null,
        '3.5',
        'Tỷ lệ TTHC có phát sinh giao dịch thanh toán trực tuyến',
        'Fee-charging procedures with an online payment',
        2,
        0.8,
      ),
      m(
        'payment.feeProceduresWithDossiers',
        null,
        '3.5',
        'Tỷ lệ TTHC có thu phí, lệ phí phát sinh hồ sơ',
        'Fee-charging procedures that received dossiers',
        2,
        0.8,
      ),
    ],
  },
  {
    key: 'satisfaction',
    name: { vi: 'Mức độ hài lòng', en: 'Satisfaction' },
    maxScore: 18,
    metrics: [
      m(
        'satisfaction.dossier',
        'DOSSIER_RECEIVING_SATISFACTION',
        '5.4',
        'Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC',
        'Satisfaction with receiving and handling dossiers',
        6,
        0.9,
      ),
      m(
        'satisfaction.petitionOnTime',
        'PETITION_PROCESSING_ON_TIME',
        '5.2',
        'Tỷ lệ PAKN xử lý đúng hạn',
        'Feedback handled on time',
        6,
        1,
        'full',
      ),
      m(
        'satisfaction.petitionHandling',
        'PETITION_HANDLING_SATISFACTION',
        '5.3',
        'Tỷ lệ hài lòng trong xử lý PAKN',
        'Satisfaction with the handling of feedback',
        6,
        1,
        'full',
      ),
    ],
  },
  {
    key: 'digitized',
    name: { vi: 'Số hóa hồ sơ', en: 'Digitisation' },
    maxScore: 22,
    metrics: [
      m(
        'digitized.electronicResult',
        'ORIGINAL_RESULT_AVAILABLE',
        '4.1',
        'Tỷ lệ hồ sơ thủ tục hành chính có cấp kết quả giải quyết thủ tục hành chính điện tử',
        'Dossiers with an electronic result',
        6,
      ),
      m(
        'digitized.digitized',
        'SO_HOA_GIAY_TO_GIAI_QUYET',
        '4.2',
        'Tỷ lệ hồ sơ thủ tục hành chính thực hiện số hóa hồ sơ',
        'Dossiers digitised',
        4,
      ),
      m(
        'digitized.reusedData',
        'REUSED_DIGITIZED_DATA',
        '4.3',
        'Tỷ lệ hồ sơ khai thác, sử dụng lại thông tin, dữ liệu số hóa',
        'Dossiers reusing digitised data',
        2,
        0.8,
      ),
      m(
        'digitized.personalStorage',
        'SYNCED_WITH_DVCQG_PERSONAL_STORAGE',
        '4.4',
        'Tỷ lệ hồ sơ TTHC được số hóa có kết nối, chia sẻ dữ liệu phục vụ tái sử dụng',
        "Digitised dossiers linked to the citizen's storage on the national portal",
        4,
      ),
      m(
        'digitized.citizenDataDossier',
        'CITIZEN_DATA_CONNECTED_DOSSIER',
        '4.5',
        'Tỷ lệ hồ sơ TTHC có sử dụng thông tin, dữ liệu dân cư',
        'Dossiers using population data',
        2,
      ),
      m(
        'digitized.citizenDataProcedure',
        'CITIZEN_DATA_CONNECTED_FORMALITY',
        '4.5',
        'Tỷ lệ TTHC triển khai kết nối, chia sẻ dữ liệu dân cư phục vụ GQ TTHC',
        'Procedures connected to population data',
        2,
      ),
      m(
        'digitized.electronicCertifiedCopy',
        'ELECTRONIC_CERTIFIED_COPY',
        '4.6',
        'Tỷ lệ cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính',
        'Communes offering electronic certified copies',
        2,
        1,
        'full',
      ),
    ],
  },
];

/** Every metric rule by key. */
export const qd766MetricRules: ReadonlyMap<string, Qd766MetricRule> = new Map(
  QD766_SCORECARD.flatMap((group) => group.metrics.map((rule) => [rule.key, rule] as const)),
);

/** A metric's figures; null where they are not known (the metric is then N/A and its group incomplete). */
export interface Qd766MetricInput {
  numerator: number | null;
  denominator: number | null;
}

export interface Qd766Metric {
  key: string;
  code: string | null;
  name: Text;
  numerator: number | null;
  denominator: number | null;
  /** numerator ÷ denominator in percent, two decimals; as the portal shows an empty one (0, or 100 for full marks). */
  ratio: number | null;
  score: number | null;
  maxScore: number;
  /** maxScore − score: the points this metric cost the unit (null while unknown). */
  lost: number | null;
  note?: Text;
}

export interface Qd766Group {
  key: Qd766GroupKey;
  name: Text;
  /** Sum of the metrics' rounded scores; null while a metric is unknown. */
  score: number | null;
  maxScore: number;
  metrics: Qd766Metric[];
  /** While a metric is unknown: the sum of those known, never the group's score. */
  partialScore?: number;
  /** Keys of the unknown metrics. */
  missing: string[];
}

export type Qd766Grade = 'excellent' | 'good' | 'fair' | 'average' | 'poor';

export interface Qd766Classification {
  grade: Qd766Grade;
  vi: string;
  en: string;
}

export interface Qd766Scorecard {
  groups: Record<Qd766GroupKey, Qd766Group>;
  /** The 100-point total with its classification, only when all six groups are complete. */
  total: { score: number; maxScore: 100; classification: Qd766Classification } | null;
  /** Otherwise: the sum of the complete groups and their maximum — never graded. */
  partialTotal: { score: number; maxScore: number; missing: Qd766GroupKey[] } | null;
}

const EMPTY_NOTE: Record<EmptyRule, Text> = {
  zero: {
    vi: 'Không có gì để tính trong kỳ (mẫu số 0): 0 điểm, như Cổng DVCQG chấm.',
    en: 'Nothing to count in the period (denominator 0): 0 points, as the national portal scores it.',
  },
  full: {
    vi: 'Không có gì để tính trong kỳ (mẫu số 0): đạt điểm tối đa, như Cổng DVCQG chấm.',
    en: 'Nothing to count in the period (denominator 0): full marks, as the national portal scores it.',
  },
};

const UNKNOWN_NOTE: Text = {
  vi: 'Chưa có số liệu cho kỳ này (N/A).',
  en: 'No figures for this period yet (N/A).',
};

/** Score of a rate (0–1) under a metric's rule, unrounded: `max × min(1, rate ÷ T)`. */
export function qd766RateScore(rule: Pick<Qd766MetricRule, 'maxScore' | 'threshold'>, rate: number): number {
  return rule.maxScore * Math.min(1, rate / rule.threshold);
}

/**
 * The portal's score of an exact rate numerator ÷ denominator: `max × min(1, rate ÷ T)` rounded half up
 * to two decimals, computed in hundredths of a point from the integers.
 */
export function qd766FractionScore(
  rule: Pick<Qd766MetricRule, 'maxScore' | 'threshold'>,
  numerator: number,
  denominator: number,
): number {
  const threshold = Math.round(rule.threshold * 10_000);
  const reached = numerator * 10_000 >= threshold * denominator;
  const hundredths = reached
    ? rule.maxScore * 100
    : (rule.maxScore * 100 * numerator * 10_000) / (denominator * threshold);
  return Math.round(hundredths) / 100;
}

/**
 * The portal's score of a shown ratio, given in hundredths of a percent (9575 = 95.75%): `max × min(1,
 * ratio ÷ T)` in binary floating point, then rounded to two decimals as `toFixed` does — on the
 * double's exact value, so 6 × 95.75 ÷ 100 = 5.745000…01 → 5.75 but 2 × 23.40 ÷ 80 = 0.584999…96 →
 * 0.58 (Đắk Lắk units H15.157 and H15.104: the portal's payment 7.46 and 7.08).
 */
export function qd766RatioScore(
  rule: Pick<Qd766MetricRule, 'maxScore' | 'threshold'>,
  ratio: number,
): number {
  const percent = ratio / 100;
  const threshold = Math.round(rule.threshold * 10_000) / 100;
  return Number(Math.min(rule.maxScore, (rule.maxScore * percent) / threshold).toFixed(2));
}

/** One metric as the portal shows it, from its numerator and denominator. */
export function qd766Metric(
  rule: Qd766MetricRule,
  input: Qd766MetricInput | undefined,
  note?: Text,
): Qd766Metric {
  const head = { key: rule.key, code: rule.code, name: rule.name, maxScore: rule.maxScore };
  const numerator = input?.numerator ?? null;
  const denominator = input?.denominator ?? null;
  if (denominator === null || (numerator === null && denominator > 0)) {
    return {
      ...head,
      numerator,
      denominator,
      ratio: null,
      score: null,
      lost: null,
      note: note ?? UNKNOWN_NOTE,
    };
  }
  if (denominator <= 0) {
    const score = rule.whenEmpty === 'full' ? rule.maxScore : 0;
    return {
      ...head,
      numerator: numerator ?? 0,
      denominator,
      ratio: rule.whenEmpty === 'full' && rule.code === 'ELECTRONIC_CERTIFIED_COPY' ? 100 : 0,
      score,
      lost: round(rule.maxScore - score, 2),
      note: note ?? EMPTY_NOTE[rule.whenEmpty],
    };
  }
  // The portal scores the ratio it shows (percent, two decimals), in integer hundredths so that a half
  // rounds up as it does there (payment 6 × 95.75% = 5.745 → 5.75, Đắk Lắk unit H15.157).
  const ratio = Math.round((numerator! / denominator) * 10_000);
  const score =
    rule.basis === 'shownRatio'
      ? qd766RatioScore(rule, ratio)
      : qd766FractionScore(rule, numerator!, denominator);
  return {
    ...head,
    numerator,
    denominator,
    ratio: ratio / 100,
    score,
    lost: round(rule.maxScore - score, 2),
    ...(note ? { note } : {}),
  };
}

/** A group from its metrics: the sum of their rounded scores, or partial while one is unknown. */
export function qd766Group(rule: Qd766GroupRule, metrics: Qd766Metric[]): Qd766Group {
  const known = metrics.filter((metric) => metric.score !== null);
  const sum = round(
    known.reduce((total, metric) => total + metric.score!, 0),
    2,
  );
  const missing = metrics.filter((metric) => metric.score === null).map((metric) => metric.key);
  const complete = missing.length === 0;
  return {
    key: rule.key,
    name: rule.name,
    score: complete ? sum : null,
    maxScore: rule.maxScore,
    metrics,
    ...(complete || known.length === 0 ? {} : { partialScore: sum }),
    missing,
  };
}

const CLASSIFICATION: { from: number; grade: Qd766Grade; vi: string; en: string }[] = [
  { from: 90, grade: 'excellent', vi: 'Xuất sắc', en: 'Excellent' },
  { from: 80, grade: 'good', vi: 'Tốt', en: 'Good' },
  { from: 70, grade: 'fair', vi: 'Khá', en: 'Fair' },
  { from: 50, grade: 'average', vi: 'Trung bình', en: 'Average' },
  { from: -Infinity, grade: 'poor', vi: 'Yếu / Kém', en: 'Poor' },
];

/**
 * The portal's classification of a whole 100-point total: ≥ 90 Xuất sắc, ≥ 80 Tốt, ≥ 70 Khá, ≥ 50
 * Trung bình, else "Yếu / Kém" (the portal's label). Never call it with a partial sum.
 */
export function qd766Classify(total: number): Qd766Classification {
  const band = CLASSIFICATION.find((entry) => total >= entry.from)!;
  return { grade: band.grade, vi: band.vi, en: band.en };
}

/**
 * The whole scorecard from each metric's figures, by metric key (a missing key is unknown). `notes`
 * adds a metric's own note (say why a figure is missing).
 */
export function qd766Scorecard(
  inputs: Readonly<Record<string, Qd766MetricInput | undefined>>,
  notes: Readonly<Record<string, Text | undefined>> = {},
): Qd766Scorecard {
  const groups = Object.fromEntries(
    QD766_SCORECARD.map((rule) => [
      rule.key,
      qd766Group(
        rule,
        rule.metrics.map((metric) => qd766Metric(metric, inputs[metric.key], notes[metric.key])),
      ),
    ]),
  ) as Record<Qd766GroupKey, Qd766Group>;
  const list = qd766GroupKeys.map((key) => groups[key]);
  const complete = list.filter((group) => group.score !== null);
  const sum = round(
    complete.reduce((total, group) => total + group.score!, 0),
    2,
  );
  if (complete.length === list.length) {
    return {
      groups,
      total: { score: sum, maxScore: 100, classification: qd766Classify(sum) },
      partialTotal: null,
    };
  }
  return {
    groups,
    total: null,
    partialTotal: {
      score: sum,
      maxScore: complete.reduce((total, group) => total + group.maxScore, 0),
      missing: list.filter((group) => group.score === null).map((group) => group.key),
    },
  };
}
