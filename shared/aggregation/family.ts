/**
 * The contract between the nightly aggregation engine and what it aggregates. A family (the
 * satisfaction index, the digital-skill indicators) says which kinds of arrival are its own
 * (decoded by shared/storage/arrivals.ts: typed values, never raw items) and turns each into additive counts for one unit and one event day; the engine sums them, rolls them
 * up to every ancestor unit, and stores them per day / month / quarter / year. Because every figure is
 * a sum of counts, any period and any unit is exact (DESIGN §4.2).
 */
import type { Arrival, ArrivalKind } from '../storage/arrivals';
import type { LocalDay } from '../time';

import type { Counts } from '../storage/aggregates';

/** Additive counters, e.g. `{ returned: 1, late: 1 }`. Missing keys are zero. */
export type { Counts };

export interface Contribution {
  /** The unit the event belongs to (the engine adds it to every ancestor too). */
  unit: string;
  /** The day the event counts in: the dossier's return day, the assessment's day. */
  day: LocalDay;
  counts: Counts;
}

export interface AggregationFamily {
  /** Short stable name used in keys: `sat`, `skills`. */
  name: string;
  /** The kinds of arrival this family counts. */
  kinds: readonly ArrivalKind[];
  /** The counts one arrival adds (pure: no I/O); called only with arrivals of its {@link kinds}. */
  contribute(arrival: Arrival): Contribution[];
}
