/**
 * The languages the pages offer: the built-in catalogs and those a province stored. A warm function
 * reads the stored ones at most once a minute (one Query), like the unit cache of the rating flow;
 * if the read fails the built-in languages are still served.
 */
import type { Store } from '../storage/client';
import { listLanguages } from '../storage/languages';
import type { Context } from 'hono';
import { builtInCatalogs, type Catalog, chooseLanguage, type PageLanguage } from './index';

const CACHE_MS = 60_000;
const cache = new Map<string, { catalogs: readonly Catalog[]; at: number }>();

export async function availableCatalogs(store: Store, now = Date.now()): Promise<readonly Catalog[]> {
  const hit = cache.get(store.tableName);
  if (hit && now - hit.at < CACHE_MS) return hit.catalogs;
  let stored: Catalog[] = [];
  try {
    stored = await listLanguages(store);
  } catch (error) {
    // Kept for the minute too: a failing table is not asked again on every page.
    console.error(JSON.stringify({ level: 'WARN', message: 'languages not read', error: String(error) }));
  }
  const catalogs = [...builtInCatalogs, ...stored];
  cache.set(store.tableName, { catalogs, at: now });
  return catalogs;
}

/** After an import in this process (admin CLI, tests): the next page reads the languages again. */
export function forgetCatalogs(): void {
  cache.clear();
}

/** The page's language, chosen once per request by the pages' middleware and read by the error pages. */
export function setPageLanguage(c: Context, language: PageLanguage): void {
  (c as Context<{ Variables: { pageLanguage: PageLanguage } }>).set('pageLanguage', language);
}

export function pageLanguageOf(c: Context): PageLanguage {
  return (
    (c as Context<{ Variables: { pageLanguage?: PageLanguage } }>).get('pageLanguage') ??
    chooseLanguage(builtInCatalogs, c.req.query('lang'), c.req.header('accept-language'))
  );
}

/** Middleware: chooses the page's language from `?lang=`, then Accept-Language, among the catalogs. */
export const pageLanguage =
  (store: Store) =>
  async (c: Context, next: () => Promise<void>): Promise<void> => {
    const available = await availableCatalogs(store);
    setPageLanguage(c, chooseLanguage(available, c.req.query('lang'), c.req.header('accept-language')));
    await next();
  };
