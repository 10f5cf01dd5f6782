/**
 * CSAT — customer satisfaction as commonly published: the share of ratings "Rất hài lòng" (2) or
 * "Hài lòng" (1) out of all ratings, and the mean overall score (0–2).
 */
import type { Counts } from '../aggregation/family-contract';
import { round } from '../stats';
import { count, methodHead, type MethodOptions, type MethodResult, share, type Share } from './common';

export interface CsatResult extends MethodResult {
  method: 'csat';
  satisfied: Share;
  /** Mean overall score 0–2, two decimals. */
  meanOverall: number | null;
  distribution: { 2: number; 1: number; 0: number };
}

export function csat(counts: Counts, options: MethodOptions): CsatResult {
  const [two, one, zero] = [count(counts, 'overall2'), count(counts, 'overall1'), count(counts, 'overall0')];
  const rated = two + one + zero;
  const satisfied = share(two + one, rated);
  return {
    ...methodHead('csat', counts, { name: 'satisfied.value', value: satisfied.value }, rated, options),
    satisfied,
    meanOverall: rated > 0 ? round((2 * two + one) / rated, 2) : null,
    distribution: { 2: two, 1: one, 0: zero },
  };
}
