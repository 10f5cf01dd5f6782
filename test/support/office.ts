/**
 * LibreOffice headless, to open what the service writes as a spreadsheet user would (`soffice
 * --headless --convert-to csv`). Where it is missing the tests that need it are skipped with the
 * command that installs it (`apt-get install -y libreoffice-calc`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CANDIDATES = [process.env.SOFFICE_PATH, '/usr/bin/soffice', '/usr/bin/libreoffice'];

export const sofficePath: string | undefined = CANDIDATES.find(
  (path): path is string => typeof path === 'string' && path !== '' && existsSync(path),
);

export const sofficeMissing =
  'LibreOffice not found (set SOFFICE_PATH or install it with: apt-get update && apt-get install -y libreoffice-calc)';

/**
 * Opens `bytes` (a file named `name`) in LibreOffice and answers each sheet as CSV text, by sheet name
 * (UTF-8, cells as shown). A private profile keeps parallel runs apart.
 */
export async function sheetsAsCsv(bytes: Uint8Array, name: string): Promise<Map<string, string>> {
  if (!sofficePath) throw new Error(sofficeMissing);
  const dir = await mkdtemp(join(tmpdir(), 'hailong-office-'));
  try {
    const input = join(dir, name);
    await writeFile(input, bytes);
    const stem = name.replace(/\.[^.]+$/, '');
    const result = spawnSync(
      sofficePath,
      [
        `-env:UserInstallation=file://${join(dir, 'profile')}`,
        '--headless',
        // a CSV is read as UTF-8, comma-separated, with formulas evaluated (as a user's import would)
        ...(name.endsWith('.csv') ? ['--infilter=CSV:44,34,76,1'] : []),
        '--convert-to',
        // comma, double quote, UTF-8, from line 1, …, cells as shown, every sheet (-1)
        'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
        '--outdir',
        join(dir, 'out'),
        input,
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    if (result.status !== 0) throw new Error(`soffice failed: ${result.stderr}`);
    const sheets = new Map<string, string>();
    for (const file of await readdir(join(dir, 'out'))) {
      const sheet = file.startsWith(`${stem}-`) ? file.slice(stem.length + 1, -4) : file.slice(0, -4);
      sheets.set(sheet, await readFile(join(dir, 'out', file), 'utf8'));
    }
    return sheets;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
