/**
 * Languages as data, in Chromium on a 360 × 640 phone: a catalog dropped as a file in the data
 * directory's languages/ folder appears on every public page with no code change; the pseudo-locale
 * proves no text of those pages is hard-coded; the browser's language is honoured and an unknown
 * `?lang=` is said, not silently replaced. Every page checked with axe (0 violations) and kept as a
 * screenshot in test-results/. The feedback case page (the unit's answer, the judgement form, its
 * problems and the thank-you) is among them.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { importLanguageFolder } from '../../local/admin/languages';
import { createLocalApp } from '../../local/app';
import { forgetCatalogs } from '../../shared/i18n/available';
import { createApiKey } from '../../shared/storage/api-keys';
import { createCampaign } from '../../shared/storage/campaigns';
import { dossierRid } from '../../shared/storage/dossiers';
import { signToken } from '../../shared/tokens';
import { axeViolations, screenshot } from '../support/axe';
import { describeWithBrowser } from '../support/browser';
import { useBrowserStack } from '../support/browser-stack';
import { PSEUDO_TAG, pseudoCatalog, untranslated, VISIBLE_TEXTS } from '../support/pseudo-locale';
import { ratingUnits, registerOne, seedRating } from '../support/rating';

const PHONE = { viewport: { width: 360, height: 640 }, deviceScaleFactor: 1, locale: 'vi-VN' };

/** A Tày catalog as a province would write it: a few texts translated, the rest from Vietnamese. */
const tay = {
  tag: 'tyz',
  name: 'Tày',
  fallback: 'vi',
  texts: {
    rating: { heading: 'Pỉ nọng hăn dượng lăng?' },
    skills: { title: 'Tự đánh giá kỹ năng số (Tày)' },
    feedbackCase: { heading: 'Slấc tháo khửn (Tày)' },
  },
};

