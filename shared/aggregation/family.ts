/**
 * The contract between the nightly aggregation engine and what it aggregates. A family (the
 * satisfaction index, the digital-skill indicators) says which arrival-bucket items are its own and
 * turns each into additive counts for one unit and one event day; the engine sums them, rolls them
 * up to every ancestor unit, and stores them per day / month / quarter / year. Because every figure is
 * a sum of counts, any period and any unit is exact (DESIGN §4.2).
 */
import type { Item } from '../storage/dynamo';
import type { LocalDay } from '../time';

/** Additive counters, e.g. `{ returned: 1, late: 1 }`. Missing keys are zero. */
export type Counts = Record<string, number>;

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
  /** The `gsi1sk` prefixes (in the `ARRIVED#<day>#<shard>` buckets) of this family's items. */
  arrivalPrefixes: string[];
  /** The counts one arrived item adds (pure: no I/O). */
  contribute(item: Item): Contribution[];
  /** The counts an entry of the due index of `day` adds (a state that time alone changes that day). */
  contributeDue?(item: Item, day: LocalDay): Contribution[];
}
