/**
 * The membership rule of the qd766 dossier listing (shared/indexes/qd766-dossier-membership.ts): each
 * metric worked by hand, then a property — for any one dossier, as of any day, the rule says "listed"
 * exactly when the nightly counters of that dossier alone (`contributions`, read by `qd766`) give the
 * metric a denominator one more than its numerator; and the received-day index's decoder picks the
 * state the counters hold as of the last night.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contributions, type DossierState } from '../../shared/aggregation/dossier-life';
import { defaultQd766Options } from '../../shared/indexes/common';
import { type CatalogueProcedure, qd766 } from '../../shared/indexes/qd766';
import {
  QD766_DOSSIER_METRICS,
  qd766DossierMembership,
  qd766DossierMetric,
} from '../../shared/indexes/qd766-dossier-membership';
import type { Score } from '../../shared/instruments/rating';
import {
  receivedDossierFromItem,
  receivedIndexItem,
  receivedIndexKeys,
} from '../../shared/storage/dossier-received-index';
import { TABLE } from '../../shared/storage/table';
import { addDays, localDay, startOfLocalDay } from '../../shared/time';

const HOUR = 3_600_000;
const at = (day: string, hour: number) =>
  new Date(startOfLocalDay(day).getTime() + hour * HOUR).toISOString();

/** Received 2 June 08:00, due 5 June 17:00, online, every fact done, not finished. */
const open: DossierState = {
  unit: 'u1',
  procedure: '1.001193',
  channel: 'online',
  receivedAt: at('2025-06-02', 8),
  dueAt: at('2025-06-05', 17),
  supplements: [],
  supplementRequests: 0,
  withdrawn: false,
  complaint: false,
  steps: [],
  syncedToPortal: true,
  electronicResult: true,
  digitized: true,
  reusedData: true,
  personalStorage: true,
  citizenDataConnected: true,
};
const returned = (day: string): DossierState => ({ ...open, returnedAt: at(day, 10) });
const asOf = '2025-06-10';
const failureOf = (
  state: Parameters<typeof qd766DossierMembership>[0],
  metric: (typeof QD766_DOSSIER_METRICS)[number],
  extra: Partial<Parameters<typeof qd766DossierMembership>[2]> = {},
) => qd766DossierMembership(state, metric, { asOf, ...extra });

