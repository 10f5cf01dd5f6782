import { describe, expect, it } from 'vitest';
import type { Counts } from '../../shared/aggregation/family-contract';
import { receivedDayCounts } from '../../shared/indexes/counters';
import type { DossierFacts } from '../../shared/indexes/dossier-rules';
import { qd766, qd766Classification } from '../../shared/indexes/qd766';

/**
 * The national portal's Decision 766 figures for Đắk Lắk, 10/10/2026, year to date (DESIGN §4.2; read
 * from hauphanquoc/766-Analyze data/snapshots/2026-10-10.json): received 443,565, on time 393,087,
 * dossier satisfaction 392,869 (so 218 on-time dossiers had feedback or a dislike), 485 feedback cases,
 * 241 answered on time, 186 handled well (formula description item 5.3: all cases less those judged
 * unsatisfied, answered late or overdue — so 55 of the on-time answers were judged unsatisfied).
 */
const dakLak: Counts = {
  received: 443_565,
  receivedOnTime: 393_087,
  receivedLate: 443_565 - 393_087,
  receivedOnTimeUnsatisfied: 393_087 - 392_869,
  casesOpened: 485,
  casesAnsweredOnTime: 241,
  casesAnsweredLate: 485 - 241,
  casesSatisfied: 186,
  casesUnsatisfied: 241 - 186,
};

describe('qd766 as the national portal shows it', () => {
  // Computed in each test, not when the tests are collected: a rule that throws fails the tests.
  const result = () => qd766(dakLak, { minN: 30 });

  it("reproduces the portal's Đắk Lắk progress group: 88.62% → 17.72 of 20", () => {
    expect(result().groups.progress).toMatchObject({
      key: 'progress',
      name: { vi: 'Tiến độ giải quyết' },
      score: 17.72,
      maxScore: 20,
      ratio: 88.62,
      missing: [],
    });
    expect(result().groups.progress.metrics).toEqual([
      {
        key: 'progress.onTime',
        code: null,
        name: { vi: 'Hồ sơ giải quyết đúng hạn', en: 'Dossiers handled on time' },
        numerator: 393_087,
        denominator: 443_565,
        ratio: 88.62,
        score: 17.72,
        maxScore: 20,
        lost: 2.28,
      },
    ]);
  });

  it("reproduces the portal's satisfaction group: 5.90 + 2.98 + 2.30 = 11.18 of 18 (summing rounded metric scores)", () => {
    const [dossier, onTime, handling] = result().groups.satisfaction.metrics;
    expect(dossier).toMatchObject({
      key: 'satisfaction.dossier',
      code: 'DOSSIER_RECEIVING_SATISFACTION',
      name: { vi: 'Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC' },
      numerator: 392_869,
      denominator: 443_565,
      ratio: 88.57,
      score: 5.9,
      maxScore: 6,
    });
    expect(onTime).toMatchObject({
      code: 'PETITION_PROCESSING_ON_TIME',
      name: { vi: 'Tỷ lệ PAKN xử lý đúng hạn' },
      numerator: 241,
      denominator: 485,
      ratio: 49.69,
      score: 2.98,
      maxScore: 6,
    });
    expect(handling).toMatchObject({
      code: 'PETITION_HANDLING_SATISFACTION',
      name: { vi: 'Tỷ lệ hài lòng trong xử lý PAKN' },
      numerator: 186,
      denominator: 485,
      ratio: 38.35,
      score: 2.3,
      maxScore: 6,
    });
    // The unrounded scores sum to 11.187 (11.19): the portal adds the rounded ones.
    expect(result().groups.satisfaction).toMatchObject({ score: 11.18, maxScore: 18, ratio: 62.11 });
  });

  it('ranks by the progress score over the dossiers received, and shows no 100-point total it cannot compute', () => {
    expect(result().headline).toEqual({ name: 'groups.progress.score', value: 17.72 });
    expect(result().ranked).toBe(true);
    expect(result().total).toBeNull();
    expect(result().totalNote.en).toContain('six groups');
  });

  it('gives the dossier-satisfaction metric but no group score while feedback cases are not counted (N/A, not full marks)', () => {
    const { casesOpened: _, ...noCases } = dakLak;
    const group = qd766(noCases, { minN: 30 }).groups.satisfaction;
    expect(group.score).toBeNull();
    expect(group.partialScore).toBe(5.9);
    expect(group.missing).toEqual(['satisfaction.petitionOnTime', 'satisfaction.petitionHandling']);
    expect(group.metrics[1]).toMatchObject({ numerator: null, ratio: null, score: null });
    expect(group.metrics[1]!.note?.vi).toContain('N/A');
  });
});

