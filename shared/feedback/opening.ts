/**
 * Opening feedback cases from the rating write and the dossier registration (DESIGN §4.4), with the
 * holiday list kept warm: holidays change once a year, so a warm function reads them at most every
 * ten minutes, not on each rating.
 */
import type { Config } from '../config';
import type { Store } from '../storage/client';
import { caseOpening, openCase } from '../storage/feedback-cases';
import type { FinalGuard } from '../storage/final-periods';
import { getHolidays } from '../storage/holidays';
import type { LocalDay } from '../time';
import { type CaseRatingInput, type CaseTrigger, triggersOf } from './cases';

const HOLIDAY_CACHE_MS = 10 * 60_000;
const holidayCache = new Map<string, { days: ReadonlySet<LocalDay>; at: number }>();

/** The holiday list of the store's table, from the warm cache when it is fresh. */
export async function holidaysOf(store: Store): Promise<ReadonlySet<LocalDay>> {
  const cached = holidayCache.get(store.tableName);
  const now = Date.now();
  if (cached && now - cached.at < HOLIDAY_CACHE_MS) return cached.days;
  const days = new Set(await getHolidays(store));
  holidayCache.set(store.tableName, { days, at: now });
  return days;
}

/** Forgets cached holidays (after an import in the same process). */
export function forgetHolidays(): void {
  holidayCache.clear();
}

/**
 * Opens (or adds triggers to) the case of a dossier when a rating or a complaint calls for one;
 * answers the triggers (empty: no case).
 */
export async function openCaseIfCalledFor(
  deps: { store: Store; config: Pick<Config, 'FEEDBACK_WORKING_DAYS'>; now: () => Date },
  dossier: { rid: string; unit: string },
  source: { rating?: CaseRatingInput | undefined; complaint?: boolean | undefined },
  guard: FinalGuard,
): Promise<CaseTrigger[]> {
  // No read of the holidays unless a case opens.
  if (triggersOf({ rating: source.rating, complaint: source.complaint ?? false }).length === 0) return [];
  const opening = caseOpening({
    ...dossier,
    ...source,
    now: deps.now(),
    holidays: await holidaysOf(deps.store),
    workingDays: deps.config.FEEDBACK_WORKING_DAYS,
  })!;
  await openCase(deps.store, dossier.rid, opening, guard);
  return opening.triggers;
}
