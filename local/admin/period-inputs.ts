/**
 * `npm run admin -- period-inputs set --unit UNIT --month YYYY-MM --indicator i5|i6|i9 --value 0|1|2
 * [--note TEXT] [--by NAME]` and `period-inputs list --unit UNIT [--from YYYY-MM] [--to YYYY-MM]`: the
 * unit's Circular 01/2018/TT-VPCP scores that no dossier carries (i5 one-stop reception and return,
 * i6 publicity of the procedure, i9 online service), one per month, with who recorded it and why; and
 * `set --unit PROVINCE --month YYYY-MM --indicator transparency.publishOnTime --numerator N
 * --denominator D`: the province's Decision 766 transparency figures of a month (1.1–1.3).
 */
import { ValidationError } from '../../shared/errors';
import { listPeriodInputs, periodInputSchema, putPeriodInput } from '../../shared/storage/period-inputs';
import { monthSchema } from '../../shared/storage/period-inputs';
import { getUnit } from '../../shared/storage/units';
import { parseInput } from '../../shared/validation';
import { type CliContext, type CommandGroup, option } from '../cli/command';

async function requireUnit(context: CliContext, unitId: string | undefined) {
  if (!unitId) throw new ValidationError([{ field: '--unit', vi: 'bắt buộc', en: 'required' }]);
  const unit = await getUnit(context.deps.store, unitId);
  if (!unit) {
    throw new ValidationError([
      { field: '--unit', vi: `không có đơn vị "${unitId}"`, en: `no unit "${unitId}"` },
    ]);
  }
  return unit;
}

export const periodInputsCommands: CommandGroup = {
  name: 'period-inputs',
  summary:
    "A unit's i5, i6, i9 scores (Circular 01/2018) and the province's transparency figures (Decision 766, 1.1–1.3) per month / Điểm i5, i6, i9 và số liệu công khai minh bạch của tỉnh theo tháng",
  commands: {
    set: {
      // i5, i6, i9 take --value; transparency.publishOnTime, .publicUpdateOnTime, .publicContentFull
      // (the province only) take --numerator and --denominator.
      usage:
        'set --unit UNIT --month YYYY-MM --indicator i5|i6|i9|transparency.* [--value 0|1|2] [--numerator N] [--denominator D] [--note TEXT] [--by NAME]',
      summary:
        "Record a unit's score, or the province's transparency figures, for a month (replaces it) / Ghi điểm của đơn vị, hoặc số liệu công khai minh bạch của tỉnh, cho một tháng",
      async run(context, args) {
        const given = (name: string) =>
          option(args, name) !== undefined ? { [name]: option(args, name) } : {};
        const entry = parseInput(periodInputSchema, {
          unit: option(args, 'unit'),
          month: option(args, 'month'),
          indicator: option(args, 'indicator'),
          ...given('value'),
          ...given('numerator'),
          ...given('denominator'),
          ...given('note'),
        });
        await requireUnit(context, entry.unit);
        const by = option(args, 'by') ?? 'admin CLI';
        // A value for a final month is refused (409) by the write itself, as through the API.
        const now = context.deps.now();
        const input = await putPeriodInput(context.deps.store, entry, by, now, {
          now,
          linkTtlDays: context.deps.config.LINK_TTL_DAYS,
        });
        const value = 'value' in input ? input.value : `${input.numerator}/${input.denominator}`;
        context.print(
          `${input.unit} ${input.month} ${input.indicator} = ${value} (${input.recordedBy}, ${input.recordedAt}) / Đã ghi`,
        );
      },
    },
    list: {
      usage: 'list --unit UNIT [--from YYYY-MM] [--to YYYY-MM]',
      summary: "A unit's recorded scores, oldest first / Các điểm đã ghi của đơn vị",
      async run(context, args) {
        const unit = await requireUnit(context, option(args, 'unit'));
        const from = parseInput(monthSchema, option(args, 'from') ?? '2000-01');
        const to = parseInput(monthSchema, option(args, 'to') ?? '2100-12');
        const inputs = await listPeriodInputs(context.deps.store, unit.id, from, to);
        if (inputs.length === 0) context.print(`${unit.id}: none recorded / chưa có điểm nào`);
        for (const input of inputs) {
          context.print(
            [
              input.month,
              input.indicator,
              'value' in input ? input.value : `${input.numerator}/${input.denominator}`,
              input.recordedBy,
              input.recordedAt,
              input.note ?? '',
            ]
              .join('\t')
              .trimEnd(),
          );
        }
      },
    },
  },
};
