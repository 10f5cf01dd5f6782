/**
 * Reading an import file (JSON or CSV) into rows that each know their line, validating every row with
 * the entity's zod schema, and refusing the whole file — storing nothing — when any row is bad.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type * as z from 'zod/mini';
import { BadRequestError, ValidationError } from '../../shared/errors';
import { fieldProblems } from '../../shared/validation';
import { csvObjects, CsvSyntaxError } from '../cli/csv';

export interface Row {
  line: number;
  value: unknown;
}

/** The 1-based line on which each top-level element of a JSON array starts. */
export function jsonElementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\n') line++;
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (/\s/.test(char)) continue;
    if (expectElement && depth === 1) {
      lines.push(line);
      expectElement = false;
    }
    if (char === '"') inString = true;
    else if (char === '[' || char === '{') {
      depth++;
      if (depth === 1 && char === '[') expectElement = true;
    } else if (char === ']' || char === '}') depth--;
    else if (char === ',' && depth === 1) expectElement = true;
  }
  return lines;
}

/**
 * The rows of a JSON file (an array, or an object holding the array under `key`, as the API answers)
 * or a CSV file (header row with the API's field names); `fromCsv` turns a CSV row's strings into
 * the API's types.
 */
export async function readRows(
  file: string,
  key: string,
  fromCsv: (row: Record<string, string>) => unknown,
): Promise<Row[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new BadRequestError({
      vi: `Không đọc được tệp ${file}: ${(error as Error).message}`,
      en: `Cannot read the file ${file}: ${(error as Error).message}`,
    });
  }
  const json = extname(file).toLowerCase() === '.json' || /^\s*[[{]/.test(text);
  if (!json) {
    try {
      return csvObjects(text).map(({ line, row }) => ({ line, value: fromCsv(row) }));
    } catch (error) {
      if (!(error instanceof CsvSyntaxError)) throw error;
      throw new BadRequestError({
        vi: `Tệp CSV sai cú pháp ở dòng ${error.line}: ${error.message}`,
        en: `Malformed CSV at line ${error.line}: ${error.message}`,
      });
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new BadRequestError({
      vi: `Tệp JSON sai cú pháp: ${(error as Error).message}`,
      en: `Malformed JSON: ${(error as Error).message}`,
    });
  }
  // The API answers `{ "units": [...] }`; a saved answer imports as it is.
  const wrapped = !Array.isArray(parsed) && typeof parsed === 'object' && parsed !== null && key in parsed;
  const array = wrapped ? (parsed as Record<string, unknown>)[key] : parsed;
  if (!Array.isArray(array)) {
    throw new BadRequestError({
      vi: `Tệp JSON phải là một mảng (hoặc { "${key}": [...] }).`,
      en: `The JSON file must be an array (or { "${key}": [...] }).`,
    });
  }
  const lines = wrapped ? [] : jsonElementLines(text);
  return array.map((value, index) => ({ line: lines[index] ?? index + 1, value }));
}

/** One bad row: where it is and what is wrong with it, in both languages. */
export interface RowProblem {
  line: number;
  vi: string;
  en: string;
}

/** Every row parsed with `schema`; {@link ValidationError} naming each bad row's line when any is bad. */
export function validateRows<S extends z.ZodMiniType>(
  rows: Row[],
  schema: S,
): { line: number; value: z.infer<S> }[] {
  const good: { line: number; value: z.infer<S> }[] = [];
  const bad: RowProblem[] = [];
  for (const row of rows) {
    // reportInput: lets the messages tell a wrong value from a missing one.
    const result = schema.safeParse(row.value, { reportInput: true });
    if (result.success) good.push({ line: row.line, value: result.data as z.infer<S> });
    else {
      const problems = fieldProblems(result.error.issues);
      bad.push({
        line: row.line,
        vi: problems.map((problem) => `${problem.field}: ${problem.vi}`).join('; '),
        en: problems.map((problem) => `${problem.field}: ${problem.en}`).join('; '),
      });
    }
  }
  if (bad.length > 0) throw rowsError(bad);
  return good;
}

/** A {@link ValidationError} whose fields are `line N` (`dòng N`), so the message points into the file. */
export function rowsError(bad: RowProblem[]): ValidationError {
  return new ValidationError(bad.map((row) => ({ field: `line ${row.line}`, vi: row.vi, en: row.en })));
}

/** Refuses a file that names the same id twice, pointing at the second line. */
export function refuseDuplicates<T>(
  rows: { line: number; value: T }[],
  idOf: (value: T) => string,
  what: string,
): void {
  const seen = new Map<string, number>();
  const bad: RowProblem[] = [];
  for (const row of rows) {
    const id = idOf(row.value);
    const first = seen.get(id);
    if (first !== undefined) {
      bad.push({
        line: row.line,
        vi: `${what} "${id}" trùng với dòng ${first}`,
        en: `${what} "${id}" repeats line ${first}`,
      });
    } else seen.set(id, row.line);
  }
  if (bad.length > 0) throw rowsError(bad);
}

/**
 * An import file's rows, all or nothing: read (JSON or CSV), every row valid for `schema`, and no id
 * twice. What each entity checks beyond that (a unit's parent, say) is its command's.
 */
export async function readImport<S extends z.ZodMiniType>(
  file: string,
  entity: {
    /** The API's name for the list, e.g. `units` (`{ "units": [...] }` imports as it is). */
    key: string;
    fromCsv: (row: Record<string, string>) => unknown;
    schema: S;
    /** The id a file must not repeat, and its field name for the message. */
    idOf: (value: z.infer<S>) => string;
    idField: string;
  },
): Promise<{ line: number; value: z.infer<S> }[]> {
  const rows = validateRows(await readRows(file, entity.key, entity.fromCsv), entity.schema);
  refuseDuplicates(rows, entity.idOf, entity.idField);
  return rows;
}
