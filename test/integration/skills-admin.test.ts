import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignsCommands } from '../../local/admin/campaigns';
import { populationCommands } from '../../local/admin/population';
import { parseCommandArgs, specOfUsage } from '../../local/cli/arguments';
import type { CliContext, Command } from '../../local/cli/command';
import { ValidationError } from '../../shared/errors';
import { getCampaign } from '../../shared/storage/campaigns';
import { getPopulations } from '../../shared/storage/population';
import { importUnits } from '../../shared/storage/units';
import { sampleUnits, startTestStack, type TestStack } from '../support/stack';

describe('admin commands for campaigns and population on dynalite', () => {
  let stack: TestStack;
  let dataDir: string;
  let lines: string[];
  let context: CliContext;
  /** Runs a command as the admin tool does: its arguments parsed against its usage line first. */
  const run = (command: Command, argv: string[]) =>
    command.run(context, parseCommandArgs(argv, specOfUsage(command.usage)));

  beforeAll(async () => {
    stack = await startTestStack({ env: { PUBLIC_BASE_URL: 'https://danhgia.example.vn' } });
    await importUnits(stack.deps.store, sampleUnits);
    dataDir = await mkdtemp(join(tmpdir(), 'hailong-admin-'));
    lines = [];
    context = { deps: stack.deps, dataDir, print: (line) => lines.push(line) };
  });
  afterAll(async () => {
    await stack.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('creates a campaign, prints its link and writes an A4 poster whose QR code is the link', async () => {
    lines.length = 0;
    await run(campaignsCommands.commands.create!, ['--unit', 'cb-d1-c1', '--team', 'T03']);
    const link = lines.find((line) => line.startsWith('Link'))?.split(': ')[1] ?? '';
    expect(link).toMatch(/^https:\/\/danhgia\.example\.vn\/s\/[A-Za-z0-9_-]{8}$/);
    const id = link.slice(-8);
    expect(await getCampaign(stack.deps.store, id)).toMatchObject({ unit: 'cb-d1-c1', team: 'T03' });

    const svgPath = lines.find((line) => line.endsWith('.svg'))!.split(': ')[1]!;
    const svg = await readFile(svgPath, 'utf8');
    expect(svg).toContain('width="210mm" height="297mm"');
    expect(svg).toContain('Xã Một Một');
    expect(svg).toContain('T03');

    const pngPath = lines.find((line) => line.endsWith('.png'))!.split(': ')[1]!;
    const png = PNG.sync.read(await readFile(pngPath));
    expect(png.width).toBe(1240);
    expect(png.height).toBe(1754);
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toBe(link);
  });

  it('lists campaigns with their links', async () => {
    lines.length = 0;
    await run(campaignsCommands.commands.list!, []);
    expect(
      lines.some((line) => line.includes('cb-d1-c1') && line.includes('https://danhgia.example.vn/s/')),
    ).toBe(true);
  });

  it('refuses a campaign for a unit that is not a commune or does not exist', async () => {
    await expect(run(campaignsCommands.commands.create!, ['--unit', 'cb-d1'])).rejects.toThrow(
      ValidationError,
    );
    await expect(run(campaignsCommands.commands.create!, ['--unit', 'nowhere'])).rejects.toThrow(/nowhere/);
    await expect(run(campaignsCommands.commands.create!, [])).rejects.toThrow(/--unit/);
  });

  it('imports a population CSV and replaces a unit on a second import', async () => {
    const file = join(dataDir, 'population.csv');
    await writeFile(
      file,
      'unit,ageBand,sex,population\ncb-d1-c1,15-24,female,120\ncb-d1-c1,15-24,male,130\n',
    );
    lines.length = 0;
    await run(populationCommands.commands.import!, [file]);
    expect(lines[0]).toContain('Imported 2 rows for 1 units (250 people)');
    await writeFile(file, 'unit,ageBand,sex,population\ncb-d1-c1,65+,male,40\n');
    await run(populationCommands.commands.import!, [file]);
    expect((await getPopulations(stack.deps.store, ['cb-d1-c1'])).get('cb-d1-c1')).toEqual({
      '65+|male': 40,
    });
  });

  it('refuses a bad population CSV naming the line and field, and stores nothing', async () => {
    const file = join(dataDir, 'bad.csv');
    await writeFile(
      file,
      'unit,ageBand,sex,population\ncb-d2-c1,15-24,female,10\ncb-d2-c1,15-20,female,-1\nzz,65+,male,3\n',
    );
    const error = await run(populationCommands.commands.import!, [file]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    const fields = (error as ValidationError).problems.map((problem) => problem.field);
    expect(fields).toEqual(['line 3: ageBand', 'line 3: population', 'line 4: unit']);
    expect((await getPopulations(stack.deps.store, ['cb-d2-c1'])).size).toBe(0);
  });
});
