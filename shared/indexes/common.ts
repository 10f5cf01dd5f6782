/**
 * What every index method shares (DESIGN §4.2): the denominators published with each figure, shares
 * with a Wilson 95% interval, the `minN` rule (reported but not ranked below it), and the integrity
 * flag that travels with every result.
 */
import type { Counts } from '../aggregation/family-contract';
import type { Config } from '../config';
import { round } from '../stats';
import { defaultQd766Rules, type Qd766Rules } from './dossier-rules';
import {
  defaultIntegrityThresholds,
  integrity,
  type IntegrityResult,
  type IntegrityThresholds,
  integrityThresholdsFromConfig,
} from './integrity';
import { count } from './share';

export { count, share, type Share } from './share';

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

export interface MethodResult {
  method: IndexMethod;
  denominators: Denominators;
  /** The figure rankings sort by (null when there is no data). */
  headline: { name: string; value: number | null };
  ranked: boolean;
  /** Why a unit is not ranked, both languages. */
  reason?: { vi: string; en: string };
  /** Response rate, quick ratings, all-top sheets, repeated comments, and the flag with its reasons. */
  integrity: IntegrityResult;
}

export interface MethodOptions {
  /** Responses below which the unit is reported but not ranked (config MIN_N, default 30). */
  minN: number;
  /** Integrity thresholds (config INTEGRITY_*); the defaults when absent. */
  integrity?: IntegrityThresholds;
  /** Decision 766 settings (config QD766_*); the portal's rules when absent. */
  qd766?: Qd766Options;
}

export interface Qd766Options extends Qd766Rules {
  /** Dossiers still within their (extended) due date count in the on-time numerator (the portal). */
  inProgressCountsOnTime: boolean;
}

export const defaultQd766Options: Qd766Options = { ...defaultQd766Rules, inProgressCountsOnTime: true };

/** The method options of a configuration. */
export function methodOptionsFromConfig(config: Config): Required<MethodOptions> {
  return {
    minN: config.MIN_N,
    integrity: integrityThresholdsFromConfig(config),
    qd766: {
      multipleSupplementsLate: config.QD766_MULTIPLE_SUPPLEMENTS_LATE !== 'off',
      ...(config.QD766_MULTIPLE_SUPPLEMENTS_LATE === 'unfinished'
        ? { multipleSupplementsScope: 'unfinished' as const }
        : {}),
      inProgressCountsOnTime: config.QD766_IN_PROGRESS_ON_TIME === 'on',
    },
  };
}

export function denominators(counts: Counts): Denominators {
  const returned = count(counts, 'returned');
  const rated = count(counts, 'rated');
  return {
    dossiersReturned: returned,
    ratingsReceived: rated,
    responseRate: returned > 0 ? round(rated / returned, 4) : null,
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
 * rankings sort by, whether it is ranked — at least `minN` of the method's own `responses` — and the
 * integrity of the ratings behind it.
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
    integrity: integrity(counts, options.integrity ?? defaultIntegrityThresholds),
  };
}
