/**
 * The counter's labels printed by Chromium to PDF (issue 13): the 62 × 80 mm roll label is one page
 * per dossier, with the link's expiry; the A4 batch sheet holds nine labels a page. Pages are counted
 * in the PDF itself, and the page size read from its MediaBox.
 */
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { putProcedures } from '../../shared/storage/procedures';
import { importUnits } from '../../shared/storage/units';
import { axeViolations } from '../support/axe';
import { describeWithBrowser } from '../support/browser';
import { useBrowserStack } from '../support/browser-stack';
import { registerOne, seedRating } from '../support/rating';

/** Page objects of a PDF (`/Type /Page`, not `/Pages`) and the first page's size in mm. */
function pdfPages(pdf: Buffer): { count: number; widthMm: number; heightMm: number } {
  const text = pdf.toString('latin1');
  const count = text.match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
  const box = /\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(text);
  const mm = (points: number) => Math.round((points * 25.4) / 72);
  return {
    count,
    widthMm: mm(Number(box?.[3]) - Number(box?.[1])),
    heightMm: mm(Number(box?.[4]) - Number(box?.[2])),
  };
}

const LONG_UNIT = 'Trung tâm Phục vụ hành chính công tỉnh Cao Bằng — Chi nhánh huyện Hà Quảng';

describeWithBrowser('labels for the counter, printed to PDF in Chromium', () => {
  const e2e = useBrowserStack({
    async seed(stack) {
      const key = await seedRating(stack.deps);
      await importUnits(stack.deps.store, [
        { id: 'cb-hcc-long', name: LONG_UNIT, kind: 'agency', parent: 'cb', sipas: false },
      ]);
      await putProcedures(stack.deps.store, [
        {
          code: '1.004227',
          name: 'Cấp Giấy chứng nhận quyền sử dụng đất',
          field: 'Đất đai',
          processingDays: 30,
        },
      ]);
      return { key };
    },
  });
  let page: Page;
  const tokens: string[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 11; i += 1) {
      const { token } = await registerOne(e2e.app, e2e.seeded.key, {
        unit: 'cb-hcc-long',
        procedure: '1.004227',
        code: `H10.22.17-250612-${String(1000 + i)}-DOSSIER-CODE-LONG`,
      });
      tokens.push(token);
    }
    page = await (await e2e.browser.newContext({ locale: 'vi-VN', bypassCSP: true })).newPage();
    await mkdir('test-results', { recursive: true });
  });

  const pdf = async (name: string) => {
    const bytes = await page.pdf({
      preferCSSPageSize: true,
      printBackground: true,
      path: `test-results/${name}.pdf`,
    });
    return pdfPages(bytes);
  };

  it('prints one dossier label on one 62 × 80 mm page, with the link expiry and a long unit name', async () => {
    await page.goto(`${e2e.origin}/r/${tokens[0]}/label`);
    expect(await page.locator('.lbl .x').textContent()).toMatch(/^Đánh giá trước ngày \d{2}\/\d{2}\/\d{4}$/);
    expect(await axeViolations(page)).toEqual([]);
    expect(await pdf('label-roll-1')).toEqual({ count: 1, widthMm: 62, heightMm: 80 });
  });

  it('prints a roll batch one label per page, each fitting its page', async () => {
    const query = tokens
      .slice(0, 5)
      .map((token) => `t=${token}`)
      .join('&');
    await page.goto(`${e2e.origin}/r/labels?${query}&format=roll`);
    expect(await page.locator('.lbl').count()).toBe(5);
    expect(await pdf('labels-roll-5')).toEqual({ count: 5, widthMm: 62, heightMm: 80 });
  });

  it('prints an A4 batch sheet nine labels a page (11 labels, 2 pages)', async () => {
    const query = tokens.map((token) => `t=${token}`).join('&');
    await page.goto(`${e2e.origin}/r/labels?${query}`);
    expect(await page.locator('.lbl').count()).toBe(11);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/labels-a4.png', fullPage: true });
    expect(await pdf('labels-a4-11')).toEqual({ count: 2, widthMm: 210, heightMm: 297 });
  });

  it('refuses a batch with a forged token or too many tokens, as a page (400)', async () => {
    const forged = `${tokens[0]!.slice(0, 43)}${tokens[0]!.endsWith('A') ? 'B' : 'A'}`;
    const bad = await fetch(`${e2e.origin}/r/labels?t=${tokens[1]}&t=${forged}`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('text/html');
    const many = new URLSearchParams(Array.from({ length: 55 }, () => ['t', tokens[0]!]));
    expect((await fetch(`${e2e.origin}/r/labels?${many}`)).status).toBe(400);
  });
});
