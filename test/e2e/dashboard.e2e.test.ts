/**
 * The leader's path in a real browser (Chromium, at 360×640 and 1280×800): sign in with an API key,
 * read the province's figures (equal to /v1/scores) and ranking (equal to /v1/rankings), drill into a
 * commune and read its comments, download the Excel report (read back with exceljs), open the feedback
 * and skills pages, sign out. A revoked key's session and a cross-site form post are refused; /public
 * shows no comment. axe-core runs on every page with 0 violations (and catches one injected fault, to
 * prove it ran). Screenshots go to test-results/ (git-ignored).
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { formatCount, formatNumber, formatPercent } from '../../shared/views/dashboard/format';
import { describeWithBrowser, serveApp } from '../support/browser';
import { useBrowserStack } from '../support/browser-stack';
import { COMMENT_MARK, DASHBOARD_NOW, PERIOD, revokeKey, seedDashboard } from '../support/dashboard';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers read field by field
type Loose = Record<string, any>;

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const ARTIFACTS = 'test-results/dashboard';

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: { target: unknown[] }[];
}

/** Runs axe-core in the page (WCAG 2 A/AA and best practices); answers the violations. */
async function axe(page: Page): Promise<{ id: string; impact: string | null; targets: string }[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const runner = (
      window as unknown as { axe: { run(context: Document): Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    return (await runner.run(document)).violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      nodes: violation.nodes.map((node) => ({ target: node.target })),
    }));
  });
  return violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    targets: JSON.stringify(violation.nodes.map((node) => node.target)),
  }));
}

