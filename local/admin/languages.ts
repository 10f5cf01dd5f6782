/**
 * `npm run admin -- languages import FILE|DIR | list | remove TAG | template FILE`: the languages of the
 * public pages are data (shared/i18n). A province adds Tày (`tyz`), Nùng (`nut`), H'Mông (`hnj`) or
 * Dao (`ium`) with a JSON catalog shaped like `template` prints; the pages offer it within a minute,
 * with no code change. The local server also imports every `*.json` of `<data dir>/languages/` at start.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ValidationError } from '../../shared/errors';
import { builtInCatalogs, defaultCatalog } from '../../shared/i18n';
import { forgetCatalogs } from '../../shared/i18n/available';
import { type ImportedCatalog, parseCatalogFile } from '../../shared/i18n/catalog';
import type { Store } from '../../shared/storage/client';
import { deleteLanguage, listLanguages, putLanguage } from '../../shared/storage/languages';
import type { CommandGroup } from '../cli/command';
import { requireArgument } from './arguments';

/** Reads and checks one catalog file; a problem names the file. */
export async function readCatalogFile(file: string): Promise<ImportedCatalog> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ValidationError([
      {
        field: file,
        vi: `không đọc được JSON (${String(error)})`,
        en: `not readable JSON (${String(error)})`,
      },
    ]);
  }
  try {
    return parseCatalogFile(raw);
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new ValidationError(error.problems.map((p) => ({ ...p, field: `${file}: ${p.field}` })));
    }
    throw error;
  }
}

/** The `.json` files of a folder (sorted), or the one file given. */
async function catalogFiles(path: string): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return [path];
  return (await readdir(path))
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(path, name));
}

/** Checks every file first, then stores them all: one bad file stores nothing. */
export async function importLanguages(store: Store, path: string): Promise<ImportedCatalog[]> {
  const imported: ImportedCatalog[] = [];
  for (const file of await catalogFiles(path)) imported.push(await readCatalogFile(file));
  for (const { catalog } of imported) await putLanguage(store, catalog);
  forgetCatalogs();
  return imported;
}

/** The server's start: `<data dir>/languages/*.json`, when the folder exists. */
export async function importLanguageFolder(
  store: Store,
  dataDir: string,
  print: (line: string) => void,
): Promise<void> {
  const folder = join(dataDir, 'languages');
  if (!(await stat(folder).catch(() => undefined))?.isDirectory()) return;
  for (const { catalog, missing } of await importLanguages(store, folder)) {
    print(
      `  ngôn ngữ / language ${catalog.tag} (${catalog.name})${missing.length ? `: ${missing.length} texts from the fallback` : ''}`,
    );
  }
}

export const languagesGroup: CommandGroup = {
  name: 'languages',
  summary: 'Languages of the public pages / Ngôn ngữ của trang công khai',
  commands: {
    import: {
      usage: 'import FILE|DIR',
      summary:
        'Add or replace languages from JSON catalogs (see `languages template`); a folder imports each .json; ' +
        'all or nothing / Thêm ngôn ngữ từ tệp JSON; sai một tệp thì không lưu gì',
      async run(context, args) {
        const imported = await importLanguages(context.deps.store, requireArgument(args, 0, 'FILE'));
        for (const { catalog, missing } of imported) {
          context.print(`Đã nhập / imported ${catalog.tag} (${catalog.name}).`);
          if (missing.length > 0) {
            context.print(
              `  ${missing.length} câu chưa dịch, dùng ngôn ngữ dự phòng / texts not translated, taken from the fallback:`,
            );
            for (const key of missing) context.print(`    ${key}`);
          }
        }
      },
    },
    list: {
      usage: 'list',
      summary: 'List the languages the pages offer / Liệt kê ngôn ngữ',
      async run(context) {
        for (const catalog of builtInCatalogs)
          context.print(`${catalog.tag}  ${catalog.name}  (built in / có sẵn)`);
        for (const catalog of await listLanguages(context.deps.store))
          context.print(`${catalog.tag}  ${catalog.name}`);
      },
    },
    remove: {
      usage: 'remove TAG',
      summary: 'Remove an imported language / Xóa một ngôn ngữ đã nhập',
      async run(context, args) {
        const tag = requireArgument(args, 0, 'TAG');
        if (builtInCatalogs.some((c) => c.tag === tag)) {
          throw new ValidationError([
            { field: 'TAG', vi: 'ngôn ngữ có sẵn, không xóa được', en: 'built in, cannot be removed' },
          ]);
        }
        await deleteLanguage(context.deps.store, tag);
        forgetCatalogs();
        context.print(`Đã xóa / removed ${tag}.`);
      },
    },
    template: {
      usage: 'template FILE',
      summary:
        'Write the Vietnamese catalog to FILE, to translate (set tag and name) / Ghi bản tiếng Việt ra FILE để dịch',
      async run(context, args) {
        const file = requireArgument(args, 0, 'FILE');
        const template = { ...defaultCatalog, tag: 'tyz', name: 'Tày', fallback: 'vi' };
        await writeFile(file, `${JSON.stringify(template, null, 2)}\n`);
        context.print(`Đã ghi / written ${file}: đổi tag, name rồi dịch / set tag and name, then translate.`);
      },
    },
  },
};
