/**
 * The staffer's and the citizen's paths of issue 24 in Chromium at 360×640 and 1280×800, with the
 * checks of every page a person meets (test/support/page-checks.ts: axe with no serious or critical
 * finding, no internal code or key, no sideways overflow, no text cell under 8 characters, chart text
 * ≥ 12 px) and the budgets (rating pages ≤ 14 KB, dashboard ≤ 60 KB):
 *
 * the citizen rates "Không hài lòng" with "I want an answer" at /r/{token} and reads the thank-you; the
 * commune's staffer signs in with a feedback:write key, opens /dashboard/feedback, answers the case with
 * the commune's published number and a citizen's number in the text, and finds it under "answered";
 * the citizen opens the same link and reads the answer with the commune's number kept and the other
 * number masked.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { createApiKey } from '../../shared/storage/api-keys';
import { putProcedures } from '../../shared/storage/procedures';
import { describeWithBrowser } from '../support/browser';
import { useBrowserStack } from '../support/browser-stack';
import { INTERNAL, measure, seriousAxe } from '../support/page-checks';
import { dossierInput, procedures, ratingUnits, type RegisteredDossier } from '../support/rating';
import { seedKey } from '../support/stack';

const NOW = new Date('2026-12-07T03:00:00Z');
const DASHBOARD_BUDGET = 60 * 1024;
const RATING_BUDGET = 14 * 1024;
/** The commune's one-stop desk, published as the unit setting `contactNumbers`. */
const COMMUNE_NUMBER = '0206 3852 123';

