/** Statistics shared by every index method. */

export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval for a share `successes / n` (95% by default, z = 1.959964). Preferred over
 * the normal ("Wald") interval because it stays inside [0, 1] and behaves at small n and at 0% / 100%
 * (Wilson, 1927; Brown, Cai & DasGupta, 2001). `null` when n is 0.
 */
export function wilson(successes: number, n: number, z = 1.959964): Interval | null {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Rounds to `digits` decimals, half away from zero (as published tables do). */
export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return (Math.sign(value) * Math.round(Math.abs(value) * factor + Number.EPSILON)) / factor;
}
