/**
 * Masks personal data in free text before it is stored (DESIGN §4.1, §6): phone numbers (Vietnamese
 * mobiles and landlines, `0…` and `+84…` forms, written with spaces, dots, dashes or brackets),
 * e-mail addresses, and 9-digit (CMND) and 12-digit (CCCD) identity numbers. The rest of the text is
 * kept, so the comment still reads.
 *
 * The text is normalised before matching (and stored normalised): Unicode compatibility forms (NFKC:
 * full-width digits `０９１２`, `＠`, non-breaking spaces) and runs of spaces, so that a number cannot
 * slip through by how it is typed. Guards against over-masking stay: amounts (`100.000.000 đồng`),
 * dates and dossier codes are not personal data.
 *
 * A unit's answer may carry the unit's own published contact numbers (the unit setting
 * `contactNumbers`): those, and only those, are kept, however they are written (`0206 3852 123`,
 * `0206.3852.123`, `+84 206 3852 123`); any other phone in the same text is still masked.
 */

export const MASKS = {
  phone: '[SĐT]',
  email: '[email]',
  id: '[số giấy tờ]',
} as const;

/** `a@b.vn`, also written `a @ b.vn`, `a[at]b[dot]vn`, `a (at) b (dot) vn`. */
const EMAIL =
  /[\p{L}\p{N}._%+-]+(?: ?@ ?| ?[[(]at[\])] ?)[\p{L}\p{N}-]+(?:(?:\.| ?[[(]dot[\])] ?)[\p{L}\p{N}-]+)+/giu;

/**
 * A run of digit groups joined by single separators (space, dot, dash, underscore, slash, brackets,
 * ` - `), optionally led by `+` or `(`. A letter may touch it (`sđt0912345678`). Each run is then
 * examined group by group, because one run may hold a date and a phone.
 */
const DIGIT_RUN = /(?<!\d)(?:\(\+|[+(])?\d+(?:(?: ?[.\-_/] ?| |\) ?| ?\()\d+)*\)?(?!\d)/gu;

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
  let digits = groups.map((group) => group.digits).join('');
  // `0084 912 …`: the international call prefix written instead of `+`.
  if (digits.startsWith('0084')) {
    digits = digits.slice(2);
    plusLed = true;
  }
  // `09 12 34 56 78`: two-digit groups, read as a phone only when every group is short like that.
  const twoDigitGroups =
    first.length === 2 && first.startsWith('0') && groups.every((g) => g.digits.length <= 3);
  if (first.length < 3 && first !== '84' && !twoDigitGroups) return false;
  if (digits.startsWith('84') && (plusLed || digits.length >= 11)) {
    // `+84 (0) 912…`: the trunk 0 is sometimes kept after the country code.
    const rest = digits.slice(2).replace(/^0/, '');
    if (rest.length >= 9 && rest.length <= 10 && !rest.startsWith('0')) return true;
  }
  return !plusLed && digits.startsWith('0') && digits.length >= 10 && digits.length <= 11;
}

/**
 * Whether groups form an ID number: 9 or 12 digits, written together or in groups of at least 3
 * joined by spaces, dashes, dots, underscores or slashes. Dots are also how amounts of money are
 * written (`100.000.000 đồng`): dotted groups count as an ID only when led by 0, as a 12-digit CCCD
 * is (its first three digits are the province code, 001–096) and an amount never is.
 */
function isIdNumber(groups: Group[]): boolean {
  const digits = groups.map((group) => group.digits).join('');
  if (digits.length !== 9 && digits.length !== 12) return false;
  if (groups.length === 1) return true;
  const dotted = groups.some((group) => group.before.includes('.'));
  if (dotted && !digits.startsWith('0')) return false;
  return groups.every(
    (group, index) => group.digits.length >= 3 && (index === 0 || /^ ?[-._/ ] ?$/.test(group.before)),
  );
}

/** `150.000.000.000`: an amount of money written with thousands dots, kept whole. */
const AMOUNT = /^[1-9]\d{0,2}(?:\.\d{3})+$/;

/**
 * The national significant number of phone digits (`+84 206 3852 123`, `0084…`, `0206…` all give
 * `2063852123`): how a kept number is recognised in any usual form.
 */
function nationalNumber(digits: string): string {
  if (digits.startsWith('0084')) return digits.slice(4).replace(/^0/, '');
  if (digits.startsWith('84') && digits.length >= 11) return digits.slice(2).replace(/^0/, '');
  return digits.replace(/^0/, '');
}

/**
 * The national number of `text` when the whole text is one phone number as the masking recognises it
 * (`0206 3852 123`, `+84 206 3852 123`, `(0206) 3852.123`), else `undefined`. Used to check a unit's
 * published contact numbers at import, so that every one of them is a number the masking would keep.
 */
export function phoneNumberOf(text: string): string | undefined {
  const run = normaliseText(text).trim();
  const match = run.match(DIGIT_RUN);
  if (!match || match[0] !== run) return undefined;
  const groups = groupsOf(run);
  if (groups.length === 0 || !isPhone(groups, /^\(?\+/.test(run))) return undefined;
  return nationalNumber(groups.map((group) => group.digits).join(''));
}

function maskRun(run: string, keep: ReadonlySet<string>): string {
  if (AMOUNT.test(run)) return run;
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
    if (matched && matched.mask === MASKS.phone) {
      const digits = groups
        .slice(i, matched.j + 1)
        .map((group) => group.digits)
        .join('');
      // The unit's own published number stays readable; the next group starts after it.
      if (keep.has(nationalNumber(digits))) {
        i = matched.j + 1;
        continue;
      }
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

/** Compatibility forms folded (NFKC) and every run of horizontal spaces made one plain space. */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').replace(/[^\S\r\n]+/g, ' ');
}

/** What a masking may leave readable. */
export interface MaskOptions {
  /**
   * Phone numbers to keep (a unit's published contact numbers, as the unit setting holds them, in any
   * usual form): a number in the text equal to one of them is not masked.
   */
  keepPhones?: readonly string[];
}

/**
 * The text, normalised, with phone numbers, e-mail addresses and 9/12-digit ID numbers replaced by
 * placeholders; phone numbers in `keepPhones` are kept as written.
 */
export function maskPersonalData(text: string, options: MaskOptions = {}): string {
  const keep = new Set<string>();
  for (const phone of options.keepPhones ?? []) {
    const number = phoneNumberOf(phone);
    if (number !== undefined) keep.add(number);
  }
  return normaliseText(text)
    .replace(EMAIL, MASKS.email)
    .replace(DIGIT_RUN, (run) => maskRun(run, keep));
}