describeWithBrowser("the staffer's and the citizen's paths in Chromium (issue 24)", () => {
  const staffKey = `test-${randomUUID()}`;
  const e2e = useBrowserStack({
    now: () => NOW,
    timeout: 60_000,
    async seed(stack) {
      await putProcedures(stack.deps.store, procedures);
      const registerKey = await seedKey(
        stack.deps,
        'cb',
        ['dossiers:write'],
        ratingUnits.map((unit) =>
          unit.id === 'cb-d1-c1' ? { ...unit, contactNumbers: [COMMUNE_NUMBER] } : unit,
        ),
      );
      // The commune's staffer: reads the figures (to sign in), the citizens' words, and answers.
      await createApiKey(stack.deps.store, staffKey, {
        name: 'commune staff',
        unit: 'cb-d1-c1',
        permissions: ['scores:read', 'ratings:read', 'feedback:write'],
      });
      return { registerKey };
    },
  });

  /** Every check of the issue on the page now shown; answers its visible text. */
  async function check(page: Page, label: string, bytes: number, budget: number): Promise<string> {
    expect(bytes, `${label}: bytes`).toBeLessThanOrEqual(budget);
    const facts = await measure(page);
    for (const pattern of INTERNAL) expect(facts.text, `${label}: ${pattern}`).not.toMatch(pattern);
    expect(facts.scrollWidth, `${label}: page width`).toBeLessThanOrEqual(facts.innerWidth);
    expect(facts.narrowCells, `${label}: narrow cells`).toEqual([]);
    expect(facts.smallChartText, `${label}: chart text`).toEqual([]);
    expect(await seriousAxe(page), `${label}: axe`).toEqual([]);
    return facts.text;
  }
  /** Opens `url` (200) and checks it. */
  async function visit(page: Page, url: string, budget: number): Promise<string> {
    const response = await page.goto(url);
    expect(response!.status(), url).toBe(200);
    return check(page, url, (await response!.body()).length, budget);
  }

  for (const [width, height] of [
    [360, 640],
    [1280, 800],
  ] as const) {
    it(`walks the citizen's rating, the staffer's answer and the citizen's case page (${width}×${height})`, async () => {
      const base = e2e.origin;
      const registered = await fetch(`${base}/v1/dossiers`, {
        method: 'POST',
        headers: { authorization: `Bearer ${e2e.seeded.registerKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(dossierInput({}, NOW)),
      });
      expect(registered.status).toBe(201);
      const dossier = ((await registered.json()) as { dossiers: RegisteredDossier[] }).dossiers[0]!;

      // The citizen: the rating page, "Không hài lòng", "I want an answer", the thank-you.
      const citizen = await (
        await e2e.browser.newContext({ locale: 'vi-VN', viewport: { width, height }, bypassCSP: true })
      ).newPage();
      await visit(citizen, dossier.ratingUrl, RATING_BUDGET);
      await citizen.getByLabel('Không hài lòng', { exact: true }).check();
      await citizen.getByLabel('Giải quyết chậm, trễ hẹn').check();
      await citizen.getByLabel('Một lần', { exact: true }).check();
      await citizen.getByLabel('Chỉ Bộ phận Một cửa').check();
      await citizen.getByLabel('Tốt', { exact: true }).check();
      await citizen.getByLabel('Tôi muốn được phản hồi').check();
      const [thanks] = await Promise.all([
        citizen.waitForResponse((response) => response.request().method() === 'POST'),
        citizen.getByRole('button', { name: 'Gửi đánh giá' }).click(),
      ]);
      expect(thanks.status()).toBe(201);
      await citizen.waitForLoadState();
      const thankYou = await check(citizen, 'thank-you', (await thanks.body()).length, RATING_BUDGET);
      expect(thankYou).toContain('Cơ quan sẽ trả lời Ông/Bà tại chính đường dẫn này');
      // Before the answer, the link says one is coming.
      expect(await visit(citizen, dossier.ratingUrl, RATING_BUDGET)).toContain('Cơ quan chưa trả lời');

      // The staffer: signs in with the commune's key, answers the case on /dashboard/feedback.
      const staffer = await (
        await e2e.browser.newContext({ viewport: { width, height }, bypassCSP: true })
      ).newPage();
      await visit(staffer, `${base}/dashboard/sign-in`, DASHBOARD_BUDGET);
      await staffer.getByLabel('Khóa API').fill(staffKey);
      await staffer.getByRole('button', { name: 'Đăng nhập' }).click();
      await staffer.waitForURL(`${base}/dashboard`);
      const open = await visit(staffer, `${base}/dashboard/feedback`, DASHBOARD_BUDGET);
      expect(open).toContain(dossier.code);
      expect(open).toContain('Giải quyết chậm, trễ hẹn');
      const card = staffer.locator('[data-case]', { hasText: dossier.code });
      await card
        .getByRole('textbox')
        .fill(
          `Xã đã gọi lại ông theo số 0987 654 321. Mọi thắc mắc xin gọi Bộ phận Một cửa: ${COMMUNE_NUMBER}.`,
        );
      await card.getByRole('button', { name: 'Gửi trả lời' }).click();
      await staffer.waitForLoadState();
      expect(await staffer.getByRole('status').textContent()).toContain('Đã gửi câu trả lời.');
      const answered = await visit(staffer, `${base}/dashboard/feedback?status=answered`, DASHBOARD_BUDGET);
      expect(answered).toContain(dossier.code);
      const answeredCard = staffer.locator('[data-case]', { hasText: dossier.code });
      expect(await answeredCard.textContent()).toContain('Đã trả lời');
      expect(await answeredCard.textContent()).toContain(COMMUNE_NUMBER);

      // The citizen: the same link shows the answer, the commune's number readable, the other masked.
      const casePage = await visit(citizen, dossier.ratingUrl, RATING_BUDGET);
      const answer = (await citizen.locator('blockquote').first().textContent())!;
      expect(answer).toBe(
        `Xã đã gọi lại ông theo số [SĐT]. Mọi thắc mắc xin gọi Bộ phận Một cửa: ${COMMUNE_NUMBER}.`,
      );
      expect(casePage).toContain(dossier.code);
      await visit(citizen, `${dossier.ratingUrl}?lang=en`, RATING_BUDGET);
      await citizen.context().close();
      await staffer.context().close();
    }, 90_000);
  }
});
