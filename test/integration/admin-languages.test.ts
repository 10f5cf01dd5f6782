/**
 * `npm run admin -- languages …` on dynalite: a province's catalog file goes in and the pages offer
 * it; a bad one stores nothing and names the problem; the template is a catalog that imports as is.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runAdmin } from '../../local/admin';
import type { CliContext } from '../../local/cli/command';
import { createLocalApp } from '../../local/app';
import { listLanguages } from '../../shared/storage/languages';
import { registerOne, seedRating } from '../support/rating';
import { startTestStack, type TestStack } from '../support/stack';

describe('admin languages commands', () => {
  let stack: TestStack;
  let dir: string;
  let out: string[];
  let err: string[];

  const admin = (...argv: string[]) =>
    runAdmin(argv, {
      open: async (): Promise<CliContext> => ({
        deps: stack.deps,
        dataDir: dir,
        print: (line) => out.push(line),
      }),
      print: (line) => out.push(line),
      printError: (line) => err.push(line),
    });

  beforeAll(async () => {
    stack = await startTestStack();
    dir = await mkdtemp(join(tmpdir(), 'hailong-lang-admin-'));
  });
  beforeEach(() => {
    out = [];
    err = [];
  });
  afterAll(async () => {
    await stack?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a template that imports as Tày, lists what was left untranslated, and the page offers it', async () => {
    const template = join(dir, 'tyz.json');
    expect(await admin('languages', 'template', template)).toBe(0);
    const catalog = JSON.parse(await readFile(template, 'utf8'));
    catalog.texts = { rating: { heading: 'Pỉ nọng hăn dượng lăng?' } };
    await writeFile(template, JSON.stringify(catalog));
    expect(await admin('languages', 'import', template)).toBe(0);
    expect(out.join('\n')).toContain('imported tyz (Tày)');
    expect(out.join('\n')).toContain('rating.submit');

    const key = await seedRating(stack.deps);
    const app = createLocalApp(stack.deps);
    const { path } = await registerOne(app, key);
    const html = await (await app.request(`${path}?lang=tyz`)).text();
    expect(html).toContain('<html lang="tyz">');
    expect(html).toContain('Pỉ nọng hăn dượng lăng?');
    expect((await listLanguages(stack.deps.store)).map((c) => c.tag)).toEqual(['tyz']);
    out = [];
    expect(await admin('languages', 'list')).toBe(0);
    expect(out).toEqual([
      'vi  Tiếng Việt  (built in / có sẵn)',
      'en  English  (built in / có sẵn)',
      'tyz  Tày',
    ]);
  });

  it('refuses a bad catalog, naming the file and key in both languages, and stores nothing', async () => {
    const bad = join(dir, 'bad');
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
    expect((await listLanguages(stack.deps.store)).map((c) => c.tag)).toEqual(['tyz']);
    await writeFile(join(dir, 'vi.json'), JSON.stringify({ tag: 'vi', name: 'x', texts: {} }));
    expect(await admin('languages', 'import', join(dir, 'vi.json'))).toBe(1);
    expect(err.join('\n')).toContain('is built in');
  });

  it('removes an imported language but not a built-in one', async () => {
    expect(await admin('languages', 'remove', 'en')).toBe(1);
    expect(await admin('languages', 'remove', 'tyz')).toBe(0);
    expect(await listLanguages(stack.deps.store)).toEqual([]);
  });
});
