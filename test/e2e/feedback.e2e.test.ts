import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { expect, it } from 'vitest';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { createAggregateHandler } from '../../functions/aggregate/handler';
import { createApiKey } from '../../shared/storage/api-keys';
import { dossierRid } from '../../shared/storage/dossiers';
import { getCase } from '../../shared/storage/feedback-cases';
import { addDays, localDay } from '../../shared/time';
import { describeWithBrowser } from '../support/browser';
import { useBrowserStack } from '../support/browser-stack';
import { dossierInput, type RegisteredDossier, seedRating } from '../support/rating';

const axeSource = () => readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's WCAG 2.1 A/AA violations of the page at `url`, in a context of its own with scripts on
 * (the page itself runs none; its CSP would refuse the injected axe script, so the check bypasses it).
 */
async function axeViolations(browser: Browser, url: string): Promise<string[]> {
  const context = await browser.newContext({ bypassCSP: true });
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.addScriptTag({ content: await axeSource() });
    const result = (await page.evaluate(() =>
      (
        window as unknown as {
          axe: { run(options: unknown): Promise<{ violations: { id: string; nodes: unknown[] }[] }> };
        }
      ).axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
    )) as { violations: { id: string; nodes: unknown[] }[] };
    return result.violations.map((violation) => `${violation.id} (${violation.nodes.length})`);
  } finally {
    await context.close();
  }
}

