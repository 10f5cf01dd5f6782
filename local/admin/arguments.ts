/** Argument checks shared by the admin commands, failing with a bilingual message. */
import { BadRequestError } from '../../shared/errors';
import { type CommandArgs, option } from '../cli/arguments';

/** The positional argument at `index`, or a clear error. */
export function requireArgument(args: CommandArgs, index: number, name: string): string {
  const value = args.positionals[index];
  if (!value) {
    throw new BadRequestError({ vi: `Thiếu tham số ${name}.`, en: `Missing the argument ${name}.` });
  }
  return value;
}

/** The value of `--name VALUE`, or a clear error when it is missing. */
export function requireOption(args: CommandArgs, name: string): string {
  const value = option(args, name);
  if (!value) {
    throw new BadRequestError({ vi: `Thiếu tùy chọn --${name}.`, en: `Missing the option --${name}.` });
  }
  return value;
}
