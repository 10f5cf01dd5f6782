/**
 * The citizen's side of a feedback case in Chromium at 360×640 (DESIGN §4.4): the thank-you after
 * "I want an answer" says the answer comes at this same link, and by when (15 working days, the
 * default of the portal's formula description item 5.2, worked by hand); the case page with the unit's answer keeps its facts readable — no label or value squeezed
 * below 8 characters a line, nothing wider than the screen. The clock is Monday 7 December 2026,
 * 10:00 in Vietnam: 15 working days on is Monday 28 December (8–11, 14–18 and 21–25 December are 14).
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { createApiKey } from '../../shared/storage/api-keys';
import { dossierRid } from '../../shared/storage/dossiers';
import { putProcedures } from '../../shared/storage/procedures';
import { describeWithBrowser } from '../support/browser';
import { useBrowserStack } from '../support/browser-stack';
import { dossierInput, procedures, ratingUnits, type RegisteredDossier } from '../support/rating';
import { seedKey } from '../support/stack';

const NOW = new Date('2026-12-07T03:00:00Z');
const LONG_UNIT = 'Ủy ban nhân dân xã Quang Trung, huyện Hòa An, tỉnh Cao Bằng';

/** Each fact cell's width in "0" characters of its own font, and the page's overflow. */
async function measureFacts(page: Page) {
  return page.evaluate(() => {
    const cells = [...document.querySelectorAll('dl dt, dl dd')].map((cell) => {
      const style = getComputedStyle(cell);
      const probe = document.createElement('span');
      probe.style.font = style.font;
      probe.style.position = 'absolute';
      probe.textContent = '0';
      document.body.append(probe);
      const zero = probe.getBoundingClientRect().width;
      probe.remove();
      const width =
        cell.getBoundingClientRect().width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const lines = Math.round(cell.getBoundingClientRect().height / parseFloat(style.lineHeight || '0'));
      return { text: cell.textContent ?? '', chars: width / zero, lines };
    });
    return {
      cells,
      overflow: document.documentElement.scrollWidth - window.innerWidth,
    };
  });
}

describeWithBrowser('the citizen’s feedback case at 360×640 in Chromium', () => {
  const answerKey = `test-${randomUUID()}`;
  const e2e = useBrowserStack({
    now: () => NOW,
    timeout: 60_000,
    async seed(stack) {
      // The due day below is worked with the default, 15 working days (issue 22).
      await putProcedures(stack.deps.store, procedures);
      const registerKey = await seedKey(
        stack.deps,
        'cb',
        ['dossiers:write'],
        [...ratingUnits, { id: 'cb-qt', name: LONG_UNIT, kind: 'commune', parent: 'cb-d1' }],
      );
      await createApiKey(stack.deps.store, answerKey, {
        name: 'unit staff',
        unit: 'cb-d1',
        permissions: ['feedback:write', 'ratings:read'],
      });
      return { registerKey };
    },
  });

  it('tells by when the answer comes at this link, then shows it without squeezing the facts', async () => {
    const registered = await fetch(`${e2e.origin}/v1/dossiers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${e2e.seeded.registerKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(dossierInput({ unit: 'cb-qt' }, NOW)),
    });
    expect(registered.status).toBe(201);
    const dossier = ((await registered.json()) as { dossiers: RegisteredDossier[] }).dossiers[0]!;
    const context = await e2e.browser.newContext({ locale: 'vi-VN', viewport: { width: 360, height: 640 } });
    const page = await context.newPage();
    await page.goto(dossier.ratingUrl);
    await page.getByLabel('Hài lòng', { exact: true }).check();
    await page.getByLabel('Một lần', { exact: true }).check();
    await page.getByLabel('Chỉ Bộ phận Một cửa').check();
    await page.getByLabel('Tốt', { exact: true }).check();
    await page.getByLabel('Tôi muốn được phản hồi').check();
    await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await page.waitForLoadState();
    expect(await page.locator('.box').textContent()).toContain(
      'Cơ quan sẽ trả lời Ông/Bà tại chính đường dẫn này (mở lại đường dẫn hoặc quét lại mã QR trên kết quả hồ sơ) trước hết ngày 28/12/2026.',
    );

    const answered = await fetch(`${e2e.origin}/v1/feedback/${dossierRid('cb-qt', dossier.code)}/answer`, {
      method: 'POST',
      headers: { authorization: `Bearer ${answerKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ answer: 'Cơ quan đã nhận ý kiến và sẽ bố trí thêm người hướng dẫn.' }),
    });
    expect(answered.status).toBe(200);
    await page.goto(dossier.ratingUrl);
    expect(await page.locator('blockquote').textContent()).toContain('bố trí thêm người');
    const { cells, overflow } = await measureFacts(page);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(cells.map((cell) => cell.text)).toContain(LONG_UNIT);
    expect(cells.map((cell) => cell.text)).toContain(dossier.code);
    for (const cell of cells) expect(cell.chars, cell.text).toBeGreaterThanOrEqual(8);
    // The unit name and the dossier code each read in a few lines, not one word (or character) a line.
    expect(cells.find((cell) => cell.text === LONG_UNIT)!.lines).toBeLessThanOrEqual(4);
    expect(cells.find((cell) => cell.text === dossier.code)!.lines).toBeLessThanOrEqual(2);
    await page.goto(`${dossier.ratingUrl}?lang=en`);
    expect(await page.locator('dl').textContent()).toContain('2026-12-07');
    const english = await measureFacts(page);
    expect(english.overflow).toBeLessThanOrEqual(0);
    for (const cell of english.cells) expect(cell.chars, cell.text).toBeGreaterThanOrEqual(8);
    await context.close();
  }, 60_000);
});
