/**
 * Summed digital-skill counts of a unit and period. For now this recomputes the family's contributions
 * from the stored assessments of the unit (one gsi2 Query per unit of its subtree); at merge it is to
 * be switched to the aggregation engine's `readCounts(store, skillsFamily, unit, from, to)`, which
 * answers the same sums from the nightly aggregates.
 */
import type { Counts } from '../aggregation/family';
import { addCounts, skillsFamily } from '../aggregation/skills';
import type { Store } from '../storage/client';
import { listAssessments } from '../storage/assessments';
import type { LocalDay } from '../time';

/** The counts of the assessments made in `unit` between `from` and `to` (both included). */
export async function loadSkillCounts(
  store: Store,
  unit: string,
  from: LocalDay,
  to: LocalDay,
): Promise<Counts> {
  const total: Counts = {};
  for (const item of await listAssessments(store, unit, from, to)) {
    for (const contribution of skillsFamily.contribute(item)) addCounts(total, contribution.counts);
  }
  return total;
}
