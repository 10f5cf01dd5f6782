/**
 * `npm run admin -- [--aws] <group> <command> [args]`: the administrator's tool for units, procedures,
 * API keys, the signing keyring and the pages' languages. Each group is a module in `local/admin/`; a group is added by
 * listing it here. Works on the data directory's database, through the running server when there is
 * one; with `--aws`, on a deployed province's table (TABLE_NAME) and keyring (SIGNING_KEYS_SECRET_ARN).
 */
import { pathToFileURL } from 'node:url';
import { getConfig } from '../shared/config';
import { DomainError, ValidationError } from '../shared/errors';
import { nearest, parseCommandArgs, specOfUsage, UsageError } from './cli/arguments';
import { type CliContext, type CommandGroup, describeTarget } from './cli/command';
import { offlineCliContext, openAwsCliContext, openCliContext } from './cli/context';
import { campaignsCommands } from './admin/campaigns';
import { holidaysGroup } from './admin/holidays';
import { keysGroup } from './admin/keys';
import { periodInputsCommands } from './admin/period-inputs';
import { languagesGroup } from './admin/languages';
import { populationCommands } from './admin/population';
import { proceduresGroup } from './admin/procedures';
import { signingKeyGroup } from './admin/signing-key';
import { unitsGroup } from './admin/units';
import { webhooksGroup } from './admin/webhooks';
import { dossiersGroup } from './admin/dossiers';

export const adminGroups: CommandGroup[] = [
  unitsGroup,
  proceduresGroup,
  keysGroup,
  signingKeyGroup,
  campaignsCommands,
  populationCommands,
  periodInputsCommands,
  languagesGroup,
  holidaysGroup,
  webhooksGroup,
  dossiersGroup,
];

const isHelp = (arg: string | undefined) => arg === '--help' || arg === '-h' || arg === 'help';

function groupHelp(group: CommandGroup): string[] {
  return [
    `npm run admin -- ${group.name} <command>   ${group.summary}`,
    '',
    ...Object.values(group.commands).flatMap((command) => [
      `  ${group.name} ${command.usage}`,
      `      ${command.summary}`,
    ]),
  ];
}

function mainHelp(groups: CommandGroup[]): string[] {
  return [
    'npm run admin -- [--aws] <group> <command> [args]   (--help after any group or command)',
    '',
    ...groups.map((group) => `  ${group.name.padEnd(12)} ${group.summary}`),
    '',
    'Dữ liệu / data: HAILONG_DATA_DIR (default .data); while `npm start` runs, commands use its database.',
    '--aws: tỉnh đã triển khai / a deployed province: AWS credentials, AWS_REGION, TABLE_NAME (required),',
    '       SIGNING_KEYS_SECRET_ARN for signing-key commands (docs/deploy.md).',
  ];
}

/** Lines describing an error for the terminal, Vietnamese first. */
export function errorLines(error: unknown): string[] {
  if (error instanceof ValidationError) {
    return [
      'Lỗi: dữ liệu không hợp lệ, không có gì được lưu:',
      ...error.problems.map((problem) => `  ${problem.field.replace(/^line /, 'dòng ')}: ${problem.vi}`),
      'Error: invalid input, nothing was stored:',
      ...error.problems.map((problem) => `  ${problem.field}: ${problem.en}`),
    ];
  }
  if (error instanceof DomainError) return [`Lỗi: ${error.text.vi}`, `Error: ${error.text.en}`];
  return [`Lỗi / Error: ${error instanceof Error ? error.message : String(error)}`];
}

/** ` (có phải "units"? / did you mean "units"?)` when `word` is a near miss of one of `names`. */
function didYouMean(word: string, names: string[]): { vi: string; en: string } {
  const suggestion = nearest(word, names);
  return suggestion
    ? { vi: `; có phải "${suggestion}"?`, en: `; did you mean "${suggestion}"?` }
    : { vi: '', en: '' };
}

