/**
 * The dashboard's error page in a real browser (Chromium): a period that ends before it starts is
 * refused (422) on a page whose stylesheet its own Content-Security-Policy allows (no violation is
 * reported, the dashboard's colours apply), that names the fields in words and links back to a page
 * that works. Before, the page was drawn with the rating pages' stylesheet, which the dashboard's CSP
 * blocked, and had no link back.
 */
import type { ConsoleMessage, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeWithBrowser } from '../support/browser';
import { useBrowserStack } from '../support/browser-stack';
import { DASHBOARD_NOW, seedDashboard } from '../support/dashboard';

describeWithBrowser('dashboard error pages in Chromium', () => {
  const e2e = useBrowserStack({
    now: () => DASHBOARD_NOW,
    env: { MIN_N: '3' },
    timeout: 120_000,
    seed: (stack) => seedDashboard(stack.deps),
  });

  /** A signed-in page that records CSP violations (the DOM event and Chromium's console report). */
  async function signedIn(): Promise<{ page: Page; violations: string[] }> {
    const page = await (await e2e.browser.newContext({ viewport: { width: 360, height: 640 } })).newPage();
    const violations: string[] = [];
    page.on('console', (message: ConsoleMessage) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) =>
        (window as unknown as { reportViolation(text: string): void }).reportViolation(
          `${event.violatedDirective} ${event.blockedURI}`,
        ),
      );
    });
    await page.goto(`${e2e.origin}/dashboard`);
    await page.getByLabel('Khóa API').fill(e2e.seeded.adminKey);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(`${e2e.origin}/dashboard`);
    return { page, violations };
  }

  for (const lang of ['vi', 'en'] as const) {
    it(`refuses a reversed period on a styled page with the fields in words and a way back (${lang})`, async () => {
      const { page, violations } = await signedIn();
      const query = `period=custom&from=2025-04-30&to=2025-03-01${lang === 'en' ? '&lang=en' : ''}`;
      const res = await page.goto(`${e2e.origin}/dashboard?${query}`);
      expect(res!.status()).toBe(422);
      // The dashboard's stylesheet applied: its page background (#f4f6f8) and its heading colour (#0b4f9c).
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
        'rgb(244, 246, 248)',
      );
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('h1')!).color)).toBe(
        'rgb(11, 79, 156)',
      );
      expect(violations).toEqual([]);
      const alert = (await page.getByRole('alert').textContent())!;
      if (lang === 'vi') {
        expect(alert).toBe('Trang chưa hiển thị được vì:Đến ngày: phải bằng hoặc sau ngày bắt đầu');
      } else {
        expect(alert).toBe('The page could not be shown because:To: must be on or after the start day');
      }
      expect(alert).not.toMatch(/"(from|to)"/);
      await page.getByRole('link', { name: lang === 'vi' ? 'Quay lại trang' : 'Back to the page' }).click();
      await page.waitForLoadState();
      expect(new URL(page.url()).pathname).toBe('/dashboard');
      expect(await page.locator('h1').count()).toBeGreaterThan(0);
      expect(await page.getByRole('alert').count()).toBe(0);
      expect(violations).toEqual([]);
      await page.context().close();
    }, 60_000);
  }
});
