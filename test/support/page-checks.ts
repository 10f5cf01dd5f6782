/**
 * The checks issue 24 asks of every page a person meets, in Chromium: axe with no serious or critical
 * finding, no internal code or key in the visible text, no sideways overflow of the page, no text cell
 * narrower than 8 characters, chart text at 12 px or more. Shared by the leader's, the staffer's and
 * the citizen's walks (test/e2e/dashboard-leaders.e2e.test.ts, test/e2e/staff-citizen.e2e.test.ts).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Codes, keys and ids a person must never read (DESIGN §1): reasons, metrics, methods, units, procedures. */
export const INTERNAL = [
  /\bslow\b/,
  /extra_papers/,
  /\battitude\b/,
  /unclear_guidance/,
  /unofficial_fees/,
  /progress\.onTime/,
  /DOSSIER_RECEIVING_SATISFACTION/,
  /PETITION_[A-Z_]+/,
  /\bqd766\b/,
  /\bcsat\b/,
  /\btt01\b/,
  /\bsipas\b/,
  /\bplan146\b/,
  /\bi[1-9]\b/,
  /\bKTC\b/,
  // Unit ids (a dossier code such as cb-d1-c1-4 is the dossier's own, shown by design).
  /\bcb(-d\d(-c\d)?)?(?![-\w])/,
  /2\.001610/,
  /\bundefined\b/,
  /\bnull\b/,
  /\bNaN\b/,
];

export interface PageFacts {
  text: string;
  scrollWidth: number;
  innerWidth: number;
  narrowCells: string[];
  smallChartText: string[];
}

/** What the checks measure in the page, in the browser (table cells and the facts of a `dl` alike). */
export async function measure(page: Page): Promise<PageFacts> {
  return page.evaluate(() => {
    const narrowCells: string[] = [];
    for (const cell of Array.from(document.querySelectorAll<HTMLElement>('td, th, dt, dd'))) {
      const text = cell.innerText.trim();
      if (!text || cell.getClientRects().length === 0) continue;
      // Headers kept for screen readers only (the phone's stacked rows label each value instead).
      const head = cell.closest('thead');
      if (head && head.getBoundingClientRect().width <= 1) continue;
      const style = getComputedStyle(cell);
      const width = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      // 8 characters of average width (half the font size) at least.
      if (width < 8 * 0.5 * parseFloat(style.fontSize) - 0.5)
        narrowCells.push(`${text.slice(0, 30)} (${width.toFixed(0)} px)`);
    }
    const smallChartText: string[] = [];
    for (const svg of Array.from(document.querySelectorAll<SVGSVGElement>('svg.chart'))) {
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      for (const text of Array.from(svg.querySelectorAll('text'))) {
        const size = parseFloat(getComputedStyle(text).fontSize) * scale;
        if (size < 12) smallChartText.push(`${text.textContent} (${size.toFixed(1)} px)`);
      }
    }
    // Citizens' and staff's own words (quoted) are theirs: the check is of the page's words.
    let text = document.body.innerText;
    for (const quote of Array.from(document.querySelectorAll<HTMLElement>('blockquote')))
      text = text.replace(quote.innerText, '');
    return {
      text,
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      narrowCells,
      smallChartText,
    };
  });
}

export async function seriousAxe(page: Page): Promise<{ id: string; impact: string | null }[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const runner = (
      window as unknown as {
        axe: { run(context: Document): Promise<{ violations: { id: string; impact: string | null }[] }> };
      }
    ).axe;
    return (await runner.run(document)).violations.map(({ id, impact }) => ({ id, impact }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}
