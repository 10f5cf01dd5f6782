/**
 * The vocabulary of counting, shared by the pure model, the index methods, the aggregation and
 * storage: additive counters, and what one event adds to one unit on one day.
 */
import type { LocalDay } from './time';

/** Additive counters, e.g. `{ returned: 1, late: 1 }`. Missing keys are zero. */
export type Counts = Record<string, number>;

/** What one event adds: counts for one unit (and, by the engine, its ancestors) on one day. */
export interface Contribution {
  /** The unit the event belongs to (the engine adds it to every ancestor too). */
  unit: string;
  /** The day the event counts in: the dossier's return day, the assessment's day. */
  day: LocalDay;
  counts: Counts;
}
