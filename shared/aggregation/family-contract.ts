/**
 * The contract between the nightly aggregation engine and what it aggregates. A family (the
 * satisfaction index, the digital-skill indicators) says which kinds of arrival are its own
 * (decoded by shared/storage/day-buckets.ts: typed values, never raw items) and turns each into additive counts for one unit and one event day; the engine sums them, rolls them
 * up to every ancestor unit, and stores them per day / month / quarter / year. Because every figure is
 * a sum of counts, any period and any unit is exact (DESIGN §4.2).
 */
import type { DayChange, DayChangeKind } from '../storage/day-buckets';
import type { LocalDay } from '../time';

import type { Contribution, Counts } from '../counts';

/** Additive counters and what one event adds (../counts.ts). */
export type { Contribution, Counts };

export interface AggregationFamily {
  /** Short stable name used in keys: `sat`, `skills`. */
  name: string;
  /** The kinds of arrival this family counts. */
  kinds: readonly DayChangeKind[];
  /** The counts one arrival adds (pure: no I/O); called only with arrivals of its {@link kinds}. */
  contribute(arrival: DayChange): Contribution[];
  /**
   * Counts that depend on several arrivals together (repeated identical comments): each arrival joins
   * at most one group (`key`, unique within the arrival's own day, e.g. unit + day + fingerprint), and
   * each group's members are counted at the end of the day's read. Memory grows with the day's
   * grouped arrivals only (commented ratings).
   */
  dayGroups?: {
    memberOf(arrival: DayChange): { key: string; unit: string; day: LocalDay } | undefined;
    counts(members: { unit: string; day: LocalDay }[]): Contribution[];
  };
}
