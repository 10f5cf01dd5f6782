/**
 * A pseudo-locale (`en-XA`, the pseudo-locale tag Android uses): every text of the English catalog
 * accented and wrapped in ⟦ ⟧, placeholders kept. A page in this language that shows a word outside
 * ⟦ ⟧ (other than the data it displays) has a text that does not come from the catalogs.
 */
import enCatalog from '../../shared/i18n/catalogs/en.json';

const ACCENTS: Record<string, string> = {
  a: 'á',
  e: 'ë',
  i: 'ï',
  o: 'ö',
  u: 'ü',
  A: 'Å',
  E: 'É',
  O: 'Ö',
  n: 'ñ',
  c: 'ç',
};

export const PSEUDO_TAG = 'en-XA';

export function pseudo(text: string): string {
  // Placeholders such as {n} stay as they are; everything else is accented.
  const parts = text.split(/(\{\w+\})/);
  return `⟦${parts.map((part) => (/^\{\w+\}$/.test(part) ? part : part.replace(/[aeiouAEOnc]/g, (ch) => ACCENTS[ch]!))).join('')}⟧`;
}

export function pseudoCatalog() {
  const texts = Object.fromEntries(
    Object.entries(enCatalog.texts).map(([section, entries]) => [
      section,
      Object.fromEntries(Object.entries(entries).map(([key, value]) => [key, pseudo(value)])),
    ]),
  );
  return { tag: PSEUDO_TAG, name: pseudo('Pseudo'), fallback: 'en', texts };
}

/**
 * The texts a page shows (text nodes, title, aria-labels, alt), as the browser sees them: a script for
 * `page.evaluate` (a string, so the test transpiler adds nothing to it). Language switch links are
 * each written in their own language and left out.
 */
export const VISIBLE_TEXTS = `(() => {
  const out = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('script,style,nav')) continue;
    const text = (node.textContent || '').trim();
    if (text) out.push(text);
  }
  for (const element of document.querySelectorAll('[aria-label],[alt],[placeholder]')) {
    for (const name of ['aria-label', 'alt', 'placeholder']) {
      const value = element.getAttribute(name);
      if (value) out.push(value);
    }
  }
  return out;
})()`;

/** The texts that neither come from the catalog (⟦…⟧) nor are data or figures. */
export function untranslated(texts: string[], data: string[]): string[] {
  return texts
    .map((text) => {
      let rest = text.replace(/⟦[^⟧]*⟧/g, '');
      for (const value of data) rest = rest.split(value).join('');
      return rest.replace(/[\d\s/.,:;·—–*()+-]/g, '');
    })
    .filter((rest) => rest !== '');
}
