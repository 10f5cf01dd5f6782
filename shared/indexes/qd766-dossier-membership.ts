/**
 * Which dossiers cost a Decision 766 metric its points (DESIGN §4.5, issue 22): for one dossier in its
 * counted state, whether it is in a dossier-level metric's denominator and in its numerator, and when
 * it is in the first and not the second, the fact that failed. Pure: the one rule the listing
 * `GET /v1/scores/qd766/dossiers` applies, written from the same per-dossier rules the nightly
 * counters come from — `qd766Status` (./dossier-rules.ts) for 2.1 and 5.4, the scorecard facts for the
 * others (`scorecardCounts`, shared/aggregation/dossier-life.ts; docs/index-methods.md "The whole
 * scorecard" cites each metric's source). test/unit/qd766-dossier-membership.test.ts works each metric
 * by hand; test/integration/qd766-dossiers.test.ts checks, on a seeded province, that the listing's
 * length is the denominator less the numerator of `/v1/scores?method=qd766` for every metric here.
 *
 * Every one of these metrics counts a dossier on its **received day** ([F] 1.4, 2.1, 3.3, 3.6, 4.1–4.5;
 * 5.4 through 2.1), so one index of dossiers by unit and received day lists them all.
 */
import type { DossierState } from '../dossier/life';
import type { CatalogueProcedure } from './qd766';
import { QD766_SCORECARD, type Qd766MetricRule } from './qd766-scorecard';
import { defaultQd766Rules, type Qd766Rules, qd766Status } from './dossier-rules';
import type { LocalDay } from '../time';

/** The metrics counted per dossier (the others are the catalogue's, the province's or the cases'). */
export const QD766_DOSSIER_METRICS = [
  'transparency.dossierSync',
  'progress.onTime',
  'onlineService.onlineDossiers',
  'payment.dossiersPaidOnline',
  'satisfaction.dossier',
  'digitized.electronicResult',
  'digitized.digitized',
  'digitized.reusedData',
  'digitized.personalStorage',
  'digitized.citizenDataDossier',
] as const;
export type Qd766DossierMetric = (typeof QD766_DOSSIER_METRICS)[number];

/** The fact that kept a dossier of a metric's denominator out of its numerator (catalog key). */
export const QD766_DOSSIER_FAILURES = [
  'notSynced',
  'finishedLate',
  'overdueOpen',
  'multipleSupplements',
  'inProgress',
  'notOnline',
  'onlineNoElectronicResult',
  'notPaidOnline',
  'unsatisfiedRating',
  'complaint',
  'noElectronicResult',
  'notDigitized',
  'digitizedNoElectronicResult',
  'noReusedData',
  'notInPersonalStorage',
  'noCitizenData',
] as const;
export type Qd766DossierFailure = (typeof QD766_DOSSIER_FAILURES)[number];

/** A dossier's counted state as the rule reads it (of its rating, only the overall answer). */
export type MembershipState = Omit<DossierState, 'rating'> & { rating?: { overall: number } | undefined };

export interface Qd766DossierMembership {
  denominator: boolean;
  numerator: boolean;
  /** Set exactly when the dossier is in the denominator and not the numerator. */
  failure?: Qd766DossierFailure;
}

/** What the rule needs besides the dossier: the day of its counts, the settings, the catalogue. */
export interface MembershipContext {
  /** The last night counted: an open dossier is judged as of this local day, as the counters are. */
  asOf: LocalDay;
  /**
   * Dossiers still within their due date count as on time (QD766_IN_PROGRESS_ON_TIME, read with the
   * counts as `qd766` reads them); default true, the portal's rule.
   */
  inProgressCountsOnTime?: boolean;
  /** The status rules the nightly counters were counted with (default: the portal's). */
  rules?: Qd766Rules;
  /**
   * The procedure of the dossier in the catalogue (3.3, 4.2: an online or digitised dossier without an
   * electronic result counts only when its result need not be on paper); undefined when not found.
   */
  procedure?: CatalogueProcedure | undefined;
}