describeWithBrowser('languages as data, in Chromium on a phone', () => {
  const answerKey = 'test-answer-key-languages';
  const e2e = useBrowserStack({
    async seed(stack) {
      const key = await seedRating(stack.deps);
      const dataDir = await mkdtemp(join(tmpdir(), 'hailong-lang-'));
      await mkdir(join(dataDir, 'languages'));
      await writeFile(join(dataDir, 'languages', `${PSEUDO_TAG}.json`), JSON.stringify(pseudoCatalog()));
      await writeFile(join(dataDir, 'languages', 'tyz.json'), JSON.stringify(tay));
      // What `npm start` does with <data dir>/languages/ at start.
      await importLanguageFolder(stack.deps.store, dataDir, () => {});
      forgetCatalogs();
      const campaignId = (await createCampaign(stack.deps.store, { unit: 'cb-d1-c1', team: 'T07' })).id;
      await createApiKey(stack.deps.store, answerKey, {
        name: 'unit staff',
        unit: 'cb',
        permissions: ['feedback:write'],
      });
      await mkdir('test-results', { recursive: true });
      return { key, dataDir, campaignId };
    },
  });
  afterAll(async () => {
    if (e2e.seeded?.dataDir) await rm(e2e.seeded.dataDir, { recursive: true, force: true });
  });

  async function phone(options: { locale?: string } = {}): Promise<{ context: BrowserContext; page: Page }> {
    // bypassCSP only so that axe can be injected; the pages' own CSP is tested on the HTTP answers.
    const context = await e2e.browser.newContext({ ...PHONE, bypassCSP: true, ...options });
    return { context, page: await context.newPage() };
  }

  /** A dossier rated with "I want an answer", and the unit's `answer` to its case: its link's path. */
  async function answeredCase(answer: string): Promise<{ path: string; code: string }> {
    const app = createLocalApp(e2e.stack.deps);
    const { dossier, path } = await registerOne(app, e2e.seeded.key);
    const rated = await app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ overall: 2, i3: 2, i4: 2, i7: 2, wantsAnswer: true }),
    });
    expect(rated.status).toBe(201);
    const answered = await app.request(`/v1/feedback/${dossierRid(dossier.unit, dossier.code)}/answer`, {
      method: 'POST',
      headers: { authorization: `Bearer ${answerKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ answer }),
    });
    expect(answered.status).toBe(200);
    return { path, code: dossier.code };
  }

  /** No text outside the catalog, no axe violation; a screenshot as artifact. */
  async function checkPage(page: Page, name: string, data: string[]) {
    expect(await page.locator('html').getAttribute('lang')).toBe(PSEUDO_TAG);
    const texts = (await page.evaluate(VISIBLE_TEXTS)) as string[];
    expect(untranslated(texts, data), name).toEqual([]);
    expect(await axeViolations(page), name).toEqual([]);
    await screenshot(page, `pseudo-${name}`);
  }

  it(
    'shows every public page in the pseudo-locale with no hard-coded text and no axe violation',
    { timeout: 120_000 },
    async () => {
      const { dossier, path, token } = await registerOne(createLocalApp(e2e.stack.deps), e2e.seeded.key);
      const unit = ratingUnits.find((u) => u.id === dossier.unit)!.name;
      const data = [unit, dossier.code, 'Đăng ký khai sinh', 'Xã Một Một', 'T07', 'Pseudo'];
      const { context, page } = await phone();
      const q = `?lang=${PSEUDO_TAG}`;

      await page.goto(`${e2e.origin}${path}${q}`);
      await checkPage(page, 'rating-form', data);

      // Sent empty: the form again, with the problems named in the page's language.
      await page.locator('button[type=submit]').click();
      await page.waitForLoadState();
      expect(await page.locator('[role=alert]').count()).toBe(1);
      await checkPage(page, 'rating-errors', data);

      await page.locator('label[for="overall-2"]').click();
      for (const id of ['i3', 'i4', 'i7']) await page.locator(`label[for="${id}-2"]`).click();
      // The thank-you page is the POST's own answer (201), at the same address.
      const [thanks] = await Promise.all([
        page.waitForResponse((response) => response.request().method() === 'POST'),
        page.locator('button[type=submit]').click(),
      ]);
      expect(thanks.status()).toBe(201);
      await page.waitForLoadState();
      await checkPage(page, 'rating-thanks', data);

      await page.goto(`${e2e.origin}${path}${q}`);
      await checkPage(page, 'rating-already', data);

      await page.goto(`${e2e.origin}/r/${token.slice(0, 30)}${q}`);
      await checkPage(page, 'bad-link', data);
      await page.goto(`${e2e.origin}/r/${token.slice(0, 20)}/${token.slice(20)}${q}`);
      await checkPage(page, 'bad-link-slash', data);

      const keyring = await e2e.stack.deps.keyring.get();
      const expired = signToken(
        keyring,
        dossierRid(dossier.unit, dossier.code),
        new Date(Date.now() - 86_400_000),
      );
      await page.goto(`${e2e.origin}/r/${expired}${q}`);
      expect(await page.locator('dd').first().textContent()).toBe(unit);
      await checkPage(page, 'expired-link', data);

      await page.goto(`${e2e.origin}${path}/label${q}`);
      await checkPage(page, 'label', data);

      // The feedback case at the same link: the unit's answer and the judgement form, its problems
      // when sent empty, and the thank-you once judged.
      const answer = 'Cơ quan đã bổ sung người trực.';
      const feedback = await answeredCase(answer);
      const caseData = [...data, feedback.code, answer];
      await page.goto(`${e2e.origin}${feedback.path}${q}`);
      expect(await page.locator('blockquote').textContent()).toBe(answer);
      expect(await page.locator('form').count()).toBe(1);
      await checkPage(page, 'case-answer', caseData);
      await page.locator('button[type=submit]').click();
      await page.waitForLoadState();
      expect(await page.locator('[role=alert]').count()).toBe(1);
      await checkPage(page, 'case-errors', caseData);
      await page.locator('label[for="satisfied-yes"]').click();
      await page.locator('button[type=submit]').click();
      await page.waitForURL(/\/feedback\?lang=en-XA$/);
      expect(await page.locator('form').count()).toBe(0);
      await checkPage(page, 'case-thanks', caseData);

      await page.goto(`${e2e.origin}/s/${e2e.seeded.campaignId}${q}`);
      await checkPage(page, 'skills', data);
      await page.goto(`${e2e.origin}/s/no-such-campaign${q}`);
      await checkPage(page, 'skills-not-found', data);
      await context.close();
    },
  );

  it('offers a language added from a file on the pages, under its own name, and uses its texts', async () => {
    const { path } = await registerOne(createLocalApp(e2e.stack.deps), e2e.seeded.key);
    const { context, page } = await phone();
    await page.goto(`${e2e.origin}${path}`);
    const link = page.locator('nav a[hreflang="tyz"]');
    expect(await link.textContent()).toBe('Tày');
    await link.click();
    await page.waitForURL(/lang=tyz/);
    expect(await page.locator('html').getAttribute('lang')).toBe('tyz');
    expect(await page.locator('h1').textContent()).toBe('Pỉ nọng hăn dượng lăng?');
    // Untranslated texts come from Vietnamese, its fallback.
    expect(await page.locator('button[type=submit]').textContent()).toBe('Gửi đánh giá');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'rating-form-tyz');

    await page.goto(`${e2e.origin}/s/${e2e.seeded.campaignId}?lang=tyz`);
    expect(await page.locator('h1').textContent()).toBe('Tự đánh giá kỹ năng số (Tày)');

    // The feedback case page follows the added language too (its own text, else Vietnamese).
    const feedback = await answeredCase('Đã trả lời.');
    await page.goto(`${e2e.origin}${feedback.path}/feedback?lang=tyz`);
    expect(await page.locator('html').getAttribute('lang')).toBe('tyz');
    expect(await page.locator('h1').textContent()).toBe('Slấc tháo khửn (Tày)');
    expect(await page.locator('button[type=submit]').textContent()).toBe('Gửi đánh giá');
    await page.locator('label[for="satisfied-no"]').click();
    await page.locator('button[type=submit]').click();
    await page.waitForURL(/\/feedback\?lang=tyz$/);
    expect(await page.locator('html').getAttribute('lang')).toBe('tyz');
    expect(await page.locator('.box strong').textContent()).toBe('Không hài lòng');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it("honours the browser's language, and says so when ?lang= asks for one there is none of", async () => {
    const { path } = await registerOne(createLocalApp(e2e.stack.deps), e2e.seeded.key);
    const english = await phone({ locale: 'en-US' });
    await english.page.goto(`${e2e.origin}${path}`);
    expect(await english.page.locator('html').getAttribute('lang')).toBe('en');
    expect(await english.page.locator('h1').textContent()).toBe('How satisfied are you?');
    await english.context.close();

    const { context, page } = await phone({ locale: 'vi-VN' });
    await page.goto(`${e2e.origin}${path}?lang=tay`);
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    expect(await page.locator('.note').textContent()).toBe(
      'Chưa có bản tiếng “tay”. Trang đang hiển thị bằng tiếng Việt.',
    );
    // The languages there are, each offered by its own name.
    expect(await page.locator('nav a').allTextContents()).toEqual(expect.arrayContaining(['English', 'Tày']));
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'rating-unknown-lang');
    await context.close();
  });
});
