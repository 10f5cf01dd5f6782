/**
 * The one layout of the dashboard pages and the public ranking: one response, inline CSS, no script,
 * no external request; readable at 360 px (tables scroll in a focusable region) and at 1280 px.
 * Contrast on white: text #1a1a1a, hints #4a4a4a, links #0b4f9c, warnings #8a1c00 (all ≥ 7:1).
 */
import type { Lang } from '../../i18n';
import { escapeHtml } from '../html';
import { dashboardTexts } from './texts';

export const DASHBOARD_CSS = `*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1a1a1a;background:#f4f6f8}header,main,footer{max-width:80rem;margin:0 auto;padding:.5rem 1rem}header{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;background:#0b4f9c;color:#fff;max-width:none}header a,header button{color:#fff}header .brand{font-weight:700;margin-right:auto}nav ul{display:flex;flex-wrap:wrap;gap:.25rem .75rem;list-style:none;margin:0;padding:0}nav a,header .lang{display:inline-flex;align-items:center;min-height:44px;padding:0 .25rem}nav a[aria-current=page]{font-weight:700;text-decoration:underline 3px}header form{margin:0}header button{min-height:44px;background:none;border:1px solid #fff;border-radius:6px;padding:0 .75rem;font:inherit;cursor:pointer}main{background:#fff}h1{font-size:1.4rem;color:#0b4f9c;margin:.5rem 0}h2{font-size:1.15rem;margin:1.25rem 0 .5rem;border-bottom:1px solid #c8cdd3}h3{font-size:1rem;margin:.75rem 0 .25rem}a{color:#0b4f9c}a:focus,input:focus,select:focus,button:focus,textarea:focus,.scroll:focus{outline:3px solid #f5a623;outline-offset:2px}.scroll{overflow-x:auto;max-width:100%}table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border-bottom:1px solid #dde1e6;padding:.35rem .5rem;text-align:left;vertical-align:top}td.n,th.n,.rk td{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}caption{text-align:left;font-weight:600;padding:.25rem 0}.hint{color:#4a4a4a;font-size:.875rem;margin:.25rem 0}.warn{color:#8a1c00;font-weight:600}.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(13rem,1fr));gap:.75rem}.card{border:1px solid #c8cdd3;border-radius:8px;padding:.5rem .75rem}.card .big{font-size:1.6rem;font-weight:700;color:#0b4f9c;margin:0}.card p{margin:.2rem 0}form.inline{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin:.5rem 0}form.inline label{display:flex;flex-direction:column;font-size:.875rem}input,select,textarea{font:inherit;min-height:44px;padding:.25rem .5rem;border:1px solid #6b737c;border-radius:6px}textarea{width:100%;min-height:5rem}.btn{display:inline-flex;align-items:center;min-height:44px;padding:0 1rem;font:inherit;font-weight:600;color:#fff;background:#0b4f9c;border:0;border-radius:6px;cursor:pointer;text-decoration:none}.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:.75rem 0}.chart{width:100%;max-width:30rem;height:auto;display:block}.up{color:#0a6b2d}.down{color:#8a1c00}blockquote{margin:.25rem 0 .75rem;padding:.25rem .75rem;border-left:4px solid #c8cdd3}.error{border:2px solid #8a1c00;border-radius:8px;padding:.5rem .75rem;color:#8a1c00}.skip{position:absolute;left:-9999px}.skip:focus{left:1rem;top:1rem;background:#fff;color:#0b4f9c;padding:.5rem;z-index:1}th,td{min-width:5em}td.n,th.n,td[data-rank]{width:5.5em}.rk th[scope=row]{min-width:9em}.chg{font-size:.875rem;margin:0}.attn{border:2px solid #8a1c00;border-radius:8px;padding:.25rem .75rem;margin:.5rem 0}.attn ol{margin:.25rem 0;padding-left:1.5rem}.attn li{margin:.35rem 0}.pager{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin:.75rem 0}.case{border:1px solid #c8cdd3;border-radius:8px;padding:.25rem .75rem;margin:.75rem 0}.case dl{display:grid;grid-template-columns:minmax(7rem,auto) 1fr;gap:.15rem .75rem;margin:.25rem 0}.case dt{color:#4a4a4a}.case dd{margin:0;overflow-wrap:anywhere}.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}@media (max-width:40rem){table.stack,table.stack tbody,table.stack tr,table.stack td,table.stack th{display:block;width:auto;min-width:0}table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}table.stack caption{display:block}table.stack tr{border:1px solid #c8cdd3;border-radius:8px;margin:.5rem 0;padding:.25rem .5rem}table.stack td,table.stack th{border:0;text-align:left;white-space:normal;padding:.1rem 0}table.stack td[data-label]::before{content:attr(data-label) ": ";font-weight:600;color:#4a4a4a}.scroll{overflow-x:visible}}@media print{header,nav,form,.actions,.skip,.pager{display:none!important}body{background:#fff;font-size:10.5pt}main{max-width:none;padding:0}.scroll{overflow:visible}thead{display:table-header-group}tr,.card,.case,.attn,svg,blockquote{break-inside:avoid}h2{break-after:avoid}a{color:#1a1a1a;text-decoration:none}.chart{max-width:15cm}.cards{grid-template-columns:repeat(2,1fr)}}`;