describe('the membership of a dossier in a metric, worked by hand', () => {
  it('2.1: returned on the due day is on time; the day after is late; open past due is late', () => {
    expect(failureOf(returned('2025-06-05'), 'progress.onTime')).toEqual({
      denominator: true,
      numerator: true,
    });
    expect(failureOf(returned('2025-06-06'), 'progress.onTime')).toEqual({
      denominator: true,
      numerator: false,
      failure: 'finishedLate',
    });
    expect(failureOf(open, 'progress.onTime').failure).toBe('overdueOpen');
    // Still within its due date on 4 June: on time by the portal's rule, in the denominator only if off.
    expect(failureOf(open, 'progress.onTime', { asOf: '2025-06-04' }).numerator).toBe(true);
    expect(
      failureOf(open, 'progress.onTime', { asOf: '2025-06-04', inProgressCountsOnTime: false }).failure,
    ).toBe('inProgress');
    const twice = {
      ...returned('2025-06-03'),
      supplements: [
        { requestedAt: at('2025-06-02', 9), suppliedAt: at('2025-06-02', 10) },
        { requestedAt: at('2025-06-02', 11), suppliedAt: at('2025-06-02', 12) },
      ],
    };
    expect(failureOf(twice, 'progress.onTime').failure).toBe('multipleSupplements');
    // The rules the counters were counted with decide: without the supplement rule it is on time.
    expect(failureOf(twice, 'progress.onTime', { rules: { multipleSupplementsLate: false } })).toEqual({
      denominator: true,
      numerator: true,
    });
    // Stopped before the due day: processing ended on time, the dossier stays in the denominator.
    expect(failureOf({ ...open, stoppedAt: at('2025-06-04', 9) }, 'progress.onTime').numerator).toBe(true);
  });

  it('5.4: late first, then a complaint, then a "Không hài lòng"; a rating of 1 passes', () => {
    const onTime = returned('2025-06-04');
    expect(
      failureOf({ ...onTime, complaint: true, rating: { overall: 0 } }, 'satisfaction.dossier').failure,
    ).toBe('complaint');
    expect(failureOf({ ...onTime, rating: { overall: 0 } }, 'satisfaction.dossier').failure).toBe(
      'unsatisfiedRating',
    );
    expect(failureOf({ ...onTime, rating: { overall: 1 } }, 'satisfaction.dossier').numerator).toBe(true);
    expect(failureOf({ ...returned('2025-06-07'), complaint: true }, 'satisfaction.dossier').failure).toBe(
      'finishedLate',
    );
  });

  it('withdrawn: out of every metric but 1.4, which keeps it in its denominator', () => {
    const withdrawn = { ...open, withdrawn: true, syncedToPortal: false };
    for (const metric of QD766_DOSSIER_METRICS) {
      const membership = failureOf(withdrawn, metric);
      if (metric === 'transparency.dossierSync') expect(membership.failure).toBe('notSynced');
      else expect(membership, metric).toEqual({ denominator: false, numerator: false });
    }
  });

  it('3.3 and 4.2: without an electronic result, a paper-result procedure does not count', () => {
    const paper: CatalogueProcedure = { code: '1.001193', paperResultRequired: true };
    const noResult = { ...open, electronicResult: false };
    expect(failureOf(noResult, 'onlineService.onlineDossiers').numerator).toBe(true);
    expect(failureOf(noResult, 'onlineService.onlineDossiers', { procedure: paper }).failure).toBe(
      'onlineNoElectronicResult',
    );
    expect(failureOf(noResult, 'digitized.digitized', { procedure: paper }).failure).toBe(
      'digitizedNoElectronicResult',
    );
    expect(failureOf(open, 'digitized.digitized', { procedure: paper }).numerator).toBe(true);
    expect(failureOf({ ...open, channel: 'postal' }, 'onlineService.onlineDossiers').failure).toBe(
      'notOnline',
    );
    expect(failureOf({ ...open, digitized: false }, 'digitized.digitized').failure).toBe('notDigitized');
  });

  it('3.6 counts only dossiers with a financial obligation', () => {
    expect(failureOf(open, 'payment.dossiersPaidOnline')).toEqual({ denominator: false, numerator: false });
    expect(failureOf({ ...open, feeRequired: true }, 'payment.dossiersPaidOnline').failure).toBe(
      'notPaidOnline',
    );
    expect(
      failureOf({ ...open, feeRequired: true, paidOnline: true }, 'payment.dossiersPaidOnline').numerator,
    ).toBe(true);
  });

  it('1.4, 4.1, 4.3, 4.4, 4.5: the fact itself', () => {
    const none = {
      ...open,
      syncedToPortal: false,
      electronicResult: false,
      reusedData: false,
      personalStorage: false,
      citizenDataConnected: false,
    };
    expect(failureOf(none, 'transparency.dossierSync').failure).toBe('notSynced');
    expect(failureOf(none, 'digitized.electronicResult').failure).toBe('noElectronicResult');
    expect(failureOf(none, 'digitized.reusedData').failure).toBe('noReusedData');
    expect(failureOf(none, 'digitized.personalStorage').failure).toBe('notInPersonalStorage');
    expect(failureOf(none, 'digitized.citizenDataDossier').failure).toBe('noCitizenData');
    for (const metric of QD766_DOSSIER_METRICS.filter((key) => key !== 'payment.dossiersPaidOnline'))
      expect(failureOf(returned('2025-06-04'), metric).numerator, metric).toBe(true);
  });

  it('takes a metric by its portal code or, where the portal gives none, by its key — no other', () => {
    expect(qd766DossierMetric('DOSSIER_SYNC')?.key).toBe('transparency.dossierSync');
    expect(qd766DossierMetric('progress.onTime')?.key).toBe('progress.onTime');
    expect(qd766DossierMetric('PUBLISH_ON_TIME')).toBeUndefined();
    expect(qd766DossierMetric('PETITION_PROCESSING_ON_TIME')).toBeUndefined();
    expect(qd766DossierMetric('onlineService.fullyOnline')).toBeUndefined();
  });
});

