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
 *   + feedback handled on time (5.2: 6 × answered by the due day or still open within it ÷ cases
 *   opened) + satisfaction with the handling (5.3: 6 × cases not judged unsatisfied, not late, not
 *   overdue ÷ cases opened — an unjudged case is satisfied), the cases of DESIGN §4.4 — a unit with no
 *   case opened gets full marks on both, as the portal scores it (its Đắk Lắk units show ratio 0, score 6);
 * - the scoring and rounding of every metric and group is the whole scorecard's (`./qd766-scorecard.ts`):
 *   the shown ratio (percent, two decimals) scored, each metric score rounded half up to two decimals,
 *   a group the sum of its metrics' rounded scores (5.90 + 2.98 + 2.30 = 11.18, unrounded 11.19);
 * - the 100-point total and its classification only with all six groups: until the other four are
 *   counted the answer has `total: null` and an ungraded `partialTotal`.
 */
import type { Counts } from '../aggregation/family-contract';
import { round } from '../stats';
import { count, defaultQd766Options, methodHead, type MethodOptions, type MethodResult } from './common';
import {
  QD766_SCORECARD,
  qd766Classify,
  qd766GroupKeys,
  type Qd766Classification as Qd766Grading,
  type Qd766GroupKey,
  type Qd766GroupRule,
  qd766Group,
  qd766Metric,
  type Qd766MetricInput,
  qd766RateScore,
} from './qd766-scorecard';

export const QD766_PROGRESS_MAX = 20;
export const QD766_SATISFACTION_GROUP_MAX = 18;
export const QD766_METRIC_MAX = 6;
export const QD766_SATISFACTION_THRESHOLD = 0.9;

type Text = { vi: string; en: string };

/** One metric as the portal shows it. */
export interface PortalMetric {
  /** hailong's stable key. */
  key: string;
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
  /** maxScore − score: the points the metric cost (null while the score is unknown). */
  lost: number | null;
  /** Why the figure is missing, or how an empty one is scored, when it is. */
  note?: Text;
}

export interface PortalGroup {
  key: Qd766GroupKey;
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
  groups: Record<Qd766GroupKey, PortalGroup>;
  /** Average processing days of the dossiers finished or returned (2.2, shown without points). */
  avgProcessingDays: number | null;
  /**
   * The portal's total (0–100) with its classification, only when all six groups are complete; else
   * null, and the sum of the complete groups is `partialTotal` — never graded.
   */
  total: { score: number; maxScore: 100; classification: Qd766Grading } | null;
  partialTotal: { score: number; maxScore: number; missing: Qd766GroupKey[] } | null;
  totalNote: Text;
  rules: Text;
}

/** Component 5.4 score (unrounded): 6 at or above a 90% rate, proportional below it. */
export function qd766SatisfactionScore(rate: number): number {
  return qd766RateScore({ maxScore: QD766_METRIC_MAX, threshold: QD766_SATISFACTION_THRESHOLD }, rate);
}

export type Qd766Classification = 'Xuất sắc' | 'Tốt' | 'Khá' | 'Trung bình' | 'Yếu';

/**
 * The portal's classification of a whole 0–100 total (`./qd766-scorecard.ts`; the portal labels the
 * lowest band "Yếu / Kém"). Only a total of all six groups is ever graded.
 */
export function qd766Classification(total: number): { vi: Qd766Classification; en: string } {
  const { vi, en } = qd766Classify(total);
  return { vi: (vi === 'Yếu / Kém' ? 'Yếu' : vi) as Qd766Classification, en };
}

const rule = (key: Qd766GroupKey): Qd766GroupRule => QD766_SCORECARD.find((group) => group.key === key)!;

/** A scorecard metric as the portal shows it here (the denominator always a number, 0 while unknown). */
function portalMetric(
  groupRule: Qd766GroupRule,
  key: PortalMetric['key'],
  input: Qd766MetricInput | undefined,
  note?: Text,
): PortalMetric {
  const metricRule = groupRule.metrics.find((entry) => entry.key === key)!;
  const scored = qd766Metric(metricRule, input, note);
  const { numerator, ratio, score, maxScore, lost } = scored;
  return {
    key,
    code: metricRule.code,
    name: metricRule.name,
    numerator,
    denominator: scored.denominator ?? 0,
    ratio,
    score,
    maxScore,
    lost,
    ...(scored.note ? { note: scored.note } : {}),
  };
}

