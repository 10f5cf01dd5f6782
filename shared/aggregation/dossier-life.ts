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
  type CountedRating,
  type DossierState,
  type PrevCounted,
  type RatingArrival,
  type Snapshot,
  SIPAS_ELEMENTS,
} from '../dossier/life';
import { defaultQd766Rules, type Qd766Rules, qd766Status } from '../indexes/dossier-rules';
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
  const counts: Counts = {
    rated: 1,
    [`overall${rating.overall}`]: 1,
    [`i3_${rating.i3}`]: 1,
    [`i4_${rating.i4}`]: 1,
    [`i7_${rating.i7}`]: 1,
  };
  if (rating.overall === 0 && onTimeAndNoComplaint) counts.dissatisfiedOnly = 1;
  let answered = false;
  for (const element of SIPAS_ELEMENTS) {
    const value = rating.sipas?.[element];
    if (typeof value !== 'number') continue;
    answered = true;
    counts[`${element}_n`] = 1;
    if (value >= 4) counts[`${element}_hi`] = 1;
  }
  if (answered) counts.sipasAny = 1;
  return counts;
}

/** What a rating adds on the return day of its dossier, returned at `returnedAt`. */
function ratingCounts(state: DossierState, rating: CountedRating, late: boolean, returnedAt: string): Counts {
  return addTo(ratingAnswerCounts(rating, !late && !state.complaint), integrityCounts(rating, returnedAt));
}

function addTo(into: Counts, from: Counts, sign = 1): Counts {
  for (const key of Object.keys(from)) into[key] = (into[key] ?? 0) + sign * from[key]!;
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
  const returned = state.returnedAt !== undefined && localDay(state.returnedAt) <= asOf;
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
    if (returned) received.counts[`returnedIn:${localDay(state.returnedAt!).slice(0, 7)}`] = 1;
    else if (!closedWithoutResult(state, asOf)) received.counts.receivedOpen = 1;
  }
  addTo(received.counts, scorecardCounts(state, asOf, rules));
  if (!returned) return result;
  const returnDay = returnDayCounts(state, state.unit);
  const own = returnDay[0];
  if (own) {
    if (state.complaint) own.counts.complaint = 1;
    if (state.complaint || own.counts.late) own.counts.lateOrComplaint = 1;
    if (state.channel === 'online') own.counts.returnedOnline = 1;
  }
  if (state.rating) {
    const day = localDay(state.returnedAt!);
    const counts = ratingCounts(state, state.rating, own?.counts.late === 1, state.returnedAt!);
    if (own) addTo(own.counts, counts);
    else returnDay.push({ unit: state.unit, day, counts });
  }
  return [...result, ...returnDay];
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
  rules: Qd766Rules = defaultQd766Rules,
): Counts {
  const counts: Counts = {};
  if (state.syncedToPortal) counts.receivedSynced = 1;
  if (state.withdrawn) return counts;
  // The scorecard's counters are known for a period once every dossier received in it has them.
  counts.scorecardCounted = 1;
  const end = state.finishedAt ?? state.returnedAt;
  if (end !== undefined && localDay(end) <= asOf) {
    const wait = qd766Status(state, asOf, rules).supplementWaitMs;
    const days = Math.round(
      (Date.parse(`${localDay(Date.parse(end) - wait)}T00:00:00Z`) -
        Date.parse(`${localDay(state.receivedAt)}T00:00:00Z`)) /
        DAY_MS,
    );
    counts.receivedFinished = 1;
    counts.receivedFinishedDays = Math.max(0, days);
  }
  const procedure = state.procedure;
  const perProcedure = (name: string) => {
    if (procedure !== undefined) counts[`${name}:${procedure}`] = 1;
  };
  if (state.channel === 'online') {
    counts.receivedOnline = 1;
    perProcedure('receivedOnlineProcedure');
    if (!state.electronicResult) perProcedure('receivedOnlineNoResult');
  }
  if (state.feeRequired) {
    counts.receivedFeeRequired = 1;
    perProcedure('receivedFeeProcedure');
    if (state.paidOnline) {
      counts.receivedPaidOnline = 1;
      perProcedure('receivedPaidOnlineProcedure');
    }
  }
  if (state.electronicResult) counts.receivedElectronicResult = 1;
  if (state.digitized) {
    counts.receivedDigitized = 1;
    if (!state.electronicResult) perProcedure('receivedDigitizedNoResult');
  }
  if (state.reusedData) counts.receivedReusedData = 1;
  if (state.personalStorage) counts.receivedPersonalStorage = 1;
  if (state.citizenDataConnected) counts.receivedCitizenData = 1;
  return counts;
}

