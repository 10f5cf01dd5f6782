/**
 * A dossier's whole life, counted once in its current state (DESIGN §3, §5) — the counting of the
 * nightly satisfaction family (its model and pure rules: shared/dossier/life.ts). Nothing here does I/O; shared/storage/dossier-snapshots.ts stores what
 * it plans and the family (./satisfaction.ts) sums what it computes.
 *
 * The nightly job reads only what arrived on its day D, so a change must carry what it replaces:
 * - every report that changes a dossier writes a **day snapshot** (its `state` at the end of day S,
 *   overwritten by later reports of the same day) with `prev`, a description of exactly what the
 *   dossier was counted with before — the previous day's snapshot state as of S − 1, plus its rating's
 *   own delta when the rating was counted apart from any snapshot. The job adds
 *   `contributions(state, S) − counted(prev)`;
 * - time alone makes an open dossier late (the day after its extended due date): a snapshot of such a
 *   dossier carries a **due entry** for that day E, and the job of E adds
 *   `contributions(state, E) − contributions(state, E − 1)`. A newer snapshot written on or before E
 *   removes it, and evaluates the older state as of its own day − 1, so the crossing counts once;
 * - the rating (one UpdateItem, no second write on the citizen's path) copies the dossier's current
 *   state into `ratedWithState`; the job of its day R adds
 *   `contributions(ratedWithState ⊕ rating, R) − contributions(ratedWithState, R)`.
 * Every record of day D is fixed once D has ended, and each adds an exact difference, so after the
 * jobs of days ≤ L the sums telescope to `contributions(current state, L)` for every dossier,
 * whatever order the days are run, rerun and backfilled in (test/unit/dossier-life-property.test.ts).
 *
 * Period membership (shared/indexes/counters.ts): Decision 766 counters on the received day; tt01,
 * csat, sipas and integrity on the return day.
 */
import { integrityCounts, receivedDayCounts, returnDayCounts } from '../indexes/counters';
import type { Contribution, Counts } from '../counts';
import {
  type CaseFacts,
  caseOf,
  lastLinkDay,
  type CountedRating,
  type DossierState,
  type PrevCounted,
  type RatingArrival,
  type Snapshot,
  SIPAS_ELEMENTS,
} from '../dossier/life';
import {
  defaultQd766Rules,
  type Qd766Rules,
  qd766Status,
  supplementWaitMs,
  tt01DossierScores,
} from '../indexes/dossier-rules';
import { addDays, type LocalDay, localDay } from '../time';

// The model moved to shared/dossier/life.ts (issue #20); its names stay readable from here.
export * from '../dossier/life';

/**
 * The counters of a feedback case, all on its **opening day** (the period a case counts in; DESIGN
 * §4.2): `casesOpened`; `casesAnsweredOnTime` (first answer on or before the due day) or
 * `casesAnsweredLate`, or while open (unanswered, unjudged) `caseOpenDue:<due day>` (5.2 counts it
 * within its time until then, as of the read: shared/indexes/period-inputs-join.ts);
 * `casesSatisfied` or `casesUnsatisfied` (the citizen's judgement). A case not yet judged keeps its
 * period's figures open (the final rule): `casesAwaitingReturn` while its dossier's result is not
 * returned (no link yet, no judgement can come), else
 * `caseJudgeableIn:<month of the return>` — the link, where the judgement is given, expires
 * LINK_TTL_DAYS after the return.
 */
export function caseCounts(feedbackCase: CaseFacts, returnedAt: string | undefined): Counts {
  const counts: Counts = { casesOpened: 1 };
  if (feedbackCase.answeredAt !== undefined) {
    if (localDay(feedbackCase.answeredAt) <= feedbackCase.dueDay) counts.casesAnsweredOnTime = 1;
    else counts.casesAnsweredLate = 1;
  } else if (feedbackCase.judgement === undefined) counts[`caseOpenDue:${feedbackCase.dueDay}`] = 1; // 5.2
  if (feedbackCase.judgement === 'satisfied') counts.casesSatisfied = 1;
  else if (feedbackCase.judgement === 'unsatisfied') {
    counts.casesUnsatisfied = 1;
    // 5.3's overlap: a case that fails twice (late and disliked) is taken out once.
    if (counts.casesAnsweredLate === 1) counts.casesAnsweredLateUnsatisfied = 1;
  } else if (returnedAt === undefined) counts.casesAwaitingReturn = 1;
  else counts[`caseJudgeableIn:${localDay(returnedAt).slice(0, 7)}`] = 1;
  return counts;
}

