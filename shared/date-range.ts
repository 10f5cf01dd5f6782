/**
 * The one rule for dates and ranges that every input uses (DESIGN §6: calendar limited to years
 * 2000–2100; a query range of at most 5 years): the query days of scores, rankings, ratings and
 * skills, the aggregation handler and CLI, the dossier instants and the self-assessment's `madeAt`.
 */
import * as z from 'zod/mini';
import { ValidationError } from './errors';
import { daysBetween, FIRST_DAY, isInstantInCalendar, isLocalDay, LAST_DAY, type LocalDay } from './time';

const CALENDAR = `${FIRST_DAY} … ${LAST_DAY}`;

/** A local day `YYYY-MM-DD` (Asia/Ho_Chi_Minh) in years 2000–2100. */
export const localDaySchema = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/),
  z.refine(isLocalDay, {
    message: `không phải ngày có thật trong ${CALENDAR} / not a calendar day (YYYY-MM-DD) in ${CALENDAR}`,
  }),
);

/** An ISO 8601 instant with its offset, on a local day in years 2000–2100. */
export const instantSchema = z.iso.datetime({ offset: true }).check(
  z.refine(isInstantInCalendar, {
    message: `ngày phải trong ${CALENDAR} / the date must be within ${CALENDAR}`,
  }),
);

/** The longest range a query may span (DESIGN: a range over 5 years is refused). */
export const MAX_RANGE_DAYS = 5 * 366;

/**
 * Refuses (422 naming `to`) a range whose `from` is after `to` or that spans more than `maxDays`
 * days (5 years unless said otherwise). The texts name no field by its machine name ("ngày bắt
 * đầu" / "the start day"); `field` stays the machine name a client reads.
 */
export function checkRange(from: LocalDay, to: LocalDay, maxDays = MAX_RANGE_DAYS): void {
  if (from > to) {
    throw new ValidationError([
      { field: 'to', vi: 'phải bằng hoặc sau ngày bắt đầu', en: 'must be on or after the start day' },
    ]);
  }
  if (daysBetween(from, to) + 1 > maxDays) {
    throw new ValidationError([
      maxDays === MAX_RANGE_DAYS
        ? { field: 'to', vi: 'khoảng thời gian tối đa 5 năm', en: 'the range may span at most 5 years' }
        : {
            field: 'to',
            vi: `khoảng thời gian tối đa ${maxDays} ngày`,
            en: `the range may span at most ${maxDays} days`,
          },
    ]);
  }
}
