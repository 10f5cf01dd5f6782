/**
 * `npm run admin -- units import FILE | list | set`: the unit tree (DESIGN §3), and a commune's setting
 * `units set --unit UNIT --electronic-certified-copy true|false|unset` (Decision 766 item 4.6).
 */
import { aggregationFamiliesFor } from '../../shared/aggregation/nightly-families';
import { arrivalDaysOfUnit } from '../../shared/storage/aggregates';
import { aggregateDays } from '../../shared/aggregation/run';
import {
  ancestry,
  importUnitTree,
  listUnits,
  setElectronicCertifiedCopy,
  unitInputSchema,
  type UnitMove,
} from '../../shared/storage/units';
import { addDays, type LocalDay } from '../../shared/time';
import { ValidationError } from '../../shared/errors';
import { type CliContext, type CommandGroup, option } from '../cli/command';
import { adoptOrphanAdminKeys } from '../start-key';
import { readImport, rowsError } from './import-file';
import { requireArgument } from './arguments';

/**
 * A CSV row (`id,name,kind,parent[,sipas][,codes][,contactNumbers][,electronicCertifiedCopy]`) in the
 * API's types; empty parent is the root; `codes` holds the unit's portal codes separated by `;` or
 * spaces, `contactNumbers` its published phone numbers separated by `;` (a number itself may hold
 * spaces: `0206 3852 123`); `electronicCertifiedCopy` true / false, empty = not recorded.
 */
function unitFromCsv(row: Record<string, string>): unknown {
  const sipas = row.sipas?.trim().toLowerCase();
  const certifiedCopy = row.electronicCertifiedCopy?.trim().toLowerCase();
  const codes = row.codes?.split(/[;\s]+/).filter(Boolean);
  const contactNumbers = row.contactNumbers
    ?.split(';')
    .map((number) => number.trim())
    .filter(Boolean);
  return {
    ...(codes && codes.length > 0 ? { codes } : {}),
    ...(contactNumbers && contactNumbers.length > 0 ? { contactNumbers } : {}),
    id: row.id?.trim(),
    name: row.name?.trim(),
    kind: row.kind?.trim(),
    parent: row.parent?.trim() ? row.parent.trim() : null,
    ...(sipas ? { sipas: sipas === 'true' ? true : sipas === 'false' ? false : sipas } : {}),
    ...(certifiedCopy
      ? {
          electronicCertifiedCopy:
            certifiedCopy === 'true' ? true : certifiedCopy === 'false' ? false : certifiedCopy,
        }
      : {}),
  };
}

const SETTING_VALUES: Record<string, boolean | undefined> = { true: true, false: false, unset: undefined };

/** Consecutive days as `--from A --to B` runs of at most 366 days (the aggregate command's limit). */
function dayRuns(days: LocalDay[]): { from: LocalDay; to: LocalDay }[] {
  const runs: { from: LocalDay; to: LocalDay; count: number }[] = [];
  for (const day of days) {
    const last = runs.at(-1);
    if (last && last.count < 366 && day <= addDays(last.to, 1)) {
      last.to = day;
      last.count++;
    } else runs.push({ from: day, to: day, count: 1 });
  }
  return runs.map(({ from, to }) => ({ from, to }));
}

/**
 * After a move, scopes follow at once (the paths were written with the import); roll-ups follow when
 * the arrival days that wrote to the old ancestors are aggregated again, which this does now, printing
 * the command that repeats it should it fail.
 */
async function reaggregateMoves(context: CliContext, moves: UnitMove[]): Promise<void> {
  const families = aggregationFamiliesFor(context.deps.config);
  const days = new Set<LocalDay>();
  for (const move of moves) {
    const carried = move.subtree.length - 1;
    context.print(
      `Đã chuyển / moved ${move.id}: ${move.from} → ${move.to} (cùng ${carried} đơn vị con / with ${carried} descendants)`,
    );
    for (const day of await arrivalDaysOfUnit(
      context.deps.store,
      families.map((family) => family.name),
      move.id,
    ))
      days.add(day);
  }
  const sorted = [...days].sort();
  if (sorted.length === 0) {
    context.print('Chưa có số liệu tổng hợp cần tính lại / no aggregates to recompute.');
    return;
  }
  const commands = dayRuns(sorted).map((run) => `npm run aggregate -- --from ${run.from} --to ${run.to}`);
  context.print(
    `Tính lại ${sorted.length} ngày để số liệu cộng dồn theo cây mới / re-aggregating ${sorted.length} day(s) so roll-ups follow the new tree:`,
  );
  commands.forEach((command) => context.print(`  ${command}`));
  try {
    await aggregateDays(context.deps.store, sorted, { families, now: context.deps.now });
  } catch (error) {
    context.print('Tính lại chưa xong; chạy các lệnh trên / re-aggregation failed; run the commands above.');
    throw error;
  }
  context.print(`Đã tính lại / re-aggregated ${sorted.length} day(s).`);
}

