/**
 * The scorecard's rule table and the edges its other tests leave open (docs/mutation.md): every metric's
 * key, portal code, formula item, points, threshold, empty rule, scope and basis, written out from the
 * table of docs/index-methods.md ("The whole scorecard", each row's evidence from the portal's data);
 * the names and notes a person reads; a metric known with an unknown numerator over an empty
 * denominator; a note on a scored metric.
 *
 * The module is imported inside each test, not at the top: a rule table that fails to build then fails
 * these tests instead of the file's collection (which the mutation run would not count as a failure).
 */
import { describe, expect, it } from 'vitest';

const load = () => import('../../shared/indexes/qd766-scorecard');

type Row = [
  key: string,
  code: string | null,
  item: string,
  maxScore: number,
  threshold: number,
  whenEmpty: 'zero' | 'full',
  scope: 'unit' | 'province',
  basis: 'rate' | 'shownRatio',
];

// docs/index-methods.md, the scorecard table: T "—" is linear (1); empty "0" / "**n**" (full marks);
// payment and online service are published as group scores only, so scored on the shown ratio.
const TABLE: Record<string, Row[]> = {
  transparency: [
    ['transparency.publishOnTime', 'PUBLISH_ON_TIME', '1.1', 6, 1, 'zero', 'province', 'rate'],
    ['transparency.publicUpdateOnTime', 'PUBLIC_UPDATE_ON_TIME', '1.2', 4, 1, 'zero', 'province', 'rate'],
    ['transparency.publicContentFull', 'PUBLIC_CONTENT_FULL', '1.3', 2, 1, 'zero', 'province', 'rate'],
    ['transparency.dossierSync', 'DOSSIER_SYNC', '1.4', 6, 1, 'zero', 'unit', 'rate'],
  ],
  progress: [['progress.onTime', null, '2.1', 20, 1, 'zero', 'unit', 'rate']],
  onlineService: [
    ['onlineService.fullyOnline', null, '3.1', 2, 0.8, 'zero', 'unit', 'shownRatio'],
    ['onlineService.servicesWithDossiers', null, '3.2', 4, 1, 'zero', 'unit', 'shownRatio'],
    ['onlineService.onlineDossiers', null, '3.3', 6, 0.5, 'zero', 'unit', 'shownRatio'],
  ],
  payment: [
    ['payment.dossiersPaidOnline', null, '3.6', 6, 1, 'zero', 'unit', 'shownRatio'],
    ['payment.proceduresPaidOnline', null, '3.5', 2, 0.8, 'zero', 'unit', 'shownRatio'],
    ['payment.feeProceduresWithDossiers', null, '3.5', 2, 0.8, 'zero', 'unit', 'shownRatio'],
  ],
  satisfaction: [
    ['satisfaction.dossier', 'DOSSIER_RECEIVING_SATISFACTION', '5.4', 6, 0.9, 'zero', 'unit', 'rate'],
    ['satisfaction.petitionOnTime', 'PETITION_PROCESSING_ON_TIME', '5.2', 6, 1, 'full', 'unit', 'rate'],
    ['satisfaction.petitionHandling', 'PETITION_HANDLING_SATISFACTION', '5.3', 6, 1, 'full', 'unit', 'rate'],
  ],
  digitized: [
    ['digitized.electronicResult', 'ORIGINAL_RESULT_AVAILABLE', '4.1', 6, 1, 'zero', 'unit', 'rate'],
    ['digitized.digitized', 'SO_HOA_GIAY_TO_GIAI_QUYET', '4.2', 4, 1, 'zero', 'unit', 'rate'],
    ['digitized.reusedData', 'REUSED_DIGITIZED_DATA', '4.3', 2, 0.8, 'zero', 'unit', 'rate'],
    ['digitized.personalStorage', 'SYNCED_WITH_DVCQG_PERSONAL_STORAGE', '4.4', 4, 1, 'zero', 'unit', 'rate'],
    ['digitized.citizenDataDossier', 'CITIZEN_DATA_CONNECTED_DOSSIER', '4.5', 2, 1, 'zero', 'unit', 'rate'],
    [
      'digitized.citizenDataProcedure',
      'CITIZEN_DATA_CONNECTED_FORMALITY',
      '4.5',
      2,
      1,
      'zero',
      'unit',
      'rate',
    ],
    ['digitized.electronicCertifiedCopy', 'ELECTRONIC_CERTIFIED_COPY', '4.6', 2, 1, 'full', 'unit', 'rate'],
  ],
};