describe("qd766 reproduces the portal's Đắk Lắk units without feedback (same snapshot)", () => {
  it.each([
    // Sở Văn hóa, Thể thao và Du lịch: 579 of 587 on time, 579 satisfied, no feedback case
    ['Sở Văn hóa, Thể thao và Du lịch', 587, 579, 579, 98.64, 19.73, 98.64],
    // Sở Xây dựng: 3,762 of 3,867 on time (105 overdue), 3,752 satisfied, no feedback case
    ['Sở Xây dựng', 3867, 3762, 3752, 97.28, 19.46, 97.03],
  ])('%s', (_name, received, onTime, satisfied, progressRatio, progressScore, satisfactionRatio) => {
    const result = qd766(
      {
        received,
        receivedOnTime: onTime,
        receivedLate: received - onTime,
        receivedOnTimeUnsatisfied: onTime - satisfied,
        feedbackCounted: received,
      },
      { minN: 30 },
    );
    expect(result.groups.progress).toMatchObject({ score: progressScore, ratio: progressRatio });
    const [dossier, petitionOnTime, handling] = result.groups.satisfaction.metrics;
    expect(dossier).toMatchObject({ numerator: satisfied, ratio: satisfactionRatio, score: 6 });
    // The portal: no feedback case in the period → ratio 0, full marks.
    expect(petitionOnTime).toMatchObject({ numerator: 0, denominator: 0, ratio: 0, score: 6 });
    expect(handling).toMatchObject({ numerator: 0, denominator: 0, ratio: 0, score: 6 });
    expect(petitionOnTime!.note?.en).toContain('full marks');
    expect(result.groups.satisfaction).toMatchObject({ score: 18, ratio: 100, missing: [] });
  });
});

describe('qd766 from dossiers over their whole life (received-day counts)', () => {
  const at = (day: string, hour = 9) => `${day}T${String(hour - 7).padStart(2, '0')}:00:00.000Z`;
  const base: DossierFacts = {
    receivedAt: at('2025-07-01'),
    dueAt: at('2025-07-10', 17),
    supplements: [],
    supplementRequests: 0,
    withdrawn: false,
    complaint: false,
    channel: 'counter',
    steps: [],
  };
  const dossiers: { facts: DossierFacts; unsatisfied: boolean }[] = [
    { facts: { ...base, finishedAt: at('2025-07-08') }, unsatisfied: false },
    { facts: { ...base, finishedAt: at('2025-07-09') }, unsatisfied: true },
    { facts: { ...base, finishedAt: at('2025-07-12') }, unsatisfied: false },
    { facts: { ...base, dueAt: at('2025-07-25') }, unsatisfied: false },
    { facts: { ...base, withdrawn: true }, unsatisfied: false },
    { facts: { ...base, supplementRequests: 2, finishedAt: at('2025-07-05') }, unsatisfied: false },
  ];
  const counts: Counts = {};
  for (const { facts, unsatisfied } of dossiers) {
    for (const [key, value] of Object.entries(receivedDayCounts(facts, '2025-07-15', unsatisfied).counts))
      counts[key] = (counts[key] ?? 0) + value;
  }

  it('counts every received dossier but the withdrawn one, finished or not, and a dossier in progress as on time', () => {
    const result = qd766(counts, { minN: 1 });
    expect(result.dossiers).toEqual({
      received: 5,
      onTime: 2,
      inProgress: 1,
      late: 2,
      lateMultipleSupplements: 1,
      withdrawn: 1,
    });
    // (2 on time + 1 still within its due date) of 5 → 60% → 12 of 20
    expect(result.groups.progress.metrics[0]).toMatchObject({ numerator: 3, denominator: 5, score: 12 });
    // 3 − 1 rated "Không hài lòng" = 2 of 5 = 40% → 40 × 6 / 90 = 2.67
    expect(result.groups.satisfaction.metrics[0]).toMatchObject({ numerator: 2, ratio: 40, score: 2.67 });
  });

  it('puts dossiers in progress in the denominator only when that setting is off', () => {
    const result = qd766(counts, {
      minN: 1,
      qd766: { inProgressCountsOnTime: false, multipleSupplementsLate: true },
    });
    expect(result.groups.progress.metrics[0]).toMatchObject({ numerator: 2, denominator: 5, score: 8 });
    expect(result.rules.en).toContain('denominator only');
  });
});

