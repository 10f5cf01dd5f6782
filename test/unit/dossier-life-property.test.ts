/**
 * Property of the counting algebra (shared/aggregation/dossier-life.ts): random lives of dossiers —
 * supplements, finish, return, withdrawal, complaint, steps, ratings — reported at each change,
 * delivered late, out of order and twice, and nights aggregated as they end with random reruns and
 * backfills: after every night L the sum of every day's job equals a brute-force recount of every
 * dossier's current state as of L, and any later run of a day gives the same result. The scorecard's
 * received-day counters (issue 22) and the feedback cases' 5.2 counters (opened, answered on time or
 * late, still open by due day) are recounted a second way too, straight from the facts, without
 * `contributions`.
 * The stored records are simulated here exactly as shared/storage/dossier-snapshots.ts keeps them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  contributions,
  type DossierLife,
  type CaseFacts,
  type DossierState,
  dueCrossing,
  dueDelta,
  planSnapshot,
  type RatingArrival,
  ratingDelta,
  SCORECARD_FACTS,
  type Snapshot,
  snapshotDelta,
} from '../../shared/aggregation/dossier-life';
import type { Contribution } from '../../shared/aggregation/family-contract';
import { qd766Status } from '../../shared/indexes/dossier-rules';
import type { Score } from '../../shared/instruments/rating';
import { addDays, type LocalDay, localDay, startOfLocalDay } from '../../shared/time';

const BASE = '2025-03-27';
const DAYS = 12;
const HOUR = 3_600_000;
const start = startOfLocalDay(BASE).getTime();
const iso = (hours: number) => new Date(start + hours * HOUR).toISOString();
const score = fc.constantFrom<Score>(0, 1, 2);
const hours = (max: number) => fc.integer({ min: 0, max });

const lifeArb = fc.record({
  unit: fc.constantFrom('u1', 'u2', 'u3'),
  channel: fc.constantFrom('online' as const, 'counter' as const, 'postal' as const),
  receivedH: hours(24 * 4),
  dueDays: fc.integer({ min: 0, max: 4 }),
  supplements: fc.array(fc.record({ afterH: fc.integer({ min: 1, max: 40 }), waitH: fc.option(hours(60)) }), {
    maxLength: 2,
  }),
  finishAfterH: fc.option(fc.integer({ min: 1, max: 24 * 6 })),
  returnAfterH: fc.option(hours(40)),
  withdrawAfterH: fc.option(fc.integer({ min: 1, max: 24 * 5 })),
  complaintAfterH: fc.option(hours(24 * 5)),
  steps: fc.array(
    fc.record({
      unit: fc.constantFrom('u1', 'u4'),
      dueDays: hours(3),
      finishAfterH: fc.option(hours(24 * 4)),
    }),
    { maxLength: 2 },
  ),
  rating: fc.option(
    fc.record({
      afterH: hours(60),
      overall: score,
      i3: score,
      i4: score,
      i7: score,
      s1: fc.option(fc.integer({ min: 1, max: 5 })),
      wantsAnswer: fc.boolean(),
    }),
  ),
  /** The unit's answer to the feedback case, if one is open then; the citizen's judgement after it. */
  answers: fc.array(hours(24 * 11), { maxLength: 2 }),
  judgement: fc.option(fc.record({ afterH: hours(24 * 4), satisfied: fc.boolean() })),
  procedure: fc.constantFrom('p1', 'p2', 'p3'),
  /** The scorecard's facts, each set (or unset) at some hour of the life (issue 22). */
  facts: fc.array(
    fc.record({
      fact: fc.constantFrom(...SCORECARD_FACTS),
      afterH: hours(24 * 6),
      value: fc.boolean(),
    }),
    { maxLength: 4 },
  ),
  /** Refused or stopped at some hour (an end state that stays counted). */
  endedWithout: fc.option(
    fc.record({ kind: fc.constantFrom('rejectedAt', 'stoppedAt'), afterH: hours(24 * 5) }),
  ),
  /** Delivery delay of each version (cycled), and resends. */
  delaysH: fc.array(hours(50), { minLength: 1, maxLength: 4 }),
  resendsH: fc.array(fc.record({ version: fc.nat(), delayH: hours(80) }), { maxLength: 2 }),
});
type Life = typeof lifeArb extends fc.Arbitrary<infer T> ? T : never;

type Version = { at: number; state: DossierState };

