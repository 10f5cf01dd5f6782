/**
 * A leader acts on the dashboard in 30 seconds (issue 24), in Chromium at 360×640 and 1280×800: every
 * leader's page (/dashboard, a district and a commune, the feedback cases, the skills, /public) passes
 * axe (no serious or critical finding), shows no internal code or key, never overflows the page
 * sideways, keeps every text cell at least 8 characters wide, draws chart text at 12 px or more, and
 * stays within 60 KB. Then what the leader reads: the worst units first with a warning for the units
 * without enough data, a Decision 766 total said to be partial and not graded, ranking columns named
 * with their units, /public ranked by what its title says, feedback cases with their facts, filtered
 * and paged, and English dates that cannot be misread.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { dossierRid } from '../../shared/storage/dossiers';
import { answerCase, caseOpening, openCase } from '../../shared/storage/feedback-cases';
import { describeWithBrowser } from '../support/browser';
import { useBrowserStack } from '../support/browser-stack';
import { DASHBOARD_NOW, PERIOD, seedDashboard } from '../support/dashboard';
import { INTERNAL, measure, seriousAxe } from '../support/page-checks';

const BUDGET = 60 * 1024;
const ARTIFACTS = 'test-results/leaders';

describeWithBrowser("a leader's pages in Chromium (issue 24)", () => {
  const range = `period=custom&from=${PERIOD.from}&to=${PERIOD.to}`;
  const e2e = useBrowserStack({
    now: () => DASHBOARD_NOW,
    env: { MIN_N: '3', PUBLIC_DASHBOARD: 'on' },
    timeout: 120_000,
    async seed(stack) {
      const seeded = await seedDashboard(stack.deps);
      // Twelve cases of one commune (more than a page of ten), the first one answered.
      for (let index = 0; index < 12; index++) {
        const rid = dossierRid('cb-d1-c1', `cb-d1-c1-${index}`);
        const opening = caseOpening({
          rid,
          unit: 'cb-d1-c1',
          rating: { overall: 0, i7: 1, reason: 'slow', comment: `Chờ lâu quá lần ${index}` },
          now: new Date(DASHBOARD_NOW.getTime() - (20 - index) * 86_400_000),
          holidays: new Set(),
          workingDays: 10,
        })!;
        const guard = { now: DASHBOARD_NOW, linkTtlDays: stack.deps.config.LINK_TTL_DAYS };
        await openCase(stack.deps.store, rid, opening, guard);
        if (index === 0) {
          await answerCase(
            stack.deps.store,
            rid,
            {
              text: 'Đã bổ sung người trực một cửa.',
              at: DASHBOARD_NOW.toISOString(),
              by: 'test',
            },
            guard,
          );
        }
      }
      mkdirSync(ARTIFACTS, { recursive: true });
      return seeded;
    },
  });

  async function signedIn(width: number, height: number): Promise<Page> {
    const context = await e2e.browser.newContext({ viewport: { width, height }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${e2e.origin}/dashboard`);
    await page.getByLabel('Khóa API').fill(e2e.seeded.adminKey);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(`${e2e.origin}/dashboard`);
    return page;
  }

  /** Opens `path` and applies every check of the issue to it; answers the visible text. */
  async function check(page: Page, path: string): Promise<string> {
    const response = await page.goto(`${e2e.origin}${path}`);
    expect(response!.status(), path).toBe(200);
    expect((await response!.body()).length, `${path}: bytes`).toBeLessThanOrEqual(BUDGET);
    const facts = await measure(page);
    for (const pattern of INTERNAL) expect(facts.text, `${path}: ${pattern}`).not.toMatch(pattern);
    expect(facts.scrollWidth, `${path}: page width`).toBeLessThanOrEqual(facts.innerWidth);
    expect(facts.narrowCells, `${path}: narrow cells`).toEqual([]);
    expect(facts.smallChartText, `${path}: chart text`).toEqual([]);
    expect(await seriousAxe(page), `${path}: axe`).toEqual([]);
    // At 1280 px no table hides columns in its scroll region either (the skills page once cut its last).
    if (facts.innerWidth >= 1280) {
      const cut = await page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('.scroll'))
          .filter((region) => region.scrollWidth > region.clientWidth + 1)
          .map((region) => region.getAttribute('aria-label')),
      );
      expect(cut, `${path}: tables cut at 1280 px`).toEqual([]);
    }
    const name = path.replace(/[^a-z0-9]+/gi, '-').slice(1, 60);
    await page.screenshot({ path: `${ARTIFACTS}/${name}-${facts.innerWidth}.png`, fullPage: true });
    return facts.text;
  }

  for (const [width, height] of [
    [360, 640],
    [1280, 800],
  ] as const) {
    it(`walks the leader's pages with every check (${width}×${height})`, async () => {
      const page = await signedIn(width, height);

      const overview = await check(page, `/dashboard?${range}`);
      // The worst units and why, on the first screen, above the period form and the figures.
      const attention = page.locator('section.attn');
      expect((await attention.boundingBox())!.y).toBeLessThan(height);
      expect(await attention.locator('h2').textContent()).toBe('Đơn vị cần chú ý nhất');
      // The 766 groups as groups; their sum said to be partial, and no grade given to it.
      const card766 = page.locator('.card').first();
      expect(await card766.textContent()).toContain('Tiến độ giải quyết');
      expect(await card766.locator('[data-partial]').textContent()).toContain('Chưa xếp loại');
      expect(await card766.textContent()).not.toMatch(/Xếp loại: /);
      // Each headline figure with its change against the previous period (January–February: no data).
      expect(await page.locator('.card .chg').count()).toBeGreaterThanOrEqual(5);
      // The ranked column says what it is, with its unit.
      // The seed has no province-wide transparency inputs: a partial total, said so, of 82 points.
      expect(await page.locator('table.rk caption').textContent()).toContain(
        'Tổng điểm tạm tính QĐ 766 (điểm / 82, chưa đủ 6 nhóm)',
      );
      expect(overview).toContain('hồ sơ tiếp nhận');

      // A month's links carry only the month's last day; the report's link carries its whole range.
      await check(page, '/dashboard?period=month&to=2025-04-30');
      const report = await page.locator('a[download]').first().getAttribute('href');
      expect(report).toContain('from=2025-04-01');
      expect((await page.request.get(`${e2e.origin}${report}`)).status()).toBe(200);

      // By CSAT: units under minN ratings are named with a warning, not hidden.
      await check(page, `/dashboard?${range}&rank=csat`);
      expect(await page.locator('table.rk caption').textContent()).toContain('Tỷ lệ hài lòng (CSAT) (%)');

      // A district: the way back up, its communes ranked, the worst with their reasons.
      const district = await check(page, `/dashboard/units/cb-d1?${range}`);
      expect(district).toContain('Về đơn vị cấp trên: Tỉnh Cao Bằng');
      expect(await page.locator('[data-attention]').count()).toBeGreaterThan(0);
      expect(await page.locator('section.attn').textContent()).toContain('Lý do "Không hài lòng"');

      const commune = await check(page, `/dashboard/units/cb-d1-c1?${range}`);
      expect(commune).toContain('Về đơn vị cấp trên: Huyện Một');
      expect(commune).toContain('Đăng ký kinh doanh hộ');

      // Feedback cases: facts in words, ten a page, the answered one reviewable.
      const cases = await check(page, '/dashboard/feedback?unit=cb-d1-c1');
      expect(await page.locator('[data-case]').count()).toBe(10);
      expect(cases).toContain('Mã hồ sơ');
      expect(cases).toContain('Đăng ký kinh doanh hộ');
      expect(cases).toContain('Giải quyết chậm, trễ hẹn');
      expect(cases).toContain('Người dân chọn "Không hài lòng"');
      await page.getByRole('link', { name: 'Trang sau' }).click();
      await page.waitForURL(/page=2/);
      expect(await page.locator('[data-case]').count()).toBe(1);
      const answered = await check(page, '/dashboard/feedback?status=answered');
      expect(answered).toContain('Đã trả lời');
      expect(await page.locator('[data-case]').count()).toBe(1);
      expect((await page.locator('[data-case] blockquote').allTextContents()).join(' ')).toContain(
        'Đã bổ sung người trực một cửa.',
      );

      // Skills: the province against the targets of Decision 146, and how the rows are sorted.
      const skills = await check(page, `/dashboard/skills?${range}`);
      expect(skills).toContain('Toàn địa bàn: Tỉnh Cao Bằng');
      expect(await page.locator('[data-target]').count()).toBe(2);
      expect(skills).toContain('Mục tiêu năm 2025');
      expect(skills).toContain('Mục tiêu năm 2030');
      expect(skills).toContain(
        'Sắp xếp: xã có tỷ lệ sử dụng được dịch vụ công trực tuyến thấp nhất đứng đầu',
      );

      // English: words and dates an English reader cannot misread.
      const english = await check(page, `/dashboard/units/cb-d1?${range}&lang=en`);
      expect(english).toContain('1 Mar 2025 – 30 Apr 2025');
      expect(english).not.toMatch(/\b\d{2}\/\d{2}\/\d{4}\b/);
      await check(page, `/dashboard/feedback?lang=en&unit=cb-d1-c1`);

      // /public says what it ranks, by which method, over which period, and ranks by exactly that.
      // It shows the year to date whatever the query asks (issue 25: no custom range, one cache entry).
      const publicText = await check(page, `/public?${range}`);
      expect(publicText).toContain('Tỷ lệ người dân hài lòng với từng đơn vị');
      expect(publicText).toContain('01/01/2025 – 01/06/2025');
      expect(publicText).not.toContain('01/03/2025 – 30/04/2025');
      expect(await page.locator('a[href="#method"]').count()).toBe(1);
      const ranking = (await (
        await fetch(`${e2e.origin}/v1/rankings?parent=cb&from=2025-01-01&to=2025-06-01&method=csat`, {
          headers: { authorization: `Bearer ${e2e.seeded.adminKey}` },
        })
      ).json()) as { ranking: { unit: { id: string } }[] };
      expect(
        await page
          .locator('tr[data-unit]')
          .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-unit'))),
      ).toEqual(ranking.ranking.map((row) => row.unit.id));
      await page.context().close();
    }, 120_000);
  }

  it('prints without navigation or forms, tables whole', async () => {
    const page = await signedIn(1280, 800);
    await page.goto(`${e2e.origin}/dashboard/units/cb-d1?${range}`);
    await page.emulateMedia({ media: 'print' });
    const hidden = await page.evaluate(() =>
      ['header', 'form', '.actions'].map((selector) =>
        Array.from(document.querySelectorAll(selector)).every(
          (node) => getComputedStyle(node).display === 'none',
        ),
      ),
    );
    expect(hidden).toEqual([true, true, true]);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('thead')!).display)).toBe(
      'table-header-group',
    );
    await page.context().close();
  });
});
