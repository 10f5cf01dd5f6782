import { describe, expect, it } from 'vitest';
import type { Counts } from '../../shared/aggregation/family-contract';
import { computeIndex } from '../../shared/indexes';
import { classify766, integrityView, qd766View, tt01View } from '../../shared/views/dashboard/adapters';
import { radarChart, trendChart } from '../../shared/views/dashboard/charts';
import { formatPercent } from '../../shared/views/dashboard/format';
import { publicPage, signInPage } from '../../shared/views/dashboard/pages';
import { dashboardTexts } from '../../shared/views/dashboard/texts';
import { labelledHeaderLine, labelledLine, localDateTime } from '../../shared/reports/ratings-labels';

const counts: Counts = {
  returned: 10,
  rated: 6,
  early: 4,
  onTime: 3,
  late: 3,
  lateOrComplaint: 4,
  dissatisfiedOnly: 1,
  overall2: 2,
  overall1: 2,
  overall0: 2,
  i3_2: 3,
  i3_1: 2,
  i3_0: 1,
  i4_2: 1,
  i4_1: 4,
  i4_0: 1,
  i7_2: 3,
  i7_1: 2,
  i7_0: 1,
};
const options = { minN: 5 };

describe('index method adapters', () => {
  it('shows the qd766 groups as the portal does, each metric with numerator, denominator and interval', () => {
    // Received 10: 6 on time, 1 still within its due date (counts on time, the portal's rule), 3 late;
    // 2 of the on-time ones rated "Không hài lòng". Progress 7/10 → 14.00 of 20; dossier satisfaction
    // (7 − 2)/10 = 50% < 90% → 0.5 × 6 ÷ 0.9 = 3.33; 4 cases, 3 answered on time → 4.50, 1 satisfied → 1.50.
    const view = qd766View(
      computeIndex.qd766(
        {
          received: 10,
          receivedOnTime: 6,
          receivedInProgress: 1,
          receivedLate: 3,
          receivedOnTimeUnsatisfied: 2,
          casesOpened: 4,
          casesAnsweredOnTime: 3,
          casesSatisfied: 1,
          feedbackCounted: 1,
        },
        options,
      ),
    );
    expect(view.groups.map((group) => group.code)).toEqual(['progress', 'satisfaction']);
    expect(view.groups[0]!.metrics[0]).toMatchObject({
      numerator: 7,
      denominator: 10,
      ratio: 0.7,
      score: 14,
      maxScore: 20,
    });
    expect(view.groups[0]!.metrics[0]!.interval95!.low).toBeCloseTo(0.3968, 3);
    expect(view.groups[1]!.metrics.map((metric) => [metric.code, metric.numerator, metric.score])).toEqual([
      ['DOSSIER_RECEIVING_SATISFACTION', 5, 3.33],
      ['PETITION_PROCESSING_ON_TIME', 3, 4.5],
      ['PETITION_HANDLING_SATISFACTION', 1, 1.5],
    ]);
    expect(view).toMatchObject({ score: 14 + 3.33 + 4.5 + 1.5, maxScore: 38 });
  });

  it('shows a metric without data as missing, and no total while one is missing', () => {
    const view = qd766View(computeIndex.qd766({ received: 4, receivedOnTime: 4 }, options));
    const petition = view.groups[1]!.metrics[1]!;
    expect(petition).toMatchObject({ numerator: null, ratio: null, score: null, interval95: null });
    expect(petition.note?.en).toMatch(/not aggregated/);
    expect(view.score).toBeNull();
  });

  it('lists all nine tt01 indicators and marks the grade provisional while some have no data', () => {
    const view = tt01View(computeIndex.tt01(counts, options));
    expect(view.indicators.map((indicator) => indicator.code)).toEqual([
      'i1',
      'i2',
      'i3',
      'i4',
      'i5',
      'i6',
      'i7',
      'i8',
      'i9',
    ]);
    expect(view.missing).toEqual(['i2', 'i5', 'i6', 'i8', 'i9']);
    expect(view.provisional).toBe(true);
    const complete = tt01View({ ...computeIndex.tt01(counts, options), provisional: false } as never);
    expect(complete.provisional).toBe(false);
  });

  it('carries integrity flags with their reasons', () => {
    expect(integrityView(computeIndex.csat(counts, options))).toEqual([]);
    // 10 ratings checked, 9 within 10 minutes of the return: over the 50% threshold.
    const flagged = integrityView(
      computeIndex.csat({ ...counts, integrityRated: 10, ratedWithin10Min: 9 }, { minN: 5 }),
    );
    expect(flagged.map((flag) => flag.code)).toContain('ratedWithin10Min');
    expect(flagged.find((flag) => flag.code === 'ratedWithin10Min')!.reason.en).toMatch(/90/);
  });

  it('classifies a 0–100 total on the Decision 766 bands', () => {
    expect([95, 90, 85, 75, 55, 10].map((value) => classify766(value).vi)).toEqual([
      'Xuất sắc',
      'Xuất sắc',
      'Tốt',
      'Khá',
      'Trung bình',
      'Yếu',
    ]);
  });
});