describe("the portal's 0–100 classification", () => {
  it.each([
    [100, 'Xuất sắc'],
    [90, 'Xuất sắc'],
    [89.99, 'Tốt'],
    [80, 'Tốt'],
    [70, 'Khá'],
    [65.49, 'Trung bình'],
    [50, 'Trung bình'],
    [49.99, 'Yếu'],
  ])('%s is %s', (total, label) => {
    expect(qd766Classification(total).vi).toBe(label);
  });
});

describe('qd766 settings and texts', () => {
  // 10 received: 6 on time (1 of them rated "Không hài lòng"), 3 in progress (1 unsatisfied), 1 late.
  const counts: Counts = {
    received: 10,
    receivedOnTime: 6,
    receivedInProgress: 3,
    receivedLate: 1,
    receivedOnTimeUnsatisfied: 1,
    receivedInProgressUnsatisfied: 1,
  };

  it('counts the unsatisfied dossiers in progress against satisfaction only while they count as on time', () => {
    // On: (6 + 3) − (1 + 1) = 7 of 10 → 70% → 70 × 6 / 90 = 4.67.
    const on = qd766(counts, { minN: 1 });
    expect(on.groups.satisfaction.metrics[0]).toMatchObject({ numerator: 7, ratio: 70, score: 4.67 });
    // Off: 6 − 1 = 5 of 10 → 50% → 3.33.
    const off = qd766(counts, {
      minN: 1,
      qd766: { inProgressCountsOnTime: false, multipleSupplementsLate: false },
    });
    expect(off.groups.satisfaction.metrics[0]).toMatchObject({ numerator: 5, ratio: 50, score: 3.33 });
  });

  it('states the rules it applied, in both languages', () => {
    expect(qd766(counts, { minN: 1 }).rules).toEqual({
      vi: 'Theo ngày tiếp nhận; hồ sơ đang xử lý trong hạn được tính đúng hạn; yêu cầu bổ sung hơn 01 lần tính quá hạn.',
      en: 'By receipt day; dossiers still within their due date count as on time; more than one supplement request counts as late.',
    });
    const off = qd766(counts, {
      minN: 1,
      qd766: { inProgressCountsOnTime: false, multipleSupplementsLate: false },
    });
    expect(off.rules).toEqual({
      vi: 'Theo ngày tiếp nhận; hồ sơ đang xử lý chỉ tính vào mẫu số; không áp dụng quy tắc bổ sung hơn 01 lần.',
      en: 'By receipt day; dossiers in progress count in the denominator only; the more-than-one-supplement rule is off.',
    });
  });

  it('says why there is no 100-point total, and why a figure is N/A or full marks, in both languages', () => {
    const result = qd766({ feedbackCounted: 1 }, { minN: 1 });
    expect(result.totalNote.vi).toBe(
      'Tổng điểm 100 của Cổng DVCQG gồm sáu nhóm; còn nhóm chưa có số liệu, nên không hiển thị tổng và xếp loại.',
    );
    expect(result.groups.progress.metrics[0]!.note).toEqual({
      vi: 'Không có hồ sơ tiếp nhận trong kỳ, hoặc số liệu theo ngày tiếp nhận chưa được tổng hợp (N/A).',
      en: 'No dossier received in the period, or received-day counts are not aggregated yet (N/A).',
    });
    expect(result.groups.satisfaction.metrics[2]!.note).toEqual({
      vi: 'Không có phản ánh, kiến nghị nào trong kỳ: đạt điểm tối đa, như Cổng DVCQG chấm.',
      en: 'No feedback case opened in the period: full marks, as the national portal scores it.',
    });
    // Two feedback metrics at 6 without the dossier metric: a partial 12, never the group's score.
    expect(result.groups.satisfaction).toMatchObject({ score: null, ratio: null, partialScore: 12 });
    expect(result.groups.progress.name).toEqual({ vi: 'Tiến độ giải quyết', en: 'Progress of handling' });
    expect(result.groups.satisfaction.name).toEqual({ vi: 'Mức độ hài lòng', en: 'Satisfaction' });
  });

  it('scores the feedback cases opened even once cases are counted; an unjudged case is satisfied (5.3)', () => {
    // 4 cases: 3 answered on time (75% → 4.5), 1 of them judged satisfied and 2 not judged: all 3 are
    // handled well (the portal subtracts only the unsatisfied, late and overdue); the 4th, unanswered,
    // counts as late until the nightly job counts it within its due day. Before: 1 (25% → 1.5).
    const result = qd766(
      { feedbackCounted: 1, casesOpened: 4, casesAnsweredOnTime: 3, casesSatisfied: 1 },
      { minN: 1 },
    );
    const [, onTime, handling] = result.groups.satisfaction.metrics;
    expect(onTime).toMatchObject({ numerator: 3, denominator: 4, ratio: 75, score: 4.5, lost: 1.5 });
    expect(handling).toMatchObject({ numerator: 3, denominator: 4, ratio: 75, score: 4.5 });
    expect(onTime).not.toHaveProperty('note');
    expect(result.groups.satisfaction.key).toBe('satisfaction');
  });

  it('counts a case still open within its due day as on time (5.2) and, unjudged, as handled well (5.3)', () => {
    // 10 cases: 5 answered on time (1 judged unsatisfied), 2 answered late (1 judged unsatisfied: the
    // overlap counter), 2 still open within their due day, 1 open past it.
    const counts: Counts = {
      feedbackCounted: 1,
      casesOpened: 10,
      casesAnsweredOnTime: 5,
      casesAnsweredLate: 2,
      casesOpenWithinDue: 2,
      casesUnsatisfied: 2,
      casesAnsweredLateUnsatisfied: 1,
    };
    const [, onTime, handling] = qd766(counts, { minN: 1 }).groups.satisfaction.metrics;
    // 5.2: 5 + 2 = 7 of 10 → 4.2; 5.3: 10 − (1 unsatisfied on time + 2 late + 1 overdue) = 6 → 3.6.
    expect(onTime).toMatchObject({ numerator: 7, ratio: 70, score: 4.2 });
    expect(handling).toMatchObject({ numerator: 6, ratio: 60, score: 3.6 });
    // Without the overlap counter the late unsatisfied case is subtracted twice: never counted satisfied.
    const { casesAnsweredLateUnsatisfied: _overlap, ...without } = counts;
    expect(qd766(without, { minN: 1 }).groups.satisfaction.metrics[2]).toMatchObject({ numerator: 5 });
  });

  it('never grades the partial sum of the two groups it computes', () => {
    const result = qd766(dakLak, { minN: 30 });
    expect(result.total).toBeNull();
    expect(result.partialTotal).toEqual({
      score: 28.9,
      maxScore: 38,
      missing: ['transparency', 'onlineService', 'payment', 'digitized'],
    });
  });

  it('names each metric as the portal does', () => {
    const [dossier, onTime, handling] = qd766({}, { minN: 1 }).groups.satisfaction.metrics;
    expect(dossier!.name.en).toBe('Satisfaction with receiving and handling dossiers');
    expect(onTime!.name.en).toBe('Feedback handled on time');
    expect(handling!.name.en).toBe('Satisfaction with the handling of feedback');
    expect(handling!.note).toEqual({
      vi: 'Số liệu phản ánh, kiến nghị chưa được tổng hợp cho kỳ này (N/A).',
      en: 'Feedback cases are not aggregated for this period yet (N/A).',
    });
  });

  it.each([
    [95, 'Excellent'],
    [85, 'Good'],
    [75, 'Fair'],
    [55, 'Average'],
    [10, 'Poor'],
  ])('classifies %s in English as %s', (total, label) => {
    expect(qd766Classification(total).en).toBe(label);
  });
});
