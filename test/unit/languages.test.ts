import { describe, expect, it } from 'vitest';
import { acceptedLanguages, builtInCatalogs, chooseLanguage, fill } from '../../shared/i18n';
import { parseCatalogFile } from '../../shared/i18n/catalog';
import enCatalog from '../../shared/i18n/catalogs/en.json';
import viCatalog from '../../shared/i18n/catalogs/vi.json';
import { ValidationError } from '../../shared/errors';

const keys = (texts: Record<string, Record<string, string>>) =>
  Object.entries(texts).flatMap(([section, entries]) =>
    Object.keys(entries).map((key) => `${section}.${key}`),
  );

describe('the built-in catalogs', () => {
  it('are complete: English has every Vietnamese text, no other, none empty, the same placeholders', () => {
    expect(keys(enCatalog.texts).sort()).toEqual(keys(viCatalog.texts).sort());
    for (const [section, entries] of Object.entries(viCatalog.texts)) {
      for (const [key, vi] of Object.entries(entries)) {
        const en = (enCatalog.texts as Record<string, Record<string, string>>)[section]![key]!;
        expect(vi.trim(), `${section}.${key}`).not.toBe('');
        expect(en.trim(), `${section}.${key}`).not.toBe('');
        const holes = (text: string) => [...text.matchAll(/\{\w+\}/g)].map((m) => m[0]).sort();
        expect(holes(en), `${section}.${key}`).toEqual(holes(vi));
      }
    }
  });
});

describe('choosing a page language', () => {
  const tay = parseCatalogFile({ tag: 'tyz', name: 'Tày', texts: {} }).catalog;
  const available = [...builtInCatalogs, tay];

  it('takes ?lang= first, then Accept-Language by weight, then Vietnamese', () => {
    expect(chooseLanguage(available, 'tyz', 'en').catalog.tag).toBe('tyz');
    expect(chooseLanguage(available, 'EN-gb', null).catalog.tag).toBe('en');
    expect(chooseLanguage(available, null, 'fr;q=0.9, en-US;q=0.8, vi;q=0.5').catalog.tag).toBe('en');
    expect(chooseLanguage(available, null, 'vi-VN,vi;q=0.9,en;q=0.8').catalog.tag).toBe('vi');
    expect(chooseLanguage(available, null, 'en;q=0, *').catalog.tag).toBe('vi');
    expect(chooseLanguage(available, null, undefined).catalog.tag).toBe('vi');
  });

  it('reports a ?lang= there is no catalog for, instead of dropping it silently', () => {
    const choice = chooseLanguage(available, 'tay', 'vi');
    expect(choice).toMatchObject({ unknown: 'tay' });
    expect(choice.catalog.tag).toBe('vi');
    expect(fill(choice.catalog.texts.page.unknownLanguage, { lang: choice.unknown! })).toBe(
      'Chưa có bản tiếng “tay”. Trang đang hiển thị bằng tiếng Việt.',
    );
    expect(chooseLanguage(available, 'x'.repeat(500)).unknown).toHaveLength(35);
  });

  it('reads at most 16 ranges of a hostile Accept-Language header', () => {
    expect(acceptedLanguages(Array.from({ length: 10_000 }, () => 'xx').join(','))).toHaveLength(16);
  });
});

describe('a catalog file from a province', () => {
  it('fills what it lacks from its fallback and lists it', () => {
    const { catalog, missing } = parseCatalogFile({
      tag: 'nut',
      name: 'Nùng',
      fallback: 'en',
      texts: { rating: { heading: 'Nùng heading' } },
    });
    expect(catalog.texts.rating.heading).toBe('Nùng heading');
    expect(catalog.texts.rating.submit).toBe('Send rating');
    expect(missing).toContain('rating.submit');
    expect(missing).not.toContain('rating.heading');
  });

  it('refuses a bad tag, an unknown section or key, and a lost placeholder', () => {
    const refused = (raw: unknown) => {
      try {
        parseCatalogFile(raw);
      } catch (error) {
        if (error instanceof ValidationError) return error.problems.map((p) => p.field);
      }
      return [];
    };
    expect(refused({ tag: 'Tày', name: 'x', texts: {} })).toEqual(['tag']);
    expect(refused({ tag: 'hnj', name: 'x', texts: { rating: { nope: 'x' } } })).toEqual([
      'texts.rating.nope',
    ]);
    expect(refused({ tag: 'hnj', name: 'x', texts: { skills: { queued: 'no count' } } })).toEqual([
      'texts.skills.queued',
    ]);
    expect(refused({ tag: 'ium', name: 'x', texts: { nothing: {} } })).toEqual(['texts.nothing']);
  });
});
