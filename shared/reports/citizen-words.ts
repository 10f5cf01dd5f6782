/**
 * A citizen's words — comments, reasons in their own words, answers to them — need `ratings:read`
 * (or `admin`) on every surface (DESIGN §6): the API routes ask for it, and every page, CSV and
 * workbook reads such words only through this module, so a `scores:read` key's dashboard shows figures
 * and the cases' dates but never what a person wrote.
 */
import type { ApiKey } from '../storage/api-keys';
import type { Store } from '../storage/client';
import { latestRatingsOfUnit } from '../storage/rating-listing';
import type { Rating } from '../storage/rating-encoding';
import type { LocalDay } from '../time';
import type { FeedbackCaseReader, FeedbackCaseSummary } from './feedback-cases';

/** The permission that shows a citizen's words. */
export const WORDS_PERMISSION = 'ratings:read';

export function mayReadWords(key: Pick<ApiKey, 'permissions'>): boolean {
  return key.permissions.includes('admin') || key.permissions.includes(WORDS_PERMISSION);
}

/** A case as a key may see it: without its reason, comment and answers unless the key may read words. */
export function caseForKey(key: Pick<ApiKey, 'permissions'>, item: FeedbackCaseSummary): FeedbackCaseSummary {
  if (mayReadWords(key)) return item;
  const { reason: _reason, comment: _comment, answers: _answers, ...rest } = item;
  return rest;
}

/** The case reader as `key` sees it: the same cases, their words only with `ratings:read`. */
export function caseReaderForKey(reader: FeedbackCaseReader, key: Pick<ApiKey, 'permissions'>): FeedbackCaseReader {
  const { listCases } = reader;
  return {
    openCases: async (units, now, limit) =>
      (await reader.openCases(units, now, limit)).map((item) => caseForKey(key, item)),
    ...(listCases && {
      listCases: async (units, now, options) =>
        (await listCases.call(reader, units, now, options)).map((item) => caseForKey(key, item)),
    }),
    answer: (id, answer, by, now) => reader.answer(id, answer, by, now),
  };
}

/** The latest ratings of a unit with their comments, or undefined (nothing read) for a key without `ratings:read`. */
export async function ratingsWithWords(
  store: Store,
  key: Pick<ApiKey, 'permissions'>,
  unit: string,
  from: LocalDay,
  to: LocalDay,
  limit: number,
): Promise<Rating[] | undefined> {
  if (!mayReadWords(key)) return undefined;
  return latestRatingsOfUnit(store, unit, from, to, limit);
}