const score = fc.constantFrom<Score>(0, 1, 2);
const flag = fc.boolean();
const stateArb = fc
  .record({
    channel: fc.constantFrom('online' as const, 'counter' as const, 'postal' as const),
    dueDays: fc.integer({ min: 0, max: 4 }),
    endAfterH: fc.option(fc.integer({ min: 1, max: 24 * 8 })),
    end: fc.constantFrom('finishedAt', 'returnedAt', 'stoppedAt', 'rejectedAt'),
    supplements: fc.array(
      fc.record({
        afterH: fc.integer({ min: 1, max: 40 }),
        waitH: fc.option(fc.integer({ min: 1, max: 60 })),
      }),
      {
        maxLength: 2,
      },
    ),
    withdrawn: flag,
    complaint: flag,
    rating: fc.option(score),
    facts: fc.record({
      feeRequired: flag,
      paidOnline: flag,
      electronicResult: flag,
      digitized: flag,
      reusedData: flag,
      personalStorage: flag,
      citizenDataConnected: flag,
      syncedToPortal: flag,
    }),
  })
  .map((life): DossierState => {
    const received = startOfLocalDay('2025-06-02').getTime() + 8 * HOUR;
    const iso = (h: number) => new Date(received + h * HOUR).toISOString();
    const state: DossierState = {
      unit: 'u1',
      procedure: '1.001193',
      channel: life.channel,
      receivedAt: iso(0),
      dueAt: new Date(
        startOfLocalDay(addDays('2025-06-02', life.dueDays)).getTime() + 17 * HOUR,
      ).toISOString(),
      supplements: life.supplements.map((s) => ({
        requestedAt: iso(s.afterH),
        ...(s.waitH !== null ? { suppliedAt: iso(s.afterH + s.waitH) } : {}),
      })),
      supplementRequests: 0,
      withdrawn: life.withdrawn,
      complaint: life.complaint,
      steps: [],
      ...life.facts,
    };
    if (life.endAfterH !== null) state[life.end] = iso(life.endAfterH);
    if (life.rating !== null && life.endAfterH !== null && life.end === 'returnedAt')
      state.rating = { overall: life.rating, i3: 1, i4: 1, i7: 1, ratedAt: iso(life.endAfterH + 1) };
    return state;
  });