describeWithBrowser('leaders dashboard in Chromium', () => {
  const e2e = useBrowserStack({
    now: () => DASHBOARD_NOW,
    env: { MIN_N: '3', PUBLIC_DASHBOARD: 'on' },
    timeout: 120_000,
    async seed(stack) {
      await mkdir(ARTIFACTS, { recursive: true });
      return seedDashboard(stack.deps);
    },
  });

  const api = async (path: string) =>
    (await (
      await fetch(`${e2e.origin}${path}`, { headers: { authorization: `Bearer ${e2e.seeded.adminKey}` } })
    ).json()) as Loose;

  async function newPage(width: number, height: number): Promise<Page> {
    // bypassCSP lets the test inject axe-core; the pages themselves run no script.
    const context = await e2e.browser.newContext({
      viewport: { width, height },
      bypassCSP: true,
      acceptDownloads: true,
    });
    return context.newPage();
  }

  async function signIn(page: Page, key: string) {
    await page.goto(`${e2e.origin}/dashboard`);
    expect(new URL(page.url()).pathname).toBe('/dashboard/sign-in');
    await page.getByLabel('Khóa API').fill(key);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(`${e2e.origin}/dashboard`);
  }

  async function expectAccessible(page: Page, name: string) {
    const violations = await axe(page);
    expect(violations, `${name}: ${JSON.stringify(violations)}`).toEqual([]);
  }

  const figureText = (page: Page, name: string) =>
    page.locator(`[data-figure="${name}"]`).first().textContent();

  for (const [width, height] of [
    [360, 640],
    [1280, 800],
  ] as const) {
    it(`signs in, reads the province, drills into a commune, downloads the report and signs out (${width}×${height})`, async () => {
      const size = `${width}x${height}`;
      const page = await newPage(width, height);
      await page.goto(`${e2e.origin}/dashboard/sign-in`);
      await expectAccessible(page, 'sign-in');
      await page.screenshot({ path: `${ARTIFACTS}/sign-in-${size}.png`, fullPage: true });
      await signIn(page, e2e.seeded.adminKey);

      // the period picker, as a leader uses it
      await page.locator('select#period').selectOption('custom');
      await page.locator('input#from').fill(PERIOD.from);
      await page.locator('input#to').fill(PERIOD.to);
      await page.getByRole('button', { name: 'Xem' }).click();
      await page.waitForURL(/from=2025-03-01/);
      await expect.poll(() => page.locator('h1').textContent()).toBe('Tỉnh Cao Bằng');

      const q = `unit=cb&from=${PERIOD.from}&to=${PERIOD.to}`;
      const [qd766, tt01, csat] = await Promise.all(
        ['qd766', 'tt01', 'csat'].map((method) => api(`/v1/scores?${q}&method=${method}`)),
      );
      expect(await figureText(page, 'csat.satisfied')).toBe(
        formatPercent(csat!.result.satisfied.value, 'vi'),
      );
      expect(await figureText(page, 'responseRate')).toBe(
        formatPercent(csat!.result.denominators.responseRate, 'vi'),
      );
      expect(await figureText(page, 'ratingsReceived')).toBe(
        formatCount(csat!.result.denominators.ratingsReceived, 'vi'),
      );
      expect(await figureText(page, 'tt01.total')).toBe(formatNumber(tt01!.result.total, 'vi', 1));
      expect(await figureText(page, 'tt01.i1')).toBe(formatNumber(tt01!.result.indicators.i1.score, 'vi', 1));
      // A 766 metric's row: the points lost (its data-figure), score / max, ratio, numerator, denominator.
      const metricCell = (code: string, column: number) =>
        page
          .locator('tr', { has: page.locator(`[data-figure="qd766.${code}.lost"]`) })
          .locator('td')
          .nth(column)
          .textContent();
      expect(await metricCell('progress.onTime', 3)).toBe(
        formatCount(qd766!.result.groups.progress.metrics[0].numerator, 'vi'),
      );
      expect(await metricCell('DOSSIER_RECEIVING_SATISFACTION', 1)).toBe(
        `${formatNumber(qd766!.result.groups.satisfaction.metrics[0].score, 'vi')} / ${formatNumber(6, 'vi')}`,
      );

      const ranking = await api(`/v1/rankings?parent=cb&from=${PERIOD.from}&to=${PERIOD.to}&method=qd766`);
      const rows = page.locator('tr[data-unit]');
      expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-unit')))).toEqual(
        ranking.ranking.map((row: Loose) => row.unit.id),
      );
      const ranks = await page.locator('tr[data-unit] td[data-rank]').allTextContents();
      expect(ranks.map((text) => (/^\d+$/.test(text) ? Number(text) : null))).toEqual(
        ranking.ranking.map((row: Loose) => row.rank),
      );
      await expectAccessible(page, 'overview');
      await page.screenshot({ path: `${ARTIFACTS}/overview-${size}.png`, fullPage: true });

      // drill down: province → district → commune, keeping the period
      await page.locator('table.rk').getByRole('link', { name: 'Huyện Một' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Huyện Một');
      await page.locator('table.rk').getByRole('link', { name: 'Xã Một Một' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Xã Một Một');
      expect(page.url()).toContain('from=2025-03-01');
      const commune = await api(`/v1/scores?unit=cb-d1-c1&from=${PERIOD.from}&to=${PERIOD.to}&method=csat`);
      expect(await figureText(page, 'csat.satisfied')).toBe(
        formatPercent(commune.result.satisfied.value, 'vi'),
      );
      expect(await page.locator('[data-comment]').first().textContent()).toContain(COMMENT_MARK);
      await expect.poll(() => page.getByText('Không có phản ánh nào đang mở.').count()).toBe(1);
      await expectAccessible(page, 'unit');
      await page.screenshot({ path: `${ARTIFACTS}/unit-${size}.png`, fullPage: true });

      // the report button downloads the workbook of this commune
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Tải báo cáo Excel (.xlsx)' }).click(),
      ]);
      const path = `${ARTIFACTS}/report-${size}.xlsx`;
      await download.saveAs(path);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(path);
      const overview = workbook.getWorksheet('Tổng quan')!;
      // Title block (rows 1–5), a blank row, the headers (row 7), then the commune by name, not by id.
      expect(overview.getRow(2).getCell(1).value).toBe('Đơn vị: Xã Một Một');
      expect(overview.getRow(8).getCell(1).value).toBe('Xã Một Một');
      expect(overview.getRow(8).getCell(3).value).toBe(commune.result.denominators.dossiersReturned);
      expect(overview.getRow(8).getCell(4).value).toBe(commune.result.denominators.ratingsReceived);

      await page.getByRole('link', { name: 'Phản ánh, kiến nghị' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Phản ánh, kiến nghị');
      await expectAccessible(page, 'feedback');
      await page.screenshot({ path: `${ARTIFACTS}/feedback-${size}.png`, fullPage: true });
      await page.getByRole('link', { name: 'Kỹ năng số' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toContain('Kỹ năng số');
      await expectAccessible(page, 'skills');
      await page.screenshot({ path: `${ARTIFACTS}/skills-${size}.png`, fullPage: true });
      await page.getByRole('link', { name: 'English' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toContain('Digital skills');
      await expectAccessible(page, 'skills (en)');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/\/dashboard\/sign-in/);
      await page.goto(`${e2e.origin}/dashboard`);
      expect(new URL(page.url()).pathname).toBe('/dashboard/sign-in');
      await page.context().close();
    });
  }

  it("refuses a revoked key's session on the next page", async () => {
    const page = await newPage(1280, 800);
    await signIn(page, e2e.seeded.revokedKey);
    await revokeKey(e2e.stack.deps, e2e.seeded.revokedKey);
    await page.reload();
    expect(new URL(page.url()).pathname).toBe('/dashboard/sign-in');
    await page.context().close();
  });

  it('refuses a form posted from another site, and the session survives it', async () => {
    const page = await newPage(1280, 800);
    await signIn(page, e2e.seeded.adminKey);
    const token = await page.locator('header form input[name="token"]').getAttribute('value');
    // The attacker's page, on another site (localhost is not 127.0.0.1), with the real token even.
    const attacker = await serveApp(
      () =>
        new Response(
          `<!doctype html><html lang="en"><title>win a prize</title><form method="post" action="${e2e.origin}/dashboard/sign-out"><input type="hidden" name="token" value="${token}"><button>Claim</button></form></html>`,
          { headers: { 'content-type': 'text/html' } },
        ),
    );
    try {
      const evil = await page.context().newPage();
      await evil.goto(attacker.origin.replace('127.0.0.1', 'localhost'));
      const [response] = await Promise.all([
        evil.waitForResponse((res) => res.url().startsWith(`${e2e.origin}/dashboard/sign-out`)),
        evil.getByRole('button', { name: 'Claim' }).click(),
      ]);
      expect(response.status()).toBe(403);
      await page.reload();
      expect(new URL(page.url()).pathname).toBe('/dashboard');
    } finally {
      await attacker.close();
      await page.context().close();
    }
  });

  it('shows /public without sign-in and without comment text, accessible', async () => {
    const page = await newPage(360, 640);
    await page.goto(`${e2e.origin}/public?period=custom&from=${PERIOD.from}&to=${PERIOD.to}`);
    expect(await page.locator('h1').textContent()).toContain('Tỉnh Cao Bằng');
    expect(await page.content()).not.toContain(COMMENT_MARK);
    await expectAccessible(page, 'public');
    await page.screenshot({ path: `${ARTIFACTS}/public-360x640.png`, fullPage: true });
    await page.context().close();
  });

  it('proves axe ran: an injected image without a text alternative is caught', async () => {
    const page = await newPage(1280, 800);
    await page.goto(`${e2e.origin}/dashboard/sign-in`);
    await page.evaluate(() => {
      const image = document.createElement('img');
      image.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
      document.querySelector('main')!.append(image);
    });
    expect((await axe(page)).map((violation) => violation.id)).toContain('image-alt');
    await page.context().close();
  });
});
