/**
 * The families the nightly job aggregates: the satisfaction index and the digital-skill indicators.
 * The engine knows nothing about either.
 */
import type { Config } from '../config';
import { skillsOptionsFromConfig } from '../skills/indicators';
import type { AggregationFamily } from './family-contract';
import { satisfactionFamily } from './satisfaction';
import { createSkillsFamily, skillsFamily } from './skills';

/** The families with the default plan146 rule. */
export const aggregationFamilies: AggregationFamily[] = [satisfactionFamily, skillsFamily];

/**
 * The families with the configured plan146 rule (SKILLS_* settings): the rule decides which counts
 * are stored, so after changing it the days to report on must be aggregated again.
 */
export function aggregationFamiliesFor(config: Config): AggregationFamily[] {
  return [satisfactionFamily, createSkillsFamily(skillsOptionsFromConfig(config).plan146Rule)];
}