/** Each change of a life, as the facts the source system reports at that moment. */
function versionsOf(life: Life): {
  versions: Version[];
  rating?: { at: number; wantsAnswer: boolean } & RatingArrival['rating'];
} {
  const received = life.receivedH;
  const events: { at: number; apply: (state: DossierState) => void }[] = [];
  let t = received;
  const supplements: { requestedAt: number; suppliedAt?: number }[] = [];
  for (const supplement of life.supplements) {
    t += supplement.afterH;
    const entry = {
      requestedAt: t,
      ...(supplement.waitH !== null ? { suppliedAt: t + supplement.waitH } : {}),
    };
    supplements.push(entry);
    const index = supplements.length - 1;
    events.push({
      at: entry.requestedAt,
      apply: (s) => void s.supplements.push({ requestedAt: iso(entry.requestedAt) }),
    });
    if (entry.suppliedAt !== undefined) {
      events.push({
        at: entry.suppliedAt,
        apply: (s) => void (s.supplements[index]!.suppliedAt = iso(entry.suppliedAt!)),
      });
      t = entry.suppliedAt;
    }
  }
  const finish = life.finishAfterH !== null ? t + life.finishAfterH : undefined;
  if (finish !== undefined) events.push({ at: finish, apply: (s) => void (s.finishedAt = iso(finish)) });
  const returned = life.returnAfterH !== null ? (finish ?? t + 24) + life.returnAfterH : undefined;
  if (returned !== undefined)
    events.push({ at: returned, apply: (s) => void (s.returnedAt = iso(returned)) });
  if (life.withdrawAfterH !== null && returned === undefined) {
    const at = received + life.withdrawAfterH;
    events.push({ at, apply: (s) => void (s.withdrawn = true) });
  }
  if (life.complaintAfterH !== null) {
    const at = received + life.complaintAfterH;
    events.push({ at, apply: (s) => void (s.complaint = true) });
  }
  for (const { fact, afterH, value } of life.facts)
    events.push({ at: received + afterH, apply: (s) => void (s[fact] = value) });
  if (life.endedWithout !== null && returned === undefined) {
    const { kind, afterH } = life.endedWithout;
    events.push({ at: received + afterH, apply: (s) => void (s[kind] = iso(received + afterH)) });
  }
  life.steps.forEach((step, index) => {
    if (step.finishAfterH === null) return;
    const at = received + step.finishAfterH;
    events.push({ at, apply: (s) => void (s.steps[index]!.finishedAt = iso(at)) });
  });
  const receivedDay = localDay(iso(received));
  const dueAt = (days: number) =>
    new Date(startOfLocalDay(addDays(receivedDay, days)).getTime() + 17 * HOUR).toISOString();
  const state: DossierState = {
    unit: life.unit,
    procedure: life.procedure,
    channel: life.channel,
    receivedAt: iso(received),
    dueAt: dueAt(life.dueDays),
    supplements: [],
    supplementRequests: 0,
    withdrawn: false,
    complaint: false,
    steps: life.steps.map((step) => ({ unit: step.unit, dueAt: dueAt(step.dueDays) })),
  };
  const versions: Version[] = [{ at: received, state: structuredClone(state) }];
  for (const event of events.sort((a, b) => a.at - b.at)) {
    event.apply(state);
    const last = versions.at(-1)!;
    if (last.at === event.at) last.state = structuredClone(state);
    else versions.push({ at: event.at, state: structuredClone(state) });
  }
  const rating =
    life.rating && returned !== undefined
      ? {
          at: returned + life.rating.afterH,
          ratedAt: iso(returned + life.rating.afterH),
          overall: life.rating.overall,
          i3: life.rating.i3,
          i4: life.rating.i4,
          i7: life.rating.i7,
          wantsAnswer: life.rating.wantsAnswer,
          ...(life.rating.s1 !== null ? { sipas: { s1: life.rating.s1 } } : {}),
        }
      : undefined;
  return { versions, ...(rating ? { rating } : {}) };
}

/** The dossier item and its snapshots, as storage keeps them. */
interface Stored {
  updatedAt: number;
  facts: DossierState;
  life: DossierLife;
  rated?: RatingArrival;
  /** The feedback case's attributes on the dossier item (shared/storage/feedback-cases.ts). */
  case?: CaseFacts;
}

type Action =
  | { at: number; kind: 'report'; rid: number; version: Version }
  | { at: number; kind: 'rate'; rid: number; rating: RatingArrival['rating']; wantsAnswer: boolean }
  | { at: number; kind: 'answer'; rid: number }
  | { at: number; kind: 'judge'; rid: number; satisfied: boolean };

