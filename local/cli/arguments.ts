/**
 * The one parser of the command-line tools' arguments: `node:util` `parseArgs` with `strict: true`, over
 * the options a command declares. A command declares them once, in its usage line (the line `--help`
 * prints), so help and parsing cannot drift apart. An unknown or misspelt option is refused with its
 * name and the nearest valid one, never read as a default.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { BadRequestError } from '../../shared/errors';

/** A command line after parsing: its positional arguments in order and its options by name. */
export interface CommandArgs {
  positionals: string[];
  options: Record<string, string | boolean | undefined>;
}

export interface ArgsSpec {
  /** Options by name (without `--`): `string` takes a value, `boolean` is a switch. */
  options: Record<string, { type: 'string' | 'boolean'; short?: string }>;
  /** Positional arguments in order; optional ones (`[FILE]`) only at the end. */
  positionals: { name: string; optional: boolean }[];
}

/**
 * A wrong command line (exit code 2, as the shells' own tools answer): an unknown option, a missing
 * value, an argument too many. Nothing has been opened or stored when it is thrown.
 */
export class UsageError extends BadRequestError {}

/** The options every command takes besides its own: the target (`--aws`) and help. */
export const GLOBAL_OPTIONS: ArgsSpec['options'] = {
  aws: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

/**
 * The arguments a usage line declares: `create --unit UNIT [--team CODE] [--dry-run]` gives the string
 * options `unit` and `team` and the switch `dry-run`; `set UNIT URL [NOTE]` the positionals UNIT, URL
 * and an optional NOTE. The first word (the command's name) is skipped.
 */
export function specOfUsage(usage: string): ArgsSpec {
  const words = usage.trim().split(/\s+/).slice(1);
  const spec: ArgsSpec = { options: {}, positionals: [] };
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const optional = word.startsWith('[');
    const bare = word.replace(/^\[+/, '').replace(/\]+$/, '');
    if (bare.startsWith('--')) {
      const next = words[i + 1];
      // A value placeholder follows inside the same brackets (`[--team CODE]`), or bare (`--unit UNIT`).
      const takesValue = !word.endsWith(']') && next !== undefined && !/^\[|^--/.test(next);
      spec.options[bare.slice(2)] = { type: takesValue ? 'string' : 'boolean' };
      if (takesValue) i++;
    } else if (bare !== '' && bare !== '|') {
      spec.positionals.push({ name: bare, optional });
    }
  }
  return spec;
}

/**
 * The distance between two words counted in edits (insert, delete, substitute, swap two neighbours:
 * Damerau–Levenshtein, optimal string alignment), so `--form` is one swap from `--from`.
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The candidate nearest to `word` (the first of equals, in the order given), or undefined if none is near. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  // Near: at most a third of the longer word wrong (and at least 2 edits allowed), so `--x` is not
  // "corrected" to `--unit` but `--permision` is to `--permissions`.
  const allowed = best ? Math.max(2, Math.floor(Math.max(word.length, best.candidate.length) / 3)) : 0;
  return best && best.distance <= allowed ? best.candidate : undefined;
}

/** The sentence that refuses an unknown option, naming the nearest valid one (or all of them). */
function unknownOption(rawName: string, name: string, spec: ArgsSpec['options']): UsageError {
  const names = Object.keys(spec).filter((option) => !(option in GLOBAL_OPTIONS));
  const suggestion = nearest(name, [...names, ...Object.keys(GLOBAL_OPTIONS)]);
  const valid = names.map((option) => `--${option}`).join(', ');
  const hintVi = suggestion
    ? `; có phải ý bạn là --${suggestion}?`
    : names.length > 0
      ? `; các tùy chọn hợp lệ: ${valid}`
      : '; lệnh này không có tùy chọn nào';
  const hintEn = suggestion
    ? `; did you mean --${suggestion}?`
    : names.length > 0
      ? `; valid options: ${valid}`
      : '; this command takes no options';
  return new UsageError({
    vi: `${rawName}: tùy chọn không hợp lệ${hintVi}`,
    en: `${rawName}: unknown option${hintEn}`,
  });
}

/**
 * Parses `argv` for a command strictly. Besides `parseArgs`' own refusals (unknown option, missing or
 * unwanted value) it refuses a positional argument the command does not take and a missing required
 * one, each with a {@link UsageError} in both languages.
 */
export function parseCommandArgs(argv: string[], spec: ArgsSpec): CommandArgs {
  const options = { ...spec.options, ...GLOBAL_OPTIONS };
  const config = { args: argv, options, strict: true, allowPositionals: true } satisfies ParseArgsConfig;
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs(config);
  } catch (error) {
    throw explain(error, argv, options);
  }
  const extra = parsed.positionals.slice(spec.positionals.length);
  if (extra.length > 0) {
    const expected = spec.positionals.map((positional) => positional.name).join(' ');
    throw new UsageError({
      vi: `"${extra[0]}": tham số thừa (lệnh này ${expected ? `chỉ nhận ${expected}` : 'không nhận tham số nào'})`,
      en: `"${extra[0]}": unexpected argument (this command takes ${expected || 'no arguments'})`,
    });
  }
  const missing = spec.positionals
    .slice(parsed.positionals.length)
    .find((positional) => !positional.optional);
  if (missing) {
    throw new UsageError({
      vi: `Thiếu tham số ${missing.name}.`,
      en: `Missing the argument ${missing.name}.`,
    });
  }
  return { positionals: parsed.positionals, options: parsed.values };
}

/**
 * Turns a refusal of `parseArgs` into a bilingual {@link UsageError}. Node's message is English and
 * its wording is not a contract, so the culprit is found again from the tokens of a lenient parse.
 */
function explain(error: unknown, argv: string[], options: ArgsSpec['options']): unknown {
  const code = (error as { code?: string }).code;
  if (code === undefined || !code.startsWith('ERR_PARSE_ARGS_')) return error;
  const { tokens } = parseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const known = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (!known) return unknownOption(token.rawName, token.name, options);
    if (known.type === 'boolean' && token.value !== undefined) {
      return new UsageError({
        vi: `${token.rawName} không nhận giá trị (được cho "${token.value}").`,
        en: `${token.rawName} takes no value (given "${token.value}").`,
      });
    }
    if (
      known.type === 'string' &&
      (token.value === undefined || (token.inlineValue !== true && token.value.startsWith('-')))
    ) {
      return new UsageError({
        vi: `${token.rawName}: thiếu giá trị (giá trị bắt đầu bằng "-" viết --${token.name}=…).`,
        en: `${token.rawName}: missing its value (a value starting with "-" is written --${token.name}=…).`,
      });
    }
  }
  return new UsageError({
    vi: `Dòng lệnh không hợp lệ: ${(error as Error).message}`,
    en: (error as Error).message,
  });
}

/** The value of the string option `name`, or undefined. */
export function option(args: CommandArgs, name: string): string | undefined {
  const value = args.options[name];
  return typeof value === 'string' ? value : undefined;
}
