/**
 * Calendar rules in Asia/Ho_Chi_Minh. Vietnam keeps UTC+7 all year (no daylight saving since 1975),
 * so a fixed offset is exact and avoids loading time-zone data into the Lambda bundle.
 */

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';
const OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A local calendar day, `YYYY-MM-DD`. */
export type LocalDay = string;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The calendar the service accepts (DESIGN §6: years 2000–2100). Every date input is checked against
 * it, so every loop over days or periods runs over at most ~37,000 days, and days stay four-digit
 * strings whose string order is time order.
 */
export const FIRST_DAY: LocalDay = '2000-01-01';
export const LAST_DAY: LocalDay = '2100-12-31';

/** True when `value` is a real calendar day written `YYYY-MM-DD`, in years 2000–2100. */
export function isLocalDay(value: string): value is LocalDay {
  const match = DAY_PATTERN.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value && value >= FIRST_DAY && value <= LAST_DAY;
}

/** True when an ISO 8601 instant falls, in local time, on a day of the accepted calendar. */
export function isInstantInCalendar(value: string): boolean {
  const ms = Date.parse(value);
  // Compared as numbers: an instant far outside the calendar has no four-digit day to compare.
  return (
    ms >= Date.parse(`${FIRST_DAY}T00:00:00.000+07:00`) && ms < Date.parse('2101-01-01T00:00:00.000+07:00')
  );
}

/** The local day (Asia/Ho_Chi_Minh) of an instant. */
export function localDay(instant: Date | string | number): LocalDay {
  const ms = new Date(instant).getTime();
  return fourDigitDay(new Date(ms + OFFSET_MS));
}

/**
 * `YYYY-MM-DD` of a UTC date, refusing years outside 0000–9999: past 9999-12-31 `toISOString` writes
 * `+010000-01-01`, which sorts before `9999-…` and would turn `day <= to` loops endless.
 */
function fourDigitDay(date: Date): LocalDay {
  const year = date.getUTCFullYear();
  if (!(year >= 0 && year <= 9999))
    throw new RangeError(`day outside years 0000–9999: ${String(date.getTime())}`);
  return date.toISOString().slice(0, 10);
}

/** The instant at which a local day starts (00:00 Asia/Ho_Chi_Minh). */
export function startOfLocalDay(day: LocalDay): Date {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - OFFSET_MS);
}

/** The day `days` after `day`; throws a RangeError rather than leave four-digit years. */
export function addDays(day: LocalDay, days: number): LocalDay {
  return fourDigitDay(new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDay, to: LocalDay): number {
  return Math.round((Date.parse(`${to}T00:00:00.000Z`) - Date.parse(`${from}T00:00:00.000Z`)) / DAY_MS);
}

/** Every day from `from` to `to`, both included: a count fixed before the loop starts. */
export function eachDay(from: LocalDay, to: LocalDay): LocalDay[] {
  const count = daysBetween(from, to) + 1;
  if (!Number.isSafeInteger(count)) throw new RangeError(`not a range of days: ${from}..${to}`);
  return Array.from({ length: Math.max(0, count) }, (_, index) => addDays(from, index));
}

/** `YYYY-MM` */
export function monthOf(day: LocalDay): string {
  return day.slice(0, 7);
}

/** `YYYY-Qn` */
export function quarterOf(day: LocalDay): string {
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

/** `YYYY` */
export function yearOf(day: LocalDay): string {
  return day.slice(0, 4);
}

/** Whether a result came back before, on or after its due date. */
export type Timeliness = 'early' | 'onTime' | 'late';

/**
 * Circular 01/2018/TT-VPCP art. 13–15, indicator i1: returned before the due date scores 2, on the due
 * date 1, after it 0 — compared as calendar days in Asia/Ho_Chi_Minh, as the one-stop system does.
 */
export function timeliness(dueAt: Date | string, returnedAt: Date | string): Timeliness {
  const due = localDay(dueAt);
  const returned = localDay(returnedAt);
  if (returned < due) return 'early';
  if (returned === due) return 'onTime';
  return 'late';
}

/** The i1 score (0–2) of a timeliness class. */
export function timelinessScore(value: Timeliness): 0 | 1 | 2 {
  return value === 'early' ? 2 : value === 'onTime' ? 1 : 0;
}