const ORDER: Record<Action['kind'], number> = { report: 0, rate: 1, answer: 2, judge: 3 };
/** A case falls due 3 days after it opens (the working-day calendar is not what is tested here). */
const opening = (at: number): CaseFacts => ({ openedAt: iso(at), dueDay: addDays(localDay(iso(at)), 3) });

function simulate(lives: Life[], reruns: number[][]) {
  const actions: Action[] = [];
  lives.forEach((life, rid) => {
    const { versions, rating } = versionsOf(life);
    versions.forEach((version, index) => {
      actions.push({
        at: version.at + life.delaysH[index % life.delaysH.length]!,
        kind: 'report',
        rid,
        version,
      });
    });
    for (const resend of life.resendsH) {
      const version = versions[resend.version % versions.length]!;
      actions.push({ at: version.at + resend.delayH, kind: 'report', rid, version });
    }
    if (rating) {
      const { at, wantsAnswer, ...answers } = rating;
      actions.push({ at, kind: 'rate', rid, rating: answers, wantsAnswer });
    }
    for (const afterH of life.answers) actions.push({ at: life.receivedH + afterH, kind: 'answer', rid });
    if (life.judgement && life.answers.length > 0) {
      const at = life.receivedH + Math.min(...life.answers) + life.judgement.afterH;
      actions.push({ at, kind: 'judge', rid, satisfied: life.judgement.satisfied });
    }
  });
  // Same instant: reports first (a change and its rating the same hour), then ratings, answers,
  // judgements, then by dossier.
  actions.sort((a, b) => a.at - b.at || ORDER[a.kind] - ORDER[b.kind] || a.rid - b.rid);

  const dossiers = new Map<number, Stored>();
  const snapshots = new Map<string, Snapshot>();
  const ratings: { rid: number; arrival: RatingArrival }[] = [];

  const job = (day: LocalDay): Contribution[] => [
    ...[...snapshots.values()].filter((s) => s.day === day).flatMap((s) => snapshotDelta(s)),
    ...[...snapshots.values()].filter((s) => s.due === day).flatMap((s) => dueDelta(s.state, day)),
    ...ratings
      .filter((r) => localDay(r.arrival.rating.ratedAt) === day)
      .flatMap((r) => ratingDelta(r.arrival)),
  ];
  const bruteForce = (asOf: LocalDay): Contribution[] =>
    [...dossiers.values()].flatMap((stored) =>
      contributions(
        {
          ...stored.facts,
          ...(stored.case ? { feedbackCase: stored.case } : {}),
          ...(stored.rated ? { rating: stored.rated.rating } : {}),
        },
        asOf,
      ),
    );
  /** A change of the item's life with its facts as they are (a case opened, answered, judged). */
  const store = (rid: number, stored: Stored, facts: DossierState, today: LocalDay) => {
    const plan = planFor(stored, facts, today);
    snapshots.set(`${rid}#${plan.snapshot.day}`, plan.snapshot);
    if (plan.clearDueOf) delete snapshots.get(`${rid}#${plan.clearDueOf}`)!.due;
    stored.life = plan.life;
  };
  const withCase = (stored: Stored, facts: DossierState): DossierState =>
    stored.case ? { ...facts, feedbackCase: stored.case } : facts;

  const runs = new Map<LocalDay, Contribution[]>();
  const checks: {
    night: LocalDay;
    aggregated: Map<string, number>;
    expected: Map<string, number>;
    scorecard: Map<string, number>;
    cases: Map<string, number>;
  }[] = [];
  let next = 0;
  for (let night = 0; night < DAYS; night++) {
    const day = addDays(BASE, night);
    const end = startOfLocalDay(addDays(day, 1)).getTime();
    for (; next < actions.length && start + actions[next]!.at * HOUR < end; next++) {
      const action = actions[next]!;
      const today = localDay(start + action.at * HOUR);
      const stored = dossiers.get(action.rid);
      if (action.kind === 'rate') {
        // The link exists once the return is known; one rating per dossier.
        if (!stored || stored.rated || stored.facts.returnedAt === undefined) continue;
        // The rating's one UpdateItem opens the case (if_not_exists) and fixes it for its arrival.
        const opens = action.rating.overall === 0 || action.rating.i7 === 0 || action.wantsAnswer;
        if (opens && !stored.case) stored.case = opening(action.at);
        const arrival = {
          ratedWithState: stored.life.state,
          rating: {
            ...action.rating,
            ratedAt: iso(action.at),
            ...(opens ? { case: { openedAt: stored.case!.openedAt, dueDay: stored.case!.dueDay } } : {}),
          },
        };
        stored.rated = arrival;
        ratings.push({ rid: action.rid, arrival });
        continue;
      }
      if (action.kind === 'answer') {
        if (!stored?.case || stored.case.judgement) continue;
        stored.case = { ...stored.case, answeredAt: stored.case.answeredAt ?? iso(action.at) };
        store(action.rid, stored, withCase(stored, stored.facts), today);
        continue;
      }
      if (action.kind === 'judge') {
        if (!stored?.case?.answeredAt || stored.case.judgement) continue;
        const judgement = action.satisfied ? ('satisfied' as const) : ('unsatisfied' as const);
        stored.case = { ...stored.case, judgement, judgedAt: iso(action.at) };
        store(action.rid, stored, withCase(stored, stored.facts), today);
        continue;
      }
      const { version } = action;
      if (stored && stored.updatedAt >= version.at) continue;
      const facts = stored ? withCase(stored, version.state) : version.state;
      const plan = planFor(stored, facts, today);
      snapshots.set(`${action.rid}#${plan.snapshot.day}`, plan.snapshot);
      if (plan.clearDueOf) delete snapshots.get(`${action.rid}#${plan.clearDueOf}`)!.due;
      const written: Stored = {
        updatedAt: version.at,
        facts: version.state,
        life: plan.life,
        ...(stored?.rated ? { rated: stored.rated } : {}),
        ...(stored?.case ? { case: stored.case } : {}),
      };
      dossiers.set(action.rid, written);
      // A report with `complaint: true` opens the case in a second write (a change of the life).
      if (version.state.complaint && !written.case) {
        written.case = opening(action.at);
        store(action.rid, written, withCase(written, written.facts), today);
      }
    }
    // The night after `day`: its job, then reruns of earlier days (backfills) in the given order.
    runs.set(day, job(day));
    for (const offset of reruns[night % reruns.length] ?? []) {
      const earlier = addDays(BASE, offset % (night + 1));
      runs.set(earlier, job(earlier));
    }
    checks.push({
      night: day,
      aggregated: sum([...runs.values()].flat()),
      expected: sum(bruteForce(day)),
      scorecard: scorecardRecount(
        [...dossiers.values()].map((stored) => stored.facts),
        day,
      ),
      cases: caseRecount([...dossiers.values()]),
    });
  }
  return checks;
}

