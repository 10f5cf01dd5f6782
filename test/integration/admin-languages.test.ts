/**
 * `npm run admin -- languages …` on dynalite: a province's catalog file goes in and the pages offer
 * it; a bad one stores nothing and names the problem; the template is a catalog that imports as is.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocalApp } from '../../local/app';
import { listLanguages } from '../../shared/storage/languages';
import { registerOne, seedRating } from '../support/rating';
import { useAdminCli } from '../support/admin';

describe('admin languages commands', () => {
  const cli = useAdminCli('hailong-lang-admin-');
  const { admin, out, err } = cli;

  it('writes a template that imports as Tày, lists what was left untranslated, and the page offers it', async () => {
    const template = join(cli.dir, 'tyz.json');
    expect(await admin('languages', 'template', template)).toBe(0);
    const catalog = JSON.parse(await readFile(template, 'utf8'));
    catalog.texts = { rating: { heading: 'Pỉ nọng hăn dượng lăng?' } };
    await writeFile(template, JSON.stringify(catalog));
    expect(await admin('languages', 'import', template)).toBe(0);
    expect(out.join('\n')).toContain('imported tyz (Tày)');
    expect(out.join('\n')).toContain('rating.submit');

    const key = await seedRating(cli.stack.deps);
    const app = createLocalApp(cli.stack.deps);
    const { path } = await registerOne(app, key);
    const html = await (await app.request(`${path}?lang=tyz`)).text();
    expect(html).toContain('<html lang="tyz">');
    expect(html).toContain('Pỉ nọng hăn dượng lăng?');
    expect((await listLanguages(cli.stack.deps.store)).map((c) => c.tag)).toEqual(['tyz']);
    out.length = 0;
    expect(await admin('languages', 'list')).toBe(0);
    expect(out).toEqual([
      'vi  Tiếng Việt  (built in / có sẵn)',
      'en  English  (built in / có sẵn)',
      'tyz  Tày',
    ]);
  });

  it('refuses a bad catalog, naming the file and key in both languages, and stores nothing', async () => {
    const bad = join(cli.dir, 'bad');
    await rm(bad, { recursive: true, force: true });
    await mkdir(bad);
    await writeFile(join(bad, 'a-nut.json'), JSON.stringify({ tag: 'nut', name: 'Nùng', texts: {} }));
    await writeFile(
      join(bad, 'b-hnj.json'),
      JSON.stringify({
        tag: 'hnj',
        name: 'Hmoob',
        texts: { rating: { headin: 'x', expiredText: 'no date' } },
      }),
    );
    expect(await admin('languages', 'import', bad)).toBe(1);
    const text = err.join('\n');
    expect(text).toContain('b-hnj.json: texts.rating.headin: khóa không có');
    expect(text).toContain('b-hnj.json: texts.rating.expiredText: must keep {date}');
    // One bad file: the good one is not stored either.
    expect((await listLanguages(cli.stack.deps.store)).map((c) => c.tag)).toEqual(['tyz']);
    await writeFile(join(cli.dir, 'vi.json'), JSON.stringify({ tag: 'vi', name: 'x', texts: {} }));
    expect(await admin('languages', 'import', join(cli.dir, 'vi.json'))).toBe(1);
    expect(err.join('\n')).toContain('is built in');
  });

  it('removes an imported language but not a built-in one', async () => {
    expect(await admin('languages', 'remove', 'en')).toBe(1);
    expect(await admin('languages', 'remove', 'tyz')).toBe(0);
    expect(await listLanguages(cli.stack.deps.store)).toEqual([]);
  });
});
