/**
 * Files at rest (issue 21 item 6, DESIGN §6): the local data directory holds the database (key
 * hashes, webhook secrets, comments), the keyring and the dead letters; it is 0700 and its files 0600,
 * checked at start — a wider mode repaired and said, a directory of another user refused.
 */
import { chmod, chown, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { secureDataDir } from '../../local/data-dir';
import { startLocalServer } from '../../local/server';
import { parseConfig } from '../../shared/config';

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

/** Every entry below `root` with its mode. */
async function modes(root: string): Promise<Map<string, number>> {
  const found = new Map<string, number>([[root, await modeOf(root)]]);
  for (const entry of await readdir(root, { recursive: true })) {
    const path = join(root, entry);
    found.set(path, await modeOf(path));
  }
  return found;
}

describe('the local data directory at rest', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  const worldReadable = async () => {
    const root = await mkdtemp(join(tmpdir(), 'hailong-perms-'));
    dirs.push(root);
    await chmod(root, 0o755);
    await mkdir(join(root, 'db'), { mode: 0o755 });
    await chmod(join(root, 'db'), 0o755);
    await writeFile(join(root, 'db', 'CURRENT'), 'MANIFEST-000001\n', { mode: 0o644 });
    await writeFile(join(root, 'webhook-dead-letters.jsonl'), '{}\n', { mode: 0o644 });
    await chmod(join(root, 'db', 'CURRENT'), 0o644);
    await chmod(join(root, 'webhook-dead-letters.jsonl'), 0o644);
    return root;
  };

  it('repairs a world-readable directory and files to 0700 / 0600 and says what it repaired', async () => {
    const root = await worldReadable();
    const repaired = await secureDataDir(root);
    expect(repaired).toHaveLength(4);
    expect(repaired.join('\n')).toContain('webhook-dead-letters.jsonl 644 → 600');
    expect(await modeOf(root)).toBe(0o700);
    expect(await modeOf(join(root, 'db'))).toBe(0o700);
    expect(await modeOf(join(root, 'db', 'CURRENT'))).toBe(0o600);
    expect(await modeOf(join(root, 'webhook-dead-letters.jsonl'))).toBe(0o600);
    expect(await secureDataDir(root)).toEqual([]);
  });

  it('creates a missing directory 0700', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'hailong-perms-'));
    dirs.push(parent);
    await secureDataDir(join(parent, 'data'));
    expect(await modeOf(join(parent, 'data'))).toBe(0o700);
  });

  it.skipIf(process.getuid?.() !== 0)('refuses a data directory that belongs to another user', async () => {
    const root = await worldReadable();
    await chown(join(root, 'db'), 54_321, 54_321);
    await expect(secureDataDir(root)).rejects.toThrow(/belongs to another user/);
  });

  it('starts the server with every file of the data directory 0600 and every directory 0700', async () => {
    const root = await worldReadable();
    await rm(join(root, 'db'), { recursive: true });
    const printed: string[] = [];
    const server = await startLocalServer({
      config: parseConfig({ HAILONG_DEMO: 'off', HAILONG_DATA_DIR: root }),
      dataDir: root,
      port: 0,
      print: (line) => printed.push(line),
    });
    try {
      expect(printed.join('\n')).toContain('made private');
      const found = await modes(root);
      expect(found.size).toBeGreaterThan(4);
      for (const [path, mode] of found) {
        const isDir = (await stat(path)).isDirectory();
        expect(mode.toString(8), path).toBe(isDir ? '700' : '600');
      }
    } finally {
      await server.close();
    }
  });
});
