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

/** True when `value` is a real calendar day written `YYYY-MM-DD`. */
export function isLocalDay(value: string): value is LocalDay {
  const match = DAY_PATTERN.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** The local day (Asia/Ho_Chi_Minh) of an instant. */
export function localDay(instant: Date | string | number): LocalDay {
  const ms = new Date(instant).getTime();
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant at which a local day starts (00:00 Asia/Ho_Chi_Minh). */
export function startOfLocalDay(day: LocalDay): Date {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - OFFSET_MS);
}

export function addDays(day: LocalDay, days: number): LocalDay {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDay, to: LocalDay): number {
  return Math.round((Date.parse(`${to}T00:00:00.000Z`) - Date.parse(`${from}T00:00:00.000Z`)) / DAY_MS);
}

/** Every day from `from` to `to`, both included. */
export function eachDay(from: LocalDay, to: LocalDay): LocalDay[] {
  const days: LocalDay[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
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
