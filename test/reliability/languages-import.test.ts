/**
 * Bad catalogs for `npm run admin -- languages import` (issue 21 item 5): a tag of ~2,000 characters is
 * refused by name before anything reaches the table (not a raw DynamoDB error), and sections or keys
 * named `__proto__` or `constructor` are unknown sections, refused as every unknown section is. One bad
 * file stores nothing, the good one beside it included.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/errors';
import { defaultCatalog } from '../../shared/i18n';
import { listLanguages, putLanguage } from '../../shared/storage/languages';
import { useAdminCli } from '../support/admin';

describe('languages import of hostile catalogs', () => {
  const cli = useAdminCli('hailong-lang-hostile-');
  const { admin, err } = cli;
  const heading = { rating: { heading: 'Pỉ nọng hăn dượng lăng?' } };

  it('refuses a tag of 2,000 characters by name, stores nothing, and shows no database error', async () => {
    const tag = `tyz${'-abcdefgh'.repeat(222)}`;
    expect(tag.length).toBeGreaterThan(1990);
    const file = await cli.file('long.json', JSON.stringify({ tag, name: 'Dài', texts: heading }));
    expect(await admin('languages', 'import', file)).toBe(1);
    const text = err.join('\n');
    expect(text).toMatch(/tag/);
    expect(text).not.toMatch(/ValidationException|DynamoDB|aws|1024/i);
    expect(await listLanguages(cli.stack.deps.store)).toEqual([]);
  });

  it('refuses a stored tag longer than BCP 47 allows where it is written, too', async () => {
    await expect(
      putLanguage(cli.stack.deps.store, { ...defaultCatalog, tag: `tyz${'-abcdefgh'.repeat(5)}`, name: 'x' }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  for (const section of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
    it(`refuses a section named ${section} as an unknown section, and stores nothing`, async () => {
      // Written as text: JSON.parse makes "__proto__" an own key, as a file read from disk does.
      const body = `{"tag":"tyz","name":"Tày","texts":{"rating":{"heading":"Pỉ"},"${section}":{"polluted":"x"}}}`;
      const file = await cli.file(`${section}.json`, body);
      expect(await admin('languages', 'import', file)).toBe(1);
      expect(err.join('\n')).toContain(`texts.${section}`);
      expect(err.join('\n')).toContain('unknown section');
      expect(await listLanguages(cli.stack.deps.store)).toEqual([]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  it('refuses a key named __proto__ or constructor inside a known section', async () => {
    for (const key of ['__proto__', 'constructor']) {
      const body = `{"tag":"tyz","name":"Tày","texts":{"rating":{"heading":"Pỉ","${key}":"x"}}}`;
      const file = await cli.file(`key-${key}.json`, body);
      expect(await admin('languages', 'import', file), key).toBe(1);
      expect(err.join('\n')).toContain(`texts.rating.${key}`);
      expect(await listLanguages(cli.stack.deps.store)).toEqual([]);
    }
  });

  it('stores nothing from a folder where one file is bad', async () => {
    const folder = join(cli.dir, 'folder');
    await mkdir(folder);
    await writeFile(
      join(folder, 'a-good.json'),
      JSON.stringify({ tag: 'nut', name: 'Nùng', texts: heading }),
    );
    await writeFile(
      join(folder, 'b-bad.json'),
      `{"tag":"tyz","name":"Tày","texts":{"__proto__":{"heading":"x"}}}`,
    );
    expect(await admin('languages', 'import', folder)).toBe(1);
    expect(await listLanguages(cli.stack.deps.store)).toEqual([]);
  });
});
