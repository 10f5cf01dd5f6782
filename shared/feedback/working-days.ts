/**
 * Working days for the due date of a feedback case (DESIGN §4.4): Saturdays, Sundays and the holidays
 * an administrator loads (`npm run admin -- holidays import FILE`) are not working days. Vietnam's
 * Labour Code 2019 art. 112 fixes the public holidays, but Tết and the bridging days move every year
 * (announced by the Prime Minister), so they are data, not code.
 */
import { addDays, isLocalDay, type LocalDay } from '../time';

/** The default number of working days a unit has to answer a case (Decision 766 item 5.2: 15; config.ts). */
export const DEFAULT_CASE_WORKING_DAYS = 15;

/**
 * A bound on how far a search may walk: even a year of holidays cannot make ten working days longer
 * than this, and a bad holiday list (every day a holiday) fails fast instead of looping.
 */
const MAX_CALENDAR_DAYS = 400;

export function isWorkingDay(day: LocalDay, holidays: ReadonlySet<LocalDay>): boolean {
  const weekday = new Date(`${day}T00:00:00.000Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays.has(day);
}

/**
 * The day `count` working days after `from` (the opening day itself does not count, as a time limit
 * "within N working days" of receipt is read in administrative practice).
 */
export function addWorkingDays(from: LocalDay, count: number, holidays: ReadonlySet<LocalDay>): LocalDay {
  if (!isLocalDay(from) || !Number.isInteger(count) || count < 0 || count > 200) {
    throw new RangeError(`addWorkingDays: bad arguments ${from}, ${count}`);
  }
  let day = from;
  for (let left = count, walked = 0; left > 0; walked++) {
    if (walked > MAX_CALENDAR_DAYS) throw new RangeError('addWorkingDays: no working day within reach');
    day = addDays(day, 1);
    if (isWorkingDay(day, holidays)) left--;
  }
  return day;
}

/** The last working day before `day` (when the "due tomorrow" reminder goes out). */
export function previousWorkingDay(day: LocalDay, holidays: ReadonlySet<LocalDay>): LocalDay {
  let candidate = addDays(day, -1);
  for (let walked = 0; !isWorkingDay(candidate, holidays); walked++) {
    if (walked > MAX_CALENDAR_DAYS) throw new RangeError('previousWorkingDay: no working day within reach');
    candidate = addDays(candidate, -1);
  }
  return candidate;
}
