/**
 * Decision 766/QĐ-TTg (2022), the Bộ chỉ số phục vụ người dân, doanh nghiệp, as the national public
 * service portal computes it:
 * - component 5.4, satisfaction with dossier handling: rate = (dossiers returned − those rated
 *   "Không hài lòng", complained about, or late — each dossier once) ÷ dossiers returned;
 *   score = 6 when rate ≥ 90%, else rate × 6 ÷ 90%;
 * - timeliness: 20 × dossiers returned on time ÷ dossiers returned. "On time" means on or before the
 *   due date (the Decision counts results returned on or before the due date as on time), so early
 *   dossiers count as on time.
 * The denominator is every dossier returned, rated or not.
 */
import type { Counts } from '../aggregation/family';
import { round } from '../stats';
import { count, methodHead, type MethodOptions, type MethodResult, share, type Share } from './common';

export const QD766_SATISFACTION_MAX = 6;
export const QD766_SATISFACTION_THRESHOLD = 0.9;
export const QD766_TIMELINESS_MAX = 20;

export interface Qd766Result extends MethodResult {
  method: 'qd766';
  satisfaction: Share & {
    /** Dossiers rated "Không hài lòng", complained about, or late (each once). */
    unsatisfied: number;
    /** 0–6, two decimals. */
    score: number | null;
    maxScore: number;
  };
  timeliness: Share & {
    /** 0–20, two decimals. */
    score: number | null;
    maxScore: number;
  };
}

/** Component 5.4 score: 6 at or above a 90% rate, proportional below it. */
export function qd766SatisfactionScore(rate: number): number {
  return rate >= QD766_SATISFACTION_THRESHOLD
    ? QD766_SATISFACTION_MAX
    : (rate * QD766_SATISFACTION_MAX) / QD766_SATISFACTION_THRESHOLD;
}

export function qd766(counts: Counts, options: MethodOptions): Qd766Result {
  const returned = count(counts, 'returned');
  const unsatisfied = count(counts, 'lateOrComplaint') + count(counts, 'dissatisfiedOnly');
  const satisfied = Math.max(0, returned - unsatisfied);
  const onTime = count(counts, 'early') + count(counts, 'onTime');
  const satisfaction = share(satisfied, returned);
  const rate = returned > 0 ? satisfied / returned : null;
  return {
    ...methodHead(
      'qd766',
      counts,
      { name: 'satisfaction.value', value: satisfaction.value },
      count(counts, 'rated'),
      options,
    ),
    satisfaction: {
      ...satisfaction,
      unsatisfied,
      score: rate !== null ? round(qd766SatisfactionScore(rate), 2) : null,
      maxScore: QD766_SATISFACTION_MAX,
    },
    timeliness: {
      ...share(onTime, returned),
      score: returned > 0 ? round((QD766_TIMELINESS_MAX * onTime) / returned, 2) : null,
      maxScore: QD766_TIMELINESS_MAX,
    },
  };
}
