/** Argument checks shared by the admin commands, failing with a bilingual message. */
import { BadRequestError } from '../../shared/errors';

/** The positional argument at `index` (options and their values skipped), or a clear error. */
export function requireArgument(args: string[], index: number, name: string): string {
  const positional = args.filter((arg, i) => !arg.startsWith('--') && !args[i - 1]?.startsWith('--'));
  const value = positional[index];
  if (!value) {
    throw new BadRequestError({ vi: `Thiếu tham số ${name}.`, en: `Missing the argument ${name}.` });
  }
  return value;
}

/** The value of `--name VALUE`, or a clear error when it is missing. */
export function requireOption(args: string[], name: string): string {
  const index = args.indexOf(`--${name}`);
  const value = index >= 0 ? args[index + 1] : undefined;
  if (!value || value.startsWith('--')) {
    throw new BadRequestError({ vi: `Thiếu tùy chọn --${name}.`, en: `Missing the option --${name}.` });
  }
  return value;
}