const SCORECARD_COUNTERS =
  /^(receivedSynced|receivedFinished|receivedOnline|receivedFee|receivedPaid|receivedElectronic|receivedDigitized|receivedReused|receivedPersonal|receivedCitizen)/;

/**
 * The scorecard's received-day counters of the current states as of `asOf`, counted by hand from the
 * facts (docs/index-methods.md, "The whole scorecard"), per `unit|received day|counter`; the days of
 * processing are left to the exact recount above (they need the supplement arithmetic).
 */
function scorecardRecount(states: DossierState[], asOf: LocalDay): Map<string, number> {
  const totals = new Map<string, number>();
  const add = (state: DossierState, name: string) => {
    const key = `${state.unit}|${localDay(state.receivedAt)}|${name}`;
    totals.set(key, (totals.get(key) ?? 0) + 1);
  };
  for (const state of states) {
    if (state.syncedToPortal === true) add(state, 'receivedSynced');
    if (state.withdrawn) continue;
    const end = state.finishedAt ?? state.returnedAt;
    if (end !== undefined && localDay(end) <= asOf) add(state, 'receivedFinished');
    if (state.channel === 'online') {
      add(state, 'receivedOnline');
      add(state, `receivedOnlineProcedure:${state.procedure}`);
      if (state.electronicResult !== true) add(state, `receivedOnlineNoResult:${state.procedure}`);
    }
    if (state.feeRequired === true) {
      add(state, 'receivedFeeRequired');
      add(state, `receivedFeeProcedure:${state.procedure}`);
    }
    if (state.feeRequired === true && state.paidOnline === true) {
      add(state, 'receivedPaidOnline');
      add(state, `receivedPaidOnlineProcedure:${state.procedure}`);
    }
    if (state.electronicResult === true) add(state, 'receivedElectronicResult');
    if (state.digitized === true) add(state, 'receivedDigitized');
    if (state.digitized === true && state.electronicResult !== true)
      add(state, `receivedDigitizedNoResult:${state.procedure}`);
    if (state.reusedData === true) add(state, 'receivedReusedData');
    if (state.personalStorage === true) add(state, 'receivedPersonalStorage');
    if (state.citizenDataConnected === true) add(state, 'receivedCitizenData');
  }
  return totals;
}

