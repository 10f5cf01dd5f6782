/**
 * `npm run admin -- dossiers backfill-received-index --from YYYY-MM-DD --to YYYY-MM-DD`: the one-time
 * backfill of the received-day index (gsi5) of the dossiers reported before it existed (docs/deploy.md),
 * day by day over the arrival buckets — never a scan — with a progress bar on stderr (when it is not a
 * terminal, a line per day that had dossiers). Idempotent: a rerun, or a run over days already done, changes nothing.
 */
import { checkRange, localDaySchema } from '../../shared/date-range';
import { ValidationError } from '../../shared/errors';
import { backfillReceivedIndexOfDay } from '../../shared/storage/dossier-received-backfill';
import { eachDay } from '../../shared/time';
import type { CommandGroup } from '../cli/command';
import { requireOption } from './arguments';

/** The bar of a day count: `[#####·····]`. */
function bar(done: number, total: number, width = 24): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'·'.repeat(width - filled)}]`;
}

export const dossiersGroup: CommandGroup = {
  name: 'dossiers',
  summary: 'Dossier maintenance / Bảo trì hồ sơ',
  commands: {
    'backfill-received-index': {
      usage: 'backfill-received-index --from YYYY-MM-DD --to YYYY-MM-DD',
      summary:
        'Index the dossiers that arrived or changed on these days by received day (gsi5: the 766 dossier listing), ' +
        'once after the upgrade / Lập chỉ mục ngày tiếp nhận cho hồ sơ đã có (một lần sau khi nâng cấp)',
      async run(context, args) {
        const problems = (['from', 'to'] as const).flatMap((name) => {
          const value = requireOption(args, name);
          return localDaySchema.safeParse(value).success
            ? []
            : [
                {
                  field: name,
                  vi: `"${value}" không phải ngày YYYY-MM-DD`,
                  en: `"${value}" is not a day YYYY-MM-DD`,
                },
              ];
        });
        if (problems.length > 0) throw new ValidationError(problems);
        const from = requireOption(args, 'from');
        const to = requireOption(args, 'to');
        checkRange(from, to);
        const days = eachDay(from, to);
        const tty = process.stderr.isTTY === true;
        let seen = 0;
        let updated = 0;
        for (const [index, day] of days.entries()) {
          const result = await backfillReceivedIndexOfDay(context.deps.store, day);
          seen += result.seen;
          updated += result.updated;
          const line = `${index + 1}/${days.length} ${day}: ${result.seen} hồ sơ / dossiers, ${result.updated} mới / new`;
          // On a terminal a bar; in a log a line per day that had dossiers.
          if (tty) process.stderr.write(`\r${bar(index + 1, days.length)} ${line}`);
          else if (result.seen > 0) process.stderr.write(`${line}\n`);
        }
        if (tty) process.stderr.write('\n');
        context.print(
          `Đã lập chỉ mục ${updated} hồ sơ (${seen} hồ sơ đã xem, ${from} → ${to}). / ` +
            `Indexed ${updated} dossiers (${seen} seen, ${from} → ${to}).`,
        );
      },
    },
  },
};
