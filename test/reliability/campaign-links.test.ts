/**
 * Issue #8 item 8 (campaign links): `campaigns create` and `campaigns list` print links on the running
 * server's address — its port, or its PUBLIC_BASE_URL — not a fixed http://localhost:3000.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runAdmin } from '../../local/admin';
import { type LocalServer, startLocalServer } from '../../local/server';
import { parseConfig } from '../../shared/config';
import { importUnits } from '../../shared/storage/units';

describe('campaign links of the admin CLI', () => {
  let dir: string | undefined;
  let server: LocalServer | undefined;
  afterEach(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Starts a server with `env`, then runs `campaigns create` and `list` as a CLI without PUBLIC_BASE_URL. */
  async function linksPrinted(env: Record<string, string>): Promise<string[]> {
    dir = await mkdtemp(join(tmpdir(), 'hailong-campaign-'));
    server = await startLocalServer({
      config: parseConfig({ HAILONG_DEMO: 'off', HAILONG_DATA_DIR: dir, ...env }),
      dataDir: dir,
      port: 0,
      print: () => {},
    });
    await importUnits(server.deps.store, [
      { id: 'tinh-x', name: 'Tỉnh X', kind: 'province', parent: null },
      { id: 'xa-y', name: 'Xã Y', kind: 'commune', parent: 'tinh-x' },
    ]);
    const printed: string[] = [];
    const cli = { ...server.deps, config: parseConfig({ HAILONG_DATA_DIR: dir }) };
    for (const args of [
      ['campaigns', 'create', '--unit', 'xa-y'],
      ['campaigns', 'list'],
    ]) {
      const status = await runAdmin(args, {
        open: async () => ({ deps: cli, dataDir: dir!, print: (line) => printed.push(line) }),
        print: (line) => printed.push(line),
        printError: (line) => printed.push(line),
      });
      expect(status, printed.join('\n')).toBe(0);
    }
    return printed.join('\n').match(/https?:\/\/\S+\/s\/\S+/g) ?? [];
  }

  it('uses the port the running server listens on', async () => {
    const links = await linksPrinted({});
    expect(links).toHaveLength(2);
    for (const link of links) expect(link.startsWith(`${server!.url}/s/`)).toBe(true);
    expect(server!.url).not.toBe('http://localhost:3000');
  });

  it("uses the running server's PUBLIC_BASE_URL", async () => {
    const links = await linksPrinted({ PUBLIC_BASE_URL: 'http://192.0.2.10:8080' });
    expect(links).toHaveLength(2);
    for (const link of links) expect(link).toMatch(/^http:\/\/192\.0\.2\.10:8080\/s\//);
  });
});