export const unitsGroup: CommandGroup = {
  name: 'units',
  summary: 'Units (the administrative tree) / Đơn vị (cây hành chính)',
  commands: {
    import: {
      usage: 'import FILE',
      summary:
        'Import units from JSON (as GET /v1/units answers) or CSV (id,name,kind,parent[,sipas][,codes][,contactNumbers][,electronicCertifiedCopy]); all or nothing / ' +
        'Nhập đơn vị từ JSON hoặc CSV; sai một dòng thì không lưu gì',
      async run(context, args) {
        const rows = await readImport(requireArgument(args, 0, 'FILE'), {
          key: 'units',
          fromCsv: unitFromCsv,
          schema: unitInputSchema,
          idOf: (unit) => unit.id,
          idField: 'id',
        });
        const known = new Set((await listUnits(context.deps.store)).map((unit) => unit.id));
        const inFile = new Set(rows.map((row) => row.value.id));
        const orphans = rows.filter(
          (row) => row.value.parent && !inFile.has(row.value.parent) && !known.has(row.value.parent),
        );
        if (orphans.length > 0) {
          throw rowsError(
            orphans.map((row) => ({
              line: row.line,
              vi: `parent: không có đơn vị "${row.value.parent}"`,
              en: `parent: no unit "${row.value.parent}"`,
            })),
          );
        }
        const plan = await importUnitTree(
          context.deps.store,
          rows.map((row) => row.value),
        );
        context.print(`Đã nhập / imported ${rows.length} units.`);
        if (plan.moves.length > 0) await reaggregateMoves(context, plan.moves);
        for (const moved of await adoptOrphanAdminKeys(context.deps.store)) {
          context.print(
            `Khóa ${moved.id} nay dùng cho / key ${moved.id} now acts on ${moved.to} (was ${moved.from})`,
          );
        }
      },
    },
    set: {
      usage: 'set --unit UNIT --electronic-certified-copy true|false|unset',
      summary:
        'Record whether a commune offers electronic certified copies (Decision 766, 4.6) / Ghi xã có cung cấp chứng thực bản sao điện tử',
      async run(context, args) {
        const id = option(args, 'unit');
        const value = option(args, 'electronic-certified-copy');
        const problems = [
          ...(id ? [] : [{ field: '--unit', vi: 'bắt buộc', en: 'required' }]),
          ...(value !== undefined && value in SETTING_VALUES
            ? []
            : [
                {
                  field: '--electronic-certified-copy',
                  vi: 'phải là true, false hoặc unset',
                  en: 'must be true, false or unset',
                },
              ]),
        ];
        if (problems.length > 0) throw new ValidationError(problems);
        const unit = await setElectronicCertifiedCopy(context.deps.store, id!, SETTING_VALUES[value!]);
        context.print(
          `${unit.id}: electronicCertifiedCopy = ${unit.electronicCertifiedCopy ?? 'unset'} / Đã ghi`,
        );
      },
    },
    list: {
      usage: 'list',
      summary: 'List the unit tree / Liệt kê cây đơn vị',
      async run(context) {
        const units = await listUnits(context.deps.store);
        if (units.length === 0) context.print('Chưa có đơn vị nào / no units yet.');
        for (const unit of units) {
          const depth = ancestry(unit).length - 1;
          context.print(
            `${'  '.repeat(depth)}${unit.id}  [${unit.kind}]  ${unit.name}${unit.sipas ? '  (SIPAS)' : ''}${unit.codes?.length ? `  {${unit.codes.join(', ')}}` : ''}${unit.contactNumbers?.length ? `  tel: ${unit.contactNumbers.join('; ')}` : ''}${unit.electronicCertifiedCopy !== undefined ? `  electronicCertifiedCopy: ${unit.electronicCertifiedCopy}` : ''}`,
          );
        }
      },
    },
  },
};