describe('the rule agrees with the nightly counters', () => {
  it('lists a dossier exactly when its own counters give the metric one more in the denominator than in the numerator', () => {
    fc.assert(
      fc.property(
        stateArb,
        fc.integer({ min: 0, max: 12 }),
        fc.boolean(),
        fc.boolean(),
        (state, offset, inProgressCountsOnTime, paperResultRequired) => {
          const day = addDays('2025-06-02', offset);
          const counts = contributions(state, day).find((entry) => entry.day === '2025-06-02')!.counts;
          const procedure: CatalogueProcedure = {
            code: '1.001193',
            onlineLevel: 'full',
            feeCharging: true,
            paperResultRequired,
          };
          const result = qd766(
            counts,
            { minN: 1, qd766: { ...defaultQd766Options, inProgressCountsOnTime } },
            { procedures: [procedure] },
          );
          const metrics = new Map(
            Object.values(result.groups).flatMap((group) =>
              group.metrics.map((metric) => [metric.key, metric]),
            ),
          );
          for (const key of QD766_DOSSIER_METRICS) {
            const metric = metrics.get(key)!;
            const membership = qd766DossierMembership(state, key, {
              asOf: day,
              inProgressCountsOnTime,
              procedure,
            });
            // A lone withdrawn dossier: nothing received, the reading is N/A (1.4 included).
            if (metric.numerator === null) {
              expect(state.withdrawn, key).toBe(true);
              continue;
            }
            const gap = metric.denominator - metric.numerator;
            expect(gap, key).toBe(membership.failure ? 1 : 0);
            expect(metric.denominator, key).toBe(membership.denominator ? 1 : 0);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('the received-day index (gsi5)', () => {
  it('keys a dossier by its unit, the month and the local day it was received', () => {
    // 1 July 2025 00:30 in Hà Nội is still 30 June in UTC.
    expect(receivedIndexKeys({ rid: 'r1', unit: 'u1', receivedAt: '2025-06-30T17:30:00Z' })).toEqual({
      gsi5pk: 'RECEIVED#u1#2025-07',
      gsi5sk: '2025-07-01#r1',
    });
  });

  it('is carried by an item of its own that holds the keys and the rid only, copied whole', () => {
    expect(receivedIndexItem({ rid: 'r1', unit: 'u1', receivedAt: '2025-06-30T17:30:00Z' })).toEqual({
      pk: 'DOSSIER#r1',
      sk: 'RECEIVED',
      type: 'received',
      rid: 'r1',
      gsi5pk: 'RECEIVED#u1#2025-07',
      gsi5sk: '2025-07-01#r1',
    });
    // No projection list: the index copies the whole (tiny) item, and the dossier item carries no gsi5
    // key, so neither a report nor a rating of the dossier writes to the index.
    const gsi5 = TABLE.indexes.find((index) => index.name === 'gsi5')!;
    expect('include' in gsi5).toBe(false);
  });

  const item = {
    rid: 'r1',
    code: 'A',
    unit: 'u1',
    procedure: '1.001193',
    receivedAt: open.receivedAt,
    dueAt: open.dueAt,
    state: returned('2025-06-06'),
    stateDay: '2025-06-06',
    priorState: open,
    priorDay: '2025-06-02',
    overall: 0,
    ratedAt: at('2025-06-08', 9),
  };

  it('reads the state the counters hold as of the last night: a later report is not counted yet', () => {
    expect(receivedDossierFromItem(item, '2025-06-10')!.state.returnedAt).toBe(at('2025-06-06', 10));
    expect(receivedDossierFromItem(item, '2025-06-05')!.state.returnedAt).toBeUndefined();
    expect(
      receivedDossierFromItem({ ...item, priorState: undefined, priorDay: undefined }, '2025-06-05'),
    ).toBe(undefined);
  });

  it('adds the rating once its night has come', () => {
    expect(receivedDossierFromItem(item, '2025-06-08')!.state.rating).toEqual({
      overall: 0,
      ratedAt: at('2025-06-08', 9),
    });
    expect(receivedDossierFromItem(item, '2025-06-07')!.state.rating).toBeUndefined();
  });

  it('reads a dossier reported only at its return (no state) from its own fields', () => {
    const legacy = {
      rid: 'r2',
      code: 'B',
      unit: 'u1',
      procedure: '1.001193',
      receivedAt: open.receivedAt,
      dueAt: open.dueAt,
      channel: 'counter',
      returnedAt: at('2025-06-07', 9),
      supplementRequests: 0,
      complaint: false,
    };
    const read = receivedDossierFromItem(legacy, '2025-06-10')!;
    expect(qd766DossierMembership(read.state, 'progress.onTime', { asOf: '2025-06-10' }).failure).toBe(
      'finishedLate',
    );
    expect(localDay(read.state.receivedAt)).toBe('2025-06-02');
  });
});
