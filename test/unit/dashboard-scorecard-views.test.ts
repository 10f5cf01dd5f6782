/**
 * The Decision 766 scorecard as leaders read it (issue 22, issue 24): the six groups, the total only
 * when whole, the metrics by points lost, the radar, and the ranking by the whole or partial total.
 * Expected values worked by hand from the counts given.
 */
import { describe, expect, it } from 'vitest';
import type { Counts } from '../../shared/aggregation/family-contract';
import { computeIndex, type IndexMethod, indexMethods, type MethodResult } from '../../shared/indexes';
import type { Qd766Result } from '../../shared/indexes/qd766';
import { qd766Ranked } from '../../shared/reports/dashboard-figures';
import { type Chrome, type FiguresView, overviewPage, unitPage } from '../../shared/views/dashboard/pages';

const options = { minN: 5 };
const resultsOf = (counts: Counts) =>
  Object.fromEntries(indexMethods.map((method) => [method, computeIndex[method](counts, options)])) as Record<
    IndexMethod,
    MethodResult
  >;
// Received 10: 7 on time (6 + 1 within its due date) → progress 14 of 20, 6 lost; dossier
// satisfaction (7 − 2) / 10 = 50% → 6 × 0.5 ÷ 0.9 = 3.33, 2.67 lost; 4 cases, 3 on time → 4.5, 1.5 lost;
// handled well 3 of 4 → 4.5, 1.5 lost.
const unitCounts: Counts = {
  received: 10,
  receivedOnTime: 6,
  receivedInProgress: 1,
  receivedLate: 3,
  receivedOnTimeUnsatisfied: 2,
  casesOpened: 4,
  casesAnsweredOnTime: 3,
  casesSatisfied: 1,
  feedbackCounted: 1,
};
const chromeFor = (lang: 'vi' | 'en'): Chrome => ({
  query: { lang, period: 'month', from: '2026-11-01', to: '2026-11-30', rank: 'qd766' },
  current: 'unit',
  formToken: 'token',
  path: '/dashboard/units/cb-d1',
});
const figuresOf = (results: Record<IndexMethod, MethodResult>): FiguresView => ({
  unit: { id: 'cb-d1', name: 'Huyện Một', kind: 'district' },
  from: '2026-11-01',
  to: '2026-11-30',
  final: true,
  minN: 5,
  results,
  trend: [],
});
const text = (html: string) =>
  html
    .replace(/<style>.*?<\/style>/s, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

describe('the Decision 766 scorecard on the dashboard', () => {
  it('lists the metrics by points lost, most first, and names the unscored once per reason', () => {
    const html = unitPage(
      chromeFor('vi'),
      figuresOf(resultsOf(unitCounts)),
      [],
      { xlsx: '/x' },
      undefined,
      undefined,
    );
    const order = [...html.matchAll(/data-figure="qd766\.([^"]+)\.lost"/g)].map((match) => match[1]);
    expect(order).toEqual([
      'progress.onTime',
      'DOSSIER_RECEIVING_SATISFACTION',
      'PETITION_PROCESSING_ON_TIME',
      'PETITION_HANDLING_SATISFACTION',
    ]);
    const words = text(html);
    expect(words).toContain('Hồ sơ giải quyết đúng hạn Tiến độ giải quyết 6 14 / 20 70,00% 7 10');
    // 17 of the 21 metrics have no figures here: counted by group under the table, not rows of dashes.
    const start = html.indexOf('<ul data-unscored>');
    const unscored = text(html.slice(start, html.indexOf('</ul>', start)));
    const counted = [...unscored.matchAll(/\((\d+) chỉ tiêu\)/g)].reduce(
      (sum, match) => sum + Number(match[1]),
      0,
    );
    expect(counted).toBe(17);
    // Transparency's 4 metrics have no figures, whatever the reason.
    expect(unscored).toMatch(/Công khai, minh bạch \((\d) chỉ tiêu\)/);
    // No portal code or hailong key reaches the reader.
    expect(words).not.toMatch(/DOSSIER_|PETITION_|progress\.onTime|\bqd766\b/);
  });

  it('draws the six groups on the radar, with text of at least 12 px', () => {
    const html = unitPage(
      chromeFor('en'),
      figuresOf(resultsOf(unitCounts)),
      [],
      { xlsx: '/x' },
      undefined,
      undefined,
    );
    const radar = html.slice(html.indexOf('<svg class="chart" viewBox="0 0 330 330"'));
    const svg = radar.slice(0, radar.indexOf('</svg>'));
    const labels = [...svg.matchAll(/<text[^>]*>([^<]+)<\/text>/g)].map((match) => match[1]);
    expect(labels).toHaveLength(6);
    expect(Number(/font-size="(\d+)"/.exec(svg)![1])).toBeGreaterThanOrEqual(12);
    // Progress 14 / 20 = 70%, satisfaction 12.33 / 18 = 69%; the four without figures "–".
    expect(svg).toMatch(/70%/);
    expect(svg).toMatch(/69%/);
  });

  it('grades the total only when all six groups are whole', () => {
    const base = resultsOf(unitCounts);
    const whole: Qd766Result = {
      ...(base.qd766 as Qd766Result),
      total: {
        score: 91.5,
        maxScore: 100,
        classification: { grade: 'excellent', vi: 'Xuất sắc', en: 'Excellent' } as never,
      },
      partialTotal: null,
    };
    const html = unitPage(
      chromeFor('vi'),
      figuresOf({ ...base, qd766: whole }),
      [],
      { xlsx: '/x' },
      undefined,
      undefined,
    );
    const card = text(
      html.slice(
        html.indexOf('<div class="cards">'),
        html.indexOf('<div class="card">', html.indexOf('<div class="cards">') + 20),
      ),
    );
    expect(card).toContain('Tổng điểm: 91,5 / 100');
    expect(card).toContain('Xếp loại: Xuất sắc');
    expect(card).not.toContain('Tạm tính');
    const partial = unitPage(chromeFor('vi'), figuresOf(base), [], { xlsx: '/x' }, undefined, undefined);
    expect(text(partial)).not.toMatch(/Xếp loại: (Xuất sắc|Tốt|Khá|Trung bình|Yếu)/);
  });
});

describe('the ranking by Decision 766', () => {
  // A: progress 8/10 → 16 and satisfaction whole; B: progress 5/10 → 10, feedback not counted, so
  // its satisfaction group has no figures; C: 2 dossiers, below minN 5, unranked (progress 20).
  const a = computeIndex.qd766(
    { ...unitCounts, receivedOnTime: 8, receivedInProgress: 0, receivedLate: 2 },
    options,
  ) as Qd766Result;
  const b = computeIndex.qd766({ received: 10, receivedOnTime: 5, receivedLate: 5 }, options) as Qd766Result;
  const c = computeIndex.qd766({ received: 2, receivedOnTime: 2 }, options) as Qd766Result;

  it('sums only the groups every ranked unit has, and says it is partial', () => {
    const { basis, results } = qd766Ranked([a, b, c]);
    // C is not ranked, so it does not narrow the groups; B lacks satisfaction: progress alone, 20 points.
    expect(basis).toEqual({ groups: ['progress'], maxScore: 20, whole: false });
    expect(results.map((result) => result.headline)).toEqual([
      { name: 'partialTotal', value: 16 },
      { name: 'partialTotal', value: 10 },
      { name: 'partialTotal', value: 20 },
    ]);
    // Without B, A's two groups: 16 + satisfaction (8 − 2)/10 = 60% → 4 + 4.5 + 4.5 = 13 → 29 of 38.
    const two = qd766Ranked([a, c]);
    expect(two.basis).toEqual({ groups: ['progress', 'satisfaction'], maxScore: 38, whole: false });
    expect(two.results[0]!.headline.value).toBe(29);
    // C lacks satisfaction (feedback not counted): no figure on that basis.
    expect(two.results[1]!.headline.value).toBeNull();
  });

  it('ranks by the whole total when every ranked unit has it', () => {
    const withTotal = (result: Qd766Result, score: number): Qd766Result => ({
      ...result,
      total: { score, maxScore: 100, classification: { vi: 'Tốt', en: 'Good' } as never },
      partialTotal: null,
    });
    const { basis, results } = qd766Ranked([withTotal(a, 81.2), withTotal(b, 64.05), c]);
    expect(basis).toMatchObject({ maxScore: 100, whole: true });
    expect(results.map((result) => result.headline.value)).toEqual([81.2, 64.05, null]);
  });

  it('says there is no shared group rather than "points / 0" when no unit can be ranked', () => {
    // Only C, below minN: no ranked unit, so no group is shared and the basis is out of 0 points.
    const { basis, results } = qd766Ranked([c]);
    expect(basis).toMatchObject({ maxScore: 0, whole: false });
    const rows = results.map((result, index) => ({
      rank: null,
      unit: { id: `u${index}`, name: 'Xã C', kind: 'commune' },
      results: { ...resultsOf(unitCounts), qd766: result },
      result,
      rankChange: null,
      headlineChange: null,
    }));
    const html = overviewPage(
      chromeFor('vi'),
      figuresOf(resultsOf(unitCounts)),
      rows,
      { xlsx: '/x' },
      undefined,
    );
    expect(html).toContain('Tổng điểm tạm tính QĐ 766 (chưa có nhóm chỉ tiêu chung)');
    expect(html).not.toContain('/ 0,');
    expect(text(html)).toContain('chưa có nhóm chỉ tiêu nào mà mọi đơn vị đều có số liệu');
  });

  it('names the partial ranking on the page with the points it is out of', () => {
    const { results } = qd766Ranked([a, b, c]);
    const rows = results.map((result, index) => ({
      rank: index < 2 ? index + 1 : null,
      unit: { id: `u${index}`, name: ['Xã A', 'Xã B', 'Xã C'][index]!, kind: 'commune' },
      results: { ...resultsOf(unitCounts), qd766: result },
      result,
      rankChange: null,
      headlineChange: null,
    }));
    const html = overviewPage(
      chromeFor('vi'),
      figuresOf(resultsOf(unitCounts)),
      rows,
      { xlsx: '/x' },
      undefined,
    );
    expect(html).toContain('Xếp hạng theo: Tổng điểm tạm tính QĐ 766 (điểm / 20, chưa đủ 6 nhóm)');
    expect(html).toContain('data-partial-ranking');
    expect(text(html)).toContain('(20 trên 100 điểm); chưa xếp loại.');
  });

  it('shows the ranking 60 units a page, with links to the others, so 200 units keep the page budget', () => {
    const result = resultsOf(unitCounts).qd766;
    const rows = Array.from({ length: 130 }, (_, index) => ({
      rank: index + 1,
      unit: { id: `xa-${index + 1}`, name: `Xã ${index + 1}`, kind: 'commune' },
      results: resultsOf(unitCounts),
      result,
      rankChange: null,
      headlineChange: null,
    }));
    const pageOf = (rpage?: number) =>
      overviewPage(
        { ...chromeFor('vi'), path: '/dashboard', query: { ...chromeFor('vi').query, rpage } },
        figuresOf(resultsOf(unitCounts)),
        rows,
        { xlsx: '/x' },
        undefined,
      );
    const unitsOn = (html: string) => [...html.matchAll(/<tr data-unit="([^"]+)"/g)].map((m) => m[1]);
    const first = pageOf();
    expect(unitsOn(first)).toHaveLength(60);
    expect(unitsOn(first)[0]).toBe('xa-1');
    expect(text(first)).toContain('Trang 1 / 3');
    expect(first).toContain('href="/dashboard?period=month&amp;to=2026-11-30&amp;rpage=2" rel="next"');
    const last = pageOf(3);
    expect(unitsOn(last)).toEqual(Array.from({ length: 10 }, (_, at) => `xa-${121 + at}`));
    expect(last).toContain('rel="prev"');
    expect(last).not.toContain('rel="next"');
    // A page past the last shows the last.
    expect(unitsOn(pageOf(9))).toEqual(unitsOn(last));
  });
});