/**
 * The counters a rating's answers add (tt01 i3/i4/i7, csat, sipas): `dissatisfiedOnly` when rated
 * "Không hài lòng" while neither late nor complained about (the wave-1 766 union, kept).
 */
export function ratingAnswerCounts(rating: CountedRating, onTimeAndNoComplaint: boolean): Counts {
  // The nightly job counts a million ratings: the counter names are built once, not per rating.
  const counts: Counts = { rated: 1 };
  counts[scoreKey(OVERALL_KEYS, 'overall', rating.overall)] = 1;
  counts[scoreKey(I3_KEYS, 'i3_', rating.i3)] = 1;
  counts[scoreKey(I4_KEYS, 'i4_', rating.i4)] = 1;
  counts[scoreKey(I7_KEYS, 'i7_', rating.i7)] = 1;
  if (rating.overall === 0 && onTimeAndNoComplaint) counts.dissatisfiedOnly = 1;
  const sipas = rating.sipas;
  if (sipas === undefined) return counts;
  let answered = false;
  for (const [element, answeredKey, highKey] of SIPAS_KEYS) {
    const value = sipas[element];
    if (typeof value !== 'number') continue;
    answered = true;
    counts[answeredKey] = 1;
    if (value >= 4) counts[highKey] = 1;
  }
  if (answered) counts.sipasAny = 1;
  return counts;
}

const scoreNames = (prefix: string) => [0, 1, 2].map((score) => `${prefix}${score}`);
const OVERALL_KEYS = scoreNames('overall');
const I3_KEYS = scoreNames('i3_');
const I4_KEYS = scoreNames('i4_');
const I7_KEYS = scoreNames('i7_');
const SIPAS_KEYS = SIPAS_ELEMENTS.map((element) => [element, `${element}_n`, `${element}_hi`] as const);

/** The counter of a score: from the table for 0–2, built for any other value a stored item holds. */
function scoreKey(names: string[], prefix: string, score: number): string {
  return names[score] ?? `${prefix}${score}`;
}

/** What a rating adds on the return day of its dossier, returned at `returnedAt`. */
function ratingCounts(state: DossierState, rating: CountedRating, late: boolean, returnedAt: string): Counts {
  return addTo(ratingAnswerCounts(rating, !late && !state.complaint), integrityCounts(rating, returnedAt));
}

function addTo(into: Counts, from: Counts, sign = 1): Counts {
  for (const key in from) into[key] = (into[key] ?? 0) + sign * from[key]!;
  return into;
}

/**
 * What a dossier in `state` adds to the counts as of local day `asOf`: Decision 766 counters on its
 * received day; on its return day the tt01 counters (own unit, and i2 to each step's agency), the
 * wave-1 `complaint` / `lateOrComplaint` pair, `returnedOnline` (the i9 base) and its rating's.
 */
export function contributions(
  state: DossierState,
  asOf: LocalDay,
  rules: Qd766Rules = defaultQd766Rules,
): Contribution[] {
  const unsatisfied = state.complaint || state.rating?.overall === 0;
  const received = receivedDayCounts(state, asOf, unsatisfied, rules, FEEDBACK_COUNTED);
  const result: Contribution[] = [{ unit: state.unit, day: received.day, counts: received.counts }];
  // A result returned after `asOf` is not known yet (it cannot be, in a snapshot of `asOf` or earlier).
  const returnedDay = state.returnedAt === undefined ? undefined : localDay(state.returnedAt);
  const returned = returnedDay !== undefined && returnedDay <= asOf;
  const feedbackCase = caseOf(state);
  if (feedbackCase) {
    const counts = caseCounts(feedbackCase, returned ? state.returnedAt : undefined);
    const day = localDay(feedbackCase.openedAt);
    if (day === received.day) addTo(received.counts, counts);
    else result.push({ unit: state.unit, day, counts });
  }
  // When the received day's figures can be final (DESIGN §4.2): no dossier still to be returned, and
  // the months its dossiers were returned in, whose links must have expired (a rating can still move
  // the dossier-satisfaction metric). Both change only with a report, never with time alone.
  // A dossier refused or stopped has no result to hand over, so no link: nothing keeps it open.
  if (!state.withdrawn) {
    if (returned) received.counts[returnedInKey(returnedDay)] = 1;
    else if (!closedWithoutResult(state, asOf)) received.counts.receivedOpen = 1;
  }
  scorecardCounts(state, asOf, rules, received.counts);
  if (!returned) return result;
  const returnDay = returnDayCounts(state, state.unit);
  const own = returnDay[0];
  if (own) {
    if (state.complaint) own.counts.complaint = 1;
    if (state.complaint || own.counts.late) own.counts.lateOrComplaint = 1;
    if (state.channel === 'online') own.counts.returnedOnline = 1;
  }
  if (state.rating) {
    const counts = ratingCounts(state, state.rating, own?.counts.late === 1, state.returnedAt!);
    if (own) addTo(own.counts, counts);
    else returnDay.push({ unit: state.unit, day: returnedDay, counts });
  }
  for (const entry of returnDay) result.push(entry);
  return result;
}