/**
 * Runs one command line; answers the exit code: 0 done, 1 the command failed, 2 the command line is
 * wrong (unknown group, command or option, an argument too many or missing), with nothing opened. `open` makes the context (a test passes its own);
 * it is called only for a command that needs the database. The global flag `--aws` (anywhere on the
 * line; no command has an option of that name) chooses `openAws` instead. The target is printed
 * before the command runs, so nobody writes to production by mistake.
 */
export async function runAdmin(
  commandLine: string[],
  options: {
    groups?: CommandGroup[];
    open: () => Promise<CliContext & { close?(): Promise<void> }>;
    /** The context of `--aws`: the deployed table. */
    openAws?: () => Promise<CliContext & { close?(): Promise<void> }>;
    /** The context of a command that needs no database (config and clock only). */
    offline?: () => CliContext;
    print?: (line: string) => void;
    printError?: (line: string) => void;
  },
): Promise<number> {
  const groups = options.groups ?? adminGroups;
  const print = options.print ?? ((line: string) => console.log(line));
  const printError = options.printError ?? ((line: string) => console.error(line));
  const aws = commandLine.includes('--aws');
  const [groupName, commandName, ...args] = commandLine.filter((arg) => arg !== '--aws');
  if (!groupName || isHelp(groupName)) {
    mainHelp(groups).forEach((line) => print(line));
    return groupName ? 0 : 1;
  }
  const group = groups.find((candidate) => candidate.name === groupName);
  if (!group) {
    const hint = didYouMean(
      groupName,
      groups.map((candidate) => candidate.name),
    );
    printError(
      `Lỗi: không có nhóm lệnh "${groupName}"${hint.vi} / Error: no command group "${groupName}"${hint.en}.`,
    );
    mainHelp(groups).forEach((line) => printError(line));
    return 2;
  }
  if (!commandName || isHelp(commandName)) {
    groupHelp(group).forEach((line) => print(line));
    return commandName ? 0 : 1;
  }
  const command = Object.hasOwn(group.commands, commandName) ? group.commands[commandName] : undefined;
  if (!command) {
    const hint = didYouMean(commandName, Object.keys(group.commands));
    printError(
      `Lỗi: không có lệnh "${groupName} ${commandName}"${hint.vi} / Error: no command "${groupName} ${commandName}"${hint.en}.`,
    );
    groupHelp(group).forEach((line) => printError(line));
    return 2;
  }
  if (args.some(isHelp)) {
    print(`npm run admin -- ${group.name} ${command.usage}`);
    print(`  ${command.summary}`);
    return 0;
  }
  let parsed;
  try {
    parsed = parseCommandArgs(args, specOfUsage(command.usage));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    errorLines(error).forEach((line) => printError(line));
    printError(`npm run admin -- ${group.name} ${command.usage}`);
    return 2;
  }
  let context: (CliContext & { close?(): Promise<void> }) | undefined;
  try {
    // A command that acts on Secrets Manager only opens no database.
    if (command.usesDatabase?.(parsed, aws) === false && options.offline) context = options.offline();
    else if (!aws) context = await options.open();
    else if (options.openAws) context = await options.openAws();
    else throw new Error('--aws is not available here');
    if (context.target) context.print(describeTarget(context.target));
    await command.run(context, parsed);
    return 0;
  } catch (error) {
    errorLines(error).forEach((line) => printError(line));
    return 1;
  } finally {
    await context?.close?.();
  }
}

/** The command line's entry (also called by the prebuilt bundle, local/cli/launch.mjs). */
export async function main(): Promise<void> {
  const config = getConfig();
  const code = await runAdmin(process.argv.slice(2), {
    open: () => openCliContext({ config }),
    openAws: () => openAwsCliContext({ config }),
    offline: () => offlineCliContext({ config }),
  });
  process.exitCode = code;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    errorLines(error).forEach((line) => console.error(line));
    process.exit(1);
  });
}
