/**
 * The shape of the command-line tools (`npm run admin -- <group> <command> …`). Each group lives in
 * its own module under `local/admin/` and is listed once in `local/admin.ts`.
 */
import type { AppDeps } from '../../shared/http/deps';
import type { CommandArgs } from './arguments';

export { option, type CommandArgs } from './arguments';

/**
 * Where a command's data lives. `aws`: a deployed province (its DynamoDB table, its Secrets Manager
 * keyring), chosen only by the explicit `--aws` flag.
 */
export type CliTarget =
  | { kind: 'local'; dataDir: string }
  | { kind: 'aws'; tableName: string; region: string }
  /** `--aws` for a command that uses no table (the signing keyring in Secrets Manager). */
  | { kind: 'aws-secrets' };

/** What a command gets: the same dependencies as the apps, over the target's database. */
export interface CliContext {
  deps: AppDeps;
  dataDir: string;
  /** Prints a line for the person at the terminal. */
  print(line: string): void;
  /** Absent: the local data directory (`dataDir`). */
  target?: CliTarget;
}

/** True when the command acts on a deployed province rather than on the local data directory. */
export const actsOnAws = (context: CliContext): boolean =>
  context.target !== undefined && context.target.kind !== 'local';

/** The line printed before a command runs, so nobody writes to production by mistake. */
export function describeTarget(target: CliTarget): string {
  switch (target.kind) {
    case 'local':
      return `Đích: thư mục dữ liệu cục bộ ${target.dataDir} / target: local data directory ${target.dataDir}`;
    case 'aws':
      return (
        `Đích: bảng AWS ${target.tableName} ở vùng ${target.region} / ` +
        `target: AWS table ${target.tableName} in region ${target.region}`
      );
    case 'aws-secrets':
      return 'Đích: AWS Secrets Manager / target: AWS Secrets Manager';
  }
}

export interface Command {
  /**
   * e.g. `import FILE [--codes FILE]`: printed by `--help`, and the declaration of the command's
   * arguments (`specOfUsage`): every option it takes, and its positionals. Switches are written in
   * brackets (`[--dry-run]`); an option followed by a word takes that value.
   */
  usage: string;
  /** One line, in English then Vietnamese. */
  summary: string;
  /** Runs with the arguments already parsed strictly against `usage`. */
  run(context: CliContext, args: CommandArgs): Promise<void>;
  /**
   * False when, with these args, the command uses no table (it acts on AWS Secrets Manager); `aws` is
   * the global `--aws` flag.
   */
  usesDatabase?(args: CommandArgs, aws: boolean): boolean;
}

export interface CommandGroup {
  name: string;
  summary: string;
  commands: Record<string, Command>;
}
