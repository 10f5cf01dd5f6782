/**
 * Summed digital-skill counts of communes and a period, as fresh as the assessments stored: the
 * nightly aggregates (the engine's counts, one BatchGet of the fewest stored periods covering the
 * range for all the communes) plus the assessments that ARRIVED on a day the nightly job has not
 * aggregated yet (no `done` run record: usually today, and yesterday before the night's run), read
 * from the day's arrival buckets (gsi1 `ARRIVED#<day>#<shard>`, sort key prefix `S#`: assessments
 * only) and counted by the same family as the night will count them. So a new assessment shows in
 * `/v1/skills` and `/dashboard/skills` at once, and counts once: from the night on, in the aggregates.
 *
 * An assessment arriving today may have been made up to 60 days ago (offline queues): its made day,
 * not its arrival day, decides whether it is in the period, as in the aggregates.
 */
import type { Counts } from '../counts';
import { createSkillsFamily, skillsFamily } from '../aggregation/skills';
import { dayChangesOfItem } from '../storage/day-buckets';
import { SKILLS_ARRIVAL_PREFIX } from '../storage/assessments';
import { addCounts, getRunStatuses, readCountsOfMany } from '../storage/aggregates';
import type { Store } from '../storage/client';
import { arrivalBucket } from '../storage/dossiers';
import { queryAll } from '../storage/dynamo';
import { arrivalShardCount } from '../storage/table';
import { addDays, type LocalDay, localDay } from '../time';
import type { Plan146Rule } from './rules';

/**
 * Arrival days looked at for work the nightly job has not done yet: today and the 6 days before (a
 * night that failed is retried, and alarmed, long before a week is out).
 */
export const FRESH_WINDOW_DAYS = 7;

export interface FreshOptions {
  /** The clock: which days are today and the days before. */
  now: Date;
  /** The configured plan146 rule (the one the night counts with). */
  plan146Rule?: Plan146Rule | undefined;
}

/** The arrival days of the window that no finished nightly run has counted yet, oldest first. */
export async function unaggregatedDays(store: Store, now: Date): Promise<LocalDay[]> {
  const today = localDay(now);
  const days = Array.from({ length: FRESH_WINDOW_DAYS }, (_, index) =>
    addDays(today, index - FRESH_WINDOW_DAYS + 1),
  );
  const done = new Set(
    (await getRunStatuses(store, days)).filter((run) => run.status === 'done').map((run) => run.day),
  );
  return days.filter((day) => !done.has(day));
}

/** The counts of the assessments made in each of `communes` between `from` and `to` (both included). */
export async function loadCommuneSkillCounts(
  store: Store,
  communes: readonly string[],
  from: LocalDay,
  to: LocalDay,
  options: FreshOptions,
): Promise<Counts[]> {
  if (communes.length === 0) return [];
  const [aggregated, pendingDays] = await Promise.all([
    readCountsOfMany(
      store,
      skillsFamily.name,
      communes.map((unit) => ({ unit, from, to })),
    ),
    // Nothing made in the period can have arrived before the period began.
    unaggregatedDays(store, options.now).then((days) => days.filter((day) => day >= from)),
  ]);
  const totals = aggregated.counts.map((counts) => ({ ...counts }));
  if (pendingDays.length === 0) return totals;
  const index = new Map(communes.map((unit, position) => [unit, position]));
  const family = options.plan146Rule ? createSkillsFamily(options.plan146Rule) : skillsFamily;
  const pages = await Promise.all(
    pendingDays.flatMap((day) =>
      Array.from({ length: arrivalShardCount() }, (_, shard) =>
        queryAll(store, {
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
          ExpressionAttributeValues: { ':pk': arrivalBucket(day, shard), ':prefix': SKILLS_ARRIVAL_PREFIX },
        }),
      ),
    ),
  );
  for (const item of pages.flat()) {
    for (const arrival of dayChangesOfItem(item)) {
      if (arrival.kind !== 'assessment') continue;
      for (const contribution of family.contribute(arrival)) {
        const position = index.get(contribution.unit);
        if (position === undefined || contribution.day < from || contribution.day > to) continue;
        addCounts(totals[position]!, contribution.counts);
      }
    }
  }
  return totals;
}

/** The counts of the assessments made in `unit` (a commune) between `from` and `to` (both included). */
export async function loadSkillCounts(
  store: Store,
  unit: string,
  from: LocalDay,
  to: LocalDay,
  options: FreshOptions = { now: new Date() },
): Promise<Counts> {
  return (await loadCommuneSkillCounts(store, [unit], from, to, options))[0] ?? {};
}
