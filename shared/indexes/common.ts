/**
 * What every index method shares (DESIGN §4.2): the denominators published with each figure, shares
 * with a Wilson 95% interval, and the `minN` rule (reported but not ranked below it).
 */
import type { Counts } from '../aggregation/family';
import { type Interval, round, wilson } from '../stats';

export const indexMethods = ['tt01', 'qd766', 'sipas', 'csat'] as const;
export type IndexMethod = (typeof indexMethods)[number];

export interface Denominators {
  /** Dossiers whose result was returned in the period. */
  dossiersReturned: number;
  /** Ratings of those dossiers. */
  ratingsReceived: number;
  /** ratingsReceived ÷ dossiersReturned (null when nothing was returned). */
  responseRate: number | null;
}

/** A share with its counts and 95% Wilson interval. */
export interface Share {
  value: number | null;
  successes: number;
  n: number;
  interval95: Interval | null;
}

export interface MethodResult {
  method: IndexMethod;
  denominators: Denominators;
  /** The figure rankings sort by (null when there is no data). */
  headline: { name: string; value: number | null };
  ranked: boolean;
  /** Why a unit is not ranked, both languages. */
  reason?: { vi: string; en: string };
}

export interface MethodOptions {
  /** Ratings below which the unit is reported but not ranked (config MIN_N, default 30). */
  minN: number;
}

export const count = (counts: Counts, key: string) => counts[key] ?? 0;

export function denominators(counts: Counts): Denominators {
  const returned = count(counts, 'returned');
  const rated = count(counts, 'rated');
  return {
    dossiersReturned: returned,
    ratingsReceived: rated,
    responseRate: returned > 0 ? round(rated / returned, 4) : null,
  };
}

export function share(successes: number, n: number): Share {
  const interval = wilson(successes, n);
  return {
    value: n > 0 ? round(successes / n, 4) : null,
    successes,
    n,
    interval95: interval ? { low: round(interval.low, 4), high: round(interval.high, 4) } : null,
  };
}

/** The `ranked` / `reason` pair: ranked only with at least `minN` responses. */
export function rankability(responses: number, minN: number): Pick<MethodResult, 'ranked' | 'reason'> {
  if (responses >= minN) return { ranked: true };
  return {
    ranked: false,
    reason: {
      vi: `Chưa đủ dữ liệu: ${responses} phản hồi, cần ít nhất ${minN}.`,
      en: `Insufficient data: ${responses} responses, at least ${minN} needed.`,
    },
  };
}

/**
 * What every method's result opens with: the method, the denominators published with it, the figure
 * rankings sort by, and whether it is ranked — at least `minN` of the method's own `responses`.
 */
export function methodHead<M extends IndexMethod>(
  method: M,
  counts: Counts,
  headline: MethodResult['headline'],
  responses: number,
  options: MethodOptions,
): MethodResult & { method: M } {
  return {
    method,
    denominators: denominators(counts),
    headline,
    ...rankability(responses, options.minN),
  };
}
