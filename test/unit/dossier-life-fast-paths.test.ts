/**
 * The nightly job's shortcuts in shared/aggregation/dossier-life.ts give what the definitions give:
 * a rating's delta is `contributions(state ⊕ rating, day) − contributions(state, day)` (DESIGN §5),
 * which `ratingDelta` computes without evaluating the dossier twice when it can — a rating of a
 * returned dossier, a 0 among them. Checked on hand-worked cases of a 0 (the comments say how), then
 * on random states and ratings against the definition itself, entry by entry and key by key in the
 * same order (the order the job writes its sums in). And `difference` leaves the lists it is given as
 * they were: the job's own subtraction sums into fresh lists only.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  contributions,
  type CountedRating,
  difference,
  type DossierState,
  ratingDelta,
  SCORECARD_FACTS,
} from '../../shared/aggregation/dossier-life';
import type { Contribution } from '../../shared/aggregation/family-contract';
import type { Score } from '../../shared/instruments/rating';
import { type LocalDay, localDay } from '../../shared/time';

/** The instant of a local (UTC+7) hour of a local day. */
const at = (day: LocalDay, hour: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + (hour - 7) * 3_600_000).toISOString();

/** Received Monday 2 June 2025 at 08:00, due Wednesday 4 June at 17:00, online. */
const received: DossierState = {
  unit: 'u1',
  channel: 'online',
  receivedAt: at('2025-06-02', 8),
  dueAt: at('2025-06-04', 17),
  supplements: [],
  supplementRequests: 0,
  withdrawn: false,
  complaint: false,
  steps: [],
};
const zero: CountedRating = { overall: 0, i3: 1, i4: 1, i7: 1, ratedAt: at('2025-06-06', 9) };
/** The rating's own counters: its answers, and integrity's (rated days after the return). */
const answers = { rated: 1, overall0: 1, i3_1: 1, i4_1: 1, i7_1: 1 };

describe('ratingDelta of a 0 on a returned dossier, worked by hand', () => {
  it('moves nothing on the received day of a late dossier, and counts no dissatisfied-only', () => {
    // Returned 5 June, after its due day 4 June: late (766 and tt01), so not "on time, unsatisfied".
    const late = { ...received, finishedAt: at('2025-06-05', 9), returnedAt: at('2025-06-05', 10) };
    expect(ratingDelta({ ratedWithState: late, rating: zero })).toStrictEqual([
      { unit: 'u1', day: '2025-06-05', counts: { ...answers, integrityRated: 1 } },
    ]);
  });

  it('gives one entry when the dossier was received and returned the same day, the 766 move first', () => {
    // Received and returned on 2 June, due 4 June: on time; the 0 makes it on time and unsatisfied.
    const sameDay = { ...received, finishedAt: at('2025-06-02', 10), returnedAt: at('2025-06-02', 11) };
    const delta = ratingDelta({ ratedWithState: sameDay, rating: zero });
    expect(delta).toStrictEqual([
      {
        unit: 'u1',
        day: '2025-06-02',
        counts: { receivedOnTimeUnsatisfied: 1, ...answers, dissatisfiedOnly: 1, integrityRated: 1 },
      },
    ]);
    expect(Object.keys(delta[0]!.counts)[0]).toBe('receivedOnTimeUnsatisfied');
  });

  it('counts only the answers of a withdrawn dossier that was returned: no status, not late', () => {
    const withdrawn = { ...received, withdrawn: true, returnedAt: at('2025-06-05', 10) };
    expect(ratingDelta({ ratedWithState: withdrawn, rating: zero })).toStrictEqual([
      { unit: 'u1', day: '2025-06-05', counts: { ...answers, dissatisfiedOnly: 1, integrityRated: 1 } },
    ]);
  });
});

const BASE = '2025-03-27';
const HOUR = 3_600_000;
const start = Date.parse(`${BASE}T00:00:00+07:00`);
const iso = (hours: number) => new Date(start + hours * HOUR).toISOString();
const hours = (max: number) => fc.integer({ min: 0, max });
const score = fc.constantFrom<Score>(0, 1, 2);