/**
 * `returnedIn:<month>` of a return day, built once per day: a counter name made afresh for each of
 * a million dossiers costs its making and a string-table lookup each time it is used as a key.
 * Bounded like shared/time.ts's day names.
 */
const returnedInKeys = new Map<LocalDay, string>();

function returnedInKey(day: LocalDay): string {
  let key = returnedInKeys.get(day);
  if (key === undefined) {
    key = `returnedIn:${day.slice(0, 7)}`;
    // Stryker disable next-line all: the cache's bound; any change to it changes memory, not a count.
    if (returnedInKeys.size >= 50_000) returnedInKeys.clear();
    returnedInKeys.set(day, key);
  }
  return key;
}

const endedBy = (instant: string | undefined, asOf: LocalDay) =>
  instant !== undefined && localDay(instant) <= asOf;

/** Refused or stopped as of `asOf` (and neither finished nor returned by then). */
function closedWithoutResult(state: DossierState, asOf: LocalDay): boolean {
  return endedBy(state.rejectedAt, asOf) || endedBy(state.stoppedAt, asOf);
}

const DAY_MS = 86_400_000;

/**
 * The received-day counters of the whole-766 scorecard a dossier in `state` adds as of `asOf`
 * (docs/index-methods.md, "The whole scorecard"; the facts absent = not so):
 * - every dossier received, withdrawn or not (1.4's denominator is `received + receivedWithdrawn`):
 *   `receivedSynced` (`syncedToPortal`);
 * - a dossier received and not withdrawn: `scorecardCounted` (a period whose `scorecardCounted` is below
 *   its `received` has dossiers counted before these counters were: N/A), `receivedFinished` and `receivedFinishedDays` (2.2, no
 *   points: whole local days from its receipt to its finish or return, less the supplement waiting
 *   time) once finished or returned; `receivedOnline` (3.3), `receivedFeeRequired` and, of those,
 *   `receivedPaidOnline` (3.6), `receivedElectronicResult` (4.1), `receivedDigitized` (4.2),
 *   `receivedReusedData` (4.3), `receivedPersonalStorage` (4.4), `receivedCitizenData` (4.5);
 * - per procedure (`…:<code>`, a positive value = the procedure has such dossiers; the read counts the
 *   codes, so sums over days and units stay exact): `receivedOnlineProcedure` (3.2),
 *   `receivedPaidOnlineProcedure` and `receivedFeeProcedure` (3.5), and, for the procedures whose
 *   result must be on paper (the catalogue's `paperResultRequired`, read when the scores are), the
 *   online / digitized dossiers without an electronic result, which 3.3 and 4.2 then leave out:
 *   `receivedOnlineNoResult`, `receivedDigitizedNoResult`.
 */
export function scorecardCounts(
  state: DossierState,
  asOf: LocalDay,
  // None of these counters depends on the 766 rules (the supplement wait does not); kept for callers.
  _rules: Qd766Rules = defaultQd766Rules,
  /** Counts to add them to (the received day's, which hold none of these names), else new ones. */
  counts: Counts = {},
): Counts {
  if (state.syncedToPortal) counts.receivedSynced = 1;
  if (state.withdrawn) return counts;
  // The scorecard's counters are known for a period once every dossier received in it has them.
  counts.scorecardCounted = 1;
  const end = state.finishedAt ?? state.returnedAt;
  if (end !== undefined && localDay(end) <= asOf) {
    // qd766Status's wait for a dossier ended by `asOf` (its end is this one): up to the end.
    const wait = supplementWaitMs(state, Date.parse(end));
    const days = Math.round(
      (Date.parse(`${localDay(Date.parse(end) - wait)}T00:00:00Z`) -
        Date.parse(`${localDay(state.receivedAt)}T00:00:00Z`)) /
        DAY_MS,
    );
    counts.receivedFinished = 1;
    counts.receivedFinishedDays = Math.max(0, days);
  }
  const named = state.procedure === undefined ? undefined : procedureCounters(state.procedure);
  if (state.channel === 'online') {
    counts.receivedOnline = 1;
    if (named) counts[named.online] = 1;
    if (named && !state.electronicResult) counts[named.onlineNoResult] = 1;
  }
  if (state.feeRequired) {
    counts.receivedFeeRequired = 1;
    if (named) counts[named.fee] = 1;
    if (state.paidOnline) {
      counts.receivedPaidOnline = 1;
      if (named) counts[named.paidOnline] = 1;
    }
  }
  if (state.electronicResult) counts.receivedElectronicResult = 1;
  if (state.digitized) {
    counts.receivedDigitized = 1;
    if (named && !state.electronicResult) counts[named.digitizedNoResult] = 1;
  }
  if (state.reusedData) counts.receivedReusedData = 1;
  if (state.personalStorage) counts.receivedPersonalStorage = 1;
  if (state.citizenDataConnected) counts.receivedCitizenData = 1;
  return counts;
}