// The names a person reads (the dashboard, the XLSX), Vietnamese and English. Checked against the
// titles of the operator's formula description ([F], `ChippedTopaz/qd766` `formula-document.js`):
// 3.6, 4.1, 4.2, 4.3, 4.4 and 5.4 are its titles word for word; the others shorten or reword them
// as the portal's pages do (TTHC, PAKN, Cổng DVCQG; 1.1 is "Tỷ lệ thủ tục hành chính công bố đúng
// hạn" there), or, where [F] titles a family of metrics (3.3, 3.5, 4.5), name the one metric scored.
// The group names are hailong's. Pinned so that a change to a visible text is a decision.
const GROUP_NAMES: Record<string, [string, string]> = {
  transparency: ['Công khai, minh bạch', 'Transparency'],
  progress: ['Tiến độ giải quyết', 'Progress of handling'],
  onlineService: ['Dịch vụ công trực tuyến', 'Online public services'],
  payment: ['Thanh toán trực tuyến', 'Online payment'],
  satisfaction: ['Mức độ hài lòng', 'Satisfaction'],
  digitized: ['Số hóa hồ sơ', 'Digitisation'],
};
const METRIC_NAMES: Record<string, [string, string]> = {
  'transparency.publishOnTime': ['Tỷ lệ TTHC công bố đúng hạn', 'Procedures published on time'],
  'transparency.publicUpdateOnTime': [
    'Tỷ lệ TTHC cập nhật, công khai đúng hạn',
    'Procedures updated and made public on time',
  ],
  'transparency.publicContentFull': [
    'Tỷ lệ TTHC công khai đầy đủ nội dung',
    'Procedures published with their full content',
  ],
  'transparency.dossierSync': [
    'Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG',
    'Dossiers synchronised to the national portal',
  ],
  'progress.onTime': ['Hồ sơ giải quyết đúng hạn', 'Dossiers handled on time'],
  'onlineService.fullyOnline': ['Tỷ lệ dịch vụ công toàn trình', 'Eligible procedures offered fully online'],
  'onlineService.servicesWithDossiers': [
    'Tỷ lệ DVC có hồ sơ trực tuyến',
    'Online services that received an online dossier',
  ],
  'onlineService.onlineDossiers': ['Tỷ lệ hồ sơ nộp trực tuyến', 'Dossiers submitted online'],
  'payment.dossiersPaidOnline': [
    'Tỷ lệ hồ sơ thanh toán trực tuyến',
    'Dossiers with a financial obligation paid online',
  ],
  'payment.proceduresPaidOnline': [
    'Tỷ lệ TTHC có phát sinh giao dịch thanh toán trực tuyến',
    'Fee-charging procedures with an online payment',
  ],
  'payment.feeProceduresWithDossiers': [
    'Tỷ lệ TTHC có thu phí, lệ phí phát sinh hồ sơ',
    'Fee-charging procedures that received dossiers',
  ],
  'satisfaction.dossier': [
    'Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC',
    'Satisfaction with receiving and handling dossiers',
  ],
  'satisfaction.petitionOnTime': ['Tỷ lệ PAKN xử lý đúng hạn', 'Feedback handled on time'],
  'satisfaction.petitionHandling': [
    'Tỷ lệ hài lòng trong xử lý PAKN',
    'Satisfaction with the handling of feedback',
  ],
  'digitized.electronicResult': [
    'Tỷ lệ hồ sơ thủ tục hành chính có cấp kết quả giải quyết thủ tục hành chính điện tử',
    'Dossiers with an electronic result',
  ],
  'digitized.digitized': ['Tỷ lệ hồ sơ thủ tục hành chính thực hiện số hóa hồ sơ', 'Dossiers digitised'],
  'digitized.reusedData': [
    'Tỷ lệ hồ sơ khai thác, sử dụng lại thông tin, dữ liệu số hóa',
    'Dossiers reusing digitised data',
  ],
  'digitized.personalStorage': [
    'Tỷ lệ hồ sơ TTHC được số hóa có kết nối, chia sẻ dữ liệu phục vụ tái sử dụng',
    "Digitised dossiers linked to the citizen's storage on the national portal",
  ],
  'digitized.citizenDataDossier': [
    'Tỷ lệ hồ sơ TTHC có sử dụng thông tin, dữ liệu dân cư',
    'Dossiers using population data',
  ],
  'digitized.citizenDataProcedure': [
    'Tỷ lệ TTHC triển khai kết nối, chia sẻ dữ liệu dân cư phục vụ GQ TTHC',
    'Procedures connected to population data',
  ],
  'digitized.electronicCertifiedCopy': [
    'Tỷ lệ cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính',
    'Communes offering electronic certified copies',
  ],
};

