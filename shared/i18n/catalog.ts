/**
 * A language added by a province: a JSON file shaped like shared/i18n/catalogs/vi.json, checked here
 * before it is stored (`npm run admin -- languages import FILE`, or a file in the data directory's
 * `languages/` folder). Texts it lacks are taken from its `fallback` catalog (Vietnamese unless said),
 * and the import lists them, so a partial translation is usable and its gaps are known.
 */
import * as z from 'zod/mini';
import { ValidationError } from '../errors';
import { fieldProblems } from '../validation';
import { builtInCatalogs, type Catalog, defaultCatalog, type Texts } from './index';
import { LANGUAGE_TAG } from './tag';

const text = z.string().check(z.minLength(1), z.maxLength(2000));

export const catalogFileSchema = z.object({
  // RFC 5646 §4.4.1: 35 characters hold every tag in use (and the key of its item stays small).
  tag: z.string().check(z.maxLength(35), z.regex(LANGUAGE_TAG)),
  name: z.string().check(z.minLength(1), z.maxLength(60)),
  fallback: z.optional(z.enum(['vi', 'en'])),
  texts: z.record(z.string(), z.record(z.string(), text)),
});

export interface ImportedCatalog {
  catalog: Catalog;
  /** `section.key` of each text taken from the fallback language. */
  missing: string[];
}

const placeholders = (value: string) => [...value.matchAll(/\{\w+\}/g)].map((m) => m[0]).sort();

/**
 * Checks a catalog file: known sections and keys only (a typo would otherwise be a silent gap), the
 * same `{placeholders}` as the reference text, and the built-in tags left alone.
 */
export function parseCatalogFile(raw: unknown): ImportedCatalog {
  const parsed = catalogFileSchema.safeParse(raw);
  if (!parsed.success) throw new ValidationError(fieldProblems(parsed.error.issues));
  const file = parsed.data;
  const fallback = builtInCatalogs.find((c) => c.tag === (file.fallback ?? 'vi')) ?? defaultCatalog;
  const reference = defaultCatalog.texts as unknown as Record<string, Record<string, string>>;
  const base = fallback.texts as unknown as Record<string, Record<string, string>>;
  const problems: { field: string; vi: string; en: string }[] = [];
  if (builtInCatalogs.some((c) => c.tag === file.tag.toLowerCase())) {
    problems.push({
      field: 'tag',
      vi: `"${file.tag}" là ngôn ngữ có sẵn, sửa trong mã nguồn`,
      en: `"${file.tag}" is built in; change it in the source`,
    });
  }
  const texts: Record<string, Record<string, string>> = {};
  const missing: string[] = [];
  // The file's own sections and keys, as written: zod's record drops a `__proto__` key (it sets the
  // prototype instead), which would make such a section pass unseen. Shapes are checked (zod) already.
  const written = (raw as { texts: Record<string, Record<string, string>> }).texts;
  for (const [section, entries] of Object.entries(written)) {
    // Own sections only: `in` would take `constructor` or `__proto__` from Object.prototype as known.
    if (!Object.hasOwn(reference, section)) {
      problems.push({ field: `texts.${section}`, vi: 'mục không có', en: 'unknown section' });
      continue;
    }
    for (const [key, value] of Object.entries(entries)) {
      const field = `texts.${section}.${key}`;
      const expected = Object.hasOwn(reference[section]!, key) ? reference[section]![key] : undefined;
      if (expected === undefined) problems.push({ field, vi: 'khóa không có', en: 'unknown key' });
      else if (placeholders(expected).join() !== placeholders(value).join())
        problems.push({
          field,
          vi: `phải giữ ${placeholders(expected).join(' ') || 'không có {…}'}`,
          en: `must keep ${placeholders(expected).join(' ') || 'no {…}'}`,
        });
    }
  }
  if (problems.length > 0) throw new ValidationError(problems);
  for (const [section, entries] of Object.entries(reference)) {
    texts[section] = {};
    for (const key of Object.keys(entries)) {
      const own = file.texts[section]?.[key];
      if (own === undefined) missing.push(`${section}.${key}`);
      texts[section]![key] = own ?? base[section]![key]!;
    }
  }
  return { catalog: { tag: file.tag, name: file.name, texts: texts as unknown as Texts }, missing };
}