interface ProcedureCounters {
  online: string;
  onlineNoResult: string;
  fee: string;
  paidOnline: string;
  digitizedNoResult: string;
}

/**
 * The per-procedure counter names of a procedure code, built once per code rather than per dossier.
 * Bounded like shared/time.ts's day names: a province has a few thousand procedures.
 */
const procedureNames = new Map<string, ProcedureCounters>();
const MAX_CACHED_PROCEDURES = 20_000;

function procedureCounters(procedure: string): ProcedureCounters {
  let names = procedureNames.get(procedure);
  if (names === undefined) {
    names = {
      online: `receivedOnlineProcedure:${procedure}`,
      onlineNoResult: `receivedOnlineNoResult:${procedure}`,
      fee: `receivedFeeProcedure:${procedure}`,
      paidOnline: `receivedPaidOnlineProcedure:${procedure}`,
      digitizedNoResult: `receivedDigitizedNoResult:${procedure}`,
    };
    // Stryker disable next-line all: the cache's bound; any change to it changes memory, not a count.
    if (procedureNames.size >= MAX_CACHED_PROCEDURES) procedureNames.clear();
    procedureNames.set(procedure, names);
  }
  return names;
}

/** The family counts the feedback cases: a period without a case scores full marks, not N/A. */
const FEEDBACK_COUNTED = { feedbackCounted: true };

/** `plus − minus`, per (unit, day); keys that cancel are left out, and empty contributions too. */
export function difference(plus: Contribution[], minus: Contribution[]): Contribution[] {
  return subtract(
    plus.map(({ unit, day, counts }) => ({ unit, day, counts: { ...counts } })),
    minus,
  );
}

/**
 * {@link difference}, summing into `plus`'s own counts: for the lists `contributions` has just made,
 * which nothing else holds (the nightly job makes a million; a copy of each is garbage at once).
 */
function subtract(plus: Contribution[], minus: Contribution[]): Contribution[] {
  // A dossier's lists hold a handful of (unit, day) entries: a scan beats building a key per entry.
  const sums: Contribution[] = [];
  const add = (list: Contribution[], sign: number) => {
    for (const entry of list) {
      const { unit, day, counts } = entry;
      let sum: Contribution | undefined;
      for (const candidate of sums) {
        if (candidate.unit === unit && candidate.day === day) {
          sum = candidate;
          break;
        }
      }
      if (sum) addTo(sum.counts, counts, sign);
      else if (sign === 1) sums.push(entry);
      else sums.push({ unit, day, counts: addTo({}, counts, sign) });
    }
  };
  add(plus, 1);
  add(minus, -1);
  const result: Contribution[] = [];
  for (const sum of sums) {
    let empty = true;
    for (const name in sum.counts) {
      if (sum.counts[name] === 0) delete sum.counts[name];
      else empty = false;
    }
    if (!empty) result.push(sum);
  }
  return result;
}

/**
 * A rating's own delta, on its day R — or its dossier's return day, when that comes later:
 * `contributions(ratedWithState ⊕ rating, R) − contributions(ratedWithState, R)`. A source clock a
 * little ahead at midnight stamps a return on the next day (registration accepts CLOCK_SKEW_MS), and a
 * rating given before our midnight must still count on that return day, where the dossier is returned
 * (test/unit/dossier-life-skew.test.ts); every later record subtracts this same delta (`prev.rating`).
 */
