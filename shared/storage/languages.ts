/**
 * Language catalog added by a province (shared/i18n/catalog.ts checks it before it is stored).
 * Keys: `pk = LANG#CATALOGS`, `sk = <tag>`: all in one partition, so the pages list them with one
 * Query on the base table (the public function is granted no index). The texts are kept as one JSON
 * string (a catalog is ~9 KB, far below the 400 KB item limit).
 */
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../errors';
import { parseCatalogFile } from '../i18n/catalog';
import { LANGUAGE_TAG } from '../i18n/tag';
import type { Catalog } from '../i18n';
import type { Store } from './client';
import { queryAll } from './dynamo';

export const LANGUAGES_PK = 'LANG#CATALOGS';
export const languageKey = (tag: string) => ({ pk: LANGUAGES_PK, sk: tag });

/** The longest tag stored (RFC 5646 §4.4.1: 35 characters hold every tag in use). */
export const LANGUAGE_TAG_MAX = 35;

/** Refuses (422, naming `tag`) what cannot be a stored language's tag, before the table sees it. */
export function checkLanguageTag(tag: string): void {
  if (tag.length > LANGUAGE_TAG_MAX || !LANGUAGE_TAG.test(tag)) {
    throw new ValidationError([
      {
        field: 'tag',
        vi: `thẻ ngôn ngữ BCP 47, tối đa ${LANGUAGE_TAG_MAX} ký tự (vd. tyz, hnj-Latn)`,
        en: `a BCP 47 language tag of at most ${LANGUAGE_TAG_MAX} characters (e.g. tyz, hnj-Latn)`,
      },
    ]);
  }
}

export async function putLanguage(store: Store, catalog: Catalog): Promise<void> {
  checkLanguageTag(catalog.tag);
  await store.db.send(
    new PutCommand({
      TableName: store.tableName,
      Item: {
        ...languageKey(catalog.tag),
        type: 'language',
        tag: catalog.tag,
        name: catalog.name,
        texts: JSON.stringify(catalog.texts),
      },
    }),
  );
}

export async function deleteLanguage(store: Store, tag: string): Promise<void> {
  await store.db.send(new DeleteCommand({ TableName: store.tableName, Key: languageKey(tag) }));
}

/**
 * The stored catalogs, each checked again as it is read (the reference texts may have gained keys
 * since it was imported: those come from the fallback). An unreadable one is skipped, not fatal.
 */
export async function listLanguages(store: Store): Promise<Catalog[]> {
  const items = await queryAll(store, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': LANGUAGES_PK },
  });
  const catalogs: Catalog[] = [];
  for (const item of items) {
    try {
      const texts: unknown = JSON.parse(String(item.texts));
      catalogs.push(parseCatalogFile({ tag: item.tag, name: item.name, texts }).catalog);
    } catch {
      console.error(JSON.stringify({ level: 'WARN', message: 'unreadable language catalog', tag: item.tag }));
    }
  }
  return catalogs;
}