/**
 * The labels the phone's stacked rows show before each value of the long tables (the ranking, up to
 * 120 units, the skills by commune and the 766 metrics): one CSS rule per column and language, from the texts,
 * rather than a label repeated in every cell (120 rows × 6 labels would break the 60 KB page budget).
 */
function stackedLabelsCss(lang: Lang): string {
  const t = dashboardTexts[lang];
  const rule = (selector: string, label: string) =>
    `${selector}::before{content:${JSON.stringify(`${label}: `)}}`;
  const methods = Object.entries(t.rankMethod).map(([method, name]) =>
    rule(`.rk.m-${method} td:nth-of-type(2)`, `${name} (${t.rankUnit[method as keyof typeof t.rankUnit]})`),
  );
  return [
    rule('.rk td:nth-of-type(1)', t.rank),
    ...methods,
    rule('.rk td:nth-of-type(3)', t.change),
    rule('.rk td:nth-of-type(4)', t.satisfiedShort),
    rule('.rk td:nth-of-type(5)', t.responseRate),
    rule('.rk td:nth-of-type(6)', t.ratingsCount),
    rule('.sk td:nth-of-type(1)', t.plan146),
    rule('.sk td:nth-of-type(2)', t.dsi),
    rule('.sk td:nth-of-type(3)', t.respondents),
    rule('.sk td:nth-of-type(4)', t.weighting),
    rule('.qm td:nth-of-type(1)', t.lost),
    rule('.qm td:nth-of-type(2)', t.score),
    rule('.qm td:nth-of-type(3)', t.ratio),
    rule('.qm td:nth-of-type(4)', t.numerator),
    rule('.qm td:nth-of-type(5)', t.denominator),
  ].join('');
}

/** The stylesheet of a page in `lang`, with the stacked rows' labels (phones only) in that language. */
export const PAGE_CSS: Record<Lang, string> = {
  vi: `${DASHBOARD_CSS}@media (max-width:40rem){${stackedLabelsCss('vi')}.rk td::before,.sk td::before,.qm td::before{font-weight:600;color:#4a4a4a}}`,
  en: `${DASHBOARD_CSS}@media (max-width:40rem){${stackedLabelsCss('en')}.rk td::before,.sk td::before,.qm td::before{font-weight:600;color:#4a4a4a}}`,
};

export interface NavLink {
  href: string;
  label: string;
  current: boolean;
}

export function dashboardPage(options: {
  lang: Lang;
  title: string;
  body: string;
  nav?: NavLink[];
  /** Link to the same page in the other language. */
  otherLanguage: string;
  /** Shown when signed in: the sign-out form with its anti-forgery token. */
  signOut?: { action: string; token: string };
}): string {
  const t = dashboardTexts[options.lang];
  const nav = options.nav?.length
    ? `<nav aria-label="${escapeHtml(t.nav)}"><ul>${options.nav
        .map(
          (link) =>
            `<li><a href="${escapeHtml(link.href)}"${link.current ? ' aria-current="page"' : ''}>${escapeHtml(link.label)}</a></li>`,
        )
        .join('')}</ul></nav>`
    : '';
  const signOut = options.signOut
    ? `<form method="post" action="${escapeHtml(options.signOut.action)}"><input type="hidden" name="token" value="${escapeHtml(options.signOut.token)}"><button type="submit">${escapeHtml(t.signOut)}</button></form>`
    : '';
  return `<!doctype html><html lang="${options.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"><title>${escapeHtml(options.title)}</title><style>${PAGE_CSS[options.lang]}</style></head><body><a class="skip" href="#content">${escapeHtml(t.skipToContent)}</a><header><span class="brand">${escapeHtml(t.product)}</span>${nav}<a class="lang" href="${escapeHtml(options.otherLanguage)}" lang="${options.lang === 'vi' ? 'en' : 'vi'}">${escapeHtml(t.language)}</a>${signOut}</header><main id="content">${options.body}</main></body></html>`;
}
