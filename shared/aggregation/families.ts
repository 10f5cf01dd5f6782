/**
 * The families the nightly job aggregates. The digital-skill indicators (part "skills") add theirs
 * here; the engine knows nothing about either.
 */
import type { AggregationFamily } from './family';
import { satisfactionFamily } from './satisfaction';

export const aggregationFamilies: AggregationFamily[] = [satisfactionFamily];
