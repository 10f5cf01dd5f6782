/**
 * Every admin command parses its line strictly (issue 20 item 6): a misspelt option or a positional
 * argument it does not take is a usage error (exit 2) naming the culprit and, for an option, the nearest
 * valid one, in Vietnamese and English; nothing is opened, so nothing is stored.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminGroups, runAdmin } from '../../local/admin';
import { specOfUsage } from '../../local/cli/arguments';
import type { CliContext } from '../../local/cli/command';
import { listApiKeys } from '../../shared/storage/api-keys';
import { sampleUnits, startTestStack, type TestStack } from '../support/stack';
import { importUnits } from '../../shared/storage/units';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
  await importUnits(stack.deps.store, sampleUnits);
});
afterAll(() => stack.close());

/** Runs `npm run admin -- …argv` over the stack, counting how often the database was opened. */
async function admin(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  let opened = 0;
  const context = (): CliContext => {
    opened++;
    return { deps: stack.deps, dataDir: '/nonexistent', print: (line) => out.push(line) };
  };
  const code = await runAdmin(argv, {
    open: async () => context(),
    openAws: async () => context(),
    offline: context,
    print: (line) => out.push(line),
    printError: (line) => err.push(line),
  });
  return { code, out: out.join('\n'), err: err.join('\n'), opened };
}

async function itemCount(): Promise<number> {
  const page = await stack.deps.store.db.send(
    new ScanCommand({ TableName: stack.deps.store.tableName, Select: 'COUNT' }),
  );
  return page.Count ?? 0;
}

/** `--unit` → `--uint`: two neighbours swapped, one edit away. */
const misspell = (name: string) => name[0]! + name[2]! + name[1]! + name.slice(3);

const commands = adminGroups.flatMap((group) =>
  Object.entries(group.commands).map(([name, command]) => {
    const spec = specOfUsage(command.usage);
    // A line the command would accept: every positional given (as a word), every option a value.
    const positionals = spec.positionals.map((positional) => positional.name.toLowerCase());
    const options = Object.entries(spec.options).flatMap(([option, { type }]) =>
      type === 'string' ? [`--${option}`, 'x'] : [`--${option}`],
    );
    return { line: `${group.name} ${name}`, words: [group.name, name], spec, positionals, options };
  }),
);

describe('the admin tool refuses a wrong command line', () => {
  it('declares every command of the tool (the table below is complete)', () => {
    expect(commands.length).toBeGreaterThanOrEqual(22);
    expect(commands.map((command) => command.line)).toEqual(
      expect.arrayContaining(['units import', 'keys create', 'period-inputs set', 'webhooks set']),
    );
  });

  it.each(commands)('$line: a misspelt option is named with the nearest valid one', async (command) => {
    const before = await itemCount();
    const option = Object.keys(command.spec.options)[0];
    const wrong = option ? misspell(option) : 'asw';
    const result = await admin(...command.words, ...command.positionals, ...command.options, `--${wrong}`);
    expect(result.code).toBe(2);
    const meant = option ?? 'aws';
    expect(result.err).toContain(`--${wrong}: tùy chọn không hợp lệ; có phải ý bạn là --${meant}?`);
    expect(result.err).toContain(`--${wrong}: unknown option; did you mean --${meant}?`);
    expect(result.opened).toBe(0);
    expect(await itemCount()).toBe(before);
  });

  it.each(commands)('$line: a positional argument it does not take is refused', async (command) => {
    const before = await itemCount();
    const result = await admin(...command.words, ...command.positionals, 'extra', ...command.options);
    expect(result.code).toBe(2);
    expect(result.err).toContain('"extra": tham số thừa');
    expect(result.err).toContain('"extra": unexpected argument');
    expect(result.opened).toBe(0);
    expect(await itemCount()).toBe(before);
  });

  it('refuses an option to a command that takes none, listing no false suggestion', async () => {
    const result = await admin('units', 'list', '--unit', 'cb');
    expect(result.code).toBe(2);
    expect(result.err).toContain('--unit: unknown option; this command takes no options');
    expect(result.err).toContain('--unit: tùy chọn không hợp lệ; lệnh này không có tùy chọn nào');
  });

  it('does not create a key under a default name when --name is misspelt', async () => {
    const result = await admin(
      'keys',
      'create',
      '--unit',
      'cb-d1',
      '--permissions',
      'ratings:read',
      '--nmae',
      'Huyện Một',
    );
    expect(result.code).toBe(2);
    expect(result.err).toContain('did you mean --name?');
    expect(await listApiKeys(stack.deps.store)).toEqual([]);
    // The same line spelt right creates it, under its name.
    const right = await admin(
      'keys',
      'create',
      '--unit',
      'cb-d1',
      '--permissions',
      'ratings:read',
      '--name=Huyện Một',
    );
    expect(right.code).toBe(0);
    expect((await listApiKeys(stack.deps.store)).map((key) => key.name)).toEqual(['Huyện Một']);
  });

  it('names an option given without its value, and a switch given one', async () => {
    const missing = await admin('keys', 'create', '--permissions', 'ratings:read', '--unit');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--unit: missing its value');
    expect(missing.err).toContain('--unit: thiếu giá trị');
    const swallowed = await admin('keys', 'create', '--unit', '--permissions', 'ratings:read');
    expect(swallowed.code).toBe(2);
    expect(swallowed.err).toContain('--unit: missing its value');
    const valued = await admin('units', 'list', '--aws=yes');
    expect(valued.code).toBe(2);
    expect(valued.err).toContain('--aws takes no value');
  });

  it('refuses a missing positional before opening anything', async () => {
    const result = await admin('units', 'import');
    expect(result.code).toBe(2);
    expect(result.err).toContain('Missing the argument FILE.');
    expect(result.err).toContain('Thiếu tham số FILE.');
    expect(result.opened).toBe(0);
  });

  it('suggests the nearest group and command for a misspelt name', async () => {
    const group = await admin('unit', 'list');
    expect(group.code).toBe(2);
    expect(group.err).toContain('no command group "unit"; did you mean "units"?');
    expect(group.err).toContain('không có nhóm lệnh "unit"; có phải "units"?');
    const command = await admin('units', 'lsit');
    expect(command.code).toBe(2);
    expect(command.err).toContain('no command "units lsit"; did you mean "list"?');
  });

  it('still shows help for a command whatever else is on its line', async () => {
    const result = await admin('keys', 'create', '--unti', '--help');
    expect(result.code).toBe(0);
    expect(result.out).toContain('keys create --unit UNIT');
  });
});
