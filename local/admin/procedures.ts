/** `npm run admin -- procedures import FILE | list`: the procedure catalogue (DESIGN §3). */
import { listProcedures, procedureSchema, putProcedures } from '../../shared/storage/procedures';
import type { CommandGroup } from '../cli/command';
import { requireArgument } from './arguments';
import { readImport } from './import-file';

/** `true`/`false`, `1`/`0`, `có`/`không`; anything else stays as written so validation names it. */
function flag(value: string | undefined): unknown {
  const text = value?.trim().toLowerCase();
  if (!text) return undefined;
  if (['true', '1', 'có', 'co', 'x'].includes(text)) return true;
  if (['false', '0', 'không', 'khong'].includes(text)) return false;
  return value;
}

/** The online level as the catalogue writes it: ours, or the portal's words (toàn trình, một phần). */
function onlineLevel(value: string | undefined): unknown {
  const text = value?.trim().toLowerCase();
  if (!text) return undefined;
  if (text.includes('toàn trình') || text === 'full') return 'full';
  if (text.includes('một phần') || text === 'partial') return 'partial';
  if (text === 'none' || text.includes('không')) return 'none';
  return value;
}

/**
 * A CSV row in the API's types: `code,name,field,processingDays` and the catalogue facts
 * (`onlineLevel,fullyOnlineEligible,feeCharging,citizenDataConnected,paperResultRequired`), or the
 * national procedure database's export columns `MATTHC`, `TENTTHC`, `TENLINHVUC` (the names of the
 * portal's `LayDanhSachTTHC` answer) with `THOIHANGIAIQUYET` (days) and `MUCDO` (online level).
 */
function procedureFromCsv(row: Record<string, string>): unknown {
  const days = (row.processingDays ?? row.THOIHANGIAIQUYET)?.trim() ?? '';
  const facts = {
    onlineLevel: onlineLevel(row.onlineLevel ?? row.MUCDO),
    fullyOnlineEligible: flag(row.fullyOnlineEligible),
    feeCharging: flag(row.feeCharging),
    citizenDataConnected: flag(row.citizenDataConnected),
    paperResultRequired: flag(row.paperResultRequired),
  };
  return {
    code: (row.code ?? row.MATTHC)?.trim(),
    name: (row.name ?? row.TENTTHC)?.trim(),
    field: (row.field ?? row.TENLINHVUC)?.trim(),
    // Not a number stays a string, so validation names the field.
    processingDays: /^\d+(\.\d+)?$/.test(days) ? Number(days) : days || undefined,
    ...Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== undefined)),
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
