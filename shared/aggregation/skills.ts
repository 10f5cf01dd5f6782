/**
 * The digital-skill family of the nightly aggregation (contract: ./family-contract.ts). Each assessment adds
 * additive counts to its commune and the day it was made, in two cell layouts:
 *
 * - `a|<ageBand>|<sex>|<metric>` — for the overall figures, the age-band and sex breakdowns, and
 *   post-stratification to a population by age band × sex;
 * - `e|<ethnicity>|<ageBand>|<metric>` — for the ethnicity breakdown (by age band, so the working-age
 *   filter applies to it too).
 *
 * Metrics: `n` respondents, `p146` meets the plan146 rule, `dsi` at least basic in every area, `dsiA`
 * above basic in every area, `<area>.b` at least basic in that area, `<area>.a` above basic in it.
 * Working age is not counted here: it is a property of the age band, applied when reading, so changing
 * it needs no re-aggregation. The plan146 rule is applied here; changing it needs a backfill.
 */
import { type Answers, type AgeBand, areas, type Sex, UNKNOWN_ETHNICITY } from '../instruments/skills';
import { defaultPlan146Rule, dsiOutcome, meetsPlan146, type Plan146Rule } from '../skills/rules';
import type { DayChange } from '../storage/day-buckets';
import type { AggregationFamily, Contribution, Counts } from './family-contract';

/** What the family reads of a stored assessment (see shared/storage/assessments.ts). */
export interface AssessmentFacts {
  unit: string;
  day: string;
  ageBand: AgeBand;
  sex: Sex;
  ethnicity?: string | undefined;
  answers: Answers;
}

export const cellKey = (band: string, sex: string, metric: string) => `a|${band}|${sex}|${metric}`;
export const ethnicityKey = (ethnicity: string, band: string, metric: string) =>
  `e|${ethnicity}|${band}|${metric}`;

/** The metrics (value 1) one assessment scores. */
export function assessmentMetrics(answers: Answers, rule: Plan146Rule = defaultPlan146Rule): string[] {
  const dsi = dsiOutcome(answers);
  const metrics = ['n'];
  if (meetsPlan146(answers, rule)) metrics.push('p146');
  if (dsi.atLeastBasic) metrics.push('dsi');
  if (dsi.aboveBasic) metrics.push('dsiA');
  for (const area of areas) {
    if (dsi.areas[area] !== 'none') metrics.push(`${area}.b`);
    if (dsi.areas[area] === 'above') metrics.push(`${area}.a`);
  }
  return metrics;
}

export function assessmentCounts(facts: AssessmentFacts, rule: Plan146Rule = defaultPlan146Rule): Counts {
  const counts: Counts = {};
  const ethnicity = facts.ethnicity ?? UNKNOWN_ETHNICITY;
  for (const metric of assessmentMetrics(facts.answers, rule)) {
    counts[cellKey(facts.ageBand, facts.sex, metric)] = 1;
    counts[ethnicityKey(ethnicity, facts.ageBand, metric)] = 1;
  }
  return counts;
}

/** Adds `more` into `total` (in place) and answers `total`. */
export function addCounts(total: Counts, more: Counts): Counts {
  for (const [key, value] of Object.entries(more)) total[key] = (total[key] ?? 0) + value;
  return total;
}

/** The family, for a plan146 rule (the default unless an administrator configured another). */
export function createSkillsFamily(rule: Plan146Rule = defaultPlan146Rule): AggregationFamily {
  return {
    name: 'skills',
    kinds: ['assessment'],
    contribute(arrival: DayChange): Contribution[] {
      if (arrival.kind !== 'assessment') return [];
      const facts: AssessmentFacts = arrival.assessment;
      return [{ unit: facts.unit, day: facts.day, counts: assessmentCounts(facts, rule) }];
    },
  };
}

export const skillsFamily = createSkillsFamily();
