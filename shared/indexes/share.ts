/** Reading counters and publishing shares, used by every index method and by integrity. */
import type { Counts } from '../aggregation/family-contract';
import { round, wilson } from '../stats';
import type { Interval } from '../stats';

/** A share with its counts and 95% Wilson interval. */
export interface Share {
  value: number | null;
  successes: number;
  n: number;
  interval95: Interval | null;
}

/** A counter of summed counts (missing = 0). */
export const count = (counts: Counts, key: string) => counts[key] ?? 0;

export function share(successes: number, n: number): Share {
  const interval = wilson(successes, n);
  return {
    value: n > 0 ? round(successes / n, 4) : null,
    successes,
    n,
    interval95: interval ? { low: round(interval.low, 4), high: round(interval.high, 4) } : null,
  };
}
