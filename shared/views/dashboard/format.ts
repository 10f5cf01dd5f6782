/** How the dashboard writes numbers: the language's own separators (88,57% in Vietnamese). */
import type { Lang } from '../../i18n';

const locale = (lang: Lang) => (lang === 'vi' ? 'vi-VN' : 'en-GB');

/** A share 0–1 as a percentage with two decimals; an en dash when there is none. */
export function formatPercent(value: number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined) return '–';
  return new Intl.NumberFormat(locale(lang), {
    style: 'percent',
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(value);
}

/** A score or a mean, up to `digits` decimals. */
export function formatNumber(value: number | null | undefined, lang: Lang, digits = 2): string {
  if (value === null || value === undefined) return '–';
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: digits }).format(value);
}

/** A count, with the language's thousands separator. */
export function formatCount(value: number | null, lang: Lang): string {
  if (value === null) return '–';
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 0 }).format(value);
}
