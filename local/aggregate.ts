/**
 * `npm run aggregate -- [--aws] --date YYYY-MM-DD` or `--from A --to B` (the previous local day without
 * options): runs the nightly aggregation on the data directory's database (with `--aws`, on the
 * deployed table named by TABLE_NAME), with a progress bar on stderr (plain lines when stderr is not a
 * terminal) and a summary at the end. The line is parsed strictly: an unknown or misspelt option
 * (`--form`) or a stray argument exits 2 before any database is opened, never running the default day.
 */
import { pathToFileURL } from 'node:url';
import { daysOfEvent } from '../functions/aggregate/handler';
import { aggregationFamiliesFor } from '../shared/aggregation/nightly-families';
import { aggregateDays } from '../shared/aggregation/run';
import { DomainError } from '../shared/errors';
import { errorLines } from './admin';
import { type CommandArgs, option, parseCommandArgs, specOfUsage, UsageError } from './cli/arguments';
import { type CliContext, describeTarget } from './cli/command';
import { openAwsCliContext, openCliContext } from './cli/context';

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

const USAGE =
  'Cách dùng / usage: npm run aggregate -- [--aws] [--date YYYY-MM-DD | --from YYYY-MM-DD --to YYYY-MM-DD]\n' +
  '  không có tùy chọn: ngày hôm qua (giờ Hà Nội) / no option: the previous local day\n' +
  '  --aws: bảng đã triển khai / the deployed table (AWS credentials, AWS_REGION, TABLE_NAME)';

/** The command's arguments, declared once (as an admin command's usage line declares its own). */
const SPEC = specOfUsage('aggregate [--date YYYY-MM-DD] [--from YYYY-MM-DD] [--to YYYY-MM-DD]');

/**
 * The command line parsed strictly: an unknown or misspelt option (`--form`) or a stray argument is a
 * {@link UsageError}, never the default day.
 */
export function parseAggregateArgs(args: string[]): CommandArgs {
  return parseCommandArgs(args, SPEC);
}

/** The lines that refuse a wrong command line (exit code 2), then the usage. */
function usageErrorText(error: DomainError): string {
  return `Lỗi: ${error.text.vi}\nError: ${error.text.en}\n${USAGE}\n`;
}

function bar(done: number, total: number, width = 24): string {
  const filled = Math.round((done / Math.max(1, total)) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

/** Runs the command; answers the process exit code. */
export async function runAggregateCli(
  args: string[],
  context: CliContext,
  progress: ProgressStream,
): Promise<number> {
  let parsed: CommandArgs;
  try {
    parsed = parseAggregateArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    progress.write(usageErrorText(error));
    return 2;
  }
  if (parsed.options.help === true) {
    context.print(USAGE);
    return 0;
  }
  const event = Object.fromEntries(
    (['date', 'from', 'to'] as const).flatMap((name) => {
      const value = option(parsed, name);
      return value === undefined ? [] : [[name, value]];
    }),
  );
  const started = performance.now();
  try {
    const days = daysOfEvent(event, context.deps.now());
    const tty = progress.isTTY === true;
    // The bar counts days finished, so it only moves forward: a batch reads up to 31 days before it
    // writes any, and the day being read is shown beside the count, not as the count (issue 13).
    let reading = '';
    let done = 0;
    const draw = (items: number) => {
      if (tty) {
        progress.write(
          `\r${bar(done, days.length)} ${done}/${days.length} ${reading} · ${items} mục / items`,
        );
      }
    };
    const runs = await aggregateDays(context.deps.store, days, {
      now: context.deps.now,
      families: aggregationFamiliesFor(context.deps.config),
      onDayStart: (day) => {
        reading = day;
        draw(0);
      },
      onPage: draw,
      onDay: (run, i, total) => {
        done = Math.max(done, i + 1);
        reading = run.day;
        if (tty) draw(run.itemsRead);
        else progress.write(`${done}/${total} ${run.day}: ${run.itemsRead} mục đã đọc / items read\n`);
      },
    });
    if (tty) progress.write('\n');
    const itemsRead = runs.reduce((sum, run) => sum + run.itemsRead, 0);
    const aggregates = runs.reduce((sum, run) => sum + run.aggregatesWritten, 0);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    context.print(
      `Đã tổng hợp ${runs.length} ngày (${days[0]} → ${days.at(-1)}): ${itemsRead} mục đã đọc, ${aggregates} bản tổng hợp đã ghi, ${seconds} giây.`,
    );
    context.print(
      `Aggregated ${runs.length} day(s) (${days[0]} → ${days.at(-1)}): ${itemsRead} items read, ${aggregates} aggregates written, ${seconds} s.`,
    );
    return 0;
  } catch (error) {
    if (error instanceof DomainError) {
      progress.write(usageErrorText(error));
      return 2;
    }
    progress.write(
      `Lỗi khi tổng hợp; chạy lại lệnh sẽ sửa phần đã ghi dở.\nAggregation failed; running the command again repairs what was half-written.\n${String(error)}\n`,
    );
    return 1;
  }
}

/** The command line's entry (also called by the prebuilt bundle, local/cli/launch.mjs). */
export async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let aws: boolean;
  try {
    // Checked before any database is opened: a wrong line changes nothing, help opens nothing.
    const parsed = parseAggregateArgs(args);
    if (parsed.options.help === true) {
      console.log(USAGE);
      return;
    }
    aws = parsed.options.aws === true;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(usageErrorText(error));
    process.exitCode = 2;
    return;
  }
  try {
    const context = aws ? await openAwsCliContext() : await openCliContext();
    try {
      context.print(describeTarget(context.target));
      process.exitCode = await runAggregateCli(
        args.filter((arg) => arg !== '--aws'),
        context,
        process.stderr,
      );
    } finally {
      await context.close();
    }
  } catch (error) {
    errorLines(error).forEach((line) => console.error(line));
    process.exitCode = 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