describe('the rule table', () => {
  it('holds every metric as docs/index-methods.md tables it, group by group, in order', async () => {
    const { QD766_SCORECARD } = await load();
    expect(QD766_SCORECARD.map((group) => group.key)).toEqual(Object.keys(TABLE));
    for (const group of QD766_SCORECARD) {
      expect(
        group.metrics.map((rule) => [
          rule.key,
          rule.code,
          rule.item,
          rule.maxScore,
          rule.threshold,
          rule.whenEmpty,
          rule.scope,
          rule.basis,
        ]),
        group.key,
      ).toEqual(TABLE[group.key]);
    }
  });

  it('finds every rule by its key, and only those 21', async () => {
    const { qd766MetricRules } = await load();
    const keys = Object.values(TABLE).flatMap((rows) => rows.map((row) => row[0]));
    expect(keys).toHaveLength(21);
    expect([...qd766MetricRules.keys()]).toEqual(keys);
    for (const key of keys) expect(qd766MetricRules.get(key)?.key).toBe(key);
  });

  it('names each group and metric in Vietnamese and English', async () => {
    const { QD766_SCORECARD } = await load();
    for (const group of QD766_SCORECARD) {
      const [vi, en] = GROUP_NAMES[group.key]!;
      expect(group.name, group.key).toEqual({ vi, en });
      for (const rule of group.metrics) {
        const [metricVi, metricEn] = METRIC_NAMES[rule.key]!;
        expect(rule.name, rule.key).toEqual({ vi: metricVi, en: metricEn });
      }
    }
  });

  it('shows each metric with its names, from the scorecard too', async () => {
    const { qd766Scorecard } = await load();
    const card = qd766Scorecard({ 'progress.onTime': { numerator: 1, denominator: 2 } });
    expect(card.groups.progress.name).toEqual({ vi: 'Tiến độ giải quyết', en: 'Progress of handling' });
    expect(card.groups.progress.metrics[0]).toMatchObject({
      key: 'progress.onTime',
      code: null,
      name: { vi: 'Hồ sơ giải quyết đúng hạn', en: 'Dossiers handled on time' },
      maxScore: 20,
      // 1 / 2 = 50% → 20 × 0.5 = 10, lost 10
      ratio: 50,
      score: 10,
      lost: 10,
    });
  });
});

