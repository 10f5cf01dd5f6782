/**
 * Every input is validated with zod (`zod/mini`, which costs ~1 ms to import against ~20 ms for the
 * full build: DESIGN §7). This turns zod's issues into field-named messages in both languages.
 */
import type * as z from 'zod/mini';
import { type FieldProblem, ValidationError } from './errors';

type Issue = z.core.$ZodIssue;

function describe(issue: Issue): { vi: string; en: string } {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? { vi: 'bắt buộc', en: 'required' }
        : { vi: `sai kiểu, cần ${issue.expected}`, en: `wrong type, expected ${issue.expected}` };
    case 'invalid_value':
      return {
        vi: `phải là một trong: ${issue.values.join(', ')}`,
        en: `must be one of: ${issue.values.join(', ')}`,
      };
    case 'too_big':
      return issue.origin === 'string'
        ? { vi: `dài tối đa ${issue.maximum} ký tự`, en: `at most ${issue.maximum} characters` }
        : issue.origin === 'array'
          ? { vi: `tối đa ${issue.maximum} phần tử`, en: `at most ${issue.maximum} items` }
          : { vi: `tối đa ${issue.maximum}`, en: `at most ${issue.maximum}` };
    case 'too_small':
      return issue.origin === 'string'
        ? Number(issue.minimum) <= 1
          ? { vi: 'không được để trống', en: 'must not be empty' }
          : { vi: `dài ít nhất ${issue.minimum} ký tự`, en: `at least ${issue.minimum} characters` }
        : issue.origin === 'array'
          ? {
              vi: `ít nhất ${issue.minimum} phần tử`,
              en: `at least ${issue.minimum} item${Number(issue.minimum) === 1 ? '' : 's'}`,
            }
          : { vi: `tối thiểu ${issue.minimum}`, en: `at least ${issue.minimum}` };
    case 'invalid_format':
      // The one mistake every integrator makes: a local time with no offset (issue 13).
      if (issue.format === 'datetime') {
        const local = typeof issue.input === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(issue.input);
        return {
          vi: `sai định dạng ngày giờ ISO 8601${local ? ': thiếu múi giờ, thêm +07:00' : ''} (ví dụ 2026-07-01T09:30:00+07:00)`,
          en: `invalid ISO 8601 date-time${local ? ': no offset, add +07:00' : ''} (e.g. 2026-07-01T09:30:00+07:00)`,
        };
      }
      return { vi: `sai định dạng (${issue.format})`, en: `invalid format (${issue.format})` };
    case 'unrecognized_keys':
      return {
        vi: `trường không được hỗ trợ: ${issue.keys.join(', ')}`,
        en: `unknown field: ${issue.keys.join(', ')}`,
      };
    case 'not_multiple_of':
      return { vi: `phải là bội của ${issue.divisor}`, en: `must be a multiple of ${issue.divisor}` };
    default: {
      if (!issue.message || issue.message === 'Invalid input') return { vi: 'không hợp lệ', en: 'invalid' };
      // A schema's own message is written "tiếng Việt / English": each half goes to its language.
      const [vi, en] = issue.message.split(' / ');
      return en ? { vi: vi!, en } : { vi: issue.message, en: issue.message };
    }
  }
}

/** Field-named problems from zod issues (`path` joined with dots; `(body)` for the whole input). */
export function fieldProblems(issues: readonly Issue[]): FieldProblem[] {
  return issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys.join(',') : '';
    const field = [...issue.path.map(String), keys].filter(Boolean).join('.') || '(body)';
    return { field, ...describe(issue) };
  });
}

/** Parses `input` with `schema` or throws a {@link ValidationError} (HTTP 422) naming each bad field. */
export function parseInput<S extends z.ZodMiniType>(schema: S, input: unknown): z.infer<S> {
  // reportInput: the messages can tell a missing field from a wrong one, and see a datetime's text.
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) throw new ValidationError(fieldProblems(result.error.issues));
  return result.data as z.infer<S>;
}
