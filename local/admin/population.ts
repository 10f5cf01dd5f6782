/**
 * `npm run admin -- population import FILE`: a commune's population by age band and sex (CSV with the
 * columns unit, ageBand, sex, population), used to post-stratify the digital-skill shares. Importing a
 * unit again replaces its population.
 */
import { readFile } from 'node:fs/promises';
import { type FieldProblem, ValidationError } from '../../shared/errors';
import { listUnits } from '../../shared/storage/units';
import { type PopulationRow, populationRowSchema, putPopulation } from '../../shared/storage/population';
import { fieldProblems } from '../../shared/validation';
import type { CommandGroup } from '../cli/command';

const COLUMNS = ['unit', 'ageBand', 'sex', 'population'] as const;

/** Parses the CSV (header row first; commas; no quoted fields needed), naming `line N: field` on error. */
export function parsePopulationCsv(text: string, knownUnits: Set<string>): PopulationRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((name) => name.trim());
  const missing = COLUMNS.filter((column) => !header.includes(column));
  if (missing.length > 0) {
    throw new ValidationError([
      {
        field: 'header',
        vi: `thiếu cột: ${missing.join(', ')}`,
        en: `missing columns: ${missing.join(', ')}`,
      },
    ]);
  }
  const rows: PopulationRow[] = [];
  const problems: FieldProblem[] = [];
  lines.slice(1).forEach((line, index) => {
    if (line.trim() === '') return;
    const cells = line.split(',').map((cell) => cell.trim());
    const record = Object.fromEntries(header.map((name, column) => [name, cells[column] ?? '']));
    const result = populationRowSchema.safeParse(record);
    const where = `line ${index + 2}`;
    if (!result.success) {
      problems.push(
        ...fieldProblems(result.error.issues).map((problem) => ({
          ...problem,
          field: `${where}: ${problem.field}`,
        })),
      );
    } else if (!knownUnits.has(result.data.unit)) {
      problems.push({
        field: `${where}: unit`,
        vi: `không có đơn vị "${result.data.unit}"`,
        en: `no unit "${result.data.unit}"`,
      });
    } else rows.push(result.data);
  });
  if (problems.length > 0) throw new ValidationError(problems);
  return rows;
}

export const populationCommands: CommandGroup = {
  name: 'population',
  summary: 'Population by age band and sex, for post-stratification / Dân số theo nhóm tuổi và giới tính',
  commands: {
    import: {
      usage: 'import FILE',
      summary: 'Import a CSV: unit,ageBand,sex,population / Nhập tệp CSV dân số',
      async run(context, args) {
        const file = args.positionals[0];
        if (!file) throw new ValidationError([{ field: 'FILE', vi: 'bắt buộc', en: 'required' }]);
        const units = new Set((await listUnits(context.deps.store)).map((unit) => unit.id));
        const rows = parsePopulationCsv(await readFile(file, 'utf8'), units);
        const imported = await putPopulation(context.deps.store, rows, context.deps.now());
        const people = rows.reduce((sum, row) => sum + row.population, 0);
        context.print(
          `Imported ${rows.length} rows for ${imported.length} units (${people} people) / Đã nhập ${rows.length} dòng cho ${imported.length} đơn vị`,
        );
      },
    },
  },
};