describeWithBrowser(
  'closing the loop in Chromium: "Không hài lòng" → case → answer → the citizen judges → the 766 group shows it',
  () => {
    const answerKey = `test-${randomUUID()}`;
    const scoresKey = `test-${randomUUID()}`;
    // The apps' injected clock: noon in Hà Nội on a fixed day, ticking with real time, so "today" is
    // the same day for the test and the apps whenever it runs (it read the real clock and failed near
    // midnight, when the case's day and the test's "today" could differ).
    const startedAt = Date.now();
    const clock = () => new Date(Date.parse('2026-03-10T05:00:00Z') + (Date.now() - startedAt));

    const e2e = useBrowserStack({
      now: clock,
      async seed(stack) {
        const registerKey = await seedRating(stack.deps);
        await createApiKey(stack.deps.store, answerKey, {
          name: 'unit staff',
          unit: 'cb-d1',
          permissions: ['feedback:write', 'ratings:read'],
        });
        await createApiKey(stack.deps.store, scoresKey, {
          name: 'reader',
          unit: 'cb',
          permissions: ['scores:read'],
        });
        return { registerKey };
      },
    });

    it('runs the whole loop with JavaScript off, and the pages pass axe', async () => {
      const base = e2e.origin;
      const registered = await fetch(`${base}/v1/dossiers`, {
        method: 'POST',
        headers: { authorization: `Bearer ${e2e.seeded.registerKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(dossierInput({}, clock())),
      });
      const dossier = ((await registered.json()) as { dossiers: RegisteredDossier[] }).dossiers[0]!;
      const id = dossierRid(dossier.unit, dossier.code);
      const context = await e2e.browser.newContext({
        javaScriptEnabled: false,
        // The rating page follows the browser's language (Accept-Language).
        locale: 'vi-VN',
        viewport: { width: 360, height: 640 },
      });
      const page = await context.newPage();

      // 1. The citizen rates "Không hài lòng" and asks for an answer.
      // The form with the new "I want an answer" box passes axe too.
      expect(await axeViolations(e2e.browser, dossier.ratingUrl)).toEqual([]);
      await page.goto(dossier.ratingUrl);
      await page.getByLabel('Không hài lòng', { exact: true }).check();
      await page.getByLabel('Giải quyết chậm, trễ hẹn').check();
      await page.getByLabel('Một lần', { exact: true }).check();
      await page.getByLabel('Chỉ Bộ phận Một cửa').check();
      await page.getByLabel('Tốt', { exact: true }).check();
      await page.getByLabel('Tôi muốn được phản hồi').check();
      // The thank-you page is the POST's own answer (201), at the same address.
      const [thanks] = await Promise.all([
        page.waitForResponse((response) => response.request().method() === 'POST'),
        page.getByRole('button', { name: 'Gửi đánh giá' }).click(),
      ]);
      expect(thanks.status()).toBe(201);
      await page.waitForLoadState();

      // 2. The case appears for the unit, and the link now says an answer is coming.
      const today = localDay(clock());
      const listed = await fetch(`${base}/v1/feedback?unit=cb-d1&from=${today}&to=${today}&status=open`, {
        headers: { authorization: `Bearer ${answerKey}` },
      });
      const cases = ((await listed.json()) as { cases: { id: string; triggers: string[] }[] }).cases;
      expect(cases.find((listedCase) => listedCase.id === id)?.triggers).toEqual([
        'unsatisfied',
        'requested',
      ]);
      await page.goto(dossier.ratingUrl);
      expect(await page.locator('h1').textContent()).toBe('Phản hồi của cơ quan');
      expect(await page.locator('.box').textContent()).toContain('Cơ quan chưa trả lời');

      // 3. The unit answers through the API.
      const answered = await fetch(`${base}/v1/feedback/${id}/answer`, {
        method: 'POST',
        headers: { authorization: `Bearer ${answerKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          answer: 'Cơ quan xin lỗi vì trễ hẹn; bộ phận một cửa đã bổ sung người trực.',
        }),
      });
      expect(answered.status).toBe(200);

      // 4. The citizen sees it at the same link and judges it, once.
      await page.goto(dossier.ratingUrl);
      expect(await page.locator('blockquote').textContent()).toContain('bổ sung người trực');
      expect(await axeViolations(e2e.browser, dossier.ratingUrl)).toEqual([]);
      await page.getByLabel('Hài lòng', { exact: true }).check();
      await page.getByLabel('Góp ý thêm (không bắt buộc)').fill('Cảm ơn, gọi 0912345678 nếu cần');
      await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
      await page.waitForURL(/\/feedback$/);
      expect(await page.locator('.box').textContent()).toContain('Hài lòng');
      expect(await page.locator('form').count()).toBe(0);
      await page.goto(`${dossier.ratingUrl}?lang=en`);
      expect(await page.locator('.box').textContent()).toContain('You have judged this answer');
      expect(await axeViolations(e2e.browser, `${dossier.ratingUrl}?lang=en`)).toEqual([]);
      await context.close();

      const again = await fetch(`${dossier.ratingUrl}/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ satisfied: 'no' }),
      });
      expect(again.status).toBe(409);
      expect(await getCase(e2e.stack.deps.store, id)).toMatchObject({
        status: 'closed',
        judgement: 'satisfied',
        judgementComment: 'Cảm ơn, gọi [SĐT] nếu cần',
      });

      // 5. After the nightly job, Decision 766's "Mức độ hài lòng" group shows the case: answered by
      // its due date 1 of 1 (6 points), judged satisfactory 1 of 1 (6 points).
      const now = clock();
      await createAggregateHandler({
        store: e2e.stack.deps.store,
        now: () => now,
        logger: new Logger({ logLevel: 'SILENT' }),
        metrics: new Metrics({ namespace: 'hailong-test' }),
      })({ date: localDay(now) }, {} as Context);
      const scores = await fetch(
        `${base}/v1/scores?unit=cb-d1-c1&from=${addDays(localDay(now), -10)}&to=${localDay(now)}&method=qd766`,
        { headers: { authorization: `Bearer ${scoresKey}` } },
      );
      expect(scores.status).toBe(200);
      const { result } = (await scores.json()) as {
        result: { groups: { satisfaction: { metrics: Record<string, unknown>[] } } };
      };
      const [, onTime, handling] = result.groups.satisfaction.metrics;
      expect(onTime).toMatchObject({
        code: 'PETITION_PROCESSING_ON_TIME',
        numerator: 1,
        denominator: 1,
        score: 6,
      });
      expect(handling).toMatchObject({
        code: 'PETITION_HANDLING_SATISFACTION',
        numerator: 1,
        denominator: 1,
        score: 6,
      });
    });
  },
);
