/**
 * Languages of the pages are data: one catalog per language (shared/i18n/catalogs/<tag>.json for the
 * two built in, Vietnamese and English; more added by a province as a file or an admin import, see
 * ./catalog.ts) holding every text of the rating, self-assessment and error pages. The API's own
 * messages stay bilingual (`Lang`), as DESIGN §8 fixes.
 */
import enCatalog from './catalogs/en.json';
import viCatalog from './catalogs/vi.json';

export { baseLang, type Lang, LANGUAGE_TAG, languages } from './tag';

/** Every text of the public pages, shaped like the Vietnamese catalog (the reference). */
export type Texts = typeof viCatalog.texts;

export interface Catalog {
  /** BCP 47 tag: `vi`, `en`, or ISO 639-3 codes such as `tyz` (Tày), `nut` (Nùng), `hnj`, `ium`. */
  tag: string;
  /** The language's name in itself, as the language switch shows it. */
  name: string;
  texts: Texts;
}

export const builtInCatalogs: readonly Catalog[] = [viCatalog, enCatalog];
export const defaultCatalog: Catalog = viCatalog;

/** What a page is shown in, what else it can be shown in, and a `?lang=` that was not available. */
export interface PageLanguage {
  catalog: Catalog;
  available: readonly Catalog[];
  /** The `?lang=` value asked for that no catalog has (shown to the reader, never silently dropped). */
  unknown?: string | undefined;
}

/** Bounds the work on a hostile header: at most this many language ranges are looked at. */
const MAX_RANGES = 16;

/** Accept-Language ranges, best first (RFC 9110 §12.5.4); `*` and q=0 are left out. */
export function acceptedLanguages(header: string | undefined | null): string[] {
  if (!header) return [];
  const ranges = header
    .slice(0, 512)
    .split(',')
    .slice(0, MAX_RANGES)
    .map((part, index) => {
      const [range = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return { range: range.trim().toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((r) => r.range !== '' && r.range !== '*' && r.weight > 0);
  ranges.sort((a, b) => b.weight - a.weight || a.index - b.index);
  return ranges.map((r) => r.range);
}

/** The catalog for `tag`: the exact tag, else one with the same primary language (`en-US` → `en`). */
export function findCatalog(available: readonly Catalog[], tag: string): Catalog | undefined {
  const wanted = tag.toLowerCase();
  return (
    available.find((catalog) => catalog.tag.toLowerCase() === wanted) ??
    available.find((catalog) => catalog.tag.toLowerCase() === wanted.split('-')[0])
  );
}

/**
 * The page's language: `?lang=` when a catalog has it; otherwise the browser's Accept-Language;
 * otherwise Vietnamese. A `?lang=` no catalog has is reported back (`unknown`), so the page can say so.
 */
export function chooseLanguage(
  available: readonly Catalog[],
  query: string | undefined | null,
  acceptLanguage?: string | null,
): PageLanguage {
  const asked = query?.trim();
  if (asked) {
    const catalog = findCatalog(available, asked);
    if (catalog) return { catalog, available };
  }
  const fromBrowser = acceptedLanguages(acceptLanguage)
    .map((range) => findCatalog(available, range))
    .find((catalog) => catalog !== undefined);
  return {
    catalog: fromBrowser ?? findCatalog(available, 'vi') ?? defaultCatalog,
    available,
    ...(asked ? { unknown: asked.slice(0, 35) } : {}),
  };
}

/** `text` with each `{name}` replaced by `values[name]`. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/**
 * The old fixed choice (`?lang=en` or Vietnamese), for the bilingual API surfaces that have no
 * catalogs (e.g. JSON errors).
 */
export function pickLang(value: string | undefined | null): 'vi' | 'en' {
  return value === 'en' ? 'en' : 'vi';
}