const CASE_COUNTERS = /^(casesOpened|casesAnsweredOnTime|casesAnsweredLate|caseOpenDue:.*)$/;

/**
 * The feedback cases' counters of 5.2 counted by hand from the items' cases, per `unit|opening
 * day|counter`: each case opened, answered by its due day or after it, or still unanswered and kept
 * by its due day (`caseOpenDue:<day>`, which the read compares with today).
 */
function caseRecount(items: Stored[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const { facts, case: feedbackCase } of items) {
    if (!feedbackCase) continue;
    const add = (name: string) => {
      const key = `${facts.unit}|${localDay(feedbackCase.openedAt)}|${name}`;
      totals.set(key, (totals.get(key) ?? 0) + 1);
    };
    add('casesOpened');
    if (feedbackCase.answeredAt === undefined) {
      if (feedbackCase.judgement === undefined) add(`caseOpenDue:${feedbackCase.dueDay}`);
    } else if (localDay(feedbackCase.answeredAt) <= feedbackCase.dueDay) add('casesAnsweredOnTime');
    else add('casesAnsweredLate');
  }
  return totals;
}

function planFor(stored: Stored | undefined, facts: DossierState, today: LocalDay) {
  return planSnapshot(stored?.life, stored?.rated, facts, today);
}

/** Contributions summed to `unit|day|counter` → value, zeros left out. */
function sum(list: Contribution[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const { unit, day, counts } of list) {
    for (const [name, value] of Object.entries(counts)) {
      const key = `${unit}|${day}|${name}`;
      totals.set(key, (totals.get(key) ?? 0) + value);
    }
  }
  for (const [key, value] of totals) if (value === 0) totals.delete(key);
  return totals;
}

describe('a dossier counted once in its current state (snapshots, due entries, rating deltas)', () => {
  it('sums, after every night and whatever reruns, to a brute-force recount of every current state', () => {
    fc.assert(
      fc.property(
        fc.array(lifeArb, { minLength: 1, maxLength: 8 }),
        fc.array(fc.array(fc.nat({ max: DAYS }), { maxLength: 3 }), { minLength: 1, maxLength: 4 }),
        (lives, reruns) => {
          for (const check of simulate(lives, reruns)) {
            expect(Object.fromEntries(check.aggregated), `night ${check.night}`).toEqual(
              Object.fromEntries(check.expected),
            );
            const scorecard = [...check.aggregated].filter(
              ([key]) =>
                SCORECARD_COUNTERS.test(key.split('|')[2]!) && !key.endsWith('|receivedFinishedDays'),
            );
            expect(Object.fromEntries(scorecard), `scorecard, night ${check.night}`).toEqual(
              Object.fromEntries(check.scorecard),
            );
            const cases = [...check.aggregated].filter(([key]) => CASE_COUNTERS.test(key.split('|')[2]!));
            expect(Object.fromEntries(cases), `cases, night ${check.night}`).toEqual(
              Object.fromEntries(check.cases),
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds the one day time alone changes an open dossier: the day after its extended due day', () => {
    fc.assert(
      fc.property(lifeArb, fc.integer({ min: 0, max: DAYS }), (life, offset) => {
        const { versions } = versionsOf(life);
        const state = versions.at(-1)!.state;
        const day = [addDays(BASE, offset), localDay(Math.max(...versions.map((v) => start + v.at * HOUR)))]
          .sort()
          .at(-1)!;
        const crossing = dueCrossing(state, day);
        const statuses = Array.from(
          { length: 30 },
          (_, index) => qd766Status(state, addDays(day, index)).status,
        );
        const changes = statuses.flatMap((status, index) =>
          index > 0 && status !== statuses[index - 1] ? [index] : [],
        );
        if (crossing === undefined) expect(changes).toEqual([]);
        else expect(changes).toEqual([Math.round((Date.parse(crossing) - Date.parse(day)) / 86_400_000)]);
      }),
      { numRuns: 500 },
    );
  });
});