describe('dashboard views', () => {
  it('escapes names in pages and charts', () => {
    const html = publicPage({
      lang: 'vi',
      province: { name: '<script>x</script>' },
      from: '2025-01-01',
      to: '2025-01-31',
      ranking: [],
    });
    expect(html).not.toContain('<script>x');
    expect(html).toContain('&lt;script&gt;');
    expect(
      radarChart({
        title: '"t"',
        description: 'd',
        axes: [
          { label: '<a>', value: 0.5 },
          { label: 'b', value: 1 },
          { label: 'c', value: null },
        ],
      }),
    ).not.toContain('<a>');
    expect(
      trendChart({
        title: 't',
        description: 'd',
        labels: ['<m>'],
        series: [{ name: 'n', color: '#000', values: [0.5] }],
      }),
    ).not.toContain('<m>');
  });

  it('writes numbers the Vietnamese way in Vietnamese and the English way in English', () => {
    expect(formatPercent(0.8857, 'vi')).toBe('88,57%');
    expect(formatPercent(0.8857, 'en')).toBe('88.57%');
  });

  it('has every text in both languages', () => {
    const keys = (texts: object) => Object.keys(texts).sort();
    expect(keys(dashboardTexts.en)).toEqual(keys(dashboardTexts.vi));
    expect(signInPage({ lang: 'en', token: 't', minutes: 60 })).toContain('Sign in to the dashboard');
  });
});

describe('CSV for people', () => {
  const names = {
    units: new Map([['cb-d1-c1', 'Xã Một Một']]),
    procedures: new Map([['2.001610', 'Đăng ký kinh doanh hộ']]),
  };
  const row = {
    rid: 'r1',
    unit: 'cb-d1-c1',
    dossierCode: '000.00.10.H12-250701-0001',
    procedure: '2.001610',
    applicantType: 'business',
    channel: 'online',
    returnedDay: '2025-03-10',
    timeliness: 'late',
    complaint: true,
    ratedAt: '2025-03-10T17:30:00.000Z',
    instrument: 'rating@1',
    overall: 0,
    i3: 1,
    i4: 2,
    i7: 0,
    reason: 'extra_papers',
    reasonText: null,
    comment: '=HYPERLINK("x")',
    s1: null,
    s2: null,
    s3: null,
    s4: null,
    s5: null,
    lang: 'vi',
  };

  it('writes names beside codes, words for answers, local time, codes as text and guarded comments', () => {
    const line = labelledLine(row, names);
    expect(line).toContain('"=""2.001610"""');
    expect(line).toContain('Đăng ký kinh doanh hộ');
    expect(line).toContain('Doanh nghiệp,Trực tuyến');
    expect(line).toContain('Trễ hạn,Có');
    expect(line).toContain('2025-03-11 00:30:00');
    expect(line).toContain('Yêu cầu thêm giấy tờ ngoài quy định');
    expect(line).toContain('Gây phiền hà, sách nhiễu');
    expect(line).toContain(`"'=HYPERLINK(""x"")"`);
    expect(labelledHeaderLine().startsWith('\uFEFFMã hồ sơ,Mã đơn vị,Tên đơn vị')).toBe(true);
  });

  it('converts instants to Asia/Ho_Chi_Minh time', () => {
    expect(localDateTime('2025-12-31T17:00:00Z')).toBe('2026-01-01 00:00:00');
  });
});
