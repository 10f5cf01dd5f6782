/**
 * The page shell of the public pages: one response, inline CSS, no external request (no fonts, no
 * CDN), readable on a cheap phone. Contrast on white: text #1a1a1a 17:1, hints #4a4a4a 8.9:1, links and
 * the button #0b4f9c 8:1, errors #b00020 7.3:1; tap targets at least 44 px high. Every page offers the
 * languages available (catalogs, shared/i18n) and says so when a `?lang=` asked for one it lacks.
 */
import { fill, type PageLanguage } from '../i18n';
import { escapeHtml as e } from './html';

const CSS = `*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1a1a1a;background:#f4f6f8}main{max-width:36rem;margin:0 auto;padding:1rem;background:#fff;min-height:100vh}h1{font-size:1.35rem;margin:.25rem 0 .5rem;color:#0b4f9c}a{color:#0b4f9c}a:focus,input:focus,textarea:focus,button:focus{outline:3px solid #f5a623;outline-offset:2px}.top{display:flex;flex-wrap:wrap;justify-content:flex-end;margin:0;padding:0;list-style:none}.top a{display:inline-flex;align-items:center;min-height:44px;padding:0 .5rem}.note{background:#fff4d6;border-left:4px solid #8a5a00;padding:.4rem .75rem;margin:.25rem 0}dl{margin:.5rem 0 1rem;display:grid;grid-template-columns:auto 1fr;gap:.15rem .75rem;font-size:.95rem}dt{color:#4a4a4a}dd{margin:0;font-weight:600;word-break:break-word}fieldset{border:1px solid #c8cdd3;border-radius:8px;margin:0 0 1rem;padding:.5rem .75rem .75rem}legend{font-weight:600;padding:0 .25rem}.opt{display:flex;align-items:center;gap:.6rem;min-height:44px;padding:.25rem .5rem;border-radius:6px;cursor:pointer}.opt:hover{background:#eef3fa}.opt input{width:1.4rem;height:1.4rem;margin:0;flex:none}.opt svg{flex:none}.scale{display:flex;flex-wrap:wrap;gap:.25rem}.scale .opt{min-width:44px;justify-content:center}.row{margin:.5rem 0 0}.row>span{display:block;font-size:.95rem}label.block{display:block;font-weight:600;margin:.5rem 0 .25rem}textarea{width:100%;min-height:6rem;font:inherit;padding:.5rem;border:1px solid #8a929b;border-radius:6px}.hint{font-size:.875rem;color:#4a4a4a;margin:.25rem 0}.err{color:#b00020;font-weight:600;margin:.25rem 0}.errors{border:2px solid #b00020;border-radius:8px;padding:.5rem .75rem;margin:0 0 1rem}.errors a{color:#b00020}fieldset[aria-invalid=true]{border:2px solid #b00020}button{display:block;width:100%;min-height:48px;font:inherit;font-weight:700;color:#fff;background:#0b4f9c;border:0;border-radius:8px;cursor:pointer}.hp{position:absolute;left:-9999px;width:1px;height:1px;overflow:hidden}.req{color:#b00020}.box{padding:1rem 0}`;

/** `path` in language `tag`: `?lang=<tag>`, except Vietnamese, the default, which needs nothing. */
export const inLanguage = (path: string, tag: string) =>
  tag === 'vi' ? path : `${path}${path.includes('?') ? '&' : '?'}lang=${encodeURIComponent(tag)}`;

/** Links to the page in each other language, each named in its own language. */
export function languageSwitch(language: PageLanguage, path: string): string {
  const others = language.available.filter((catalog) => catalog.tag !== language.catalog.tag);
  if (others.length === 0) return '';
  const links = others
    .map(
      (c) =>
        `<li><a href="${e(inLanguage(path, c.tag))}" hreflang="${e(c.tag)}" lang="${e(c.tag)}">${e(c.name)}</a></li>`,
    )
    .join('');
  const unknown = language.unknown
    ? `<p class="note" role="status">${e(fill(language.catalog.texts.page.unknownLanguage, { lang: language.unknown }))}</p>`
    : '';
  return `<nav aria-label="${e(language.catalog.texts.page.languages)}"><ul class="top">${links}</ul></nav>${unknown}`;
}

export function page(options: {
  language: PageLanguage;
  title: string;
  body: string;
  /** The path the language links point to; none on pages that cannot be shown again (labels). */
  switchPath?: string | undefined;
  extraCss?: string;
}): string {
  const { language } = options;
  const nav = options.switchPath === undefined ? '' : languageSwitch(language, options.switchPath);
  return `<!doctype html><html lang="${e(language.catalog.tag)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"><title>${e(options.title)}</title><style>${CSS}${options.extraCss ?? ''}</style></head><body><main>${nav}${options.body}</main></body></html>`;
}
