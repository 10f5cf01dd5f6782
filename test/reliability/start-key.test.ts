/**
 * Issue #8 item 9: with HAILONG_DEMO=off the key the server prints must work on whatever province is
 * imported — here a root called `tinh-x`, imported with the admin CLI while the server runs.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdmin } from '../../local/admin';
import { describeServer, type LocalServer, startLocalServer } from '../../local/server';
import { parseConfig } from '../../shared/config';

describe('the start key of an empty instance', () => {
  let dir: string;
  let server: LocalServer;
  let key: string;
  const printed: string[] = [];
  const get = (path: string) =>
    fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${key}` } });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hailong-start-key-'));
    server = await startLocalServer({
      config: parseConfig({ HAILONG_DEMO: 'off', HAILONG_DATA_DIR: dir }),
      dataDir: dir,
      port: 0,
      print: () => {},
    });
    key = server.demoApiKey!;
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('says, before any import, that the key will act on the root of the imported tree', async () => {
    const text = (await describeServer(server)).join('\n');
    expect(text).toContain('the key will act on the root of the tree you import');
    expect(text).toContain(key);
  });

  it('works on the root of the first province imported, whatever its id', async () => {
    const file = join(dir, 'units.json');
    await writeFile(
      file,
      JSON.stringify([
        { id: 'tinh-x', name: 'Tỉnh X', kind: 'province', parent: null },
        { id: 'xa-y', name: 'Xã Y', kind: 'commune', parent: 'tinh-x' },
      ]),
    );
    const status = await runAdmin(['units', 'import', file], {
      open: async () => ({ deps: server.deps, dataDir: dir, print: (line) => printed.push(line) }),
      print: (line) => printed.push(line),
      printError: (line) => printed.push(line),
    });
    expect(status).toBe(0);
    expect(printed.join('\n')).toMatch(/now acts on tinh-x/);

    const units = await get('/v1/units');
    expect(units.status).toBe(200);
    expect(((await units.json()) as { units: { id: string }[] }).units.map((unit) => unit.id)).toEqual([
      'tinh-x',
      'xa-y',
    ]);
    expect((await get('/v1/scores?unit=xa-y&from=2025-01-01&to=2025-01-31&method=csat')).status).toBe(200);
    expect((await describeServer(server)).join('\n')).toContain('(unit tinh-x)');
  });
});

describe('the demo key given in HAILONG_DEMO_API_KEY', () => {
  it('is refused under 24 characters, with the variable named, and taken from 24', () => {
    expect(() => parseConfig({ HAILONG_DEMO_API_KEY: 'x'.repeat(12) })).toThrow(/HAILONG_DEMO_API_KEY/);
    expect(() => parseConfig({ HAILONG_DEMO_API_KEY: 'x'.repeat(23) })).toThrow(/HAILONG_DEMO_API_KEY/);
    expect(parseConfig({ HAILONG_DEMO_API_KEY: 'x'.repeat(24) }).HAILONG_DEMO_API_KEY).toBe('x'.repeat(24));
  });
});