describe('scores at their edges', () => {
  it('divides a rate by its threshold: 2 × min(1, 0.40 ÷ 0.80) = 1; 6 × min(1, 0.45 ÷ 0.9) = 3', async () => {
    const { qd766RateScore } = await load();
    expect(qd766RateScore({ maxScore: 2, threshold: 0.8 }, 0.4)).toBe(1);
    expect(qd766RateScore({ maxScore: 6, threshold: 0.9 }, 0.45)).toBeCloseTo(3, 10);
    expect(qd766RateScore({ maxScore: 6, threshold: 0.5 }, 0.6)).toBe(6); // capped
  });

  it('scores an unknown numerator over an empty denominator by the empty rule, numerator shown 0', async () => {
    const { qd766Metric, qd766MetricRules } = await load();
    // Nothing to count: no numerator is needed to know the score (0, or full marks for 5.2).
    expect(
      qd766Metric(qd766MetricRules.get('progress.onTime')!, { numerator: null, denominator: 0 }),
    ).toMatchObject({
      numerator: 0,
      denominator: 0,
      ratio: 0,
      score: 0,
      lost: 20,
    });
    expect(
      qd766Metric(qd766MetricRules.get('satisfaction.petitionOnTime')!, { numerator: null, denominator: 0 }),
    ).toMatchObject({ numerator: 0, denominator: 0, ratio: 0, score: 6, lost: 0 });
  });

  it('keeps a note given for a scored metric, and none when none is given', async () => {
    const { qd766Metric, qd766MetricRules, qd766Scorecard } = await load();
    const note = { vi: 'Số liệu tháng 10', en: 'October figures' };
    const rule = qd766MetricRules.get('digitized.digitized')!;
    // 3 / 4 = 75% → 4 × 0.75 = 3
    expect(qd766Metric(rule, { numerator: 3, denominator: 4 }, note)).toMatchObject({ score: 3, note });
    expect(qd766Metric(rule, { numerator: 3, denominator: 4 })).not.toHaveProperty('note');
    const card = qd766Scorecard(
      { 'digitized.digitized': { numerator: 3, denominator: 4 } },
      { 'digitized.digitized': note },
    );
    expect(
      card.groups.digitized.metrics.find((metric) => metric.key === 'digitized.digitized')?.note,
    ).toEqual(note);
  });

  it('words the notes of an empty and an unknown metric in both languages', async () => {
    const { qd766Metric, qd766MetricRules } = await load();
    const empty = { numerator: 0, denominator: 0 };
    expect(qd766Metric(qd766MetricRules.get('progress.onTime')!, empty).note).toEqual({
      vi: 'Không có gì để tính trong kỳ (mẫu số 0): 0 điểm, như Cổng DVCQG chấm.',
      en: 'Nothing to count in the period (denominator 0): 0 points, as the national portal scores it.',
    });
    expect(qd766Metric(qd766MetricRules.get('satisfaction.petitionHandling')!, empty).note).toEqual({
      vi: 'Không có gì để tính trong kỳ (mẫu số 0): đạt điểm tối đa, như Cổng DVCQG chấm.',
      en: 'Nothing to count in the period (denominator 0): full marks, as the national portal scores it.',
    });
    expect(qd766Metric(qd766MetricRules.get('progress.onTime')!, undefined).note).toEqual({
      vi: 'Chưa có số liệu cho kỳ này (N/A).',
      en: 'No figures for this period yet (N/A).',
    });
  });
});

describe('the classification', () => {
  it.each([
    [95, 'excellent', 'Xuất sắc', 'Excellent'],
    [85, 'good', 'Tốt', 'Good'],
    [75, 'fair', 'Khá', 'Fair'],
    [65.49, 'average', 'Trung bình', 'Average'],
    [44.97, 'poor', 'Yếu / Kém', 'Poor'],
  ])('of %d is %s, in both languages', async (total, grade, vi, en) => {
    const { qd766Classify } = await load();
    expect(qd766Classify(total)).toEqual({ grade, vi, en });
  });
});