/** The family counts the feedback cases: a period without a case scores full marks, not N/A. */
const FEEDBACK_COUNTED = { feedbackCounted: true };

const SEP = '\t';

/** `plus − minus`, per (unit, day); keys that cancel are left out, and empty contributions too. */
export function difference(plus: Contribution[], minus: Contribution[]): Contribution[] {
  const sums = new Map<string, Counts>();
  const add = (list: Contribution[], sign: number) => {
    for (const { unit, day, counts } of list) {
      const key = `${unit}${SEP}${day}`;
      sums.set(key, addTo(sums.get(key) ?? {}, counts, sign));
    }
  };
  add(plus, 1);
  add(minus, -1);
  const result: Contribution[] = [];
  for (const [key, counts] of sums) {
    for (const name in counts) if (counts[name] === 0) delete counts[name];
    if (Object.keys(counts).length === 0) continue;
    const [unit, day] = key.split(SEP) as [string, LocalDay];
    result.push({ unit, day, counts });
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
  // The common case, in one evaluation: a rating of a returned dossier that does not make it
  // "unsatisfied" (not 0, or already complained about) changes only its return day's counters.
  if (
    returnedAt !== undefined &&
    (arrival.rating.overall !== 0 || state.complaint) &&
    (arrival.rating.case === undefined || state.feedbackCase !== undefined)
  ) {
    // Lateness only decides `dissatisfiedOnly`, which needs a 0 without a complaint: never here.
    // Stryker disable next-line BooleanLiteral: equivalent, late or not gives the same counts here.
    const counts = ratingCounts(state, arrival.rating, false, returnedAt);
    return [{ unit: state.unit, day: returnedDay!, counts }];
  }
  return difference(
    contributions({ ...arrival.ratedWithState, rating: arrival.rating }, day, rules),
    contributions(arrival.ratedWithState, day, rules),
  );
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
  return difference(
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
  return difference(contributions(state, due, rules), contributions(state, addDays(due, -1), rules));
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

/**
 * The last day whose rating links can still change the figures of a period ending on `to`, given its
 * counts: `to` itself, or the last day of the last month a dossier received in it, or the dossier of a
 * case opened in it, was returned in (`returnedIn:<month>`, `caseJudgeableIn:<month>`), whichever is
 * later; undefined while a dossier received in it is neither returned nor withdrawn (`receivedOpen`)
 * or a case's dossier is not returned yet (`casesAwaitingReturn`): no day can be named yet.
 */
export function lastLinkDay(counts: Counts, to: LocalDay): LocalDay | undefined {
  if ((counts.receivedOpen ?? 0) > 0 || (counts.casesAwaitingReturn ?? 0) > 0) return undefined;
  const months = Object.keys(counts)
    .filter((key) => (counts[key] ?? 0) > 0)
    .flatMap((key) =>
      key.startsWith('returnedIn:')
        ? [key.slice('returnedIn:'.length)]
        : key.startsWith('caseJudgeableIn:')
          ? [key.slice('caseJudgeableIn:'.length)]
          : [],
    )
    .sort();
  const last = months.at(-1);
  if (last === undefined) return to;
  // The last day of that month: first of the next month, less a day.
  const [year, month] = last.split('-').map(Number) as [number, number];
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  const end = addDays(next, -1);
  return end > to ? end : to;
}