/** A metric the listing takes, by its portal code or, where the portal gives none, hailong's key. */
export function qd766DossierMetric(codeOrKey: string): Qd766MetricRule | undefined {
  return qd766DossierMetricRules().find((rule) => rule.code === codeOrKey || rule.key === codeOrKey);
}

/** The rules of the listed metrics, in the scorecard's order. */
export function qd766DossierMetricRules(): Qd766MetricRule[] {
  const listed: ReadonlySet<string> = new Set(QD766_DOSSIER_METRICS);
  return QD766_SCORECARD.flatMap((group) => group.metrics.filter((rule) => listed.has(rule.key)));
}

const member = (failure: Qd766DossierFailure | undefined): Qd766DossierMembership =>
  failure ? { denominator: true, numerator: false, failure } : { denominator: true, numerator: true };
const outside: Qd766DossierMembership = { denominator: false, numerator: false };

/**
 * Whether a dossier in `state` (its rating included once counted) is in the denominator and the
 * numerator of `metric`, as of `context.asOf`. Withdrawn dossiers are out of every metric but 1.4,
 * whose denominator keeps them (`received + receivedWithdrawn`).
 */
export function qd766DossierMembership(
  state: MembershipState,
  metric: Qd766DossierMetric,
  context: MembershipContext,
): Qd766DossierMembership {
  const timing = {
    rules: context.rules ?? defaultQd766Rules,
    inProgressCountsOnTime: context.inProgressCountsOnTime ?? true,
  };
  if (metric === 'transparency.dossierSync') return member(state.syncedToPortal ? undefined : 'notSynced');
  if (state.withdrawn) return outside;
  // On paper: the catalogue says the result must be on paper and no electronic result was given.
  const paperOnly = context.procedure?.paperResultRequired === true && !state.electronicResult;
  switch (metric) {
    case 'progress.onTime':
      return member(timelinessFailure(state, context.asOf, timing));
    case 'satisfaction.dossier': {
      // 5.4: on time (2.1's numerator), not rated "Không hài lòng" and not complained about.
      const late = timelinessFailure(state, context.asOf, timing);
      if (late) return member(late);
      if (state.complaint) return member('complaint');
      return member(state.rating?.overall === 0 ? 'unsatisfiedRating' : undefined);
    }
    case 'onlineService.onlineDossiers':
      if (state.channel !== 'online') return member('notOnline');
      return member(paperOnly ? 'onlineNoElectronicResult' : undefined);
    case 'payment.dossiersPaidOnline':
      if (!state.feeRequired) return outside;
      return member(state.paidOnline ? undefined : 'notPaidOnline');
    case 'digitized.electronicResult':
      return member(state.electronicResult ? undefined : 'noElectronicResult');
    case 'digitized.digitized':
      if (!state.digitized) return member('notDigitized');
      return member(paperOnly ? 'digitizedNoElectronicResult' : undefined);
    case 'digitized.reusedData':
      return member(state.reusedData ? undefined : 'noReusedData');
    case 'digitized.personalStorage':
      return member(state.personalStorage ? undefined : 'notInPersonalStorage');
    case 'digitized.citizenDataDossier':
      return member(state.citizenDataConnected ? undefined : 'noCitizenData');
  }
}

/** Why a dossier is not on time for 2.1 (in progress counts on time when the setting says so). */
function timelinessFailure(
  state: MembershipState,
  asOf: LocalDay,
  timing: { rules: Qd766Rules; inProgressCountsOnTime: boolean },
): Qd766DossierFailure | undefined {
  const assessment = qd766Status(state, asOf, timing.rules);
  if (assessment.status === 'late') return assessment.lateReason ?? 'finishedLate';
  if (assessment.status === 'inProgress' && !timing.inProgressCountsOnTime) return 'inProgress';
  return undefined;
}
