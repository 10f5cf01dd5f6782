import { mkdir } from 'node:fs/promises';
import jsQR from 'jsqr';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { expect, it } from 'vitest';
import { dossierRid } from '../../shared/storage/dossiers';
import { getRating } from '../../shared/storage/rating-reads';
import { axeViolations } from '../support/axe';
import { describeWithBrowser } from '../support/browser';
import { useBrowserStack } from '../support/browser-stack';
import { dossierInput, type RegisteredDossier, seedRating } from '../support/rating';

describeWithBrowser('rating a dossier in Chromium, from the QR code to the thank-you page', () => {
  const e2e = useBrowserStack({ seed: async (stack) => ({ key: await seedRating(stack.deps) }) });

  /** Registers a dossier through the API and reads its rating link back from the QR PNG. */
  async function linkFromQr(overrides: Record<string, unknown> = {}) {
    const res = await fetch(`${e2e.origin}/v1/dossiers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${e2e.seeded.key}`, 'content-type': 'application/json' },
      body: JSON.stringify(dossierInput(overrides)),
    });
    expect(res.status).toBe(201);
    const dossier = ((await res.json()) as { dossiers: RegisteredDossier[] }).dossiers[0]!;
    const png = PNG.sync.read(Buffer.from(await (await fetch(dossier.qrPngUrl)).arrayBuffer()));
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toBe(dossier.ratingUrl);
    return { dossier, link: decoded!.data };
  }

  /** Records every request the page makes that does not go to our own server. */
  function watchExternal(page: Page): string[] {
    const external: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(e2e.origin)) external.push(request.url());
    });
    return external;
  }

  it('fills in the form with JavaScript on (the reason block appears for "Không hài lòng")', async () => {
    const { dossier, link } = await linkFromQr();
    const context = await e2e.browser.newContext({
      viewport: { width: 360, height: 640 },
      deviceScaleFactor: 1,
      locale: 'vi-VN',
      bypassCSP: true,
    });
    const page = await context.newPage();
    const external = watchExternal(page);
    await page.goto(link);
    await expect.poll(() => page.title()).toBe('Đánh giá sự hài lòng');
    await expect.poll(() => page.locator('dd').allTextContents()).toContain(dossier.code);
    await mkdir('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/rating-form-360x640.png', fullPage: false });

    expect(await axeViolations(page)).toEqual([]);
    // Three faces on the overall answer, drawn inline (no request), hidden from screen readers.
    expect(await page.locator('#q-overall label svg[aria-hidden="true"]').count()).toBe(3);

    const reason = page.locator('#q-reason');
    expect(await reason.isVisible()).toBe(false);
    await page.getByLabel('Không hài lòng', { exact: true }).check();
    expect(await reason.isVisible()).toBe(true);
    // The reason is required and says so; there is one free-text box, the comment.
    expect(await reason.locator('legend .req').textContent()).toBe('*');
    expect(await reason.locator('.hint').textContent()).toContain('Bắt buộc');
    expect(await page.locator('textarea').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/rating-form-unhappy-360x640.png', fullPage: true });
    const box = await page.locator('label[for="overall-0"]').boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);

    await page.getByLabel('Giải quyết chậm, trễ hẹn').check();
    await page.getByLabel('Một lần', { exact: true }).check();
    await page.getByLabel('Chỉ Bộ phận Một cửa').check();
    await page.getByLabel('Tốt', { exact: true }).check();
    await page.getByLabel('Góp ý (không bắt buộc)').fill('Chờ lâu. Gọi lại 0912 345 678.');
    await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
    // The thank-you page is the POST's own answer (no redirect).
    await page.waitForSelector('h1:text("Cảm ơn Ông/Bà!")');
    expect(await page.locator('h1').textContent()).toBe('Cảm ơn Ông/Bà!');
    expect(external).toEqual([]);
    await context.close();

    const rating = await getRating(e2e.stack.deps.store, dossierRid(dossier.unit, dossier.code));
    expect(rating).toMatchObject({
      overall: 0,
      reason: 'slow',
      i3: 1,
      i4: 1,
      i7: 1,
      comment: 'Chờ lâu. Gọi lại [SĐT].',
    });
  });

  it('works the same with JavaScript disabled, and shows errors with the answers kept', async () => {
    const { dossier, link } = await linkFromQr({ unit: 'cb-sipas' });
    const context = await e2e.browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 360, height: 640 },
      locale: 'vi-VN',
    });
    const page = await context.newPage();
    const external = watchExternal(page);
    await page.goto(`${link}?lang=en`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    // Without the script the reason block is simply always shown.
    expect(await page.locator('#q-reason').isVisible()).toBe(true);

    await page.getByLabel('Very satisfied').check();
    await page.getByRole('button', { name: 'Send rating' }).click();
    await page.waitForLoadState();
    expect(await page.locator('[role=alert]').textContent()).toContain('required');
    expect(await page.getByLabel('Very satisfied').isChecked()).toBe(true);

    await page.getByLabel('None', { exact: true }).check();
    await page.getByLabel('None: all done online').check();
    await page.getByLabel('Very good').check();
    await page.locator('label[for="s1-5"]').click();
    await page.getByRole('button', { name: 'Send rating' }).click();
    await page.waitForSelector('h1:text("Thank you!")');
    expect(await page.locator('h1').textContent()).toBe('Thank you!');
    expect(external).toEqual([]);

    await page.goto(link);
    expect(await page.locator('h1').textContent()).toBe('Hồ sơ đã được đánh giá');
    await context.close();

    const rating = await getRating(e2e.stack.deps.store, dossierRid(dossier.unit, dossier.code));
    expect(rating).toMatchObject({ overall: 2, i3: 2, i4: 2, i7: 2, sipas: { s1: 5 }, lang: 'en' });
  });
});
