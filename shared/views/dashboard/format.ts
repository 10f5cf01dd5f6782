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

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A local day (YYYY-MM-DD) as its language writes it without ambiguity: 07/12/2026 in Vietnamese
 * (day first is the norm there), 7 Dec 2026 in English (where 07/12 reads as July in half the world).
 * Anything that is not a day is shown as given.
 */
export function formatDate(day: string, lang: Lang): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!match) return day;
  const [, year, month, date] = match;
  if (lang === 'vi') return `${date}/${month}/${year}`;
  return `${Number(date)} ${MONTHS_EN[Number(month) - 1]} ${year}`;
}

/** A month (YYYY-MM) as a chart label: 12/2026 in Vietnamese, Dec 2026 in English. */
export function formatMonth(month: string, lang: Lang): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  const [, year, number] = match;
  return lang === 'vi' ? `${number}/${year}` : `${MONTHS_EN[Number(number) - 1]} ${year}`;
}

/** A signed change, with an explicit plus ("+1,25"), or an en dash when there is none. */
export function formatChange(value: number | null, lang: Lang, digits = 2): string {
  if (value === null || !Number.isFinite(value)) return '–';
  return new Intl.NumberFormat(locale(lang), {
    maximumFractionDigits: digits,
    signDisplay: 'exceptZero',
  }).format(value);
}
