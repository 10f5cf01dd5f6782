/**
 * Masks personal data in free text before it is stored (DESIGN §4.1, §6): phone numbers (Vietnamese
 * mobiles and landlines, `0…` and `+84…` forms, written with spaces, dots, dashes or brackets),
 * e-mail addresses, and 9-digit (CMND) and 12-digit (CCCD) identity numbers. The rest of the text is
 * kept, so the comment still reads.
 */

export const MASKS = {
  phone: '[SĐT]',
  email: '[email]',
  id: '[số giấy tờ]',
} as const;

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;

/**
 * A run of digit groups joined by single separators (space, dot, dash, brackets), optionally led by
 * `+` or `(`. Each run is then examined group by group, because one run may hold a date and a phone.
 */
const DIGIT_RUN = /(?<![\p{L}\p{N}])(?:\(\+|[+(])?\d+(?:(?:[ .-]|\)\s?|\s?\()\d+)*\)?(?![\p{L}\p{N}])/gu;

interface Group {
  digits: string;
  start: number;
  end: number;
  /** The separator text before this group (empty for the first). */
  before: string;
}

function groupsOf(run: string): Group[] {
  const groups: Group[] = [];
  const pattern = /\d+/g;
  let last = 0;
  for (let match = pattern.exec(run); match; match = pattern.exec(run)) {
    groups.push({
      digits: match[0],
      start: match.index,
      end: match.index + match[0].length,
      before: run.slice(last, match.index),
    });
    last = match.index + match[0].length;
  }
  return groups;
}

/**
 * Whether groups form a phone number: `0` + 9–10 digits, or `84` + 9–10. Written numbers start with a
 * group of at least 3 digits (`0912`, `024`) or with the country code, which tells `12.05.2024 0912…`
 * (a date, then a phone) from one long number.
 */
function isPhone(groups: Group[], plusLed: boolean): boolean {
  const first = groups[0]!.digits;
  const digits = groups.map((group) => group.digits).join('');
  if (first.length < 3 && first !== '84') return false;
  if (digits.startsWith('84') && (plusLed || digits.length >= 11)) {
    // `+84 (0) 912…`: the trunk 0 is sometimes kept after the country code.
    const rest = digits.slice(2).replace(/^0/, '');
    if (rest.length >= 9 && rest.length <= 10 && !rest.startsWith('0')) return true;
  }
  return !plusLed && digits.startsWith('0') && digits.length >= 10 && digits.length <= 11;
}

/**
 * Whether groups form an ID number: 9 or 12 digits, written together or in space-separated groups
 * of at least 3 (dots are how amounts of money are written — `100.000.000 đồng` is not an ID).
 */
function isIdNumber(groups: Group[]): boolean {
  const digits = groups.map((group) => group.digits).join('');
  if (digits.length !== 9 && digits.length !== 12) return false;
  if (groups.length === 1) return true;
  return groups.every((group, index) => group.digits.length >= 3 && (index === 0 || group.before === ' '));
}

function maskRun(run: string): string {
  const groups = groupsOf(run);
  const spans: { start: number; end: number; mask: string }[] = [];
  let i = 0;
  while (i < groups.length) {
    let matched: { j: number; mask: string } | undefined;
    const plusLed = i === 0 ? /^\+|^\(\+/.test(run) : groups[i]!.before.includes('+');
    for (let j = i, length = 0; j < groups.length && length < 13; j++) {
      length += groups[j]!.digits.length;
      if (isPhone(groups.slice(i, j + 1), plusLed)) matched = { j, mask: MASKS.phone };
      else if (isIdNumber(groups.slice(i, j + 1))) matched = { j, mask: MASKS.id };
    }
    if (matched) {
      // The mask covers a leading "+" or "(" of the first group and a closing bracket inside.
      const lead = i === 0 ? 0 : groups[i]!.start;
      spans.push({ start: lead, end: groups[matched.j]!.end, mask: matched.mask });
      i = matched.j + 1;
    } else {
      i++;
    }
  }
  let out = '';
  let cursor = 0;
  for (const span of spans) {
    out += run.slice(cursor, span.start) + span.mask;
    cursor = span.end;
  }
  return out + run.slice(cursor);
}

/** The text with phone numbers, e-mail addresses and 9/12-digit ID numbers replaced by placeholders. */
export function maskPersonalData(text: string): string {
  return text.replace(EMAIL, MASKS.email).replace(DIGIT_RUN, (run) => maskRun(run));
}
