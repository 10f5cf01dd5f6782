/**
 * An input field's name in words, from the built-in catalogs' `fieldNames` (`to` → "Đến ngày" / "To"):
 * the messages a person reads — the JSON API's `vi`/`en` texts, the error pages — name fields in words,
 * while the API's `fields[].field` keeps the machine name a client reads. A field the catalogs do not
 * name (a path into a request body, `dossiers.0.unit`) keeps its own name, which its integrator knows.
 */
import en from './catalogs/en.json';
import vi from './catalogs/vi.json';

const names = { vi: vi.texts.fieldNames, en: en.texts.fieldNames } as {
  vi: Record<string, string | undefined>;
  en: Record<string, string | undefined>;
};

/** The field's name in each language, or the field itself where the catalogs have no word for it. */
export function fieldWords(field: string): { vi: string; en: string } {
  return { vi: names.vi[field] ?? field, en: names.en[field] ?? field };
}
