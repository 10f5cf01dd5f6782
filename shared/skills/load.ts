/**
 * Summed digital-skill counts of a unit and period, from the nightly aggregates (the engine's
 * `readCounts`: a bounded BatchGet of the fewest stored periods covering the range). Campaigns belong
 * to communes, so callers ask per commune.
 */
import { readCounts } from '../storage/aggregates';
import type { Counts } from '../aggregation/family-contract';
import { skillsFamily } from '../aggregation/skills';
import type { Store } from '../storage/client';
import type { LocalDay } from '../time';

/** The counts of the assessments made in `unit` between `from` and `to` (both included). */
export async function loadSkillCounts(
  store: Store,
  unit: string,
  from: LocalDay,
  to: LocalDay,
): Promise<Counts> {
  return (await readCounts(store, skillsFamily.name, unit, from, to)).total;
}
