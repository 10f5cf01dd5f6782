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

/**
 * Day strings by day number (days since 1970-01-01): the nightly job turns millions of instants into
 * days, and formatting a Date costs ~1 µs. Bounded: the accepted calendar has ~37,000 days.
 */
const dayNames = new Map<number, LocalDay>();
const dayNumbers = new Map<string, number>();
const MAX_CACHED_DAYS = 50_000;

function dayName(dayNumber: number): LocalDay {
  let name = dayNames.get(dayNumber);
  if (name === undefined) {
    name = fourDigitDay(new Date(dayNumber * DAY_MS));
    // Stryker disable next-line all: the cache's bound; any change to it changes memory, not a day.
    if (dayNames.size >= MAX_CACHED_DAYS) dayNames.clear();
    dayNames.set(dayNumber, name);
  }
  return name;
}

function dayNumberOf(day: LocalDay): number {
  let number = dayNumbers.get(day);
  if (number === undefined) {
    // Stryker disable next-line StringLiteral: NaN sends addDays to its slow path, which gives the same day.
    number = Math.round(Date.parse(`${day}T00:00:00.000Z`) / DAY_MS);
    // Stryker disable next-line ConditionalExpression: a NaN cached or not reads back as NaN.
    if (Number.isNaN(number)) return number;
    // Stryker disable next-line all: the cache's bound; any change to it changes memory, not a day.
    if (dayNumbers.size >= MAX_CACHED_DAYS) dayNumbers.clear();
    dayNumbers.set(day, number);
  }
  return number;
}

/** The local day (Asia/Ho_Chi_Minh) of an instant. */
export function localDay(instant: Date | string | number): LocalDay {
  const ms =
    typeof instant === 'number'
      ? instant
      : typeof instant === 'string'
        ? Date.parse(instant)
        : instant.getTime();
  if (!Number.isFinite(ms)) return fourDigitDay(new Date(ms));
  return dayName(Math.floor((ms + OFFSET_MS) / DAY_MS));
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
  const number = dayNumberOf(day);
  // Stryker disable next-line all: both paths give the same day; this one keeps fractional day numbers
  // (and NaN) out of the cache. Its arithmetic is tested with fractional days (test/unit/time-edges).
  if (Number.isNaN(number) || !Number.isInteger(days)) {
    return fourDigitDay(new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS));
  }
  return dayName(number + days);
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

/** The periods aggregates are kept for (DESIGN §4.2: any period is a sum of additive counts). */
export type Granularity = 'day' | 'month' | 'quarter' | 'year';

/** Finest first: each period is the sum of the periods of the one before it. */
export const GRANULARITIES: readonly Granularity[] = ['day', 'month', 'quarter', 'year'];

const monthIndex = (day: LocalDay) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;
const monthStart = (index: number) =>
  `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`;

/** The first day of the period of `granularity` that `day` falls in. */
export function periodStart(day: LocalDay, granularity: Granularity): LocalDay {
  if (granularity === 'day') return day;
  if (granularity === 'month') return `${day.slice(0, 7)}-01`;
  if (granularity === 'quarter') return monthStart(monthIndex(day) - (monthIndex(day) % 3));
  return `${day.slice(0, 4)}-01-01`;
}

/** The last day of the period of `granularity` that `day` falls in. */
export function periodEnd(day: LocalDay, granularity: Granularity): LocalDay {
  if (granularity === 'day') return day;
  const months = granularity === 'month' ? 1 : granularity === 'quarter' ? 3 : 12;
  return addDays(monthStart(monthIndex(periodStart(day, granularity)) + months), -1);
}

/** The period's name: `2025-03-04`, `2025-03`, `2025-Q1`, `2025`. */
export function periodName(day: LocalDay, granularity: Granularity): string {
  if (granularity === 'day') return day;
  if (granularity === 'month') return monthOf(day);
  if (granularity === 'quarter') return quarterOf(day);
  return yearOf(day);
}

/** A whole calendar period, named by its granularity and first day. */
export interface Period {
  granularity: Granularity;
  start: LocalDay;
}

/**
 * The fewest whole periods that exactly cover [from, to]: years, quarters and months inside, days at
 * the edges. E.g. 2024-12-30..2026-02-02 → 2 days, the year 2025, January 2026, 2 days. Each step
 * covers at least one day, so the loop runs at most once per day of the range.
 */
export function coverRange(from: LocalDay, to: LocalDay): Period[] {
  const periods: Period[] = [];
  const steps = daysBetween(from, to) + 1;
  let day = from;
  for (let step = 0; step < steps && day <= to; step++) {
    const granularity =
      (['year', 'quarter', 'month'] as const).find(
        (candidate) => periodStart(day, candidate) === day && periodEnd(day, candidate) <= to,
      ) ?? 'day';
    periods.push({ granularity, start: day });
    const end = periodEnd(day, granularity);
    if (end >= to) break;
    day = addDays(end, 1);
  }
  return periods;
}

/** The groups of [from, to] by `groupBy`, each named and clipped to the range (one per period). */
export function groupRanges(
  from: LocalDay,
  to: LocalDay,
  groupBy: Granularity,
): { period: string; from: LocalDay; to: LocalDay }[] {
  const groups: { period: string; from: LocalDay; to: LocalDay }[] = [];
  const steps = daysBetween(from, to) + 1;
  let day = from;
  for (let step = 0; step < steps && day <= to; step++) {
    const end = periodEnd(day, groupBy);
    groups.push({ period: periodName(day, groupBy), from: day, to: end < to ? end : to });
    if (end >= to) break;
    day = addDays(end, 1);
  }
  return groups;
}
