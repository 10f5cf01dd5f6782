/** Checks shared by the score, ranking and rating queries. */
import { ValidationError } from '../../../shared/errors';
import { MAX_RANGE_DAYS } from '../../../shared/http/aggregate-queries';
import { daysBetween, type LocalDay } from '../../../shared/time';

/** Refuses (422 naming `to`) a range whose `from` is after `to` or that spans more than 5 years. */
export function checkRange(from: LocalDay, to: LocalDay): void {
  if (from > to) {
    throw new ValidationError([
      { field: 'to', vi: 'phải bằng hoặc sau ngày "from"', en: 'must be on or after "from"' },
    ]);
  }
  if (daysBetween(from, to) + 1 > MAX_RANGE_DAYS) {
    throw new ValidationError([
      { field: 'to', vi: 'khoảng thời gian tối đa 5 năm', en: 'the range may span at most 5 years' },
    ]);
  }
}