export function ratingDelta(arrival: RatingArrival, rules: Qd766Rules = defaultQd766Rules): Contribution[] {
  const state = arrival.ratedWithState;
  const returnedAt = state.returnedAt;
  const ratedDay = localDay(arrival.rating.ratedAt);
  const returnedDay = returnedAt === undefined ? undefined : localDay(returnedAt);
  const day = returnedDay !== undefined && returnedDay > ratedDay ? returnedDay : ratedDay;
  // The common cases, in one evaluation: a rating of a returned dossier, holding no rating before,
  // that opens no case of its own, changes only its return day's counters — and, when it is a 0
  // that makes the dossier "unsatisfied" (no complaint before), the received day's status as well.
  // Equal to the difference below (test/unit/dossier-life-fast-paths.test.ts).
  if (returnedAt !== undefined && (arrival.rating.case === undefined || state.feedbackCase !== undefined)) {
    if (arrival.rating.overall !== 0 || state.complaint) {
      // Lateness only decides `dissatisfiedOnly`, which needs a 0 without a complaint: never here.
      // Stryker disable next-line BooleanLiteral: equivalent, late or not gives the same counts here.
      const counts = ratingCounts(state, arrival.rating, false, returnedAt);
      return [{ unit: state.unit, day: returnedDay!, counts }];
    }
    if (state.rating === undefined) return unsatisfyingRatingDelta(state, arrival.rating, day, rules);
  }
  return subtract(
    contributions({ ...arrival.ratedWithState, rating: arrival.rating }, day, rules),
    contributions(arrival.ratedWithState, day, rules),
  );
}

/**
 * The delta of a 0 given to a returned dossier without complaint, rating or case of its own, as of
 * `day` (on or after the return): `contributions` with it and without differ only in `unsatisfied`
 * (receivedDayCounts: on time or in progress, "unsatisfied") and in the rating's own counters on the
 * return day, `dissatisfiedOnly` when the return was not late.
 */
function unsatisfyingRatingDelta(
  state: DossierState,
  rating: CountedRating,
  day: LocalDay,
  rules: Qd766Rules,
): Contribution[] {
  const returnedAt = state.returnedAt!;
  const status = qd766Status(state, day, rules);
  const unsatisfied =
    status.status === 'onTime'
      ? 'receivedOnTimeUnsatisfied'
      : status.status === 'inProgress'
        ? 'receivedInProgressUnsatisfied'
        : undefined;
  // returnDayCounts' `late`: a withdrawn dossier has no return-day counters, so it is not late.
  const late = tt01DossierScores(state)?.timeliness === 'late';
  const counts = ratingCounts(state, rating, late, returnedAt);
  const returnDay = localDay(returnedAt);
  if (unsatisfied === undefined) return [{ unit: state.unit, day: returnDay, counts }];
  // One entry per (unit, day), the received day's first, as `difference` gives them.
  if (status.receivedDay === returnDay) {
    return [{ unit: state.unit, day: returnDay, counts: addTo({ [unsatisfied]: 1 }, counts) }];
  }
  return [
    { unit: state.unit, day: status.receivedDay, counts: { [unsatisfied]: 1 } },
    { unit: state.unit, day: returnDay, counts },
  ];
}

/** What `prev` stands for, on the day before the snapshot's. */
export function countedBefore(
  snapshotDay: LocalDay,
  prev: PrevCounted,
  rules = defaultQd766Rules,
): Contribution[] {
  const before = prev.state ? contributions(prev.state, addDays(snapshotDay, -1), rules) : [];
  return prev.rating ? [...before, ...ratingDelta(prev.rating, rules)] : before;
}

/** What the job of the snapshot's day adds for it: `contributions(state, S) − counted(prev)`. */
export function snapshotDelta(snapshot: Snapshot, rules: Qd766Rules = defaultQd766Rules): Contribution[] {
  return subtract(
    contributions(snapshot.state, snapshot.day, rules),
    countedBefore(snapshot.day, snapshot.prev, rules),
  );
}

/** What the job of day `due` adds for a snapshot's due entry: the state's crossing. */
export function dueDelta(
  state: DossierState,
  due: LocalDay,
  rules: Qd766Rules = defaultQd766Rules,
): Contribution[] {
  return subtract(contributions(state, due, rules), contributions(state, addDays(due, -1), rules));
}

/**
 * Whether the received-day (Decision 766) figures of a period ending on `to` are final (DESIGN §4.2):
 * besides the return-day rule (`settled`, the link expiry of its last day), every dossier received in
 * it is returned or withdrawn (`receivedOpen` 0), and the links of the last month its dossiers were
 * returned in have expired — until then a rating may still move the dossier-satisfaction metric.
 * The feedback cases opened in the period likewise: each judged, or its judgement can no longer come —
 * its dossier is returned (`casesAwaitingReturn` 0) and the links of the last month such dossiers
 * were returned in (`caseJudgeableIn:<month>`) have expired, the link being where the citizen judges.
 */
export function receivedFiguresFinal(
  counts: Counts,
  to: LocalDay,
  settled: (day: LocalDay) => boolean,
): boolean {
  const last = lastLinkDay(counts, to);
  return last !== undefined && settled(last);
}