function group(groupRule: Qd766GroupRule, metrics: PortalMetric[]): PortalGroup {
  const scored = qd766Group(
    groupRule,
    metrics.map((entry) => ({ ...entry })),
  );
  const complete = scored.score !== null;
  return {
    key: groupRule.key as PortalGroup['key'],
    name: groupRule.name,
    score: scored.score,
    maxScore: groupRule.maxScore,
    // One metric: its own ratio, as the portal shows the progress group (88.62, not 17.72 ÷ 20 = 88.6).
    ratio: !complete
      ? null
      : metrics.length === 1
        ? metrics[0]!.ratio
        : round((scored.score! / groupRule.maxScore) * 100, 2),
    metrics,
    ...(scored.partialScore !== undefined ? { partialScore: scored.partialScore } : {}),
    missing: scored.missing as PortalMetric['key'][],
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
const NO_CASE_OPENED: Text = {
  vi: 'Không có phản ánh, kiến nghị nào trong kỳ: đạt điểm tối đa, như Cổng DVCQG chấm.',
  en: 'No feedback case opened in the period: full marks, as the national portal scores it.',
};

/** A procedure of the catalogue as the scorecard reads it (shared/storage/procedures.ts). */
export interface CatalogueProcedure {
  code: string;
  onlineLevel?: 'full' | 'partial' | 'none' | undefined;
  fullyOnlineEligible?: boolean | undefined;
  feeCharging?: boolean | undefined;
  citizenDataConnected?: boolean | undefined;
  paperResultRequired?: boolean | undefined;
}

/**
 * What the scorecard reads besides the nightly counters, when the scores are read: the procedure
 * catalogue (3.1, 3.2, 3.3, 3.5, 4.2, 4.5). The communes offering electronic certified copies (4.6)
 * and the province's transparency figures (1.1–1.3, period inputs) come joined with the counts
 * (shared/indexes/period-inputs-join.ts); given here, they replace those. Absent = not known (N/A).
 */
export interface Qd766ReadFacts {
  procedures?: readonly CatalogueProcedure[] | undefined;
  /** Communes of the unit (a commune: itself) and, of them, those offering electronic certified copies. */
  communes?: { total: number; electronicCertifiedCopy: number } | undefined;
  transparency?: Partial<
    Record<'publishOnTime' | 'publicUpdateOnTime' | 'publicContentFull', Qd766MetricInput>
  >;
}

/** The codes of a per-procedure counter family (`name:<code>`) with a positive count. */
function codesWith(counts: Counts, name: string): string[] {
  const prefix = `${name}:`;
  return Object.keys(counts)
    .filter((key) => key.startsWith(prefix) && (counts[key] ?? 0) > 0)
    .map((key) => key.slice(prefix.length));
}

/** A dossier's procedure code as the catalogue's: the code itself, or its short form (1.001193). */
export function catalogueIndex(procedures: readonly CatalogueProcedure[]) {
  const byCode = new Map(procedures.map((procedure) => [procedure.code, procedure]));
  return (code: string): CatalogueProcedure | undefined =>
    byCode.get(code) ?? byCode.get(/^\d+\.\d{6}/.exec(code)?.[0] ?? '');
}

const NOT_COUNTED: Text = {
  vi: 'Có hồ sơ trong kỳ được tổng hợp trước khi có các bộ đếm này (N/A).',
  en: 'Dossiers of the period were aggregated before these counters existed (N/A).',
};
const NO_CATALOGUE: Text = {
  vi: 'Chưa có danh mục thủ tục hành chính với các thông tin cần cho chỉ số này (N/A).',
  en: 'No procedure catalogue with the facts this metric needs (N/A).',
};
const NO_INPUT: Text = {
  vi: 'Chưa nhập số liệu toàn tỉnh của chỉ số này cho kỳ (N/A).',
  en: "The province's figure of this metric is not recorded for the period (N/A).",
};

export function qd766(counts: Counts, options: MethodOptions, facts: Qd766ReadFacts = {}): Qd766Result {
  const settings = options.qd766 ?? defaultQd766Options;
  const received = count(counts, 'received');
  const inProgress = count(counts, 'receivedInProgress');
  const onTime = count(counts, 'receivedOnTime') + (settings.inProgressCountsOnTime ? inProgress : 0);
  const unsatisfied =
    count(counts, 'receivedOnTimeUnsatisfied') +
    (settings.inProgressCountsOnTime ? count(counts, 'receivedInProgressUnsatisfied') : 0);
  const cases = count(counts, 'casesOpened');
  // Without a case, full marks only when cases are counted at all (else N/A, never a made-up 6).
  const counted = count(counts, 'feedbackCounted') > 0;
  const dossiers = (numerator: number): Qd766MetricInput | undefined =>
    received > 0 ? { numerator, denominator: received } : undefined;
  const feedback = (numerator: number): Qd766MetricInput | undefined =>
    cases > 0 ? { numerator, denominator: cases } : counted ? { numerator: 0, denominator: 0 } : undefined;
  const feedbackNote = cases > 0 ? undefined : counted ? NO_CASE_OPENED : NO_CASES;
  // 5.2: cases answered on time and cases still open within their due day ("đã xử lý đúng, trước hạn
  // và đang xử lý trong hạn"); `casesOpenWithinDue` is set when the scores are read, as of that day,
  // from the nightly `caseOpenDue:<due day>` counters (shared/indexes/period-inputs-join.ts).
  const withinTime = count(counts, 'casesAnsweredOnTime') + count(counts, 'casesOpenWithinDue');
  // 5.3: every case less those judged unsatisfied, answered late or still open past their due day —
  // an unjudged case counts as satisfied. = (5.2's numerator) − unsatisfied judged on an on-time
  // answer; `casesAnsweredLateUnsatisfied` (the overlap of late and unsatisfied) is counted by the
  // nightly job (until then 0: a late unsatisfied case is subtracted twice, never counted satisfied).
  const handledWell = Math.max(
    0,
    withinTime - count(counts, 'casesUnsatisfied') + count(counts, 'casesAnsweredLateUnsatisfied'),
  );
  const progressRule = rule('progress');
  const satisfactionRule = rule('satisfaction');
  const progress = group(progressRule, [
    portalMetric(progressRule, 'progress.onTime', dossiers(onTime), received > 0 ? undefined : NO_DOSSIERS),
  ]);
  const satisfaction = group(satisfactionRule, [
    portalMetric(
      satisfactionRule,
      'satisfaction.dossier',
      dossiers(Math.max(0, onTime - unsatisfied)),
      received > 0 ? undefined : NO_DOSSIERS,
    ),
    portalMetric(satisfactionRule, 'satisfaction.petitionOnTime', feedback(withinTime), feedbackNote),
    portalMetric(satisfactionRule, 'satisfaction.petitionHandling', feedback(handledWell), feedbackNote),
  ]);
  const scorecard = otherGroups(counts, received, facts);
  const groups = { ...scorecard, progress, satisfaction } as Record<Qd766GroupKey, PortalGroup>;
  const ordered = qd766GroupKeys.map((key) => groups[key]);
  const known = ordered.filter((entry) => entry.score !== null);
  const sum = round(
    known.reduce((total, entry) => total + entry.score!, 0),
    2,
  );
  const complete = known.length === ordered.length;
  const partialTotal = complete
    ? null
    : {
        score: sum,
        maxScore: known.reduce((total, entry) => total + entry.maxScore, 0),
        missing: ordered.filter((entry) => entry.score === null).map((entry) => entry.key),
      };
  const finished = count(counts, 'receivedFinished');
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
    settings.multipleSupplementsLate && settings.multipleSupplementsScope === 'unfinished'
      ? {
          vi: 'yêu cầu bổ sung hơn 01 lần tính quá hạn nếu hồ sơ chưa xử lý xong, chưa trả kết quả',
          en: 'more than one supplement request counts as late while the dossier is neither finished nor returned',
        }
      : settings.multipleSupplementsLate
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
    groups: Object.fromEntries(qd766GroupKeys.map((key) => [key, groups[key]])) as Qd766Result['groups'],
    avgProcessingDays: finished > 0 ? round(count(counts, 'receivedFinishedDays') / finished, 2) : null,
    total: complete ? { score: sum, maxScore: 100, classification: qd766Classify(sum) } : null,
    partialTotal,
    totalNote: complete
      ? {
          vi: 'Tổng điểm 100 của Cổng DVCQG: tổng điểm sáu nhóm.',
          en: "The portal's 100-point total: the sum of the six groups.",
        }
      : {
          vi: 'Tổng điểm 100 của Cổng DVCQG gồm sáu nhóm; còn nhóm chưa có số liệu, nên không hiển thị tổng và xếp loại.',
          en: "The portal's 100-point total has six groups; some have no figures yet, so no total or classification is shown.",
        },
    rules: {
      vi: `Theo ngày tiếp nhận; ${rules.map((rule) => rule.vi).join('; ')}.`,
      en: `By receipt day; ${rules.map((rule) => rule.en).join('; ')}.`,
    },
  };
}

/** The four groups besides progress and satisfaction, from the counters and the facts read. */
function otherGroups(
  counts: Counts,
  received: number,
  facts: Qd766ReadFacts,
): Record<'transparency' | 'onlineService' | 'payment' | 'digitized', PortalGroup> {
  const counted = received > 0 && count(counts, 'scorecardCounted') >= received;
  const countedNote = received === 0 ? NO_DOSSIERS : counted ? undefined : NOT_COUNTED;
  const of = (numerator: number, denominator: number): Qd766MetricInput | undefined =>
    counted ? { numerator, denominator } : undefined;
  const procedures = facts.procedures;
  const catalogue = procedures && procedures.length > 0 ? procedures : undefined;
  const find = catalogue ? catalogueIndex(catalogue) : undefined;
  /** Distinct procedures of a counter family whose catalogue entry passes `keep`. */
  const distinct = (name: string, keep: (procedure: CatalogueProcedure) => boolean) =>
    new Set(
      codesWith(counts, name)
        .map((code) => find!(code))
        .filter((procedure): procedure is CatalogueProcedure => procedure !== undefined && keep(procedure))
        .map((procedure) => procedure.code),
    ).size;
  /** A per-procedure family summed over the procedures whose result must be on paper. */
  const onPaper = (name: string) =>
    codesWith(counts, name)
      .filter((code) => find!(code)?.paperResultRequired === true)
      .reduce((total, code) => total + count(counts, `${name}:${code}`), 0);
  const fromCatalogue = (
    numerator: () => number,
    denominator: (list: readonly CatalogueProcedure[]) => number,
    needsCounters = true,
  ): Qd766MetricInput | undefined =>
    catalogue && (counted || !needsCounters)
      ? { numerator: numerator(), denominator: denominator(catalogue) }
      : undefined;
  const catalogueNote = !catalogue ? NO_CATALOGUE : countedNote;
  const how = (list: readonly CatalogueProcedure[], keep: (procedure: CatalogueProcedure) => boolean) =>
    list.filter(keep).length;
  const online = (procedure: CatalogueProcedure) =>
    procedure.onlineLevel !== undefined && procedure.onlineLevel !== 'none';
  const fee = (procedure: CatalogueProcedure) => procedure.feeCharging === true;
  const build = (
    key: 'transparency' | 'onlineService' | 'payment' | 'digitized',
    metrics: [string, Qd766MetricInput | undefined, Text | undefined][],
  ) => {
    const groupRule = rule(key);
    return group(
      groupRule,
      metrics.map(([metric, input, note]) =>
        portalMetric(groupRule, metric, input, input ? undefined : note),
      ),
    );
  };
  // 1.1–1.3: the province's period inputs, joined with the counts (shared/indexes/period-inputs-join.ts:
  // the months of the range summed; none recorded = N/A), unless given as facts.
  const transparency = (metric: 'publishOnTime' | 'publicUpdateOnTime' | 'publicContentFull') => {
    const given = facts.transparency?.[metric];
    if (given) return given;
    const key = `transparency.${metric}`;
    return count(counts, `${key}:months`) > 0
      ? { numerator: count(counts, `${key}:numerator`), denominator: count(counts, `${key}:denominator`) }
      : undefined;
  };
  // 4.6: the communes whose setting is recorded, and of them those offering it (the join's counters).
  const communes = facts.communes ?? {
    total: count(counts, 'certifiedCopyCommunes'),
    electronicCertifiedCopy: count(counts, 'certifiedCopyCommunesOffering'),
  };
  return {
    transparency: build('transparency', [
      ['transparency.publishOnTime', transparency('publishOnTime'), NO_INPUT],
      ['transparency.publicUpdateOnTime', transparency('publicUpdateOnTime'), NO_INPUT],
      ['transparency.publicContentFull', transparency('publicContentFull'), NO_INPUT],
      [
        'transparency.dossierSync',
        of(count(counts, 'receivedSynced'), received + count(counts, 'receivedWithdrawn')),
        countedNote,
      ],
    ]),
    onlineService: build('onlineService', [
      [
        'onlineService.fullyOnline',
        fromCatalogue(
          () => how(catalogue!, (p) => p.onlineLevel === 'full' && p.fullyOnlineEligible === true),
          (list) => how(list, (p) => p.fullyOnlineEligible === true),
          false,
        ),
        NO_CATALOGUE,
      ],
      [
        'onlineService.servicesWithDossiers',
        fromCatalogue(
          () => distinct('receivedOnlineProcedure', online),
          (list) => how(list, online),
        ),
        catalogueNote,
      ],
      [
        'onlineService.onlineDossiers',
        fromCatalogue(
          () => count(counts, 'receivedOnline') - onPaper('receivedOnlineNoResult'),
          () => received,
        ),
        catalogueNote,
      ],
    ]),
    payment: build('payment', [
      [
        'payment.dossiersPaidOnline',
        of(count(counts, 'receivedPaidOnline'), count(counts, 'receivedFeeRequired')),
        countedNote,
      ],
      [
        'payment.proceduresPaidOnline',
        fromCatalogue(
          () => distinct('receivedPaidOnlineProcedure', fee),
          (list) => how(list, fee),
        ),
        catalogueNote,
      ],
      [
        'payment.feeProceduresWithDossiers',
        fromCatalogue(
          () => distinct('receivedFeeProcedure', fee),
          (list) => how(list, fee),
        ),
        catalogueNote,
      ],
    ]),
    digitized: build('digitized', [
      ['digitized.electronicResult', of(count(counts, 'receivedElectronicResult'), received), countedNote],
      [
        'digitized.digitized',
        fromCatalogue(
          () => count(counts, 'receivedDigitized') - onPaper('receivedDigitizedNoResult'),
          () => received,
        ),
        catalogueNote,
      ],
      ['digitized.reusedData', of(count(counts, 'receivedReusedData'), received), countedNote],
      ['digitized.personalStorage', of(count(counts, 'receivedPersonalStorage'), received), countedNote],
      ['digitized.citizenDataDossier', of(count(counts, 'receivedCitizenData'), received), countedNote],
      [
        'digitized.citizenDataProcedure',
        fromCatalogue(
          () => how(catalogue!, (p) => p.citizenDataConnected === true),
          (list) => list.length,
          false,
        ),
        NO_CATALOGUE,
      ],
      [
        'digitized.electronicCertifiedCopy',
        // No commune with the setting recorded: 0 / 0 → 2, as the portal shows every unit of [D] and [H].
        communes.total > 0
          ? { numerator: communes.electronicCertifiedCopy, denominator: communes.total }
          : counted
            ? { numerator: 0, denominator: 0 }
            : undefined,
        countedNote,
      ],
    ]),
  };
}
