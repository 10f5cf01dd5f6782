/** `npm run admin -- procedures import FILE | list`: the procedure catalogue (DESIGN §3). */
import { listProcedures, procedureSchema, putProcedures } from '../../shared/storage/procedures';
import type { CommandGroup } from '../cli/command';
import { requireArgument } from './arguments';
import { readImport } from './import-file';

/** A CSV row (`code,name,field,processingDays`) in the API's types. */
function procedureFromCsv(row: Record<string, string>): unknown {
  const days = row.processingDays?.trim() ?? '';
  return {
    code: row.code?.trim(),
    name: row.name?.trim(),
    field: row.field?.trim(),
    // Not a number stays a string, so validation names the field.
    processingDays: /^\d+(\.\d+)?$/.test(days) ? Number(days) : days || undefined,
  };
}

export const proceduresGroup: CommandGroup = {
  name: 'procedures',
  summary: 'Procedures (the catalogue) / Thủ tục hành chính',
  commands: {
    import: {
      usage: 'import FILE',
      summary:
        'Import procedures from JSON (as GET /v1/procedures answers) or CSV (code,name,field,processingDays); ' +
        'all or nothing / Nhập thủ tục từ JSON hoặc CSV; sai một dòng thì không lưu gì',
      async run(context, args) {
        const rows = await readImport(requireArgument(args, 0, 'FILE'), {
          key: 'procedures',
          fromCsv: procedureFromCsv,
          schema: procedureSchema,
          idOf: (procedure) => procedure.code,
          idField: 'code',
        });
        await putProcedures(
          context.deps.store,
          rows.map((row) => row.value),
        );
        context.print(`Đã nhập / imported ${rows.length} procedures.`);
      },
    },
    list: {
      usage: 'list',
      summary: 'List the procedures / Liệt kê thủ tục',
      async run(context) {
        const procedures = await listProcedures(context.deps.store);
        if (procedures.length === 0) context.print('Chưa có thủ tục nào / no procedures yet.');
        for (const procedure of procedures) {
          context.print(
            `${procedure.code}  ${procedure.processingDays} d  [${procedure.field}]  ${procedure.name}`,
          );
        }
      },
    },
  },
};