/** A dossier's state with its instants in order (received, supplements, finish, return …). */
const stateArb = fc
  .record({
    unit: fc.constantFrom('u1', 'u2'),
    channel: fc.constantFrom('online' as const, 'counter' as const),
    receivedH: hours(72),
    dueH: hours(120),
    supplements: fc.array(fc.record({ afterH: hours(30), waitH: fc.option(hours(50)) }), { maxLength: 2 }),
    supplementRequests: fc.integer({ min: 0, max: 2 }),
    finishH: fc.option(hours(150)),
    returnH: fc.option(hours(40)),
    withdrawn: fc.boolean(),
    complaint: fc.boolean(),
    steps: fc.array(
      fc.record({ unit: fc.constantFrom('u1', 'u3'), dueH: hours(100), finishH: fc.option(hours(120)) }),
      { maxLength: 2 },
    ),
    feedbackCase: fc.option(
      fc.record({ openedH: hours(100), answeredH: fc.option(hours(60)), judged: fc.option(fc.boolean()) }),
    ),
    procedure: fc.option(fc.constantFrom('p1', 'p2')),
    facts: fc.subarray([...SCORECARD_FACTS]),
  })
  .map((life): DossierState => {
    const receivedAt = life.receivedH;
    const finishedAt = life.finishH === null ? undefined : receivedAt + life.finishH;
    const returnedAt = life.returnH === null ? undefined : (finishedAt ?? receivedAt) + life.returnH;
    const opened = life.feedbackCase;
    return {
      unit: life.unit,
      channel: life.channel,
      receivedAt: iso(receivedAt),
      dueAt: iso(receivedAt + life.dueH),
      ...(finishedAt === undefined ? {} : { finishedAt: iso(finishedAt) }),
      ...(returnedAt === undefined ? {} : { returnedAt: iso(returnedAt) }),
      supplements: life.supplements.map(({ afterH, waitH }) => ({
        requestedAt: iso(receivedAt + afterH),
        ...(waitH === null ? {} : { suppliedAt: iso(receivedAt + afterH + waitH) }),
      })),
      supplementRequests: life.supplementRequests,
      withdrawn: life.withdrawn,
      complaint: life.complaint,
      steps: life.steps.map(({ unit, dueH, finishH }) => ({
        unit,
        dueAt: iso(receivedAt + dueH),
        ...(finishH === null ? {} : { finishedAt: iso(receivedAt + finishH) }),
      })),
      ...(opened === null
        ? {}
        : {
            feedbackCase: {
              openedAt: iso(receivedAt + opened.openedH),
              dueDay: localDay(iso(receivedAt + opened.openedH + 240)),
              ...(opened.answeredH === null
                ? {}
                : { answeredAt: iso(receivedAt + opened.openedH + opened.answeredH) }),
              ...(opened.judged === null
                ? {}
                : { judgement: opened.judged ? ('satisfied' as const) : ('unsatisfied' as const) }),
            },
          }),
      ...(life.procedure === null ? {} : { procedure: life.procedure }),
      ...Object.fromEntries(life.facts.map((fact) => [fact, true])),
    };
  });

const ratingArb = fc.record({
  overall: score,
  i3: score,
  i4: score,
  i7: score,
  ratedH: hours(240),
  s1: fc.option(fc.integer({ min: 1, max: 5 })),
  opensCase: fc.boolean(),
});

describe('ratingDelta, on random states and ratings', () => {
  it('is contributions with the rating less contributions without it, key by key in order', () => {
    fc.assert(
      fc.property(stateArb, ratingArb, (state, drawn) => {
        const rating: CountedRating = {
          overall: drawn.overall,
          i3: drawn.i3,
          i4: drawn.i4,
          i7: drawn.i7,
          ratedAt: iso(drawn.ratedH),
          ...(drawn.s1 === null ? {} : { sipas: { s1: drawn.s1 } }),
          ...(drawn.opensCase
            ? { case: { openedAt: iso(drawn.ratedH), dueDay: localDay(iso(drawn.ratedH + 240)) } }
            : {}),
        };
        // The definition, as of the rating's day or its dossier's return day, whichever is later.
        const ratedDay = localDay(rating.ratedAt);
        const returnedDay = state.returnedAt === undefined ? undefined : localDay(state.returnedAt);
        const day = returnedDay !== undefined && returnedDay > ratedDay ? returnedDay : ratedDay;
        const expected = difference(contributions({ ...state, rating }, day), contributions(state, day));
        const delta = ratingDelta({ ratedWithState: state, rating });
        expect(delta).toStrictEqual(expected);
        // Same keys in the same order: the job's sums are built in the order the deltas come in.
        expect(delta.map((entry) => Object.keys(entry.counts))).toStrictEqual(
          expected.map((entry) => Object.keys(entry.counts)),
        );
      }),
      { numRuns: 2000 },
    );
  });
});

describe('difference', () => {
  it('leaves the lists it is given as they were', () => {
    const plus: Contribution[] = [
      { unit: 'u1', day: '2025-06-02', counts: { received: 1, receivedOnTime: 1 } },
      { unit: 'u1', day: '2025-06-02', counts: { returned: 1 } },
    ];
    const minus: Contribution[] = [
      { unit: 'u1', day: '2025-06-02', counts: { received: 1, receivedInProgress: 1 } },
    ];
    // received 1 − 1 cancels; receivedOnTime +1, returned +1, receivedInProgress −1.
    expect(difference(plus, minus)).toStrictEqual([
      { unit: 'u1', day: '2025-06-02', counts: { receivedOnTime: 1, returned: 1, receivedInProgress: -1 } },
    ]);
    expect(plus).toStrictEqual([
      { unit: 'u1', day: '2025-06-02', counts: { received: 1, receivedOnTime: 1 } },
      { unit: 'u1', day: '2025-06-02', counts: { returned: 1 } },
    ]);
    expect(minus).toStrictEqual([
      { unit: 'u1', day: '2025-06-02', counts: { received: 1, receivedInProgress: 1 } },
    ]);
  });
});
