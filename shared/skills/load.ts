/**
 * Summed digital-skill counts of a unit and period. For now this recomputes the family's contributions
 * from the stored assessments of the unit (one gsi2 Query on `ASSESSMENTS#<unit>`); at merge it is to be
 * switched to the aggregation engine's `readCounts(store, family, unit, from, to)`, which answers the
 * same sums from the nightly aggregates. Campaigns belong to communes, so callers ask per commune.
 */
import type { AggregationFamily, Counts } from '../aggregation/family';
import { addCounts, skillsFamily } from '../aggregation/skills';
import { listAssessments } from '../storage/assessments';
import type { Store } from '../storage/client';
import type { LocalDay } from '../time';

/**
 * The counts of the assessments made in `unit` between `from` and `to` (both included), by `family`
 * (the skills family of the configured plan146 rule; the default rule's when not given).
 */
export async function loadSkillCounts(
  store: Store,
  unit: string,
  from: LocalDay,
  to: LocalDay,
  family: AggregationFamily = skillsFamily,
): Promise<Counts> {
  const total: Counts = {};
  for (const item of await listAssessments(store, unit, from, to)) {
    for (const contribution of family.contribute(item)) addCounts(total, contribution.counts);
  }
  return total;
}
