/**
 * `npm run admin -- holidays import FILE | list`: the non-working days that due dates of feedback
 * cases skip (DESIGN §4.4). FILE is a JSON array of days (`"2026-09-02"` or `{ "day": "2026-09-02",
 * "name": "Quốc khánh" }`), or text/CSV with one day per line first (`2026-09-02,Quốc khánh`; a
 * `day` header line and `#` comments are skipped). The import replaces the whole list; one bad line
 * refuses the file and stores nothing.
 */
import { readFile } from 'node:fs/promises';
import { BadRequestError, type FieldProblem, ValidationError } from '../../shared/errors';
import { forgetHolidays } from '../../shared/feedback/opening';
import { getHolidays, holidayDaySchema, MAX_HOLIDAYS, saveHolidays } from '../../shared/storage/holidays';
import type { CommandGroup } from '../cli/command';
import { requireArgument } from './arguments';

/** The days of a holiday file, every line checked (problems name the line). */
export function parseHolidayFile(text: string): string[] {
  const entries: { line: number; value: unknown }[] = [];
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new BadRequestError({ vi: 'Tệp JSON không hợp lệ.', en: 'The JSON file is not valid.' });
    }
    (parsed as unknown[]).forEach((element, index) =>
      entries.push({
        line: index + 1,
        value: typeof element === 'object' && element !== null ? (element as { day?: unknown }).day : element,
      }),
    );
  } else {
    trimmed.split(/\r?\n/).forEach((raw, index) => {
      const first = raw.split(/[,;\t]/)[0]!.trim();
      if (first === '' || first.startsWith('#') || first.toLowerCase() === 'day') return;
      entries.push({ line: index + 1, value: first });
    });
  }
  const problems: FieldProblem[] = [];
  const days: string[] = [];
  for (const entry of entries) {
    const result = holidayDaySchema.safeParse(entry.value);
    if (result.success) days.push(result.data);
    else
      problems.push({
        field: `line ${entry.line}`,
        vi: `"${String(entry.value)}" không phải ngày YYYY-MM-DD (2000–2100)`,
        en: `"${String(entry.value)}" is not a day YYYY-MM-DD (2000–2100)`,
      });
  }
  if (days.length > MAX_HOLIDAYS) {
    problems.push({ field: 'FILE', vi: `tối đa ${MAX_HOLIDAYS} ngày`, en: `at most ${MAX_HOLIDAYS} days` });
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return days;
}

export const holidaysGroup: CommandGroup = {
  name: 'holidays',
  summary: 'Holidays that feedback due dates skip / Ngày nghỉ lễ (hạn trả lời phản ánh)',
  commands: {
    import: {
      usage: 'import FILE',
      summary:
        'Replace the holiday list from JSON or text (one YYYY-MM-DD per line) / Thay danh sách ngày nghỉ từ tệp',
      async run(context, args) {
        const file = requireArgument(args, 0, 'FILE');
        let text: string;
        try {
          text = await readFile(file, 'utf8');
        } catch {
          throw new BadRequestError({
            vi: `Không đọc được tệp ${file}.`,
            en: `Cannot read the file ${file}.`,
          });
        }
        const days = await saveHolidays(context.deps.store, parseHolidayFile(text), context.deps.now());
        forgetHolidays();
        context.print(
          `Đã nhập / imported ${days.length} holidays (${days[0] ?? '–'} … ${days.at(-1) ?? '–'}).`,
        );
      },
    },
    list: {
      usage: 'list',
      summary: 'List the holidays / Liệt kê ngày nghỉ',
      async run(context) {
        const days = await getHolidays(context.deps.store);
        if (days.length === 0) context.print('Chưa có ngày nghỉ nào / no holidays loaded.');
        for (const day of days) context.print(day);
      },
    },
  },
};
