import { describe, expect, it } from 'vitest';
import type { Counts } from '../../shared/aggregation/family-contract';
import { computeIndex, type IndexMethod, indexMethods, type MethodResult } from '../../shared/indexes';
import { classify766, integrityView, qd766View, tt01View } from '../../shared/views/dashboard/adapters';
import { barChart, radarChart, trendChart } from '../../shared/views/dashboard/charts';
import { formatDate, formatMonth, formatPercent } from '../../shared/views/dashboard/format';
import {
  type Chrome,
  feedbackPage,
  type FiguresView,
  overviewPage,
  publicPage,
  signInPage,
  unitPage,
  worstUnits,
} from '../../shared/views/dashboard/pages';
import { dashboardTexts, reasonWords } from '../../shared/views/dashboard/texts';
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
    // (7 − 2)/10 = 50% < 90% → 0.5 × 6 ÷ 0.9 = 3.33; 4 cases, 3 answered on time → 4.50, and those 3
    // handled well (1 satisfied, 2 not judged: the portal subtracts only the unsatisfied, late, overdue).
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
    // The portal's six groups in its order; this unit has figures for two of them.
    expect(view.groups.map((group) => group.code)).toEqual([
      'transparency',
      'progress',
      'onlineService',
      'payment',
      'satisfaction',
      'digitized',
    ]);
    expect(view.groups.map((group) => group.maxScore)).toEqual([18, 20, 12, 10, 18, 22]);
    expect(view.groups[1]!.metrics[0]).toMatchObject({
      numerator: 7,
      denominator: 10,
      ratio: 0.7,
      score: 14,
      maxScore: 20,
    });
    expect(view.groups[1]!.metrics[0]!.interval95!.low).toBeCloseTo(0.3968, 3);
    expect(view.groups[4]!.metrics.map((metric) => [metric.code, metric.numerator, metric.score])).toEqual([
      ['DOSSIER_RECEIVING_SATISFACTION', 5, 3.33],
      ['PETITION_PROCESSING_ON_TIME', 3, 4.5],
      ['PETITION_HANDLING_SATISFACTION', 3, 4.5],
    ]);
    // 38 of the 100 points: a partial sum shown, never graded (before: "· Khá" on 26.33 / 38).
    expect(view).toMatchObject({
      total: null,
      partial: { score: 26.33, maxScore: 38 },
      classification: null,
    });
    // Points lost, most first: progress 20 − 14 = 6, 5.4: 6 − 3.33 = 2.67, 5.2 and 5.3: 1.5 each;
    // the metrics without figures (N/A) after them.
    expect(view.byLost.slice(0, 4).map((metric) => [metric.code, metric.lost])).toEqual([
      ['progress.onTime', 6],
      ['DOSSIER_RECEIVING_SATISFACTION', 2.67],
      ['PETITION_PROCESSING_ON_TIME', 1.5],
      ['PETITION_HANDLING_SATISFACTION', 1.5],
    ]);
    expect(view.byLost).toHaveLength(21);
    expect(view.byLost.slice(4).every((metric) => metric.lost === null)).toBe(true);
  });

  it('shows a metric without data as missing, and no total while one is missing', () => {
    const view = qd766View(computeIndex.qd766({ received: 4, receivedOnTime: 4 }, options));
    const petition = view.groups[4]!.metrics[1]!;
    expect(petition).toMatchObject({ numerator: null, ratio: null, score: null, interval95: null });
    expect(petition.note?.en).toMatch(/not aggregated/);
    expect(view.total).toBeNull();
    expect(view.groups[4]!.score).toBeNull();
    // Progress alone: 20 of the 100 points, 20 / 20 (4 of 4 on time).
    expect(view.partial).toEqual({ score: 20, maxScore: 20 });
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
      minN: 30,
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

describe('what a leader reads (issue 24)', () => {
  const results = Object.fromEntries(
    indexMethods.map((method) => [
      method,
      computeIndex[method](
        {
          ...counts,
          // tt01's i5 from a single rating of the 10 dossiers returned.
          i5_2: 1,
          // Decision 766 as in the adapter's test above: progress 14 of 20, satisfaction 3.33 + 4.50 + 4.50
          // (5.3: the 3 cases answered on time and not judged unsatisfied, of 4: an unjudged case is satisfied).
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
    ]),
  ) as Record<IndexMethod, MethodResult>;
  const figures: FiguresView = {
    unit: { id: 'cb-d1', name: 'Huyện Một', kind: 'district' },
    from: '2026-11-01',
    to: '2026-11-30',
    final: true,
    minN: 5,
    results,
    trend: [],
  };
  const chromeFor = (lang: 'vi' | 'en', rank: IndexMethod = 'qd766'): Chrome => ({
    query: { lang, period: 'month', from: '2026-11-01', to: '2026-11-30', rank },
    current: 'unit',
    formToken: 'token',
    path: '/dashboard/units/cb-d1',
  });
  const row = (id: string, name: string, rank: number | null, method: IndexMethod, result = results) => ({
    rank,
    unit: { id, name, kind: 'commune' },
    results: result,
    result: result[method],
    rankChange: null,
    headlineChange: null,
  });
  const text = (html: string) =>
    html
      .replace(/<style>.*?<\/style>/s, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&quot;/g, '"');

  it('writes days unambiguously: day first in Vietnamese, the month in words in English', () => {
    expect(formatDate('2026-12-07', 'vi')).toBe('07/12/2026');
    expect(formatDate('2026-12-07', 'en')).toBe('7 Dec 2026');
    expect(formatDate('2026-12-07T10:00:00Z', 'en')).toBe('7 Dec 2026');
    expect(formatMonth('2026-03', 'en')).toBe('Mar 2026');
    expect(formatMonth('2026-03', 'vi')).toBe('03/2026');
  });

  it('shows the Decision 766 groups as groups and never grades their partial sum', () => {
    const html = unitPage(chromeFor('vi'), figures, [], { xlsx: '/x' }, undefined, undefined);
    const card = html.slice(
      html.indexOf('<div class="cards">'),
      html.indexOf('<div class="card">', html.indexOf('<div class="cards">') + 20),
    );
    expect(card).toContain('Chưa xếp loại');
    expect(card).not.toContain('Xếp loại:');
    const words = text(card).replace(/\s+/g, ' ');
    expect(words).toContain('Tiến độ giải quyết: 14 / 20 điểm');
    expect(words).toContain('Mức độ hài lòng: 12,33 / 18 điểm');
    // 26.33 of 38 (69%) would read "Trung bình" on the old card: a grade of a partial sum.
    expect(words).toContain(
      'Tạm tính: mới tính được 38 trên 100 điểm; các nhóm có số liệu đạt 26,33 / 38 điểm',
    );
    // The four groups without figures say so, with what they are out of; none is given a 0.
    expect(words).toContain('Công khai, minh bạch: chưa có số liệu (/ 18 điểm)');
    expect(words).toContain('Số hóa hồ sơ: chưa có số liệu (/ 22 điểm)');
    expect(words).not.toMatch(/Trung bình|Khá|Yếu/);
  });

  it('marks tt01 provisional when an indicator over every dossier returned covers under half of them', () => {
    const html = unitPage(chromeFor('vi'), figures, [], { xlsx: '/x' }, undefined, undefined);
    // i5 from 1 rating of the 10 dossiers returned.
    expect(html).toContain(
      'Tạm tính: Tiếp nhận, trả kết quả tại Bộ phận Một cửa chỉ có số liệu cho 1 trên 10 hồ sơ.',
    );
    expect(html).toContain('Xếp loại tạm tính (chưa chính thức)');
  });

  it('names the ranked figure with its unit and counts minN in what the method counts', () => {
    // 6 ratings with minN 5 is ranked; a unit with 2 ratings is not, and says so in ratings.
    const few = Object.fromEntries(
      indexMethods.map((method) => [
        method,
        computeIndex[method]({ returned: 4, rated: 2, overall2: 2 }, options),
      ]),
    ) as Record<IndexMethod, MethodResult>;
    const html = unitPage(
      chromeFor('vi', 'csat'),
      figures,
      [row('a', 'Xã A', 1, 'csat'), row('b', 'Xã B', null, 'csat', few)],
      { xlsx: '/x' },
      undefined,
      undefined,
    );
    expect(html).toContain('Tỷ lệ hài lòng (CSAT) (%)');
    expect(text(html)).toContain('chưa đủ dữ liệu: 2 lượt đánh giá');
    expect(html).toContain('đơn vị có dưới 5 lượt đánh giá được hiển thị kèm cảnh báo');
    const byProgress = unitPage(
      chromeFor('vi'),
      figures,
      [row('a', 'Xã A', 1, 'qd766')],
      { xlsx: '/x' },
      undefined,
      undefined,
    );
    expect(byProgress).toContain('Tổng điểm QĐ 766 (điểm / 100)');
    expect(byProgress).toContain('hồ sơ tiếp nhận');
    expect(text(byProgress)).not.toMatch(/\bqd766\b|\bcsat\b|\btt01\b|\bsipas\b/);
  });

  it('names the worst ranked units first, with their reasons in words, and the parent', () => {
    const rows = [1, 2, 3, 4].map((rank) => row(`u${rank}`, `Xã ${rank}`, rank, 'qd766'));
    expect(worstUnits(rows).map((r) => r.unit.id)).toEqual(['u4', 'u3', 'u2']);
    const reasons = new Map([
      [
        'u4',
        {
          read: 12,
          counts: [
            ['extra_papers', 3],
            ['slow', 1],
          ] as [string, number][],
        },
      ],
    ]);
    const html = unitPage(chromeFor('vi'), figures, rows, { xlsx: '/x' }, undefined, undefined, {
      parent: { id: 'cb', name: 'Tỉnh Cao Bằng' },
      reasons,
    });
    expect(html.indexOf('data-attention="u4"')).toBeLessThan(html.indexOf('data-attention="u3"'));
    expect(html).toContain('Yêu cầu thêm giấy tờ ngoài quy định: 3 · Giải quyết chậm, trễ hẹn: 1');
    expect(html).toContain('Về đơn vị cấp trên: Tỉnh Cao Bằng');
    expect(html).not.toContain('extra_papers');
    // Without the permission to read ratings, the block says why the reasons are absent.
    expect(unitPage(chromeFor('vi'), figures, rows, { xlsx: '/x' }, undefined, undefined)).toContain(
      'Lý do của người dân chỉ hiển thị với khóa có quyền đọc đánh giá.',
    );
  });

  it('reads reasons from the language catalog, never as codes', () => {
    expect(reasonWords('unclear_guidance', 'vi')).toBe('Hướng dẫn không rõ ràng');
    expect(reasonWords('slow', 'en')).toBe('Slow, past the promised date');
    expect(reasonWords('no_such_reason', 'vi')).toBe('Lý do khác');
  });

  it('shows a case with its dossier, procedure, opening day, trigger and reason in words; no answer form once answered', () => {
    const html = feedbackPage(chromeFor('en'), 'Tỉnh Cao Bằng', {
      cases: [
        {
          id: 'r1',
          unitName: 'Xã Một Một',
          dossierCode: 'H12.34-251201-0001',
          procedure: 'Đăng ký kinh doanh hộ',
          openedAt: '2026-12-01',
          dueAt: '2026-12-15',
          overdue: false,
          status: 'answered',
          triggers: ['unsatisfied', 'requested'],
          reason: 'attitude',
          answers: [{ text: 'Đã trả lời.', at: '2026-12-03T02:00:00Z' }],
        },
      ],
      units: [{ id: 'cb-d1-c1', name: 'Xã Một Một' }],
      filter: { status: 'answered' },
      page: 2,
      more: true,
    });
    const words = text(html);
    for (const expected of [
      'H12.34-251201-0001',
      'Đăng ký kinh doanh hộ',
      '1 Dec 2026',
      '15 Dec 2026',
      'The citizen chose "Not satisfied"; The citizen asked for an answer',
      'Poor attitude of the civil servants',
      'Page 2 of 3',
    ])
      expect(words).toContain(expected);
    expect(words).not.toMatch(/\bunsatisfied\b|\brequested\b/);
    expect(words).toMatch(/Reason\s+Poor attitude of the civil servants\s/);
    expect(html).not.toContain('<textarea');
    expect(html).toContain('status=answered&amp;page=3');
  });

  it('draws chart text at 12 px or more on a 328 px wide chart (a 360 px phone)', () => {
    for (const chart of [
      trendChart({
        title: 't',
        description: 'd',
        labels: ['a', 'b'],
        series: [{ name: 's', color: '#000', values: [0.5, 0.6] }],
      }),
      barChart({ title: 't', description: 'd', axes: [{ label: 'a', value: 0.5 }] }),
      radarChart({
        title: 't',
        description: 'd',
        axes: [1, 2, 3].map((i) => ({ label: `${i}`, value: 0.5 })),
      }),
    ]) {
      const width = Number(/viewBox="0 0 (\d+)/.exec(chart)![1]);
      const font = Number(/font-size="(\d+)"/.exec(chart)![1]);
      expect((font * 328) / width).toBeGreaterThanOrEqual(12);
    }
  });

  it('keeps the overview of a province with 120 communes within 60 KB, ranked or not', () => {
    // Names as long as real ones ("Xã Quang Trung, huyện Hòa An" style), ids as the directory's.
    const communes = (rank: (index: number) => number | null) =>
      Array.from({ length: 120 }, (_, index) =>
        row(`cao-bang-hoa-an-xa-${index}`, `Xã Phường Thị trấn Số ${index} Hòa An`, rank(index), 'qd766'),
      );
    for (const rows of [communes((index) => index + 1), communes(() => null)]) {
      const reasons = new Map(
        worstUnits(rows).map((r) => [
          r.unit.id,
          {
            read: 200,
            counts: [
              ['slow', 12],
              ['extra_papers', 7],
              ['attitude', 3],
              ['unclear_guidance', 2],
            ] as [string, number][],
          },
        ]),
      );
      const html = overviewPage(chromeFor('vi'), figures, rows, { xlsx: '/x', csv: '/y' }, reasons);
      expect(Buffer.byteLength(html)).toBeLessThanOrEqual(60 * 1024);
    }
  });

  it('pages the comments, keeping the filter, with procedure names and reasons in words', () => {
    const html = unitPage(
      chromeFor('vi'),
      figures,
      [],
      { xlsx: '/x' },
      {
        shown: [
          {
            returnedDay: '2026-11-03',
            procedure: 'Đăng ký kinh doanh hộ',
            overall: 0,
            reason: 'extra_papers',
            comment: 'Phải nộp thêm bản sao.',
          },
        ],
        read: 200,
        matching: 45,
        page: 2,
        pages: 3,
        filter: { overall: '0' },
      },
      undefined,
    );
    expect(html).toContain('Trang 2 / 3');
    expect(html).toMatch(/href="[^"]*overall=0&amp;cpage=3" rel="next"/);
    expect(html).toMatch(/href="[^"]*overall=0&amp;cpage=1" rel="prev"/);
    expect(text(html)).toContain(
      '03/11/2026 · Đăng ký kinh doanh hộ · Không hài lòng · Yêu cầu thêm giấy tờ ngoài quy định',
    );
    // Without the comments (a key that may not read ratings) the page still renders, without them.
    expect(unitPage(chromeFor('vi'), figures, [], { xlsx: '/x' }, undefined, undefined)).not.toContain(
      'data-comment',
    );
  });

  it('titles /public by what it ranks, with the method, the period and a link to the explanation', () => {
    const html = publicPage({
      lang: 'en',
      province: { name: 'Cao Bằng' },
      from: '2026-11-01',
      to: '2026-11-30',
      minN: 30,
      ranking: [row('a', 'Xã A', 1, 'csat')],
    });
    expect(html).toContain('How many people are satisfied with each unit');
    expect(html).toContain('(CSAT), 1 Nov 2026 – 30 Nov 2026');
    expect(html).toContain('<a href="#method">');
    expect(html).toContain('id="method"');
    expect(html).toContain('Satisfied share (CSAT) (%)');
  });
});
