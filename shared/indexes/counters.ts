/**
 * The additive counters the index methods read — the contract the nightly family is written against
 * (docs/index-methods.md, "The counters"). Every figure is a sum of these, so any unit and any period
 * is exact. A missing counter is 0. Each counter counts in exactly one period:
 *
 * Received day (Decision 766, `qd766`) — per dossier in its current state, as of the night's day:
 * - `received`: received and not withdrawn (the 766 denominator);
 * - `receivedWithdrawn`: received, then withdrawn (out of every 766 figure);
 * - `receivedOnTime` / `receivedLate` / `receivedInProgress`: its {@link qd766Status};
 * - `receivedOnTimeUnsatisfied` / `receivedInProgressUnsatisfied`: of those, rated "Không hài lòng" or
 *   complained about (component 5.4 counts them against satisfaction);
 * - `receivedMultipleSupplements`: late because asked for supplements more than once (shown apart);
 * - `feedbackCounted`: every received dossier, withdrawn or not, once the family also counts the
 *   feedback cases — it tells "no case opened" (full marks, as the portal scores a unit without
 *   feedback) from "cases not counted yet" (N/A).
 *
 * Return day (Circular 01/2018, `tt01`; `csat`, `sipas` and integrity through the ratings):
 * - `returned`; `early` / `onTime` / `late` (i1); `i5_0..2`, `i6_0..2`, `i9_0..2` (period inputs);
 * - counted in each step's agency, on the dossier's return day: `i2_0..2`;
 * - per rating (its dossier's return day): `rated`, `overall0..2`, `i3_0..2`, `i4_0..2`, `i7_0..2`,
 *   `sipasAny`, `s1_n..s5_n`, `s1_hi..s5_hi`, `dissatisfiedOnly` (wave 1, kept), and the integrity
 *   counters `integrityRated` (ratings counted with the four below), `ratedWithin10Min`,
 *   `allTopAnswers`, `commented`, `commentRepeated` ({@link integrityCounts}).
 *
 * Opening day (feedback cases, DESIGN §4.4; `qd766` petitions and `tt01` i8), fixed names:
 * `casesOpened`, `casesAnsweredOnTime`, `casesAnsweredLate`, `casesSatisfied`, `casesUnsatisfied`.
 */
import type { Counts } from '../counts';
import type { LocalDay } from '../time';
import {
  type DossierFacts,
  defaultQd766Rules,
  type PeriodInputScores,
  type Qd766Rules,
  qd766Status,
  tt01DossierScores,
} from './dossier-rules';

export const RECEIVED_COUNTERS = [
  'received',
  'receivedWithdrawn',
  'receivedOnTime',
  'receivedLate',
  'receivedInProgress',
  'receivedOnTimeUnsatisfied',
  'receivedInProgressUnsatisfied',
  'receivedMultipleSupplements',
  'feedbackCounted',
] as const;

export const CASE_COUNTERS = [
  'casesOpened',
  'casesAnsweredOnTime',
  'casesAnsweredLate',
  'casesSatisfied',
  'casesUnsatisfied',
] as const;

export const INTEGRITY_COUNTERS = [
  'integrityRated',
  'ratedWithin10Min',
  'allTopAnswers',
  'commented',
  'commentRepeated',
] as const;

/**
 * What one dossier adds to its receipt day, as of `asOf`. `unsatisfied`: rated "Không hài lòng" or
 * complained about (the rating is an attribute of the dossier item, so the family sees both);
 * `feedbackCounted`: true once the same family counts the feedback cases.
 */
export function receivedDayCounts(
  facts: DossierFacts,
  asOf: LocalDay,
  unsatisfied: boolean,
  rules: Qd766Rules = defaultQd766Rules,
  // Stryker disable next-line ObjectLiteral: equivalent, a missing feedbackCounted reads as false.
  options: { feedbackCounted: boolean } = { feedbackCounted: false },
): { day: LocalDay; counts: Counts } {
  const assessment = qd766Status(facts, asOf, rules);
  const counts: Counts = options.feedbackCounted ? { feedbackCounted: 1 } : {};
  if (assessment.status === 'withdrawn') counts.receivedWithdrawn = 1;
  else {
    counts.received = 1;
    if (assessment.status === 'onTime') counts.receivedOnTime = 1;
    if (assessment.status === 'late') counts.receivedLate = 1;
    if (assessment.status === 'inProgress') counts.receivedInProgress = 1;
    if (unsatisfied && assessment.status === 'onTime') counts.receivedOnTimeUnsatisfied = 1;
    if (unsatisfied && assessment.status === 'inProgress') counts.receivedInProgressUnsatisfied = 1;
    if (assessment.lateReason === 'multipleSupplements') counts.receivedMultipleSupplements = 1;
  }
  return { day: assessment.receivedDay, counts };
}

/**
 * What one returned dossier adds on its return day: to its own unit, and (i2) to each step's agency.
 * Empty when the dossier is not returned or withdrawn.
 */
export function returnDayCounts(
  facts: DossierFacts,
  unit: string,
  inputs: PeriodInputScores = {},
): { unit: string; day: LocalDay; counts: Counts }[] {
  const scores = tt01DossierScores(facts, inputs);
  if (!scores) return [];
  const own: Counts = { returned: 1, [scores.timeliness]: 1 };
  if (scores.i5 !== null) own[`i5_${scores.i5}`] = 1;
  if (scores.i6 !== null) own[`i6_${scores.i6}`] = 1;
  if (scores.i9 !== null) own[`i9_${scores.i9}`] = 1;
  const contributions = [{ unit, day: scores.returnedDay, counts: own }];
  for (const step of scores.i2) {
    const target = contributions.find((entry) => entry.unit === step.unit);
    const key = `i2_${step.score}`;
    if (target) target.counts[key] = (target.counts[key] ?? 0) + 1;
    else contributions.push({ unit: step.unit, day: scores.returnedDay, counts: { [key]: 1 } });
  }
  return contributions;
}

/** A rating as integrity needs it: the answers, when it was given, and its (masked) comment. */
export interface RatingForIntegrity {
  overall: number;
  i3: number;
  i4: number;
  i7: number;
  sipas?: Partial<Record<'s1' | 's2' | 's3' | 's4' | 's5', number>>;
  ratedAt: string;
  comment?: string;
  /**
   * The comment's normalised text was also given by another rating of the same unit (the nightly
   * family counts `commented` / `commentRepeated` from the day's comment fingerprints — its
   * `dayGroups` — rather than here; no IP address or device id is used).
   */
  commentRepeated?: boolean;
}

/** Ratings given this soon after the return were likely given at the counter, under staff's eyes. */
export const QUICK_RATING_MS = 10 * 60 * 1000;

/** The integrity counters one rating adds (on its dossier's return day). */
export function integrityCounts(rating: RatingForIntegrity, returnedAt: string): Counts {
  const counts: Counts = { integrityRated: 1 };
  const elapsed = Date.parse(rating.ratedAt) - Date.parse(returnedAt);
  if (elapsed >= 0 && elapsed <= QUICK_RATING_MS) counts.ratedWithin10Min = 1;
  const sipas = Object.values(rating.sipas ?? {}).filter((value) => value !== undefined);
  const allTop =
    rating.overall === 2 &&
    rating.i3 === 2 &&
    rating.i4 === 2 &&
    rating.i7 === 2 &&
    sipas.every((value) => value === 5);
  if (allTop) counts.allTopAnswers = 1;
  if (rating.comment !== undefined && rating.comment.trim() !== '') {
    counts.commented = 1;
    if (rating.commentRepeated) counts.commentRepeated = 1;
  }
  return counts;
}
