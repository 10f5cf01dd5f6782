/**
 * The admin CLI (`npm run admin`) driven in-process on dynalite, for the admin tests: one stack and one
 * scratch data directory per file, the lines printed to standard output and standard error collected
 * per test (cleared before each).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { runAdmin } from '../../local/admin';
import type { CliContext } from '../../local/cli/command';
import { startTestStack, type TestStack } from './stack';

export interface AdminCli {
  /** The stack and the data directory, set once the file's `beforeAll` has run. */
  readonly stack: TestStack;
  readonly dir: string;
  /** What the command printed, this test. */
  readonly out: string[];
  readonly err: string[];
  /** Runs `npm run admin -- …argv`; answers its exit status. */
  admin(...argv: string[]): Promise<number>;
  /** Writes `text` to `name` in the data directory; answers its path. */
  file(name: string, text: string): Promise<string>;
}

/** Registers the hooks of an admin test file; `setUp` runs once the stack is up (e.g. to import units). */
export function useAdminCli(prefix: string, setUp?: (stack: TestStack) => Promise<void>): AdminCli {
  let stack: TestStack | undefined;
  let dir: string | undefined;
  const out: string[] = [];
  const err: string[] = [];
  beforeAll(async () => {
    stack = await startTestStack();
    dir = await mkdtemp(join(tmpdir(), prefix));
    await setUp?.(stack);
  });
  afterAll(async () => {
    await stack?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    out.length = 0;
    err.length = 0;
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useAdminCli: used before beforeAll ran');
    return value;
  };
  return {
    get stack() {
      return ready(stack);
    },
    get dir() {
      return ready(dir);
    },
    out,
    err,
    admin: (...argv) =>
      runAdmin(argv, {
        open: async (): Promise<CliContext> => ({
          deps: ready(stack).deps,
          dataDir: ready(dir),
          print: (line) => out.push(line),
        }),
        print: (line) => out.push(line),
        printError: (line) => err.push(line),
      }),
    file: async (name, text) => {
      const path = join(ready(dir), name);
      await writeFile(path, text);
      return path;
    },
  };
}
