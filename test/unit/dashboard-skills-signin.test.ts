/**
 * The skills page's scope figure against the targets of Decision 146 and its sort sentence, and the
 * sign-in error in words (issue 24): rendered from hand-made figures.
 */
import { describe, expect, it } from 'vitest';
import type { SkillsAnswer } from '../../shared/skills/indicators';
import { skillsPage, signInPage, type SkillsPageData } from '../../shared/views/dashboard/pages';

function answer(yes: number, respondents: number): SkillsAnswer {
  const share = respondents === 0 ? null : yes / respondents;
  const estimate = { respondents, yes, sampleShare: share, share, interval: null };
  return {
    indicator: 'plan146',
    weighting: 'sample shares',
    rule: { vi: '', en: '' },
    populationMissing: [],
    overall: estimate,
    byAgeBand: {},
    bySex: {},
    byEthnicity: {},
  } as SkillsAnswer;
}

// 130 of 200 respondents: 65%; 5 points short of 70% (2025), 25 short of 90% (2030).
const overview: SkillsPageData = {
  plan146: answer(130, 200),
  targets: [
    { year: 2025, share: 0.7, met: false, gapPoints: 5 },
    { year: 2030, share: 0.9, met: false, gapPoints: 25 },
  ],
  // The overview's order (worst first, no data last): the page keeps it.
  communes: [
    { unit: { id: 'c-low', name: 'Xã Thấp' }, plan146: answer(30, 100), dsi: answer(20, 100) },
    { unit: { id: 'c-high', name: 'Xã Cao' }, plan146: answer(100, 100), dsi: answer(50, 100) },
    { unit: { id: 'c-none', name: 'Xã A Chưa Có' }, plan146: answer(0, 0), dsi: answer(0, 0) },
  ],
  sort: 'plan146-ascending',
};
const chrome = (lang: 'vi' | 'en') => ({
  query: { lang, period: 'year' as const, from: '2026-01-01', to: '2026-12-07', rank: 'qd766' as const },
  current: 'skills' as const,
  formToken: 't',
  path: '/dashboard/skills',
});
const text = (html: string) =>
  html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

describe('the skills page against the targets', () => {
  it('shows the scope’s figure, each target with its gap, and how the rows are sorted (vi)', () => {
    const html = skillsPage(chrome('vi'), 'Tỉnh Cao Bằng', overview);
    expect(html).toMatch(/data-figure="plan146.scope">65,00\s?%</);
    const words = text(html);
    expect(words).toContain('Toàn địa bàn: Tỉnh Cao Bằng');
    expect(words).toMatch(/Mục tiêu năm 2025 70,00\s?% Còn thiếu 5 điểm phần trăm/);
    expect(words).toMatch(/Mục tiêu năm 2030 90,00\s?% Còn thiếu 25 điểm phần trăm/);
    expect(words).toContain('Sắp xếp: xã có tỷ lệ sử dụng được dịch vụ công trực tuyến thấp nhất đứng đầu');
    expect([...html.matchAll(/<tr data-unit="([^"]+)"/g)].map((m) => m[1])).toEqual([
      'c-low',
      'c-high',
      'c-none',
    ]);
    expect(words).not.toContain('plan146-ascending');
  });

  it('says a target is met, and has no figure to compare without respondents (en)', () => {
    const met = skillsPage(chrome('en'), 'Cao Bang', {
      ...overview,
      plan146: answer(190, 200),
      targets: [
        { year: 2025, share: 0.7, met: true, gapPoints: 0 },
        { year: 2030, share: 0.9, met: true, gapPoints: 0 },
      ],
    });
    expect(text(met)).toMatch(/Target for 2025 70\.00% Target met/);
    expect(text(met)).toContain('Sorted worst first');
    const none = skillsPage(chrome('en'), 'Cao Bang', {
      ...overview,
      plan146: answer(0, 0),
      targets: [
        { year: 2025, share: 0.7, met: false, gapPoints: null },
        { year: 2030, share: 0.9, met: false, gapPoints: null },
      ],
    });
    expect(text(none)).toMatch(/Target for 2025 70\.00% No figure to compare yet/);
  });
});

describe('the sign-in error', () => {
  it.each(['vi', 'en'] as const)('names no permission key (%s)', (lang) => {
    const words = text(signInPage({ lang, token: 't', minutes: 60, error: true }));
    expect(words).not.toMatch(/scores:read|\w+:(read|write)\b/);
    expect(words).toContain(
      lang === 'vi' ? 'không được cấp quyền xem điểm số' : 'not allowed to read scores',
    );
  });
});
