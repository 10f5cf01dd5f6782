/**
 * `npm run admin` / `npm run aggregate` start from a bundle built on first use (local/cli/launch.mjs),
 * not from TypeScript compiled at each run: the bundle is reused while its sources are unchanged and
 * rebuilt when one changed. Start times are measured in `npm run bench` (bench/cli-start.ts).
 */
import { execFile } from 'node:child_process';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cache = join(process.cwd(), 'node_modules', '.cache', `hailong-cli-test-${process.pid}`);
const launch = (...args: string[]) =>
  run(process.execPath, ['local/cli/launch.mjs', ...args], {
    env: { ...process.env, HAILONG_CLI_CACHE: cache },
  });

describe('the command-line launcher', () => {
  afterAll(() => rm(cache, { recursive: true, force: true }));

  it('builds the admin bundle once, reuses it, and rebuilds it when a source changed', async () => {
    const first = await launch('admin', '--help');
    expect(first.stdout).toContain('npm run admin -- [--aws] <group> <command> [args]');
    expect(first.stdout).toContain('languages');
    const bundle = join(cache, 'admin.mjs');
    const built = (await stat(bundle)).mtimeMs;

    await launch('admin', 'languages', '--help');
    expect((await stat(bundle)).mtimeMs).toBe(built);

    // As if local/admin.ts had been edited since the bundle was made.
    const inputsFile = join(cache, 'admin.inputs.json');
    const inputs = JSON.parse(await readFile(inputsFile, 'utf8')) as Record<string, number>;
    expect(Object.keys(inputs)).toEqual(expect.arrayContaining(['local/admin.ts', 'package-lock.json']));
    expect(Object.keys(inputs).some((file) => file.startsWith('node_modules/'))).toBe(false);
    await writeFile(inputsFile, JSON.stringify({ ...inputs, 'local/admin.ts': 1 }));
    const again = await launch('admin', '--help');
    expect(again.stdout).toContain('languages');
    expect((await stat(bundle)).mtimeMs).toBeGreaterThan(built);
  }, 60_000);

  it('passes the arguments and the exit code of the tool through', async () => {
    await expect(launch('admin', 'no-such-group')).rejects.toMatchObject({ code: 2 });
    await expect(launch('nothing')).rejects.toThrow(/unknown tool nothing/);
  }, 60_000);

  it('refuses `npm run aggregate -- --form DAY` before opening the data directory (issue 20)', async () => {
    const dataDir = join(cache, 'never-made');
    const failed = await run(
      process.execPath,
      ['local/cli/launch.mjs', 'aggregate', '--form', '2026-01-01'],
      {
        env: { ...process.env, HAILONG_CLI_CACHE: cache, HAILONG_DATA_DIR: dataDir },
      },
    ).catch((error: unknown) => error as { code: number; stderr: string });
    expect(failed).toMatchObject({ code: 2 });
    expect((failed as { stderr: string }).stderr).toContain('--form: unknown option; did you mean --from?');
    await expect(stat(dataDir)).rejects.toMatchObject({ code: 'ENOENT' });
    // Help opens nothing either.
    const help = await run(process.execPath, ['local/cli/launch.mjs', 'aggregate', '--help'], {
      env: { ...process.env, HAILONG_CLI_CACHE: cache, HAILONG_DATA_DIR: dataDir },
    });
    expect(help.stdout).toContain('npm run aggregate -- [--aws]');
    await expect(stat(dataDir)).rejects.toMatchObject({ code: 'ENOENT' });
  }, 60_000);
});
