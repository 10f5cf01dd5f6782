/**
 * The shape of the command-line tools (`npm run admin -- <group> <command> …`). Each group lives in
 * its own module under `local/admin/` and is listed once in `local/admin.ts`.
 */
import type { AppDeps } from '../../shared/http/deps';

/** What a command gets: the same dependencies as the apps, over the data directory's database. */
export interface CliContext {
  deps: AppDeps;
  dataDir: string;
  /** Prints a line for the person at the terminal. */
  print(line: string): void;
}

export interface Command {
  /** e.g. `import FILE` */
  usage: string;
  /** One line, in English then Vietnamese. */
  summary: string;
  run(context: CliContext, args: string[]): Promise<void>;
  /** False when, with these args, the command does not use the local database (e.g. it acts on AWS). */
  usesDatabase?(args: string[]): boolean;
}

export interface CommandGroup {
  name: string;
  summary: string;
  commands: Record<string, Command>;
}

/** The value of `--name VALUE` in `args`, or undefined. */
export function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
}
