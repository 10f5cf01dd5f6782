/** `npm run admin -- units import FILE | list`: the unit tree (DESIGN §3). */
import { ancestry, listUnits, importUnits, unitInputSchema } from '../../shared/storage/units';
import type { CommandGroup } from '../cli/command';
import { readImport, rowsError } from './import-file';
import { requireArgument } from './arguments';

/** A CSV row (`id,name,kind,parent[,sipas]`) in the API's types; empty parent is the root. */
function unitFromCsv(row: Record<string, string>): unknown {
  const sipas = row.sipas?.trim().toLowerCase();
  return {
    id: row.id?.trim(),
    name: row.name?.trim(),
    kind: row.kind?.trim(),
    parent: row.parent?.trim() ? row.parent.trim() : null,
    ...(sipas ? { sipas: sipas === 'true' ? true : sipas === 'false' ? false : sipas } : {}),
  };
}

export const unitsGroup: CommandGroup = {
  name: 'units',
  summary: 'Units (the administrative tree) / Đơn vị (cây hành chính)',
  commands: {
    import: {
      usage: 'import FILE',
      summary:
        'Import units from JSON (as GET /v1/units answers) or CSV (id,name,kind,parent[,sipas]); all or nothing / ' +
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
        const units = await importUnits(
          context.deps.store,
          rows.map((row) => row.value),
        );
        context.print(`Đã nhập / imported ${units.length} units.`);
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
            `${'  '.repeat(depth)}${unit.id}  [${unit.kind}]  ${unit.name}${unit.sipas ? '  (SIPAS)' : ''}`,
          );
        }
      },
    },
  },
};
